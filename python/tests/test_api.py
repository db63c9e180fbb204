# SPDX-License-Identifier: Apache-2.0
"""Compiling, evaluating, loading rule files, named lists, diagnostics."""
import json

import pytest

import cgsl
from conftest import ECR_RULES, PUBLIC, SEED


def test_seed_rule_on_a_dict_str_and_bytes(seed):
    for entity in (PUBLIC, json.dumps(PUBLIC), json.dumps(PUBLIC).encode()):
        r = seed.evaluate(entity)
        assert (r.outcome, r.evidence, r.message, r.code) == ("failed", ["policy.document.Statement[0]"], None, None)
    ok = seed.evaluate({"type": "EcrRepository", "id": "private"})
    assert (ok.outcome, ok.evidence, ok.message) == ("passed", [], None)
    assert seed.evaluate({"type": "S3Bucket"}).outcome == "not_relevant"
    assert seed.target_type == "EcrRepository" and seed.text == SEED
    assert not seed.is_list and not seed.is_query
    assert "should" in seed.explain().lower() or seed.explain()


def test_evidence_off_and_entity_type(seed):
    assert seed.evaluate(PUBLIC, evidence=False).evidence == []
    untyped = {k: v for k, v in PUBLIC.items() if k != "type"}
    assert seed.evaluate(untyped, entity_type="EcrRepository").outcome == "failed"


def test_bad_entities_are_errors_never_passes(seed):
    cases = {"{not json": "E301", "[1, 2]": "E304", json.dumps({"id": "x"}): "E305", b"\xff\xfe": "E306"}
    for text, code in cases.items():
        r = seed.evaluate(text)
        assert r.outcome == "error", text
        assert r.code == code, (text, r.code, r.message)
        assert r.message
    # A float that JSON cannot carry is refused before evaluation (ValueError from json.dumps).
    with pytest.raises(ValueError):
        seed.evaluate({"type": "EcrRepository", "x": float("nan")})


def test_step_limit_is_an_error(seed):
    r = seed.evaluate(PUBLIC, max_steps=2)
    assert (r.outcome, r.code) == ("error", "E403")


def test_compile_error_carries_every_diagnostic():
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.compile("EcrRepository should have policy.Effect =")
    (d,) = e.value.diagnostics
    assert (d.code, d.line, d.column, d.source, d.severity) == ("E107", 1, 42, "<rule>", "error")
    assert "expected a value" in d.message
    assert "error[E107]" in str(e.value) and "^" in str(e.value)
    assert isinstance(e.value, ValueError)
    # Errors of meaning are all collected: an unknown function and an unknown list.
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.compile("EcrRepository should have name noSuchFunction() and region in ($nope)",
                     source_name="mine")
    codes = sorted(d.code for d in e.value.diagnostics)
    assert codes == ["E201", "E205"]
    assert all(d.source == "mine" and d.line == 1 and d.column > 0 for d in e.value.diagnostics)
    # Typographic quotes: a hint.
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.compile("EcrRepository should have policy.Effect = \u2019Allow\u2019")
    assert e.value.diagnostics[0].code == "E109" and e.value.diagnostics[0].hint


def test_named_lists():
    rule = cgsl.compile("SecurityGroup should not have inboundRules contain [ port in ($ports) ]",
                        lists={"ports": [22, 3389]})
    assert rule.evaluate({"type": "SecurityGroup", "inboundRules": [{"port": 22}]}).outcome == "failed"
    assert rule.evaluate({"type": "SecurityGroup", "inboundRules": [{"port": 443}]}).outcome == "passed"
    names = cgsl.compile("EcrRepository should have name in ($ok)", lists={"$ok": ["a", "b"]})
    assert names.evaluate({"type": "EcrRepository", "name": "b"}).outcome == "passed"
    assert names.evaluate({"type": "EcrRepository", "name": "c"}).outcome == "failed"
    with pytest.raises(TypeError):
        cgsl.compile("EcrRepository should have name in ($ok)", lists={"ok": [None]})


def test_load_bundled_rules_and_files(tmp_path):
    rules = cgsl.load_rules()
    assert {r.id for r in rules} >= {"D9.AWS.IAM.103", "D9.AWS.IAM.102", "D9.AWS.OPE.24"}
    seed = next(r for r in rules if r.id == "D9.AWS.IAM.103")
    assert seed.severity == "Medium" and seed.file.endswith("ecr.json") and seed.name
    assert seed.rule.evaluate(PUBLIC).outcome == "failed"
    assert len(cgsl.load_rules(ECR_RULES)) == len(cgsl.load_rules([ECR_RULES.parent]))
    # Every problem of a rule file is reported, positions inside the logic.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"rules": [
        {"ruleId": "A", "name": "a", "severity": "High", "logic": "EcrRepository should have x ="},
        {"ruleId": "B", "name": "b", "severity": "High", "logic": "EcrRepository should have y("},
        {"ruleId": "C", "name": "c", "severity": "High", "logic": "EcrRepository should have name"}]}))
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.load_rules(bad)
    # Positions are in the file (an editor jumps there), and each names its rule.
    srcs = [d.source for d in e.value.diagnostics]
    assert srcs[0].endswith("bad.json") and srcs[1].endswith("bad.json")
    assert [d.rule for d in e.value.diagnostics[:2]] == ["A", "B"]
    text = bad.read_text()
    first = e.value.diagnostics[0]
    assert first.code == "E107" and first.line == 1
    assert first.column == text.index("should have x =") + len("should have x =") + 1
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.load_rules(tmp_path / "missing.json")
    assert e.value.diagnostics[0].code == "E307"
    # The same ruleId across two paths.
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.load_rules([ECR_RULES, ECR_RULES.parent])
    assert "E308" in {d.code for d in e.value.diagnostics}


def test_ruleset_in_code_and_its_evaluate():
    rs = cgsl.ruleset([cgsl.compile(SEED), "EcrRepository should have lifecyclePolicy",
                       {"ruleId": "X.1", "name": "named", "severity": "High", "logic": "EcrRepository should have name",
                        "priority": 3}])
    assert [r.id for r in rs] == ["rule-1", "rule-2", "X.1"]
    assert rs[2].extra == {"priority": 3} and rs[2].severity == "High" and rs[-1].id == "X.1"
    found = rs.evaluate(PUBLIC)
    assert [(f["ruleId"], f["outcome"]) for f in found] == [
        ("rule-1", "failed"), ("rule-2", "failed"), ("X.1", "failed")]
    assert found[0]["evidence"] == ["policy.document.Statement[0]"]
    with pytest.raises(cgsl.CompileError):
        cgsl.ruleset(["EcrRepository should"])


def test_outcome_names_come_from_the_library():
    assert cgsl.OUTCOMES[:5] == ("passed", "failed", "not_relevant", "error", "matched")
    assert repr(cgsl.MISSING) == "cgsl.MISSING" and not cgsl.MISSING


def test_rules_argument_of_scan_accepts_paths_rules_and_text():
    data = ("e.ndjson", '{"type":"EcrRepository","id":"a"}\n')
    by_path = [f["ruleId"] for f in cgsl.scan(data, rules=[str(ECR_RULES)])]
    assert by_path == [r.id for r in cgsl.load_rules(ECR_RULES)]
    assert [f["ruleId"] for f in cgsl.scan(data, rules=ECR_RULES)] == by_path
    assert [f["ruleId"] for f in cgsl.scan(data, rules=cgsl.compile(SEED))] == ["rule-1"]
    assert [f["outcome"] for f in cgsl.scan(data, rules=["EcrRepository should have name"])] == ["failed"]
