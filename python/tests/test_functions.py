# SPDX-License-Identifier: Apache-2.0
"""Caller functions written in Python: conversions, exceptions (an error, never a pass), worker threads."""
import threading

import pytest

import cgsl

ENTITY = {"type": "Vm", "id": "vm-1", "name": "web-01", "tags": {"env": "prod"}, "ports": [22, 443],
          "nothing": None, "ratio": 0.5, "on": True}


def test_subject_and_arguments_reach_python_as_python_values():
    seen = []

    def probe(subject, a, b, c):
        seen.append((subject, a, b, c))
        return True

    rule = cgsl.compile("Vm should have probe(1, 'x', true)", functions={"probe": probe})
    assert rule.evaluate(ENTITY).outcome == "passed"
    assert seen[-1][1:] == (1, "x", True) and isinstance(seen[-1][1], int)
    assert seen[-1][0] == ENTITY  # `$`: the whole entity as a dict
    for path, want in [("tags", {"env": "prod"}), ("ports", [22, 443]), ("nothing", None), ("ratio", 0.5),
                       ("on", True), ("name", "web-01")]:
        rule = cgsl.compile(f"Vm should have {path} probe(2.5, '', false)", functions={"probe": probe})
        assert rule.evaluate(ENTITY).outcome == "passed"
        assert seen[-1] == (want, 2.5, "", False), path
    rule = cgsl.compile("Vm should have absent probe(0, 'a', true)", functions={"probe": probe})
    rule.evaluate(ENTITY)
    assert seen[-1][0] is cgsl.MISSING


def test_results_none_bool_number_str():
    fns = {"half": lambda s: s / 2, "upper": lambda s: s.upper(), "nothing": lambda s: None,
           "missing": lambda s: cgsl.MISSING, "yes": (lambda s, *rest: True, 0)}
    def outcome(text):
        return cgsl.compile(text, functions=fns).evaluate({"type": "T", "n": 10, "s": "ab"}).outcome
    assert outcome("T should have n half() = 5") == "passed"
    assert outcome("T should have n half() > 5") == "failed"
    assert outcome("T should have s upper() = 'AB'") == "passed"
    assert outcome("T should have s nothing()") == "failed"
    assert outcome("T should have s missing()") == "failed"
    assert outcome("T should not have s missing()") == "passed"
    assert outcome("T should have s yes()") == "passed"


def test_an_exception_makes_the_evaluation_an_error_never_a_pass():
    def boom(subject):
        raise ValueError("bad subject")

    for text in ("T should have x boom()", "T should not have x boom()", "T should have x boom() or true"):
        r = cgsl.compile(text, functions={"boom": boom}).evaluate({"type": "T", "x": 1})
        assert r.outcome == "error", text
        assert "ValueError: bad subject" in r.message and r.code == "E901"
    wrong = cgsl.compile("T should have x listy()", functions={"listy": lambda s: [1]})
    r = wrong.evaluate({"type": "T", "x": 1})
    assert r.outcome == "error" and "returned list" in r.message
    rs = cgsl.ruleset(["T should not have x boom()"], functions={"boom": boom})
    found = list(cgsl.scan([("t.ndjson", '{"type":"T","id":"a","x":1}\n' * 50)], rules=rs, threads=2))
    assert {(f["outcome"], f["code"]) for f in found} == {("error", "E901")} and len(found) == 50
    assert "ValueError: bad subject" in found[0]["message"]


def test_registration_errors():
    with pytest.raises(ValueError, match="built-in"):
        cgsl.compile("T should have x", functions={"length": lambda s: 1})
    with pytest.raises(TypeError, match="arity"):
        cgsl.compile("T should have x", functions={"f": lambda *a: 1})
    with pytest.raises(TypeError, match="not callable"):
        cgsl.compile("T should have x", functions={"f": 3})
    with pytest.raises(cgsl.CompileError) as e:
        cgsl.compile("T should have x f(1)", functions={"f": lambda s: 1})
    assert e.value.diagnostics[0].code == "E202"


def test_called_from_the_scan_worker_threads_while_python_waits_in_the_generator():
    calls = []
    lock = threading.Lock()

    def tagged(subject, key):
        with lock:
            calls.append(threading.get_ident())
        return isinstance(subject, dict) and key in subject

    rs = cgsl.ruleset(["Vm should have tags tagged('env')"], functions={"tagged": tagged})
    lines = "".join('{"type":"Vm","id":"v%d","tags":{%s}}\n' % (i, '"env":1' if i % 3 else "") for i in range(3000))
    found = list(cgsl.scan([("vms.ndjson", lines)], rules=rs, threads=4, window_bytes=4096))
    # Once per entity, and once more per failure (the evidence pass evaluates it again).
    assert len(found) == 3000 and len(calls) == 4000
    assert sum(f["outcome"] == "failed" for f in found) == 1000
    assert threading.get_ident() not in calls  # evaluated on the scan's threads, not this one
