#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""cgsl check over every input format and output format, and over bad input.

Usage: formats_test.py CGSL_BINARY REPO_ROOT CORPUS_DIR
Prints one line per check and "N passed, M failed"; exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..")]
import plan_lines  # noqa: E402
from checks import Checks  # noqa: E402

CGSL, ROOT, CORPUS = sys.argv[1], sys.argv[2], sys.argv[3]
DATA = os.path.join(ROOT, "tests", "data", "formats")
FORMATS = os.path.join(CORPUS, "formats")
NOTIFICATIONS = os.path.join(CORPUS, "dome9-cloud-bots", "sample_compliance_notifications")
# The ECR rules: these cases count the findings of the EcrRepository rules (the bundled Terraform
# and CloudFormation rules are tested by tests/cli/iac_test.py and their .tests.json files).
RULES = os.path.join(ROOT, "gsl_rules", "aws")
check = Checks()


def run(*args, stdin=None):
    rules = [] if "--rule" in args else ["--rules", RULES]
    p = subprocess.run([CGSL, "check", *rules, *args], capture_output=True, text=True,
                       input=stdin, env={**os.environ, "NO_COLOR": "1"})
    return p.returncode, p.stdout, p.stderr


def rows(*args):
    rc, out, err = run("--format", "json", *args)
    return rc, [json.loads(line) for line in out.splitlines()], err


def by(rs, rule, entity_end):
    return [r for r in rs if r["ruleId"] == rule and r["entity"].endswith(entity_end)]


# Terraform plan (synthesized sample): one repository with an org-conditioned public policy.
rc, rs, _ = rows(os.path.join(FORMATS, "terraform-show-plan-ecr.synth.json"))
check("tf: 4 findings", len(rs) == 4, rs)
check("tf: 103 fails at the address", by(rs, "D9.AWS.IAM.103", "aws_ecr_repository.app")[0]["outcome"] == "failed")
check("tf: evidence", by(rs, "D9.AWS.IAM.103", "app")[0]["evidence"] == ["policy.document.Statement[0]"])
TF_SYNTH = os.path.join(FORMATS, "terraform-show-plan-ecr.synth.json")
check("tf: source is FILE:LINE of the repository's object",
      all(r["source"] == f"{TF_SYNTH}:{plan_lines.line_of(TF_SYNTH, 'aws_ecr_repository.app')}" for r in rs),
      [r["source"] for r in rs])
check("tf: exit 1", rc == 1, rc)

# Terraform variant: child module, lifecycle policy, a policy unknown at plan time, a deletion.
rc, rs, _ = rows(os.path.join(DATA, "terraform-plan-modules.json"))
pub = "module.images.aws_ecr_repository.public"
check("tf+: module repository found", len([r for r in rs if r["entity"] == pub]) == 4, rs)
check("tf+: public policy in a module fails 102", by(rs, "D9.AWS.IAM.102", pub)[0]["outcome"] == "failed")
check("tf+: lifecycle policy joined", by(rs, "D9.AWS.OPE.24", pub)[0]["outcome"] == "passed")
unknown = [r for r in rs if r["outcome"] == "error"]
check("tf+: unknown policy is exactly one error", len(unknown) == 1 and unknown[0]["ruleId"] is None, unknown)
check("tf+: the error names the policy and says why",
      "aws_ecr_repository_policy.pending" in unknown[0]["message"] and "unknown at plan time" in unknown[0]["message"])
TF_MODULES = os.path.join(DATA, "terraform-plan-modules.json")
check("tf+: the error is the repository's, at its line",
      unknown[0]["entity"] == "module.images.aws_ecr_repository.pending" and
      unknown[0]["source"] == f"{TF_MODULES}:{plan_lines.line_of(TF_MODULES, 'module.images.aws_ecr_repository.pending')}",
      unknown[0])
check("tf+: deleted resources are not checked", not any("aws_ecr_repository.old" in r["entity"] for r in rs))
check("tf+: exit 3 (unknown policy is not a pass)", rc == 3, rc)

# AWS CLI outputs: describe-repositories + get-repository-policy, joined by repository.
rc, rs, _ = rows(os.path.join(FORMATS, "aws-cli-describe-repositories.synth.json"),
                 os.path.join(FORMATS, "aws-cli-get-repository-policy.synth.json"))
check("aws: 2 repositories x 4 rules", len(rs) == 8, len(rs))
check("aws: policy joined to its repository", by(rs, "D9.AWS.IAM.103", "project-a/nginx-web-app")[0]["outcome"] == "failed")
check("aws: a repository without a policy is still checked", by(rs, "D9.AWS.IAM.102", "legacy-worker")[0]["outcome"] == "passed")
check("aws: the entity id is the repository ARN", by(rs, "D9.AWS.OPE.24", "legacy-worker")[0]["entity"].startswith("arn:aws:ecr:us-west-2:"))

