#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Issue 12 on REAL files: Terraform's own `show -json` outputs, checkov's and regula's fixtures,
# cfn-lint's and cfn_nag's templates, a committed cdk.out and an aws-cdk integration snapshot
# (tests/data/iac/real, see its SOURCES). For every file, what cgsl must make of it is computed
# here from the file itself (Python standard library only): every managed resource instance of a
# plan or state, every CloudFormation resource, each an entity of the right type and id, at the
# right line, none lost, none added, no input error but the ones a file really has; then the
# bundled rules and a few user rules give the verdicts these files call for.
#   iac_real_test.py CGSL SOURCE_DIR
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..")]
import plan_lines  # noqa: E402
from checks import Checks  # noqa: E402

CGSL, ROOT = sys.argv[1], sys.argv[2]
REAL = os.path.join(ROOT, "tests", "data", "iac", "real")
RULES = os.path.join(ROOT, "gsl_rules")
check = Checks(verbose=True, detail_chars=900)


def real(rel):
    return os.path.join(REAL, rel)


def run(*args):
    with tempfile.TemporaryDirectory() as tmp:
        summary = os.path.join(tmp, "summary.json")
        p = subprocess.run([CGSL, "check", "--format", "json", "--show", "all", "--no-progress", "--now", "2024-06-01",
                            "--summary", summary, *args], capture_output=True, timeout=120)
        rows = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
        with open(summary) as f:
            s = json.load(f)
    return p.returncode, rows, s, p.stderr.decode()


# ---- what a file holds, computed here -------------------------------------------------------


def decode(b):
    # PowerShell's `>` writes UTF-16LE with a byte order mark.
    if b[:2] == b"\xff\xfe":
        return b[2:].decode("utf-16-le")
    if b[:2] == b"\xfe\xff":
        return b[2:].decode("utf-16-be")
    if b[:3] == b"\xef\xbb\xbf":
        return b[3:].decode("utf-8")
    return b.decode("utf-8")


def terraform_resources(path):
    """{address: type} of the managed resource instances that exist after apply: a state's
    values.root_module; a plan's prior_state, planned_values (root and child modules) and
    resource_changes joined by address, less the changes that only delete (or forget)."""
    with open(path, "rb") as f:
        d = json.loads(decode(f.read()))
    out = {}

    def walk(m):
        for r in (m or {}).get("resources") or []:
            if r.get("mode") == "managed":
                out[r["address"]] = r["type"]
        for c in (m or {}).get("child_modules") or []:
            walk(c)

    if "planned_values" not in d and "resource_changes" not in d:
        walk((d.get("values") or {}).get("root_module"))
        return out
    walk(((d.get("prior_state") or {}).get("values") or {}).get("root_module"))
    walk((d.get("planned_values") or {}).get("root_module"))
    for rc in d.get("resource_changes") or []:
        if rc.get("mode") != "managed":
            continue
        actions = rc["change"]["actions"]
        if actions and set(actions) <= {"delete", "forget"}:
            out.pop(rc["address"], None)
        else:
            out[rc["address"]] = rc["type"]
    return out


def resources_block(lines):
    """[(logical id, line)] of the keys directly under the top-level Resources, read from the
    text's indentation (block YAML, or pretty-printed JSON); a key written twice is listed twice."""
    # YAML: the key at column 0; JSON: the first member named "Resources" (the top-level one in
    # these templates, which have no other).
    start = next(i for i, l in enumerate(lines)
                 if re.match(r'^Resources\s*:\s*(#.*)?$', l) or re.match(r'^\s*"Resources"\s*:\s*\{\s*$', l))
    base = len(lines[start]) - len(lines[start].lstrip())
    indent, keys = None, []
    for n in range(start + 1, len(lines)):
        l = lines[n]
        s = l.strip()
        if not s or s.startswith("#"):
            continue
        ind = len(l) - len(l.lstrip())
        if ind <= base:
            break
        if indent is None:
            indent = ind
        if ind == indent:
            m = re.match(r'^\s*["\']?([A-Za-z0-9:]+)["\']?\s*:', l)
            if m:
                keys.append((m.group(1), n + 1))
    return keys


