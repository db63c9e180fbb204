#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Issue 12: `cgsl check plan.json`, `cgsl check template.yaml` and `cgsl check cdk.out/` evaluate
# every resource with the bundled rules (tests/data/iac, see its SOURCES), and nothing is skipped.
#   iac_test.py CGSL SOURCE_DIR
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..")]
import plan_lines  # noqa: E402
from checks import Checks  # noqa: E402

CGSL, ROOT = sys.argv[1], sys.argv[2]
DATA = os.path.join(ROOT, "tests", "data", "iac")
check = Checks(verbose=True)


def run(*args):
    p = subprocess.run([CGSL, "check", "--no-progress", *args], capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def rows(*args):
    rc, out, err = run("--format", "json", "--show", "all", *args)
    return rc, [json.loads(l) for l in out.splitlines() if l.strip()], err


def outcome(rs, rule, entity):
    # The outcome of rule on entity: an ECR resource and its EcrRepository entity share the id,
    # and the rule is not relevant to one of them; the relevant one decides.
    got = [r["outcome"] for r in rs if r["ruleId"] == rule and r["entity"] == entity]
    relevant = [o for o in got if o != "not_relevant"]
    if len(relevant) == 1:
        return relevant[0]
    return got[0] if len(got) == 1 else got


# A plan: every resource with the bundled rules.
PLAN = os.path.join(DATA, "tf-plan-modules.json")
rc, rs, err = rows(PLAN)
check("plan: password policy 60 days fails D9.TF.AWS.IAM.09",
      outcome(rs, "D9.TF.AWS.IAM.09", "aws_iam_account_password_policy.strict") == "failed", rs)
check("plan: count instance [0] binds cluster-admin: D9.TF.K8S.IAM.47 fails",
      outcome(rs, "D9.TF.K8S.IAM.47", "module.cluster.kubernetes_cluster_role_binding.admins[0]") == "failed")
check("plan: count instance [1] binds view: passes",
      outcome(rs, "D9.TF.K8S.IAM.47", "module.cluster.kubernetes_cluster_role_binding.admins[1]") == "passed")
check("plan: the seed rule D9.AWS.IAM.102 catches the public repository",
      outcome(rs, "D9.AWS.IAM.102", "aws_ecr_repository.app") == "failed")
check("plan: and its Terraform sibling at the policy resource",
      outcome(rs, "CGSL.TF.AWS.ECR.102", "aws_ecr_repository_policy.app") == "failed")
check("plan: a CloudFormation rule is not relevant to a Terraform role",
      outcome(rs, "D9.CFT.IAM.28", "aws_iam_role.deploy") == "not_relevant")
check("plan: findings are at the resource address, FILE:LINE of its object in the plan",
      all(r["source"] == f"{PLAN}:{plan_lines.line_of(PLAN, r['entity'])}"
          for r in rs if r["ruleId"] and r["entityType"] != "EcrRepository"),
      [(r["entity"], r["source"]) for r in rs if r["ruleId"]][:6])
check("plan: exit 1 (failures, no error)", rc == 1, (rc, err))
# Nothing silently skipped: the summary counts every resource type, those no rule targets too.
rc, out, err = run(os.path.join(DATA, "tf-plan-modules.json"))
check("plan: the summary counts resources no rule targets (aws_s3_bucket, aws_cloudtrail)",
      "aws_s3_bucket 1" in out and "aws_cloudtrail 1" in out and "aws_security_group_rule 1" in out, out)
check("plan: the deleted user is not counted", "aws_iam_user" not in out, out)

# An unknown value decides nothing: a rule over an attribute known after apply is an error.
rc, rs, err = rows("--rule", "aws_s3_bucket should have bucket like 'artifacts-*'",
                   "--rule", "aws_s3_bucket should have bucket_prefix = 'artifacts-' or bucket = 'x'",
                   "--rule", "aws_s3_bucket should have tags.team = 'platform'",
                   os.path.join(DATA, "tf-plan-modules.json"))
by_logic = {r["ruleId"]: r for r in rs if r["entity"] == "aws_s3_bucket.artifacts"}
errs = [r for r in rs if r["outcome"] == "error"]
check("unknown: a rule on `bucket` (known after apply) is one error naming it",
      len(errs) == 1 and "bucket is known after apply" in errs[0]["message"] and errs[0]["code"] == "E309", errs)
check("unknown: a known side of `or` decides; a rule that does not read it passes",
      sorted(r["outcome"] for r in by_logic.values()) == ["error", "passed", "passed"], by_logic)
check("unknown: exit 3", rc == 3, rc)

# A state and a UTF-16 plan.
rc, rs, err = rows(os.path.join(DATA, "tf-state.json"), os.path.join(DATA, "tf-plan-utf16.json"))
check("state: 90 days passes D9.TF.AWS.IAM.09",
      outcome(rs, "D9.TF.AWS.IAM.09", "aws_iam_account_password_policy.default") == "passed")
check("utf-16 plan: 30 days fails", outcome(rs, "D9.TF.AWS.IAM.09", "aws_iam_account_password_policy.win") == "failed")
check("state: the for_each repository in a module is checked",
      outcome(rs, "D9.AWS.OPE.24", 'module.registry.aws_ecr_repository.this["api"]') == "passed", rs)

# A YAML template.
rc, rs, err = rows(os.path.join(DATA, "cfn-all-tags.yaml"))
check("yaml: AdminRole's inline admin policy fails D9.CFT.IAM.28", outcome(rs, "D9.CFT.IAM.28", "AdminRole") == "failed")
check("yaml: !Sub | literal JSON with Principal '*': D9.AWS.IAM.102 fails on the mapped entity",
      outcome(rs, "D9.AWS.IAM.102", "PublicRepository") == "failed")
check("yaml: and CGSL.CFT.AWS.ECR.102 on the resource", outcome(rs, "CGSL.CFT.AWS.ECR.102", "PublicRepository") == "failed")
check("yaml: a principal from a parameter's Default passes", outcome(rs, "CGSL.CFT.AWS.ECR.102", "WebRepository") == "passed")
check("yaml: Users [!ImportValue] is not empty: D9.CFT.IAM.18 fails", outcome(rs, "D9.CFT.IAM.18", "ReadOnlyPolicy") == "failed")
check("yaml: sources are file:line of the logical id",
      any(r["source"].endswith("cfn-all-tags.yaml:64") for r in rs if r["entity"] == "AdminRole"), rs)
rc, out, err = run(os.path.join(DATA, "cfn-all-tags.yaml"))
check("yaml: the summary counts every resource type",
      all(t in out for t in ("AWS_SQS_Queue 1", "AWS_EC2_Instance 1", "AWS_CloudFormation_WaitConditionHandle 1")), out)

# JSON template: a policy text that is not JSON, an Fn::If around a document: errors, not passes.
rc, rs, err = rows(os.path.join(DATA, "cfn-iam.json"))
check("json: Fn::If around the PolicyDocument: D9.CFT.IAM.28 is an error", outcome(rs, "D9.CFT.IAM.28", "BrokenPolicyRole") == "error")
check("json: Action ['*']: fails", outcome(rs, "D9.CFT.IAM.28", "WildcardRole") == "failed")
check("json: Users from a parameter Default: fails", outcome(rs, "D9.CFT.IAM.18", "UserPolicy") == "failed")
rc, rs, err = rows("--rule", "AWS_IAM_Role should not have AssumeRolePolicyDocument.Statement contain [ Principal.AWS = '*' ]",
                   os.path.join(DATA, "cfn-iam.json"))
check("json: a trust policy that is not JSON is an error (the document cannot be read)",
      outcome(rs, rs[0]["ruleId"], "BrokenPolicyRole") == "error" and outcome(rs, rs[0]["ruleId"], "WildcardRole") == "passed", rs)

# A CDK synth folder: the template is read, manifest.json / tree.json / assets are not input.
rc, rs, err = rows(os.path.join(DATA, "cdk.out"))
check("cdk.out/: the public repository fails D9.AWS.IAM.102", outcome(rs, "D9.AWS.IAM.102", "Repo02AC86CF") == "failed", rs)
check("cdk.out/: no error for manifest.json, tree.json or the assets", not [r for r in rs if r["outcome"] == "error"], rs)
check("cdk.out/: sources name the template", all("ImagesStack.template.json:" in r["source"] for r in rs), rs)

# A folder of unknown files is an error, never a clean run.
tmp = tempfile.mkdtemp()
try:
    with open(os.path.join(tmp, "notes.txt"), "w") as f:
        f.write("nothing here\n")
    shutil.copy(os.path.join(DATA, "cdk.out", "manifest.json"), tmp)
    rc, rs, err = rows(tmp)
    check("folder without input: one E307 error, exit 3",
          rc == 3 and len(rs) == 1 and rs[0]["code"] == "E307" and "the folder holds no input" in rs[0]["message"], (rc, rs))
finally:
    shutil.rmtree(tmp)

sys.exit(check.finish())