# AWS CLI variant: outputs concatenated in one file, one policyText that is not JSON.
rc, rs, _ = rows(os.path.join(DATA, "aws-describe.json"), os.path.join(DATA, "aws-policies-concatenated.json"))
check("aws+: legacy-worker policy joined", by(rs, "D9.AWS.IAM.102", "legacy-worker")[0]["outcome"] == "failed")
check("aws+: lifecycle joined", by(rs, "D9.AWS.OPE.24", "nginx-web-app")[0]["outcome"] == "passed")
broken = [r for r in rs if r["outcome"] == "error"]
check("aws+: broken policyText is one error", len(broken) == 1 and "policyText of repository broken" in broken[0]["message"], broken)
check("aws+: the broken repository is not evaluated", not any(r["entity"].endswith("repository/broken") for r in rs if r["ruleId"]))
check("aws+: exit 3", rc == 3, rc)
rc2, rs2, _ = rows("--input", "aws-ecr", os.path.join(DATA, "aws-describe.json"), os.path.join(DATA, "aws-policies-concatenated.json"))
check("aws+: --input aws-ecr equals auto", rs2 == rs)

# CloudGuard compliance notifications: the real samples, one file each, and as NDJSON.
SG_RULE = "SecurityGroup should have isProtected = 'true'"
for name in sorted(os.listdir(NOTIFICATIONS)):
    path = os.path.join(NOTIFICATIONS, name)
    if "entity" not in json.load(open(path)):
        continue  # a GuardDuty finding, not a compliance notification
    rc, out, err = run("--format", "json", "--show", "all", "--rule", "EcrRepository should have name", path)
    lines = [json.loads(line) for line in out.splitlines()]
    check(f"cloudguard {name}: one entity read", len(lines) == 1 and lines[0]["ruleId"] == "rule-1", out + err)
    check(f"cloudguard {name}: typed and not an error", lines and lines[0]["outcome"] in ("not_relevant", "passed"), lines)
    # By default a not_relevant pair is not printed, but it is counted, and the rule that applied
    # to no entity is named on stderr.
    rc, out, err = run("--format", "json", "--rule", "EcrRepository should have name", path)
    if lines and lines[0]["outcome"] == "not_relevant":
        check(f"cloudguard {name}: not_relevant left out by default", out == "", out)
        check(f"cloudguard {name}: the idle rule is named", "rule-1 applied to no entity" in err, err)
p = subprocess.run([CGSL, "check", "--format", "json", "--show", "all", "--rule", SG_RULE, os.path.join(DATA, "cloudguard-notifications.ndjson")],
                   capture_output=True, text=True)
rs = [json.loads(line) for line in p.stdout.splitlines()]
check("cloudguard ndjson: one finding per notification", len(rs) == 8, len(rs))
check("cloudguard ndjson: the security group fails", [r["outcome"] for r in rs if r["entity"] == "sg-64e56b18"] == ["failed"], rs)
check("cloudguard ndjson: positions are lines", rs[0]["source"].endswith("cloudguard-notifications.ndjson:1"))
p2 = subprocess.run([CGSL, "check", "--format", "json", "--show", "all", "--input", "cloudguard", "--rule", SG_RULE, os.path.join(DATA, "cloudguard-notifications.ndjson")],
                    capture_output=True, text=True)
check("cloudguard ndjson: --input cloudguard equals auto", p2.stdout == p.stdout)