def cloudformation_resources(path):
    """[(logical id, resource type, line)] as CloudFormation deploys them: a logical id written
    twice is its last definition."""
    with open(path, "rb") as f:
        text = decode(f.read())
    lines = text.splitlines()
    keys = resources_block(lines)
    last_line = {k: n for k, n in keys}
    if text.lstrip().startswith("{"):
        d = json.loads(text)  # repeated names: the last, as CloudFormation
        assert set(d["Resources"]) == set(last_line), (path, sorted(d["Resources"]), sorted(last_line))
        return [(k, v["Type"], last_line[k]) for k, v in d["Resources"].items()]
    # YAML: the Type line inside each resource's block (every template here has one).
    out = {}
    for (k, n), nxt in zip(keys, keys[1:] + [(None, len(lines) + 1)]):
        body = lines[n:nxt[1] - 1]
        t = next((m.group(1) for m in (re.match(r'^\s+Type\s*:\s*["\']?([A-Za-z0-9:]+)["\']?\s*$', b) for b in body) if m), None)
        out[k] = (t, n)
    return [(k, t, n) for k, (t, n) in out.items()]


def cfn_type(t):
    return t.replace("::", "_")


# ---- the files and what they must give ------------------------------------------------------

# (file or folder under tests/data/iac/real, kind, the input errors it really has:
#  [(code, text in the message)])
CASES = [
    ("terraform/show-json-modules.json", "tf", []),
    ("terraform/show-json-basic-delete.json", "tf", []),
    ("terraform/show-json-conditions-refresh-only.json", "tf", []),
    ("terraform/show-json-state-modules.json", "tf", []),
    ("checkov/tfplan_win_utf16.json", "tf", []),
    ("checkov/plan_tags.tfplan.json", "tf", []),
    ("checkov/plan_with_iam_policies.tfplan.json", "tf", []),
    ("checkov/GithubActionsOIDCTrustPolicy.tfplan.json", "tf", []),
    ("checkov/plan_with_deleted_resources.tfplan.json", "tf", []),
    ("checkov/ECRPolicy-FAILED.yaml", "cfn", []),
    ("checkov/invalid.yaml", "cfn", []),
    ("regula/admin_policy_infra.yaml", "cfn", []),
    ("cfn-lint/ref-no-value.yaml", "cfn", []),
    ("cfn-lint/no_value.yaml", "cfn", []),
    ("cfn-lint/iam-policy.yaml", "cfn", []),
    ("cfn-lint/duplicate.json", "cfn", []),
    ("cfn-lint/foreach.yaml", "cfn",
     [("E308", "Fn::ForEach::Buckets: Fn::ForEach (the AWS::LanguageExtensions transform) is not expanded")]),
    ("cfn_nag/lambda_with_cloudwatch_logs_permission.yaml", "cfn", []),
    ("cfn_nag/ecr_repository_without_explicit_name.json", "cfn", []),
    ("cfn_nag/vulgar_bad_syntax.yml", "cfn",
     [("E308", "not a readable CloudFormation template: yaml-cpp: error at line 3, column 15: illegal map value")]),
    ("kics-cdk-validator-plugin/cdk.out", "cdk", []),
    ("aws-cdk/integ.grant.js.snapshot", "cdk", []),
]


def expected_entities(rel, kind, errors):
    """[(id, type, line or None)], EcrRepository entities included."""
    out = []
    if kind == "tf":
        for address, t in terraform_resources(real(rel)).items():
            out.append((address, t, None))
            if t == "aws_ecr_repository":
                out.append((address, "EcrRepository", None))
        return out
    if errors:  # a file that cannot be read, or whose resources cannot be: no entity
        return out
    files = [real(rel)] if kind == "cfn" else \
        [os.path.join(real(rel), f) for f in sorted(os.listdir(real(rel))) if f.endswith(".template.json")]
    for path in files:
        with open(path) as f:
            if kind == "cdk" and "Resources" not in json.load(f):
                continue  # the DeployAssert stack: Parameters and Rules only, not an entity source
        for logical, t, line in cloudformation_resources(path):
            out.append((logical, cfn_type(t), (os.path.relpath(path, real(rel)), line)))
            if t == "AWS::ECR::Repository":
                out.append((logical, "EcrRepository", (os.path.relpath(path, real(rel)), line)))
    return out


