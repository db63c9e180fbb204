# SPDX-License-Identifier: Apache-2.0
"""A compiled rule and a ruleset shared by Python threads; pickling by source text."""
import concurrent.futures
import json
import pickle
import shutil

import pytest

import cgsl
from conftest import ECR_RULES, INVENTORY, PUBLIC, SEED


def has_env(subject, key):  # module level: pickles by reference
    return isinstance(subject, dict) and key in subject


def test_one_rule_many_threads(seed):
    entities = [PUBLIC, {"type": "EcrRepository", "id": "p"}, "{bad", {"type": "Other"}] * 500
    want = [seed.evaluate(e).outcome for e in entities[:4]] * 500

    def run(chunk):
        return [seed.evaluate(e).outcome for e in chunk]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = [o for part in pool.map(run, [entities[i::8] for i in range(8)]) for o in part]
    assert sorted(got) == sorted(want)
    assert want[:4] == ["failed", "passed", "error", "not_relevant"]


def test_rule_pickles_by_its_text_lists_and_functions():
    rule = cgsl.compile("Vm should have tags has_env('env') and region in ($regions)",
                        lists={"regions": ["eu-west-1"]}, functions={"has_env": has_env})
    data = pickle.dumps(rule)
    assert b"has_env" in data and b"eu-west-1" in data
    back = pickle.loads(data)
    assert back.text == rule.text and back.lists == {"regions": ["eu-west-1"]}
    ok = {"type": "Vm", "tags": {"env": 1}, "region": "eu-west-1"}
    assert back.evaluate(ok).outcome == rule.evaluate(ok).outcome == "passed"
    assert back.evaluate(dict(ok, region="us-east-1")).outcome == "failed"
    seed = pickle.loads(pickle.dumps(cgsl.compile(SEED)))
    assert seed.evaluate(PUBLIC).evidence == ["policy.document.Statement[0]"]


def test_functions_that_cannot_be_imported_do_not_pickle():
    rule = cgsl.compile("Vm should have x f()", functions={"f": lambda s: True})
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(rule)


def test_ruleset_pickles_without_its_files(tmp_path):
    copy = tmp_path / "ecr.json"
    shutil.copy(ECR_RULES, copy)
    rules = cgsl.load_rules(copy)
    data = pickle.dumps(rules)
    copy.unlink()
    back = pickle.loads(data)
    assert [(r.id, r.name, r.severity, r.logic, r.file, r.remediation, r.extra) for r in back] == \
           [(r.id, r.name, r.severity, r.logic, r.file, r.remediation, r.extra) for r in rules]
    a = list(cgsl.scan([INVENTORY], rules=rules, threads=2))
    b = list(cgsl.scan([INVENTORY], rules=back, threads=2))
    assert a == b and len(a) == 108


def test_compile_error_pickles_with_its_diagnostics():
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.compile("Vm should have x =")
    back = pickle.loads(pickle.dumps(e.value))
    assert str(back) == str(e.value) and back.diagnostics == e.value.diagnostics
    assert back.diagnostics[0].code == "E107"
    json.dumps([d.__dict__ for d in back.diagnostics])