# Bad input: every entity that comes in leaves as a finding or an error, good ones still evaluated.
with tempfile.TemporaryDirectory() as tmp:
    good = '{"type":"EcrRepository","id":"good-%d","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}}'
    mixed = os.path.join(tmp, "mixed.ndjson")
    with open(mixed, "wb") as f:
        f.write((good % 1 + "\n").encode())
        f.write(b'{"type":"EcrRepository","id":"truncated",\n')      # 2: malformed
        f.write(b'{"id":"no-type"}\n')                                # 3: no type
        f.write(b'{"type":"EcrRepository","id":"bad-\xff-utf8"}\n')   # 4: invalid UTF-8
        f.write(b"\n")                                                # 5: blank, not an entity
        f.write((good % 2 + "\n").encode())                           # 6
        f.write(b'"just a string"\n')                                 # 7: not an object
        f.write((good % 3).encode())                                  # 8: no final newline
    for window in ("4194304",):
        rc, rs, err = rows(mixed)
        good_rows = [r for r in rs if r["ruleId"] is not None]
        errors = [r for r in rs if r["ruleId"] is None]
        check("mixed: 3 good entities x 4 rules", len(good_rows) == 12, len(good_rows))
        check("mixed: one error per bad line", sorted(int(r["source"].rsplit(":", 1)[1]) for r in errors) == [2, 3, 4, 7], errors)
        check("mixed: every good pair once", len({(r["entity"], r["ruleId"]) for r in good_rows}) == 12)
        check("mixed: good entity after bad lines evaluated", by(good_rows, "D9.AWS.IAM.102", "good-3")[0]["outcome"] == "failed")
        check("mixed: exit 3", rc == 3, rc)
        check("mixed: errors carry reasons", all(r["message"] for r in errors))
    truncated = os.path.join(tmp, "truncated.json")
    with open(truncated, "w") as f:
        f.write('[{"type":"EcrRepository","id":"a"},{"type":"EcrRep')
    empty = os.path.join(tmp, "empty.json")
    open(empty, "w").close()
    missing = os.path.join(tmp, "missing.json")
    rc, rs, _ = rows(truncated, empty, missing, mixed)
    per_file = {}
    for r in rs:
        if r["ruleId"] is None:
            per_file.setdefault(os.path.basename(r["source"]).split(":")[0].split("#")[0], []).append(r)
    check("bad files: truncated file is one error", len(per_file.get("truncated.json", [])) == 1, per_file)
    check("bad files: empty file is one error", len(per_file.get("empty.json", [])) == 1)
    check("bad files: missing file is one error", len(per_file.get("missing.json", [])) == 1)
    check("bad files: the good file after them is still evaluated", len([r for r in rs if r["ruleId"]]) == 12)
    notjson = os.path.join(tmp, "policy.json")
    with open(notjson, "w") as f:
        json.dump({"registryId": "1", "repositoryName": "r", "policyText": "not json"}, f)
    rc, rs, _ = rows("--input", "aws-ecr", notjson)
    check("aws: policyText that is not JSON is an error, never a pass", len(rs) == 1 and rs[0]["outcome"] == "error" and rc == 3, rs)

    # SARIF 2.1.0: the required fields of the schema, rules in the driver, one result per failure.
    inputs = [os.path.join(ROOT, "examples", "inventory.ndjson"), os.path.join(FORMATS, "terraform-show-plan-ecr.synth.json"), mixed]
    rc, out, _ = run("--format", "sarif", *inputs)
    sarif = json.loads(out)
    rc_json, rs, _ = rows(*inputs)
    check("sarif: version", sarif.get("version") == "2.1.0" and "$schema" in sarif)
    run0 = sarif["runs"][0]
    driver = run0["tool"]["driver"]
    check("sarif: driver name", driver["name"] == "cgsl" and driver.get("version"))
    ids = [r["id"] for r in driver["rules"]]
    check("sarif: every rule in the driver", sorted(ids) == sorted({r["ruleId"] for r in rs if r["ruleId"]}), ids)
    check("sarif: rule metadata", all(r["shortDescription"]["text"] and r["help"]["text"] and r["properties"]["severity"] for r in driver["rules"]))
    failures = [r for r in rs if r["outcome"] == "failed"]
    check("sarif: one result per failure", len(run0["results"]) == len(failures), (len(run0["results"]), len(failures)))
    for res in run0["results"]:
        ok = (res["message"]["text"] and res["ruleId"] in ids and ids[res["ruleIndex"]] == res["ruleId"]
              and res["level"] in ("error", "warning", "note") and res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        check("sarif: result fields " + res["ruleId"], ok, res)
    nd = [r for r in run0["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("inventory.ndjson")]
    check("sarif: NDJSON results carry the line", nd and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in nd))
    tf = [r for r in run0["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".synth.json")]
    check("sarif: Terraform results carry the resource address",
          tf and all(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "aws_ecr_repository.app" for r in tf))
    notes = run0["invocations"][0]["toolExecutionNotifications"]
    check("sarif: unreadable entities are notifications", len(notes) == 4 and all(n["message"]["text"] for n in notes), notes)
    check("sarif: executionSuccessful is false with unreadable input", run0["invocations"][0]["executionSuccessful"] is False)
    check("sarif: exit code as for json", rc == rc_json == 3, (rc, rc_json))

    # Text: failures first with evidence and remediation, then the summary table.
    rc, out, _ = run(mixed)
    check("text: failure with evidence", "FAILED [Critical] D9.AWS.IAM.102" in out and "evidence: policy.document.Statement[0]" in out)
    check("text: remediation shown", "remediation:" in out)
    check("text: errors listed", out.count("ERROR ") == 4, out)
    check("text: summary last", out.rstrip().splitlines()[-1].startswith("total") and "(unreadable input)" in out)

    # Threads: same output, in input order, whatever the thread count; small windows stress it.
    big = os.path.join(tmp, "big.ndjson")
    with open(big, "w") as f:
        for i in range(3000):
            f.write((good % i if i % 7 else '{"type":"EcrRepository","id":"private-%d"}' % i) + "\n")
            if i % 500 == 0:
                f.write("{broken\n")
    outs = []
    for threads, window in (("1", "4194304"), ("1", "4096"), ("2", "4096"), ("4", "1000"), ("2", "1")):
        rc, out, _ = run("--format", "json", "--threads", threads, "--window-bytes", window, big)
        outs.append(out)
    check("threads: identical output for any thread count and window size", all(o == outs[0] for o in outs))
    check("threads: all findings", len(outs[0].splitlines()) == 3000 * 4 + 6, len(outs[0].splitlines()))

    # Progress: on stderr only (stdout stays clean), never when stderr is not a terminal.
    rc, out, err = run("--format", "json", "--progress", big)
    check("progress: a line on stderr", "cgsl: " in err and "entities" in err and err.endswith("\n"), err)
    check("progress: stdout unchanged", out == outs[0])
    rc, out, err = run("--format", "json", big)
    check("progress: nothing when stderr is not a terminal", err == "", err)

sys.exit(check.finish())
