# SPDX-License-Identifier: Apache-2.0
"""cgsl.scan: the same findings and summary as `cgsl check --format json`, any thread count,
in-memory inputs, formats, show, early close without leaked threads, bounded memory."""
import gc
import json
import os
import time

import pytest

import cgsl
from conftest import INVENTORY, NOW, SOURCE_DIR, cgsl_check_json


def threads_of_process() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_same_findings_and_summary_as_the_program(tmp_path, threads):
    formats = SOURCE_DIR / "tests" / "data" / "formats"
    files = [INVENTORY] + sorted(p for p in formats.glob("*") if p.suffix in (".json", ".ndjson"))[:6]
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"type":"EcrRepository","id":"ok"}\n{broken\n[1]\n{"id":"untyped"}\n')
    files.append(bad)
    want, want_summary, rc = cgsl_check_json(files, summary_path=tmp_path / "s.json")
    s = cgsl.scan([str(f) for f in files], rules=cgsl.load_rules(), threads=threads, now=NOW)
    got = list(s)
    assert got == want  # in input order, field for field
    assert s.summary == want_summary
    assert s.exit_code == rc == 3
    assert not s.cancelled
    assert any(f["outcome"] == "error" and f["ruleId"] is None and f["code"] == "E301" for f in got)


def test_show_selects_what_is_delivered_not_what_is_counted(tmp_path):
    want, _, _ = cgsl_check_json([INVENTORY], "--show", "failed")
    s = cgsl.scan(INVENTORY, show="failed", now=NOW, threads=2)
    got = list(s)
    assert got == want and {f["outcome"] for f in got} == {"failed"}
    assert sum(r["passed"] for r in s.summary["rules"]) > 0
    every = list(cgsl.scan([INVENTORY], show=["passed", "failed", "not_relevant"], now=NOW))
    assert len(every) > len(got)
    with pytest.raises(ValueError, match="unknown outcome"):
        cgsl.scan([INVENTORY], show="faild")
    with pytest.raises(ValueError, match="unknown input format"):
        cgsl.scan([INVENTORY], input="yaml")


def test_in_memory_inputs_and_formats():
    rules = cgsl.ruleset(["EcrRepository should have name"])
    ndjson = b'{"type":"EcrRepository","id":"a","name":"n"}\n{"type":"EcrRepository","id":"b"}\nnot json\n'
    got = list(cgsl.scan([("mem.ndjson", ndjson)], rules=rules))
    assert [(f["entity"], f["outcome"], f["source"]) for f in got] == [
        ("a", "passed", "mem.ndjson:1"), ("b", "failed", "mem.ndjson:2"), ("mem.ndjson:3", "error", "mem.ndjson:3")]
    doc = json.dumps({"entities": [{"type": "EcrRepository", "id": "c", "name": "x"}]})
    got = list(cgsl.scan(("doc.json", doc), rules=rules, input="json"))
    assert [(f["entity"], f["outcome"]) for f in got] == [("c", "passed")]
    missing = list(cgsl.scan(["/nonexistent/x.ndjson"], rules=rules))
    assert [(f["outcome"], f["code"]) for f in missing] == [("error", "E307")]


def big_input(n: int) -> bytes:
    line = '{"type":"EcrRepository","id":"r%d","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}}\n'
    return "".join(line % i for i in range(n)).encode()


def test_early_close_stops_the_scan_and_joins_its_threads():
    data = big_input(200_000)
    before = threads_of_process()
    start = time.monotonic()
    s = cgsl.scan([("big.ndjson", data)], rules=cgsl.load_rules(), threads=4)
    first = [next(s) for _ in range(10)]
    assert all(f["entityType"] == "EcrRepository" for f in first)
    s.close()
    assert s.cancelled and s.summary is None
    assert list(s) == []
    assert cgsl._cgsl._live_scans() == 0
    assert threads_of_process() == before
    # break out of a for loop, then drop the iterator: the same.
    for n, _ in enumerate(cgsl.scan([("big.ndjson", data)], threads=2)):
        if n == 5:
            break
    gc.collect()
    assert cgsl._cgsl._live_scans() == 0 and threads_of_process() == before
    with cgsl.scan([("big.ndjson", data)], threads=2) as s2:
        next(s2)
    assert s2.cancelled and cgsl._cgsl._live_scans() == 0
    # Far less than scanning 200,000 entities three times with 4 rules would take.
    full_start = time.monotonic()
    total = sum(1 for _ in cgsl.scan([("big.ndjson", data)], threads=2))
    full = time.monotonic() - full_start
    assert total == 800_000
    assert (full_start - start) < full * 2


def test_memory_is_bounded_while_the_consumer_waits():
    data = big_input(100_000)
    s = cgsl.scan([("big.ndjson", data)], threads=2)
    next(s)
    time.sleep(0.5)  # the scanning thread fills the queue and then waits
    assert 0 < s._buffered <= s._max_buffered < 10_000
    rest = sum(1 for _ in s)
    assert rest == 400_000 - 1 and s.summary["entities"] == 100_000


def test_scans_from_several_python_threads_at_once():
    import concurrent.futures
    data = big_input(2_000)
    rules = cgsl.load_rules()

    def run(threads):
        return [f["outcome"] for f in cgsl.scan([("t.ndjson", data)], rules=rules, threads=threads)]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, [1, 2, 3, 4]))
    assert all(r == results[0] for r in results) and len(results[0]) == 8_000


def test_interpreter_exit_with_a_scan_running_is_clean():
    import subprocess
    import sys
    script = (
        "import cgsl\n"
        "rs = cgsl.ruleset(['Vm should have x slow()'], functions={'slow': lambda s: sum(range(100)) > 0})\n"
        "data = '{\"type\":\"Vm\",\"x\":1}\\n' * 200000\n"
        "s = cgsl.scan([('v.ndjson', data)], rules=rs, threads=2)\n"
        "next(s)\n"
        "t = cgsl.scan([('v.ndjson', data)], rules=rs, threads=2)\n"
        "print('exiting', flush=True)\n")
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout, p.stderr) == (0, "exiting\n", "")