total_entities = 0
total_errors = []
for rel, kind, errors in CASES:
    exp = expected_entities(rel, kind, errors)
    total_entities += len(exp)
    total_errors += errors
    rc, rows, summary, err = run("--rules", RULES, real(rel))
    verdicts = [r for r in rows if r["ruleId"]]
    inputs = [r for r in rows if not r["ruleId"]]
    want = collections.Counter((i, t) for i, t, _ in exp)
    # Every bundled rule sees every entity exactly once, with its type and id.
    by_rule = collections.defaultdict(collections.Counter)
    for r in verdicts:
        by_rule[r["ruleId"]][(r["entity"], r["entityType"])] += 1
    bad = {rule: (sorted((want - got).items())[:4], sorted((got - want).items())[:4])
           for rule, got in by_rule.items() if got != want}
    check(f"{rel}: each of the {len(by_rule)} bundled rules sees the {len(exp)} entities computed from the file, "
          "with their types and ids, none lost, none added", (by_rule or not exp) and not bad and
          (len(by_rule) >= 10 or not exp), bad or by_rule.keys())
    check(f"{rel}: the summary counts {len(exp)} entities, per type as computed",
          summary["entities"] == len(exp) and summary["entitiesPerType"] == dict(collections.Counter(t for _, t, _ in exp)),
          (summary["entities"], summary["entitiesPerType"]))
    # Input errors: exactly those the file has; and no rule errs on these files (E3xx).
    got_errors = [(r["code"], r["message"]) for r in inputs]
    check(f"{rel}: input errors {[c for c, _ in errors] or 'none'}",
          len(got_errors) == len(errors) and all(c == ec and m.startswith(em) for (c, m), (ec, em) in zip(got_errors, errors))
          and summary["unreadable"] == len(errors), (got_errors, summary["unreadable"]))
    rule_errors = [(r["ruleId"], r["entity"], r.get("code"), r.get("message")) for r in verdicts if r["outcome"] == "error"]
    check(f"{rel}: no bundled rule gives an error", not rule_errors, rule_errors)
    failed = any(r["outcome"] == "failed" for r in verdicts)
    check(f"{rel}: exit {3 if errors else 1 if failed else 0}", rc == (3 if errors else 1 if failed else 0), (rc, err))
    # Sources: a CloudFormation resource at the line of its logical id (of its last definition);
    # a Terraform resource at the line of its object (tests/cli/plan_lines.py).
    lines = {(i, t): line for i, t, line in exp}
    wrong = []
    for r in verdicts:
        src = r["source"]
        if kind == "tf":
            ok = src == f"{real(rel)}:{plan_lines.line_of(real(rel), r['entity'])}"
        else:
            f, n = lines[(r["entity"], r["entityType"])]
            ok = src == os.path.normpath(os.path.join(real(rel), f)) + ":" + str(n) if kind == "cdk" else src == real(rel) + ":" + str(n)
        if not ok:
            wrong.append((r["entity"], src))
    check(f"{rel}: every finding names the file and the line of the resource's {'object' if kind == 'tf' else 'logical id'}",
          not wrong, wrong[:5])
    if kind == "cdk":
        others = sorted(f for f in os.listdir(real(rel)) if not f.endswith(".template.json")) + \
            [f for f in sorted(os.listdir(real(rel))) if f.endswith(".template.json") and
             "Resources" not in json.load(open(os.path.join(real(rel), f)))]
        check(f"{rel}: the {len(others)} files that hold no resource are passed over, and said so",
              f"{len(others)} file(s) that are not IaC" in err, err)

# The whole folder at once: every file sniffed, the same entities, the same two errors.
rc, rows, summary, err = run("--rules", RULES, REAL)
check(f"tests/data/iac/real as one folder: {total_entities} entities", summary["entities"] == total_entities, summary["entities"])
got = sorted((r["code"], r["message"][:40]) for r in rows if not r["ruleId"])
check("tests/data/iac/real as one folder: the two input errors and no other", got == sorted((c, m[:40]) for c, m in total_errors), got)
check("tests/data/iac/real as one folder: exit 3", rc == 3, rc)

