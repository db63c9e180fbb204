#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`cgsl check` over the library scan engine: inputs that cannot be opened never hang the program
(every format, every thread count), --show / --summary / --max-failures, one name for standard
input in every format, terminal-safe text, SARIF URIs and List<T> locations, the exit code of a
write error. Usage: scan_cli_test.py CGSL_BINARY REPO_ROOT"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

CGSL, ROOT = sys.argv[1], sys.argv[2]
check = Checks()


def run(*args, stdin=None, stdin_bytes=None, timeout=60):
    kw = {}
    if stdin is not None:
        kw["stdin"] = stdin
    elif stdin_bytes is not None:
        kw["input"] = stdin_bytes
    else:
        kw["stdin"] = subprocess.DEVNULL
    try:
        p = subprocess.run([CGSL, "check", "--no-progress", *args], capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None, b"", b"TIMEOUT"
    return p.returncode, p.stdout, p.stderr


SEED = ("EcrRepository should not have policy.document.Statement contain [ Effect='Allow' and "
        "(Principal='*' or Principal.AWS='*') and Condition ]")
PUBLIC = {"type": "EcrRepository", "id": "pub", "name": "pub", "policy": {"document": {"Statement": [
    {"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}]}}}
PRIVATE = {"type": "EcrRepository", "id": "priv", "name": "priv"}
BUCKET = {"type": "S3Bucket", "id": "bucket"}

with tempfile.TemporaryDirectory() as tmp:
    good = os.path.join(tmp, "good.ndjson")
    with open(good, "w") as f:
        for e in (PUBLIC, BUCKET, PRIVATE):
            f.write(json.dumps(e) + "\n")
    missing = os.path.join(tmp, "nosuch.json")

    # 1. Inputs that cannot be opened: an error each, exit 3, never a hang (the issue: a batch
    #    acquired for the open error was never flushed), in every format and thread count.
    for fmt in ("text", "json", "sarif"):
        for threads in ("1", "2", "8"):
            for what, files in (("missing file", [missing]), ("a directory", [tmp]),
                                ("good then missing", [good, missing]), ("missing then good", [missing, good])):
                rc, out, err = run("--format", fmt, "--threads", threads, "--rule", SEED, *files, timeout=30)
                check(f"{what} ({fmt}, {threads} threads): exit 3, no hang", rc == 3, (rc, err))
            rc, out, err = run("--format", fmt, "--threads", threads, "--rule", SEED, stdin=subprocess.DEVNULL, timeout=30)
            check(f"empty stdin ({fmt}, {threads} threads): exit 3", rc == 3, (rc, err))
    # Closed standard input (no file descriptor 0 at all).
    p = subprocess.run(f'exec 0<&- ; "{CGSL}" check --no-progress --format json --rule "{SEED}"', shell=True,
                       capture_output=True, timeout=30)
    check("closed stdin: exit 3 with an error line", p.returncode == 3 and b'"outcome":"error"' in p.stdout, p)
    rc, out, _ = run("--format", "json", "--rule", SEED, good, missing, tmp)
    rows = [json.loads(l) for l in out.decode().splitlines()]
    errs = [r for r in rows if r["ruleId"] is None]
    check("missing file and directory: one error each, with E307", [r["code"] for r in errs] == ["E307", "E307"], errs)
    # A folder is read recursively; one that holds no plan, template, notifications or AWS CLI
    # output (here: a plain entity file) is an error, never a clean run.
    check("the folder error says so", "the folder holds no input" in errs[1]["message"], errs)
    check("the good file is still evaluated", [r["entity"] for r in rows if r["ruleId"]] == ["pub", "priv"], rows)

    # 2. --show and the accounting.
    rc, out, err = run("--format", "json", "--rules", os.path.join(ROOT, "gsl_rules", "aws"), good)
    rows = [json.loads(l) for l in out.decode().splitlines()]
    check("json: the bucket meets no ECR rule and prints nothing", not any(r["entity"] == "bucket" for r in rows), rows)
    check("json: no not_relevant line by default", not any(r["outcome"] == "not_relevant" for r in rows))
    rc, out_all, _ = run("--format", "json", "--show", "all", "--rules", os.path.join(ROOT, "gsl_rules", "aws"), good)
    rows_all = [json.loads(l) for l in out_all.decode().splitlines()]
    check("--show all: every (entity, rule) pair", len(rows_all) == 3 * 4, len(rows_all))
    check("--show all: the bucket's pairs are not_relevant",
          sorted(r["outcome"] for r in rows_all if r["entity"] == "bucket") == ["not_relevant"] * 4)
    rc, out_f, _ = run("--format", "json", "--show", "failed", "--rules", os.path.join(ROOT, "gsl_rules", "aws"), good)
    rows_f = [json.loads(l) for l in out_f.decode().splitlines()]
    check("--show failed: failures only", rows_f and all(r["outcome"] == "failed" for r in rows_f), rows_f)
    check("--show failed: the same failures", rows_f == [r for r in rows if r["outcome"] == "failed"])
    check("--show failed: exit code unchanged", rc == 1, rc)
    rc, _, err = run("--show", "failed,bogus", good)
    check("--show with an unknown outcome is a usage error", rc == 2 and b"bogus" in err, (rc, err))
    summary = os.path.join(tmp, "summary.json")
    rc, _, err = run("--format", "json", "--show", "failed", "--summary", summary,
                     "--rules", os.path.join(ROOT, "gsl_rules"), "--rule", "Vpc should have flowLogs", good)
    s = json.load(open(summary))
    check("summary: entities per type", s["entitiesPerType"] == {"EcrRepository": 2, "S3Bucket": 1}, s)
    check("summary: every pair counted, not_relevant included",
          all(sum(r[k] for k in ("passed", "failed", "not_relevant", "error", "matched")) == 3 for r in s["rules"]), s)
    check("summary: the idle rule is named", s["rulesWithoutEntities"] == ["rule-1"], s)
    check("stderr warns about the idle rule", b"rule-1 applied to no entity" in err, err)

    # 3. Text: at most --max-failures per rule in detail, then how many more; the summary.
    many = os.path.join(tmp, "many.ndjson")
    with open(many, "w") as f:
        for i in range(50):
            f.write(json.dumps({**PUBLIC, "id": f"pub-{i}"}) + "\n")
    rc, out, _ = run("--max-failures", "3", "--rule", SEED, many)
    text = out.decode()
    check("text: 3 failures detailed", text.count("  - pub-") == 3, text[:2000])
    check("text: then how many more", "... and 47 more" in text, text[:2000])
    check("text: entities per type in the summary", "entities read: 50 (EcrRepository 50)" in text, text[-800:])
    rc, out, _ = run("--max-failures", "0", "--rule", SEED, many)
    check("text: --max-failures 0 shows all", out.decode().count("  - pub-") == 50)
    rc, out, _ = run("--show", "passed,failed", "--rule", SEED, good)
    check("text: --show passed lists passes", "PASSED [-] rule-1" in out.decode() and "  - priv (EcrRepository)" in out.decode(),
          out.decode())

    # 4. One name for standard input everywhere.
    data = (json.dumps(PUBLIC) + "\n{broken\n").encode()
    rc, out, _ = run("--format", "json", "--rule", SEED, "-", stdin_bytes=data)
    rows = [json.loads(l) for l in out.decode().splitlines()]
    check("json: stdin is <stdin>", [r["source"] for r in rows] == ["<stdin>:1", "<stdin>:2"], rows)
    rc, out, _ = run("--rule", SEED, stdin_bytes=data)
    check("text: stdin is <stdin>", "<stdin>:1" in out.decode() and "<stdin>:2" in out.decode(), out.decode())
    rc, out, _ = run("--format", "sarif", "--rule", SEED, stdin_bytes=data)
    run0 = json.loads(out)["runs"][0]
    check("sarif: stdin artifact", run0["artifacts"] == [{"location": {"uri": "%3Cstdin%3E"}}], run0["artifacts"])
    check("sarif: stdin result location",
          run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%3Cstdin%3E")

    # 5. Text output is safe for a terminal: entity data cannot erase or fake lines.
    evil = os.path.join(tmp, "evil.ndjson")
    with open(evil, "w") as f:
        f.write(json.dumps({**PUBLIC, "id": "x\r\x1b[2K\x1b[32mPASSED everything\nFAKE\u009b"}) + "\n")
    rc, out, _ = run("--rule", SEED, evil)
    check("text: no raw control characters", not any(c in out for c in (b"\r", b"\x1b", b"\xc2\x9b")), out[:300])
    check("text: escaped visibly", b"x\\r\\x1b[2K\\x1b[32mPASSED everything\\nFAKE\\u009b" in out, out[:300])

    # 6. SARIF: file:// URIs for absolute paths, percent-encoded names, List<T> results located.
    spaced = os.path.join(tmp, "my inventory #1.ndjson")
    with open(spaced, "w") as f:
        f.write(json.dumps(PUBLIC) + "\n")
    rc, out, _ = run("--format", "sarif", "--rule", SEED, "--rule", "List<EcrRepository> should have items length() > 5", spaced)
    run0 = json.loads(out)["runs"][0]
    uri = run0["artifacts"][0]["location"]["uri"]
    check("sarif: absolute path as a file:// URI", uri.startswith("file:///") and uri.endswith("/my%20inventory%20%231.ndjson"), uri)
    lst = [r for r in run0["results"] if r["ruleId"] == "rule-2"]
    check("sarif: the List<T> failure has a location",
          len(lst) == 1 and lst[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "List<EcrRepository>", lst)
    check("sarif: counts in the run's properties", run0["properties"]["cgsl"]["entities"] == 1, run0.get("properties"))

    # 7. A write error has its own exit code, whatever the format.
    for fmt in ("text", "json", "sarif"):
        with open("/dev/full", "w") as full:
            p = subprocess.run([CGSL, "check", "--no-progress", "--format", fmt, "--rule", SEED, good], stdout=full,
                               stderr=subprocess.PIPE, timeout=30)
        check(f"write error ({fmt}): exit 4", p.returncode == 4 and b"error writing" in p.stderr, (p.returncode, p.stderr))

sys.exit(check.finish())
