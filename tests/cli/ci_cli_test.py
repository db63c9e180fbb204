#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The CI controls through the program: --fail-on / --min-severity / --only / --skip, exceptions
(JSON and YAML, expired and unused entries), baselines, several reports in one run (--format with
--output), JUnit (parsed as XML), GitHub annotations, --compact, the configuration file (found
upwards, overridden by flags, --config, --no-config) and CGSL_* variables, `cgsl test` with
selection, --list and JSON/JUnit output, and the habits (version, completion, usage, explain).
Usage: ci_cli_test.py CGSL_BINARY REPO_ROOT"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

CGSL, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
INV = os.path.join(ROOT, "examples", "inventory.ndjson")
RULES = os.path.join(ROOT, "gsl_rules")
NOW = "2026-06-01T00:00:00Z"
check = Checks()


def run(*args, cwd=None, env=None, stdin=subprocess.DEVNULL):
    e = {k: v for k, v in os.environ.items() if not k.startswith("CGSL_") or k == "CGSL_RULES_DIR"}
    e["NO_COLOR"] = "1"
    e.setdefault("CGSL_RULES_DIR", RULES)
    if env:
        e.update(env)
    p = subprocess.run([CGSL, *args], capture_output=True, cwd=cwd or TMP, env=e, stdin=stdin, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def jsonl(text):
    return [json.loads(l) for l in text.splitlines() if l.strip()]


def write(name, text):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


with tempfile.TemporaryDirectory() as TMP:
    base = ["check", "--now", NOW, "--no-progress"]
    # --- the severity gate -----------------------------------------------------------------
    rc, out, _ = run(*base, INV)
    check("default gate: the Low failures fail", rc == 1, rc)
    counts = {}
    for f in jsonl(run(*base, "--format", "json", INV)[1]):
        if f["outcome"] == "failed":
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    check("the sample has Critical, Medium and Low failures", set(counts) == {"Critical", "Medium", "Low"}, counts)
    rc, _, _ = run(*base, "--fail-on", "critical", INV)
    check("--fail-on critical: Critical failures fail", rc == 1, rc)
    rc, _, _ = run(*base, "--fail-on", "high", "--skip", "D9.AWS.IAM.102", INV)
    check("--fail-on high without the Critical rule passes (Medium and Low remain)", rc == 0, rc)
    rc, _, err = run(*base, "--fail-on", "severe", INV)
    check("--fail-on with an unknown severity is a usage error", rc == 2 and "severe" in err, (rc, err))
    # --min-severity: rules below it are not run at all.
    rows = jsonl(run(*base, "--format", "json", "--min-severity", "MEDIUM", INV)[1])
    check("--min-severity medium drops the Low rule", rows and all(r["severity"] != "Low" for r in rows), rows[:1])
    # --only / --skip
    rows = jsonl(run(*base, "--format", "json", "--only", "D9.AWS.IAM.*", "--skip", "*.102", INV)[1])
    check("--only/--skip select by glob", {r["ruleId"] for r in rows} == {"D9.AWS.IAM.103"}, {r["ruleId"] for r in rows})
    rc, _, err = run(*base, "--only", "NOPE.*", INV)
    check("--only matching nothing: warned, and no rules is a usage error", rc == 2 and "NOPE.*" in err, (rc, err))

    # --- exceptions --------------------------------------------------------------------------
    ex_yaml = write("ex.yaml", """# accepted findings
- ruleId: D9.AWS.OPE.24
  entity: "arn:aws:ecr:*:repository/0*"
  reason: lifecycle handled by the platform team (TICKET-1)
  expires: 2027-01-01
- ruleId: D9.AWS.IAM.10*
  entity: no-such-repository
  reason: a typo
- ruleId: D9.AWS.IAM.102
  entity: "*"
  reason: was accepted last year
  expires: 2025-12-31
""")
    rc, out, err = run(*base, "--format", "json", "--exceptions", ex_yaml, INV)
    rows = jsonl(out)
    exc = [r for r in rows if r["outcome"] == "excepted"]
    check("exceptions: matching failures are excepted", len(exc) > 0 and all(r["ruleId"] == "D9.AWS.OPE.24" for r in exc), exc[:1])
    check("exceptions: the reason is the message", all(r["message"].startswith("lifecycle handled") for r in exc), exc[:1])
    check("exceptions: excepted entities are the matching ones", all(":repository/0" in r["entity"] for r in exc), [r["entity"] for r in exc])
    check("exceptions: other OPE.24 failures still fail",
          any(r["ruleId"] == "D9.AWS.OPE.24" and r["outcome"] == "failed" for r in rows))
    check("exceptions: an expired entry no longer applies",
          any(r["ruleId"] == "D9.AWS.IAM.102" and r["outcome"] == "failed" for r in rows))
    check("exceptions: warnings for the unused and the expired entry",
          "ex.yaml:6" in err and "matched no failure" in err and "expired on 2025-12-31" in err, err)
    check("exceptions: exit 1 (failures remain)", rc == 1, rc)
    ex_json = write("ex.json", json.dumps([{"ruleId": "*", "entity": "*", "reason": "everything accepted"}]))
    rc, out, err = run(*base, "--exceptions", ex_json, INV)
    check("exceptions (JSON) accepting everything: exit 0", rc == 0, (rc, err))
    check("text report shows EXCEPTED with the reason", "EXCEPTED" in out and "everything accepted" in out, out[:400])
    check("text summary has the excepted column", "excepted" in out.split("Summary")[1], out[-600:])
    rc, _, err = run(*base, "--exceptions", write("bad.json", '[{"ruleId":"x","entity":"y"}]'), INV)
    check("an exception without a reason is a usage error", rc == 2 and "reason" in err, (rc, err))
    rc, _, err = run(*base, "--exceptions", os.path.join(TMP, "missing.yaml"), INV)
    check("a missing exceptions file is a usage error", rc == 2 and "cannot read" in err, (rc, err))
    # SARIF: suppressions for excepted results.
    rc, out, _ = run(*base, "--format", "sarif", "--exceptions", ex_yaml, INV)
    results = json.loads(out)["runs"][0]["results"]
    sup = [r for r in results if "suppressions" in r]
    check("sarif: excepted results carry an external suppression",
          sup and all(s["suppressions"][0]["kind"] == "external" and "TICKET-1" in s["suppressions"][0]["justification"]
                      for s in sup), sup[:1])
    rules_meta = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    tags = rules_meta["D9.AWS.IAM.102"]["properties"]["tags"]
    check("sarif: one tag per compliance framework", "AWS HITRUST v11.0.0" in tags and "security" in tags
          and not any("|" in t for t in tags), tags)
    # --show excepted
    rows = jsonl(run(*base, "--format", "json", "--show", "excepted", "--exceptions", ex_yaml, INV)[1])
    check("--show excepted lists only those", rows and all(r["outcome"] == "excepted" for r in rows), rows[:1])

    # --- baseline -------------------------------------------------------------------------------
    bl = os.path.join(TMP, "baseline.json")
    rc, _, _ = run(*base, "--write-baseline", bl, INV)
    check("--write-baseline: the run itself still reports its failures", rc == 1, rc)
    data = json.load(open(bl))
    check("baseline lists every failure", data["cgslBaseline"] == 1 and len(data["failures"]) == sum(counts.values()),
          (len(data["failures"]), counts))
    rc, out, err = run(*base, "--baseline", bl, INV)
    check("--baseline: yesterday's failures are excepted: exit 0", rc == 0, (rc, err))
    new = write("new.ndjson", json.dumps({"type": "EcrRepository", "id": "brand-new",
                                          "policy": {"document": {"Statement": [{"Effect": "Allow", "Principal": "*"}]}}}) + "\n")
    rc, out, _ = run(*base, "--format", "json", "--baseline", bl, INV, new)
    fails = [r for r in jsonl(out) if r["outcome"] == "failed"]
    check("--baseline: only new failures fail", rc == 1 and fails and all(r["entity"] == "brand-new" for r in fails),
          fails[:2])

    # --- several reports -----------------------------------------------------------------------
    sarif, junit, ghf = (os.path.join(TMP, n) for n in ("r.sarif", "r.xml", "r.gh"))
    rc, out, err = run(*base, "--format", "text,sarif,junit,github", "--output", "-", "--output", sarif,
                       "--output", junit, "--output", ghf, INV)
    check("several formats: exit as usual", rc == 1, (rc, err))
    check("several formats: text on stdout", out.startswith("FAILED"), out[:100])
    check("several formats: SARIF file", json.load(open(sarif))["version"] == "2.1.0")
    tree = ET.parse(junit)
    suites = tree.getroot()
    cases = suites.findall("./testsuite/testcase")
    def rules_in(path):
        data = json.load(open(path))
        return len(data["rules"] if isinstance(data, dict) else data)
    bundled = sum(rules_in(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(ROOT, "gsl_rules"))
                  for f in fs if f.endswith(".json") and not f.endswith(".tests.json"))
    check("junit: valid XML, one testcase per rule (every bundled rule)",
          suites.tag == "testsuites" and len(cases) == bundled and bundled >= 4, (len(cases), bundled))
    check("junit: failed rules have a <failure>",
          {c.get("classname") for c in cases if c.find("failure") is not None} == {"D9.AWS.IAM.102", "D9.AWS.IAM.103", "D9.AWS.OPE.24"})
    gh = open(ghf).read().splitlines()
    check("github: error annotations with file and line",
          any(l.startswith("::error file=") and ",line=" in l and "D9.AWS.IAM.102" in l for l in gh), gh[:2])
    check("github: Low failures are notices", any(l.startswith("::notice file=") for l in gh))
    rc, _, err = run(*base, "--format", "json,sarif", INV)
    check("two formats need two --output", rc == 2 and "--output" in err, (rc, err))
    rc, _, err = run(*base, "--format", "json,sarif", "--output", "-", "--output", "-", INV)
    check("only one report on stdout", rc == 2, (rc, err))
    rc, _, err = run(*base, "--format", "xml", INV)
    check("unknown format", rc == 2 and "xml" in err, (rc, err))
    rc, _, err = run(*base, "--format", "json", "--output", os.path.join(TMP, "no", "such", "dir", "x"), INV)
    check("an output that cannot be opened: exit 4", rc == 4, (rc, err))
    rc, _, err = run(*base, "--write-baseline", "-", INV)
    check("--write-baseline - with the report on stdout is a usage error", rc == 2 and "write-baseline" in err, (rc, err))
    rc, out, _ = run(*base, "--write-baseline", "-", "--format", "json", "--output", os.path.join(TMP, "r.jsonl"), INV)
    check("--write-baseline - alone on stdout", rc == 1 and json.loads(out)["cgslBaseline"] == 1, out[:100])
    rc, out, _ = run(*base, "--compact", INV)
    lines = out.splitlines()
    check("--compact: one line per failure and a summary line",
          len(lines) == sum(counts.values()) + 1 and lines[-1].startswith("cgsl: 27 entities"), lines[-2:])
    check("--compact: no remediation", "remediation" not in out)

    # --- configuration file and environment ----------------------------------------------------
    proj = os.path.join(TMP, "proj")
    os.makedirs(os.path.join(proj, "sub", "deeper"))
    with open(os.path.join(proj, ".cgsl.yaml"), "w") as f:
        f.write(f"# project settings\nrules: {RULES}\nnow: {NOW}\nfail-on: critical\nskip: [D9.AWS.IAM.102]\n"
                "check:\n  format: json\n")
    deeper = os.path.join(proj, "sub", "deeper")
    rc, out, err = run("check", "--no-progress", INV, cwd=deeper)
    rows = jsonl(out)
    check("config found upwards: format json", rows and rows[0]["ruleId"], out[:200])
    check("config: skip applied", all(r["ruleId"] != "D9.AWS.IAM.102" for r in rows))
    check("config: fail-on critical (no Critical rule left): exit 0", rc == 0, (rc, err))
    rc, out, _ = run("check", "--no-progress", "--fail-on", "low", "--format", "text", INV, cwd=deeper)
    check("flags override the config", rc == 1 and out.startswith("FAILED"), (rc, out[:80]))
    rc, out, _ = run("check", "--no-progress", "--no-config", "--now", NOW, INV, cwd=deeper)
    check("--no-config: defaults again", rc == 1 and "D9.AWS.IAM.102" in out, rc)
    rc, out, _ = run("check", "--no-progress", INV, cwd=deeper, env={"CGSL_FAIL_ON": "low"})
    check("CGSL_FAIL_ON overrides the config", rc == 1, rc)
    rc, out, _ = run("check", "--no-progress", "--no-config", "--now", NOW, INV, env={"CGSL_FORMAT": "json", "CGSL_ONLY": "D9.AWS.OPE.24,D9.AWS.IAM.103"})
    check("CGSL_FORMAT and a comma list in CGSL_ONLY", {r["ruleId"] for r in jsonl(out)} == {"D9.AWS.OPE.24", "D9.AWS.IAM.103"}, out[:200])
    other_cfg = write("other.yaml", "format: compact-nonsense\n")
    rc, _, err = run("check", "--no-progress", "--config", other_cfg, INV)
    check("--config FILE is read (bad value rejected)", rc == 2 and "compact-nonsense" in err, (rc, err))
    typo = write("typo/.cgsl.yaml", "fail_on: high\n")
    rc, _, err = run("check", "--no-progress", INV, cwd=os.path.dirname(typo))
    check("an unknown config key is an error naming it", rc == 2 and "fail_on" in err, (rc, err))
    rel = write("relcfg/.cgsl.yaml", "rules: ../rulesdir\n")
    os.makedirs(os.path.join(TMP, "rulesdir"), exist_ok=True)
    with open(os.path.join(TMP, "rulesdir", "one.json"), "w") as f:
        json.dump([{"ruleId": "ONE", "name": "one", "severity": "low", "logic": "EcrRepository should have zzz"}], f)
    os.makedirs(os.path.join(TMP, "relcfg", "x"), exist_ok=True)
    rc, out, err = run("check", "--no-progress", "--format", "json", INV, cwd=os.path.join(TMP, "relcfg", "x"))
    rows = jsonl(out)
    check("config paths are relative to the config file; severity 'low' loads as Low",
          rows and {r["ruleId"] for r in rows} == {"ONE"} and rows[0]["severity"] == "Low", (rc, err, out[:200]))

    # --- cgsl test ------------------------------------------------------------------------------
    rc, out, _ = run("test", "--only", "D9.AWS.IAM.103", RULES)
    check("test --only runs only that rule's cases", rc == 0 and " passed, 0 failed" in out, out)
    all_rc, all_out, _ = run("test", RULES)
    n_only = int(out.split()[0])
    n_all = int(all_out.split()[0])
    check("test --only: fewer cases", 0 < n_only < n_all, (n_only, n_all))
    rc, out, _ = run("test", "--format", "json", "--only", "D9.AWS.IAM.103", RULES)
    rows = jsonl(out)
    check("test --format json: one object per case", rows and all(r["ruleId"] == "D9.AWS.IAM.103" and r["result"] == "passed" for r in rows), rows[:1])
    jx = os.path.join(TMP, "tests.xml")
    rc, _, _ = run("test", "--format", "junit", "--output", jx, RULES)
    root = ET.parse(jx).getroot()
    check("test --format junit: valid XML with every case", root.tag == "testsuites" and int(root.get("tests")) == n_all, root.attrib)
    rdir = os.path.join(TMP, "trules")
    os.makedirs(rdir)
    with open(os.path.join(rdir, "r.json"), "w") as f:
        json.dump([{"ruleId": "GOOD", "name": "g", "severity": "High", "logic": "X should have a"},
                   {"ruleId": "BAD", "name": "b", "severity": "High", "logic": "X should have a ="},
                   {"ruleId": "LISTED", "name": "l", "severity": "High", "logic": "X should have a in ($allowed)"}], f)
    with open(os.path.join(rdir, "r.tests.json"), "w") as f:
        json.dump([{"name": "good passes", "ruleId": "GOOD", "entity": {"type": "X", "a": 1}, "expect": "passed"},
                   {"name": "good evidence", "ruleId": "GOOD", "entity": {"type": "X"}, "expect": "failed", "expectEvidence": ["a"]},
                   {"name": "bad", "ruleId": "BAD", "entity": {"type": "X"}, "expect": "passed"},
                   {"name": "typo", "ruleId": "GOOD", "entity": {"type": "X"}, "expect": "fail"},
                   {"name": "listed", "ruleId": "LISTED", "entity": {"type": "X", "a": "p"}, "expect": "passed"}], f)
    allowed = write("allowed.txt", "p\nq\n")
    rc, out, err = run("test", "--list", f"allowed={allowed}", rdir)
    check("test: a rule that does not compile fails its cases, the others run",
          "FAIL" in out and "BAD does not compile" in out and "good passes" not in out, out)
    check("test: an unknown expect value is an error", "unknown expect 'fail'" in out, out)
    check("test: --list makes $allowed compile", "LISTED" not in out, out)
    ok_line = [l for l in out.splitlines() if "passed," in l]
    check("test: counts", ok_line and ok_line[-1].startswith("3 passed, 2 failed"), (out, err))
    with open(os.path.join(rdir, "r.tests.json"), "w") as f:
        json.dump([{"name": "wrong evidence", "ruleId": "GOOD", "entity": {"type": "X"}, "expect": "failed",
                    "expectEvidence": ["b"]}], f)
    rc, out, _ = run("test", "--only", "GOOD", rdir)
    check("test: expectEvidence is compared", rc == 1 and "expected evidence [b]" in out, out)

    # --- lint selection ---------------------------------------------------------------------------
    rc, _, err = run("lint", "--skip", "BAD", "--list", f"allowed={allowed}", rdir)
    check("lint --skip leaves the broken rule out", rc == 0, (rc, err))
    rc, _, err = run("lint", "--list", f"allowed={allowed}", rdir)
    check("lint without --skip reports it", rc == 2 and "BAD" in err, (rc, err))

    # --- habits -----------------------------------------------------------------------------------
    rc, out, _ = run("version")
    check("cgsl version", rc == 0 and out.startswith("cgsl "), out)
    for sub in ("check", "lint", "test", "explain"):
        rc2, out2, _ = run(sub, "--version")
        check(f"cgsl {sub} --version", rc2 == 0 and out2 == out, out2)
    rc, out, err = run()
    check("cgsl alone prints the usage and exits 2", rc == 2 and "Subcommands:" in err and "check" in err, (rc, err[:200]))
    for shell in ("bash", "zsh", "fish"):
        rc, out, _ = run("completion", shell)
        check(f"completion {shell}", rc == 0 and "fail-on" in out and "check" in out, out[:200])
    rc, out, _ = run("completion", "bash")
    p = subprocess.run(["bash", "-n"], input=out.encode(), capture_output=True)
    check("bash completion is valid bash", p.returncode == 0, p.stderr)
    rc, out, _ = run("explain", "--rules", RULES, "--id", "D9.AWS.IAM.103", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("explain --rules --id --format json", doc.get("ruleId") == "D9.AWS.IAM.103" and doc.get("entityType") == "EcrRepository"
          and doc.get("tree"), out[:200])
    rc, _, err = run("explain", "--rules", RULES, "--id", "NOPE")
    check("explain of an unknown id: exit 2", rc == 2 and "NOPE" in err, (rc, err))
    rc, out, _ = run(*base, "--color", "always", INV)
    check("--color always colours even into a pipe", "\x1b[31m" in out)
    rc, out, _ = run(*base, "--color", "auto", INV)
    check("--color auto into a pipe: no colour", "\x1b[" not in out)

# Reading entities from a terminal: said on stderr (standard input is a pseudo-terminal here).
import pty
master, slave = pty.openpty()
e = {k: v for k, v in os.environ.items() if not k.startswith("CGSL_")}
e.update(NO_COLOR="1", CGSL_RULES_DIR=RULES)
proc = subprocess.Popen([CGSL, "check", "--no-progress", "--no-config", "--format", "json"], stdin=slave,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
os.close(slave)
import time
time.sleep(1.0)
os.close(master)  # the terminal goes away: end of input
try:
    out, err = proc.communicate(timeout=30)
except subprocess.TimeoutExpired:
    proc.kill()
    out, err = proc.communicate()
check("a note on stderr when entities come from a terminal",
      b"reading entities from standard input (a terminal)" in err, (proc.returncode, err))
p = subprocess.run([CGSL, "check", "--no-progress", "--no-config", "--format", "json"], input=b'{"type":"EcrRepository","id":"t"}\n',
                   capture_output=True, env=e, timeout=60)
check("no note when standard input is a pipe", b"terminal" not in p.stderr, p.stderr)

sys.exit(check.finish())