# The CDK templates are byte for byte what CDK synthesized: their SHA-256 is the asset hash their
# snapshot's manifest names (SOURCES).
for folder in ("aws-cdk/integ.grant.js.snapshot", "kics-cdk-validator-plugin/cdk.out"):
    with open(real(folder + "/manifest.json")) as f:
        manifest = json.load(f)
    for art in manifest["artifacts"].values():
        if art["type"] != "aws:cloudformation:stack":
            continue
        with open(real(folder + "/" + art["properties"]["templateFile"]), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        check(f"{folder}: {art['properties']['templateFile']} has the SHA-256 its manifest names",
              art["properties"]["stackTemplateAssetObjectUrl"].endswith("/" + digest + ".json"), digest)


# ---- verdicts -------------------------------------------------------------------------------


def verdicts(rel, *rules, bundled=False):
    args = ["--rules", RULES] if bundled else [a for r in rules for a in ("--rule", r)]
    rc, rows, summary, err = run(*args, real(rel))
    out = {}
    for r in rows:
        if r["ruleId"] and r["outcome"] != "not_relevant":
            out[(r["ruleId"] if bundled else r["ruleName"], r["entity"], r["entityType"])] = \
                (r["outcome"], r.get("code"), r.get("message", ""))
    return out


def outcomes(v, rule, etype=None):
    return {e: o[0] for (r, e, t), o in v.items() if r == rule and (etype is None or t == etype)}


def is_unknown(v, rule, entity, what):
    got = [o for (r, e, t), o in v.items() if r == rule and e == entity]
    return len(got) == 1 and got[0][0] == "error" and got[0][1] == "E309" and what in got[0][2]


# Terraform: the buckets of a plan whose resources are only in resource_changes, as the file says.
rel = "checkov/plan_tags.tfplan.json"
with open(real(rel)) as f:
    plan = json.load(f)
acl = {rc["address"]: rc["change"]["after"].get("acl") for rc in plan["resource_changes"] if rc["type"] == "aws_s3_bucket"}
r_acl = "aws_s3_bucket should not have acl = 'public-read'"
r_prefix = "aws_s3_bucket should have logging contain [ target_prefix = 'log/' ]"
r_target = "aws_s3_bucket should have logging contain [ target_bucket like '%-logs' ]"
r_policy = "aws_iam_user_policy should not have policy.Statement contain [ Effect='Allow' and Resource='*' ]"
v = verdicts(rel, r_acl, r_prefix, r_target, r_policy)
check(f"{rel}: `acl = 'public-read'` fails exactly the buckets whose after.acl says so ({len(acl)} buckets)",
      outcomes(v, r_acl) == {a: "failed" if x == "public-read" else "passed" for a, x in acl.items()}
      and list(acl.values()).count("public-read") == 1, outcomes(v, r_acl))
check(f"{rel}: a known member beside an unknown one in a block list decides (logging[0].target_prefix)",
      outcomes(v, r_prefix).get("aws_s3_bucket.data_science") == "passed", outcomes(v, r_prefix))
check(f"{rel}: the unknown one is an error, never a pass (logging[0].target_bucket)",
      is_unknown(v, r_target, "aws_s3_bucket.data_science", "logging[0].target_bucket is known after apply"), v)
check(f"{rel}: a policy given as a JSON string is read: `Resource: *` fails",
      outcomes(v, r_policy) == {"aws_iam_user_policy.userpolicy": "failed"}, outcomes(v, r_policy))
v = verdicts(rel, bundled=True)
check(f"{rel}: the repository without a policy passes D9.AWS.IAM.102 and fails D9.AWS.OPE.24 (no lifecycle policy)",
      outcomes(v, "D9.AWS.IAM.102") == {"aws_ecr_repository.repository": "passed"} and
      outcomes(v, "D9.AWS.OPE.24") == {"aws_ecr_repository.repository": "failed"}, v)

rel = "checkov/plan_with_iam_policies.tfplan.json"
r_group = "aws_iam_group_policy should not have policy.Statement contain [ Action = 'iam:*' ]"
r_managed = "aws_iam_policy should not have policy.Statement contain [ Action = '*' ]"
r_name = "aws_iam_role should have name"
v = verdicts(rel, r_group, r_managed, r_name)
check(f"{rel}: a policy JSON text with CRLF line ends inside is read: `iam:*` fails",
      outcomes(v, r_group) == {"aws_iam_group_policy.fail_2": "failed"}, outcomes(v, r_group))
check(f"{rel}: `s3:*` is not `*`: the managed policy passes", outcomes(v, r_managed) == {"aws_iam_policy.policy_pass": "passed"})
check(f"{rel}: `name` known after apply: an error E309 naming it",
      is_unknown(v, r_name, "aws_iam_role.example", "aws_iam_role.example: name is known after apply"), v)

rel = "checkov/GithubActionsOIDCTrustPolicy.tfplan.json"
r_trust = "aws_iam_role should not have assume_role_policy.Statement contain [ Principal.Federated like '%token.actions.githubusercontent.com%' ]"
r_inline = "aws_iam_role should have inline_policy contain [ policy.Statement contain [ Condition.StringLike ] ]"
v = verdicts(rel, r_trust, r_inline)
roles = [a for a, t in terraform_resources(real(rel)).items() if t == "aws_iam_role"]
check(f"{rel}: the trust policy of each of the {len(roles)} for_each roles is known only after apply: E309, never passed",
      len(roles) == 4 and all(is_unknown(v, r_trust, a, a + ": assume_role_policy is known after apply") for a in roles), v)
check(f"{rel}: their inline_policy[].policy JSON texts are read (after_unknown [{{}}] marks nothing)",
      outcomes(v, r_inline) == {a: "passed" for a in roles}, outcomes(v, r_inline))

rel = "checkov/tfplan_win_utf16.json"
r_bucket = "aws_s3_bucket should have bucket = 'mike-abcd123data'"
r_private = "aws_s3_bucket should have acl = 'private'"
v = verdicts(rel, r_bucket, r_private)
check(f"{rel}: the UTF-16 plan's values are read", outcomes(v, r_bucket) == {"aws_s3_bucket.data": "passed"}, v)
check(f"{rel}: its `acl` is known after apply: E309", is_unknown(v, r_private, "aws_s3_bucket.data", "acl is known after apply"), v)

rel = "terraform/show-json-basic-delete.json"
v = verdicts(rel, "test_instance should have ami = 'bar'")
check(f"{rel}: resource_changes' after (ami bar) overrides prior_state (ami foo); the deleted instance is not there",
      outcomes(v, "test_instance should have ami = 'bar'") == {"test_instance.test": "passed"}, v)
rel = "terraform/show-json-conditions-refresh-only.json"
v = verdicts(rel, "test_instance should have ami = 'ami-test'", "test_instance should not have password")
check(f"{rel}: resources only in prior_state are read with their values",
      outcomes(v, "test_instance should have ami = 'ami-test'") == {"test_instance.bar": "passed", "test_instance.foo": "passed"}
      and set(outcomes(v, "test_instance should not have password").values()) == {"passed"}, v)
rel = "terraform/show-json-state-modules.json"
v = verdicts(rel, "test_instance should have ami = 'foo-var'")
check(f"{rel}: a state's child-module values are read",
      outcomes(v, "test_instance should have ami = 'foo-var'") ==
      {"module.module_test_bar.test_instance.example": "failed", "module.module_test_foo.test_instance.example[0]": "passed"}, v)
rel = "terraform/show-json-modules.json"
v = verdicts(rel, "test_instance should have terraform.id", "test_instance should have ami = 'baz'")
check(f"{rel}: the attribute `id` (in `terraform`, the entity's id is the address) is known after apply: E309 for all 4",
      sum(is_unknown(v, "test_instance should have terraform.id", a, "id is known after apply")
          for a in terraform_resources(real(rel))) == 4, v)
check(f"{rel}: count instances [0..2] of module_test_foo have ami baz, module_test_bar does not",
      outcomes(v, "test_instance should have ami = 'baz'") ==
      {"module.module_test_bar.test_instance.test": "failed", **{f"module.module_test_foo.test_instance.test[{i}]": "passed" for i in range(3)}})
rel = "checkov/plan_with_deleted_resources.tfplan.json"
v = verdicts(rel, "aws_secretsmanager_secret should have recovery_window_in_days >= 7")
check(f"{rel}: a create-before-destroy replacement exists after apply and is checked",
      outcomes(v, "aws_secretsmanager_secret should have recovery_window_in_days >= 7") == {"aws_secretsmanager_secret.default": "passed"}, v)

# CloudFormation.
rel = "cfn-lint/no_value.yaml"
v = verdicts(rel, "AWS_RDS_DBInstance should have Port = 1433",
             "AWS_RDS_DBInstance should have Tags contain [ Key='app' and Value='MyApp' ]",
             "AWS_RDS_DBParameterGroup should have Description = 'MyApp RDS Parameter Group.'",
             "AWS_RDS_DBInstance should not have MonitoringRoleArn",
             "Custom_Secret should have ServiceToken like 'arn:aws:lambda:%'")
check(f"{rel}: Ref to a Number parameter with Default 1433 is 1433",
      outcomes(v, "AWS_RDS_DBInstance should have Port = 1433") == {"rDBServerInstance": "passed"}, v)
check(f"{rel}: Ref to a String parameter with Default, in a Tags list", outcomes(
    v, "AWS_RDS_DBInstance should have Tags contain [ Key='app' and Value='MyApp' ]") == {"rDBServerInstance": "passed"}, v)
check(f"{rel}: !Join [' ', [!Ref P, 'text']] with P's Default is the text", outcomes(
    v, "AWS_RDS_DBParameterGroup should have Description = 'MyApp RDS Parameter Group.'") == {"rParameterGroup": "passed"}, v)
check(f"{rel}: Fn::If [Cond, !GetAtt, !Ref AWS::NoValue] is unknown: E309, not `not have` passed",
      is_unknown(v, "AWS_RDS_DBInstance should not have MonitoringRoleArn", "rDBServerInstance", "Fn::If"), v)
check(f"{rel}: Fn::Join over !Ref AWS::Region and `! \"Ref\"` is unknown: E309",
      is_unknown(v, "Custom_Secret should have ServiceToken like 'arn:aws:lambda:%'", "rDBPassword", "Fn::Join"), v)

rel = "cfn-lint/ref-no-value.yaml"
v = verdicts(rel, "AWS_IAM_Role should have Tags contain [ Key='Key2' ]", "AWS_IAM_Role should not have Tags contain [ Key='Key9' ]",
             "AWS_IAM_Role should not have Tags", "AWS_CloudFront_Distribution should have DistributionConfig.Enabled = true")
check(f"{rel}: a known Tags element beside !If / !Ref AWS::NoValue ones decides `contain`",
      outcomes(v, "AWS_IAM_Role should have Tags contain [ Key='Key2' ]").get("IamRole1") == "passed", v)
check(f"{rel}: `not contain` over a list with an !If element is an error, never a pass",
      is_unknown(v, "AWS_IAM_Role should not have Tags contain [ Key='Key9' ]", "IamRole1", "IamRole1.Tags[0]: Fn::If"), v)
check(f"{rel}: Tags: !If [...] is unknown; `Properties: !Ref AWS::NoValue` is no properties",
      is_unknown(v, "AWS_IAM_Role should not have Tags", "IamRole3", "IamRole3.Tags: Fn::If") and
      outcomes(v, "AWS_IAM_Role should not have Tags").get("IamRole2") == "passed", v)
check(f"{rel}: an !If beside known members leaves them known",
      outcomes(v, "AWS_CloudFront_Distribution should have DistributionConfig.Enabled = true").get("CloudFront2") == "passed", v)

rel = "cfn-lint/iam-policy.yaml"
r = "AWS_IAM_ManagedPolicy should not have PolicyDocument.Statement contain [ Action = '*' ]"
v = verdicts(rel, r)
check(f"{rel}: a Statement list with an Fn::If statement: `not contain` is E309, never passed",
      is_unknown(v, r, "SomeManagedPolicy", "PolicyDocument.Statement[1]: Fn::If"), v)

rel = "cfn_nag/lambda_with_cloudwatch_logs_permission.yaml"
r = "AWS_IAM_Role should have AssumeRolePolicyDocument.Version = '2012-10-17'"
v = verdicts(rel, r)
roles = [k for k, t, _ in cloudformation_resources(real(rel)) if t == "AWS::IAM::Role"]
check(f"{rel}: unquoted `Version: 2012-10-17` stays the string (all {len(roles)} roles)",
      outcomes(v, r) == {k: "passed" for k in roles} and len(roles) == 4, outcomes(v, r))
v = verdicts(rel, bundled=True)
check(f"{rel}: D9.CFT.IAM.28 fails the role with an inline Action '*' policy, passes the others",
      outcomes(v, "D9.CFT.IAM.28") == {k: "failed" if k == "RoleWithWildcardAll" else "passed" for k in roles}, outcomes(v, "D9.CFT.IAM.28"))

rel = "regula/admin_policy_infra.yaml"
r = "AWS_IAM_Policy should not have PolicyDocument.Statement contain [ Effect='Allow' and Action='*' ]"
v = verdicts(rel, r)
check(f"{rel}: Statement written as one object is read as the statement (InvalidPolicy03 fails, ValidPolicy03's Deny passes)",
      outcomes(v, r) == {"ValidPolicy01": "passed", "ValidPolicy02": "failed", "ValidPolicy03": "passed",
                         "InvalidPolicy01": "failed", "InvalidPolicy02": "failed", "InvalidPolicy03": "failed"}, outcomes(v, r))
v = verdicts(rel, bundled=True)
check(f"{rel}: D9.CFT.IAM.28: InvalidRole01 fails, ValidRole01 passes",
      outcomes(v, "D9.CFT.IAM.28") == {"InvalidRole01": "failed", "ValidRole01": "passed"}, outcomes(v, "D9.CFT.IAM.28"))

rel = "checkov/ECRPolicy-FAILED.yaml"
v = verdicts(rel, bundled=True)
check(f"{rel}: Principal.AWS [user, user, '*']: D9.AWS.IAM.102 and CGSL.CFT.AWS.ECR.102 fail",
      outcomes(v, "D9.AWS.IAM.102") == {"Public": "failed"} and outcomes(v, "CGSL.CFT.AWS.ECR.102") == {"Public": "failed"}, v)

rel = "checkov/invalid.yaml"
r_vip = "AWS_CloudFront_Distribution should not have DistributionConfig.ViewerCertificate.SslSupportMethod = 'vip'"
r_static = "AWS_CloudFront_Distribution should have DistributionConfig.ViewerCertificate.SslSupportMethod = 'static-ip'"
v = verdicts(rel, r_vip, r_static)
check(f"{rel}: a property written twice is its last value, as CloudFormation deploys it (vip, not static-ip)",
      outcomes(v, r_vip) == {"myDistribution1": "failed"} and outcomes(v, r_static) == {"myDistribution1": "failed"}, v)

rel = "cfn-lint/duplicate.json"
r = "AWS_SNS_Topic should have TopicName = 'deployed-topic'"
v = verdicts(rel, r)
check(f"{rel}: a logical id written three times is one entity, its last definition", outcomes(v, r) == {"MySNSTopic": "passed"}, v)

rel = "cfn_nag/ecr_repository_without_explicit_name.json"
v = verdicts(rel, bundled=True)
check(f"{rel}: a repository without Properties: no policy passes D9.AWS.IAM.102, no lifecycle policy fails D9.AWS.OPE.24",
      outcomes(v, "D9.AWS.IAM.102") == {"EcrWithName": "passed"} and outcomes(v, "D9.AWS.OPE.24") == {"EcrWithName": "failed"}, v)

rel = "aws-cdk/integ.grant.js.snapshot"
v = verdicts(rel, bundled=True)
check(f"{rel}: the public repository fails D9.AWS.IAM.102 and CGSL.CFT.AWS.ECR.102",
      outcomes(v, "D9.AWS.IAM.102") == {"Repo02AC86CF": "failed"} and outcomes(v, "CGSL.CFT.AWS.ECR.102") == {"Repo02AC86CF": "failed"}, v)
check(f"{rel}: its LifecyclePolicyText JSON string is read: D9.AWS.OPE.24 passes",
      outcomes(v, "D9.AWS.OPE.24") == {"Repo02AC86CF": "passed"}, v)
v = verdicts(rel, "AWS_IAM_User should not have Policies", "AWS_IAM_Policy should have Users contain [ Ref ]")
check(f"{rel}: the user without Properties is an entity without members",
      outcomes(v, "AWS_IAM_User should not have Policies") == {"MyUserDC45028B": "passed"}, v)
check(f"{rel}: Users: [{{Ref: the user}}] is known only at deployment: E309",
      is_unknown(v, "AWS_IAM_Policy should have Users contain [ Ref ]", "MyUserDefaultPolicy7B897426", "Ref MyUserDC45028B"), v)

rel = "kics-cdk-validator-plugin/cdk.out"
v = verdicts(rel, "AWS_S3_Bucket should have BucketEncryption")
check(f"{rel}: a bucket without Properties fails `should have BucketEncryption` (not passed, not an error)",
      outcomes(v, "AWS_S3_Bucket should have BucketEncryption") == {"Bucket83908E77": "failed"}, v)

sys.exit(check.finish())
