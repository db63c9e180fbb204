#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The distribution files that can be tested without GitHub or pre-commit: the GitHub Action's
command line (dist/github-action.sh run as action.yml runs it, every input wired through) and the
pre-commit hooks' entries (run on the files their patterns select).
Usage: dist_test.py CGSL_BINARY REPO_ROOT"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

CGSL, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
check = Checks()


def env(**kw):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("CGSL_", "INPUT_"))}
    e.update(NO_COLOR="1", CGSL_RULES_DIR=os.path.join(ROOT, "gsl_rules"), CGSL=CGSL)
    e.update(kw)
    return e


# --- action.yml -----------------------------------------------------------------------------
action = yaml.safe_load(open(os.path.join(ROOT, "action.yml")))
check("action: composite", action["runs"]["using"] == "composite")
steps = action["runs"]["steps"]
run_step = next(s for s in steps if s.get("id") == "check")
check("action: the check step runs dist/github-action.sh", "dist/github-action.sh" in run_step["run"])
script = open(os.path.join(ROOT, "dist", "github-action.sh")).read()
for name in action["inputs"]:
    if name == "upload-sarif":
        continue
    var = "INPUT_" + name.upper().replace("-", "_")
    check(f"action: input {name} reaches the script as {var}",
          run_step["env"].get(var) == "${{ inputs.%s }}" % name and var in script, run_step["env"].get(var))
check("action: SARIF upload step", any("upload-sarif" in str(s.get("uses", "")) for s in steps))
check("action: the gate runs after the upload",
      [s.get("name") for s in steps].index("Gate") > [s.get("name") for s in steps].index("Upload SARIF"))

with tempfile.TemporaryDirectory() as tmp:
    out_file = os.path.join(tmp, "github_output")
    inv = os.path.join(ROOT, "examples", "inventory.ndjson")
    p = subprocess.run([os.path.join(ROOT, "dist", "github-action.sh")], cwd=tmp, capture_output=True, text=True,
                       env=env(INPUT_FILES=inv, INPUT_FAIL_ON="high", GITHUB_OUTPUT=out_file, INPUT_SARIF="out.sarif"))
    check("action script: a verdict is not a script failure", p.returncode == 0, p.stderr)
    check("action script: the command line", "cgsl: running: " in p.stderr and "--fail-on high" in p.stderr
          and "--format github,sarif --output - --output out.sarif" in p.stderr, p.stderr)
    check("action script: annotations on stdout", any(l.startswith("::error file=") for l in p.stdout.splitlines()),
          p.stdout[:300])
    sarif = json.load(open(os.path.join(tmp, "out.sarif")))
    check("action script: SARIF written", sarif["version"] == "2.1.0" and sarif["runs"][0]["results"])
    outputs = dict(l.split("=", 1) for l in open(out_file).read().splitlines())
    check("action script: exit-code output 1 (Critical failures)", outputs.get("exit-code") == "1", outputs)
    check("action script: sarif output", outputs.get("sarif") == "out.sarif", outputs)
    os.remove(out_file)
    p = subprocess.run([os.path.join(ROOT, "dist", "github-action.sh")], cwd=tmp, capture_output=True, text=True,
                       env=env(INPUT_FILES=inv, INPUT_FAIL_ON="high", INPUT_ARGS="--skip D9.AWS.IAM.102",
                               GITHUB_OUTPUT=out_file))
    outputs = dict(l.split("=", 1) for l in open(out_file).read().splitlines())
    check("action script: args pass through; exit-code 0 without the Critical rule",
          p.returncode == 0 and outputs.get("exit-code") == "0" and "--skip D9.AWS.IAM.102" in p.stderr, (outputs, p.stderr))
    exc = os.path.join(tmp, "ex.yaml")
    open(exc, "w").write("- ruleId: '*'\n  entity: '*'\n  reason: accepted for the test\n")
    p = subprocess.run([os.path.join(ROOT, "dist", "github-action.sh")], cwd=tmp, capture_output=True, text=True,
                       env=env(INPUT_FILES=inv, INPUT_EXCEPTIONS=exc, INPUT_RULES=os.path.join(ROOT, "gsl_rules"),
                               GITHUB_OUTPUT=out_file))
    check("action script: exceptions and rules inputs", p.returncode == 0 and "--exceptions" in p.stderr
          and "--rules" in p.stderr and "::error" not in p.stdout, p.stderr)
    p = subprocess.run([os.path.join(ROOT, "dist", "github-action.sh")], cwd=tmp, capture_output=True, text=True,
                       env=env(INPUT_FILES=os.path.join(tmp, "missing.ndjson"), GITHUB_OUTPUT=out_file))
    check("action script: an unreadable input fails the step", p.returncode != 0, p.returncode)

    # --- .pre-commit-hooks.yaml ---------------------------------------------------------------
    hooks = yaml.safe_load(open(os.path.join(ROOT, ".pre-commit-hooks.yaml")))
    ids = {h["id"]: h for h in hooks}
    check("pre-commit: hooks cgsl-lint and cgsl-test", {"cgsl-lint", "cgsl-test"} <= set(ids), list(ids))
    repo_files = []
    for dirpath, _, names in os.walk(os.path.join(ROOT, "gsl_rules")):
        repo_files += [os.path.relpath(os.path.join(dirpath, n), ROOT) for n in names]
    for h in hooks:
        files = [f for f in sorted(repo_files) if re.search(h["files"], f)
                 and not (h.get("exclude") and re.search(h["exclude"], f))]
        check(f"pre-commit {h['id']}: selects rule files", files, repo_files)
        cmd = shlex.split(h["entry"])
        check(f"pre-commit {h['id']}: runs cgsl", cmd[0] == "cgsl" and h["language"] == "system", h)
        p = subprocess.run([CGSL] + cmd[1:] + files, cwd=ROOT, capture_output=True, text=True, env=env())
        check(f"pre-commit {h['id']}: passes on the bundled rules", p.returncode == 0, p.stdout + p.stderr)
    bad = os.path.join(tmp, "bad.json")
    json.dump([{"ruleId": "B", "name": "b", "severity": "Low", "logic": "T should have a =="}], open(bad, "w"))
    p = subprocess.run([CGSL] + shlex.split(ids["cgsl-lint"]["entry"])[1:] + [bad], capture_output=True, text=True, env=env())
    check("pre-commit cgsl-lint: a broken rule fails the commit with its position", p.returncode == 2
          and "bad.json:1:" in p.stderr, p.stderr)

sys.exit(check.finish())
