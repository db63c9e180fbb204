#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end verdicts over the real-shaped inputs of issue 11 (tests/data/formats): AWS CLI
# outputs from shell loops and jq, Terraform plans and states, NDJSON and JSON edge shapes. Every
# entity leaves as a finding or an error; nothing that went wrong is `passed`.
# Usage: input_shapes_test.py CGSL_BINARY REPO_ROOT
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..")]
import plan_lines  # noqa: E402
from checks import Checks  # noqa: E402

cgsl, root = sys.argv[1], sys.argv[2]
data = os.path.join(root, "tests", "data", "formats")
rules = os.path.join(root, "gsl_rules")
check = Checks(verbose=True)


def rows(*args):
    p = subprocess.run([cgsl, "check", "--format", "json", *args], capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1"), timeout=120)
    return p.returncode, [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


def f(name):
    return os.path.join(data, name)


def outcome(rs, rule, entity_suffix):
    return [r["outcome"] for r in rs if r["ruleId"] == rule and r["entity"].endswith(entity_suffix)]


def errors(rs):
    return [r for r in rs if r["ruleId"] is None]


# AWS CLI: a shell loop over two regions (same name in both) and a policy output per region.
rc, rs = rows("--rules", rules, f("aws-two-regions.json"))
check("aws regions: the repository only in one region is checked", outcome(rs, "D9.AWS.IAM.102", "repository/tools") == ["passed"], rs)
check("aws regions: neither 'app' passes (the policies have no region)", not [r for r in rs if "repository/app" in r["entity"] and r["outcome"] == "passed"], rs)
check("aws regions: one error per 'app' repository", len([e for e in errors(rs) if "carries no region" in e["message"]]) == 2, errors(rs))
check("aws regions: exit 3", rc == 3, rc)

rc, rs = rows("--rules", rules, f("aws-jq-compact.json"))
check("aws jq -c: read as AWS outputs, the policy joined", outcome(rs, "D9.AWS.IAM.102", "repository/app") == ["failed"], rs)
check("aws jq -c: exit 1", rc == 1, rc)
rc, rs = rows("--rules", rules, "--input", "ndjson", "--type", "EcrRepository", f("aws-jq-compact.json"))
check("aws jq -c as NDJSON with --type: errors, never a pass", rs and all(r["outcome"] == "error" for r in rs) and rc == 3, rs)

rc, rs = rows("--rules", rules, f("aws-jq-parsed-policy.json"))
check("aws fromjson policyText + slurped repositories: joined", outcome(rs, "D9.AWS.IAM.102", "repository/app") == ["failed"], rs)

rc, rs = rows("--rules", rules, f("aws-truncated-concatenated.json"))
check("aws truncated output: the outputs after it are read", outcome(rs, "D9.AWS.IAM.102", "repository/app") == ["failed"], rs)
check("aws truncated output: the repository it named is an error, not a pass",
      not [r for r in rs if r["entity"].endswith("repository/tools") and r["outcome"] == "passed"] and
      any("may hold this repository's policy" in e["message"] for e in errors(rs)), rs)
check("aws truncated output: exit 3", rc == 3, rc)

rc, rs = rows("--rules", rules, f("aws-private-and-public.json"))
check("aws private and public 'app': two entities",
      len({r["entity"] for r in rs if r["ruleId"] == "D9.AWS.IAM.102"}) == 2, rs)

# Terraform.
rc, rs = rows("--rules", rules, f("terraform-plan-provider-aliases.json"))
check("tf aliases: each repository has its own policy",
      outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.west") == ["passed"] and
      outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.east") == ["failed"], rs)
rc, rs = rows("--rules", rules, f("terraform-plan-unknown-repository.json"))
check("tf unknown repository (.id): joined by reference", outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.app") == ["failed"], rs)
for fmt in ("auto", "terraform-plan"):
    rc, rs = rows("--rules", rules, "--input", fmt, f("terraform-state.json"))
    check(f"tf state ({fmt}): read as a state", outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.app") == ["failed"], rs)
rc, rs = rows("--rules", rules, f("terraform-plans-concatenated-bom.json"))
check("tf concatenated + BOM: both plans read",
      outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.a") == ["passed"] and
      outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.b") == ["passed"], rs)
CONCAT = f("terraform-plans-concatenated-bom.json")
check("tf deferred: an error for its address at its line",
      any(e["entity"] == "aws_ecr_repository.later" and
          e["source"] == f"{CONCAT}:{plan_lines.line_of(CONCAT, 'aws_ecr_repository.later')}" for e in errors(rs))
      and rc == 3, errors(rs))
with tempfile.TemporaryDirectory() as tmp:
    empty = os.path.join(tmp, "empty-plan.json")
    with open(empty, "w") as out:
        out.write("{}\n")
    rc, rs = rows("--rules", rules, "--input", "terraform-plan", empty)
    check("tf {}: an error, not an empty plan", len(rs) == 1 and rs[0]["outcome"] == "error" and rc == 3, rs)

    # Numbers: integers compare exactly.
    big = os.path.join(tmp, "big.ndjson")
    with open(big, "w") as out:
        out.write('{"type":"T","id":"exact","v":9007199254740993}\n{"type":"T","id":"neighbour","v":9007199254740992}\n')
    rc, rs = rows("--rule", "T should have v = 9007199254740993", big)
    check("numbers: exact integer equality", [(r["entity"], r["outcome"]) for r in rs] == [("exact", "passed"), ("neighbour", "failed")], rs)
    lst = os.path.join(tmp, "list.json")
    with open(lst, "w") as out:
        out.write("[9007199254740993]")
    rc, rs = rows("--list", f"big={lst}", "--rule", "T should have v in ($big)", big)
    check("numbers: exact in a named list", [(r["entity"], r["outcome"]) for r in rs] == [("exact", "passed"), ("neighbour", "failed")], rs)

# NDJSON and JSON shapes.
rc, rs = rows("--rule", "T should have v > 0", f("ndjson-bad-first-line.ndjson"))
check("ndjson bad first line: one error for line 1, lines 2 and 3 evaluated",
      [(r["source"].rsplit(":", 1)[-1], r["outcome"]) for r in rs] == [("1", "error"), ("2", "passed"), ("3", "passed")], rs)
rc, rs = rows("--rule", "T should have v > 0", f("json-typed-with-items.json"))
check("json typed entity with items: an entity", [(r["entity"], r["outcome"]) for r in rs] == [("with-items", "passed")], rs)
rc, rs = rows("--rule", "T should have v > 0", f("json-empty-wrapper.json"))
check("json empty wrapper: an error, exit 3", len(rs) == 1 and rs[0]["outcome"] == "error" and rc == 3, (rc, rs))

sys.exit(check.finish())
