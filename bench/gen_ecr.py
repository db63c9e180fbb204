#!/usr/bin/env python3
# Copied unchanged (but for these two lines) on 2026-12-01 from the team's shared tools
# (/work/shared/tools/gen_ecr.py, sha256 852d700f9266875f...), so bench/run needs only the repository.
"""Synthetic CloudGuard-style EcrRepository entities (Python 3 standard library only, fixed seed).

usage: gen_ecr.py N OUTDIR [--seed S] [--cfn]
writes OUTDIR/ecr_N.ndjson   one entity per line
       OUTDIR/ecr_N.json     the same entities as one JSON array
       OUTDIR/ecr_N.fail     ids that violate the rule (ground truth), one per line
       OUTDIR/ecr_N_cfn.json (with --cfn) {"Resources": {"R<i>": {"Type": "EcrRepository", "Properties": entity}}}
Rule: policy.document.Statement contains a statement with Effect 'Allow', Principal '*' or Principal.AWS '*'
(string, or a list holding '*'), and a Condition.  About 10% of entities violate it.
"""
import json, random, sys, os

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n, outdir = int(args[0]), args[1]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 20240611
    if "--seed" in sys.argv: args.remove(str(seed))
    cfn = "--cfn" in sys.argv
    rnd = random.Random(seed)
    regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"]
    accounts = ["%012d" % rnd.randrange(10**11, 10**12) for _ in range(40)]
    words = ["api", "web", "worker", "billing", "auth", "search", "ingest", "etl", "ml", "frontend", "backend", "gateway",
             "payments", "reports", "notifier", "scheduler", "cache", "proxy", "batch", "analytics", "base", "tools"]
    actions_pull = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages", "ecr:ListImages"]
    actions_push = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
    services = ["codebuild.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "codepipeline.amazonaws.com"]
    tag_keys = ["Owner", "Team", "Environment", "CostCenter", "Project", "Application", "ManagedBy", "DataClassification", "Compliance"]
    tag_vals = ["platform", "data", "prod", "staging", "dev", "terraform", "cloudformation", "cc-1042", "cc-2210", "internal", "pci"]

    def condition(acct):
        k = rnd.randrange(4)
        if k == 0: return {"StringEquals": {"aws:PrincipalOrgID": "o-%010x" % rnd.getrandbits(40)}}
        if k == 1: return {"StringEquals": {"aws:SourceAccount": acct}}
        if k == 2: return {"ArnLike": {"aws:SourceArn": "arn:aws:codebuild:%s:%s:project/*" % (rnd.choice(regions), acct)}}
        return {"IpAddress": {"aws:SourceIp": ["10.%d.0.0/16" % rnd.randrange(256), "192.168.%d.0/24" % rnd.randrange(256)]}}

    def principal_public():
        return rnd.choice(["*", {"AWS": "*"}, {"AWS": ["*"]}, {"AWS": ["arn:aws:iam::%s:root" % rnd.choice(accounts), "*"]}])

    def principal_private(acct):
        k = rnd.randrange(4)
        if k == 0: return {"AWS": "arn:aws:iam::%s:root" % rnd.choice(accounts)}
        if k == 1: return {"AWS": ["arn:aws:iam::%s:root" % a for a in rnd.sample(accounts, rnd.randint(2, 4))]}
        if k == 2: return {"Service": rnd.choice(services)}
        return {"AWS": "arn:aws:iam::%s:role/%s-%s" % (acct, rnd.choice(words), rnd.choice(["ci", "deploy", "reader"]))}

    def statement(i, acct, bad):
        s = {"Sid": "Stmt%d%05d" % (i, rnd.randrange(100000))}
        if bad:
            s["Effect"], s["Principal"], cond = "Allow", principal_public(), True
        else:
            k = rnd.random()
            if k < 0.12:   # near miss: public principal, Allow, no Condition
                s["Effect"], s["Principal"], cond = "Allow", principal_public(), False
            elif k < 0.20: # near miss: public principal with Condition, but Deny
                s["Effect"], s["Principal"], cond = "Deny", principal_public(), True
            else:
                s["Effect"], s["Principal"], cond = rnd.choice(["Allow"] * 6 + ["Deny"]), principal_private(acct), rnd.random() < 0.4
        s["Action"] = rnd.sample(actions_pull, rnd.randint(1, 5)) + (rnd.sample(actions_push, rnd.randint(1, 4)) if rnd.random() < 0.3 else [])
        if cond: s["Condition"] = condition(acct)
        return s

    def entity(i):
        acct, region = rnd.choice(accounts), rnd.choice(regions)
        name = "%s-%s-%s-%d" % (rnd.choice(words), rnd.choice(words), rnd.choice(["svc", "img", "job", "app"]), i)
        arn = "arn:aws:ecr:%s:%s:repository/%s" % (region, acct, name)
        e = {
            "id": arn, "name": name, "arn": arn, "type": "EcrRepository",
            "region": region.replace("-", "_"), "accountNumber": acct, "registryId": acct,
            "repositoryUri": "%s.dkr.ecr.%s.amazonaws.com/%s" % (acct, region, name),
            "createdAt": "20%02d-%02d-%02dT%02d:%02d:%02dZ" % (rnd.randint(18, 24), rnd.randint(1, 12), rnd.randint(1, 28),
                                                             rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)),
            "imageTagMutability": rnd.choice(["MUTABLE", "IMMUTABLE"]),
            "imageScanningConfiguration": {"scanOnPush": rnd.random() < 0.6},
            "encryptionConfiguration": ({"encryptionType": "AES256", "kmsKey": None} if rnd.random() < 0.7 else
                                        {"encryptionType": "KMS", "kmsKey": "arn:aws:kms:%s:%s:key/%08x-%04x-%04x-%04x-%012x" % (
                                            region, acct, rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(16), rnd.getrandbits(16), rnd.getrandbits(48))}),
            "tags": [{"key": k, "value": rnd.choice(tag_vals)} for k in rnd.sample(tag_keys, rnd.randint(0, 6))],
            "lifecyclePolicy": None if rnd.random() < 0.3 else {
                "registryId": acct, "repositoryName": name,
                "lifecyclePolicyText": {"rules": [
                    {"rulePriority": p + 1, "description": "Expire images older than %d days" % d,
                     "selection": {"tagStatus": rnd.choice(["untagged", "any", "tagged"]), "countType": "sinceImagePushed",
                                   "countUnit": "days", "countNumber": d},
                     "action": {"type": "expire"}} for p, d in enumerate(sorted(rnd.sample([7, 14, 30, 60, 90, 180, 365], rnd.randint(1, 3))))]},
                "lastEvaluatedAt": None},
        }
        bad = rnd.random() < 0.10
        r = rnd.random()
        if not bad and r < 0.06:
            if r < 0.03: e["policy"] = None            # no policy (CloudGuard: null)
            return e, False
        k = rnd.randint(1, 5)
        stmts = [statement(j, acct, False) for j in range(k)]
        if bad:
            stmts[rnd.randrange(k)] = statement(0, acct, True)
        doc = {"Version": "2012-10-17", "Statement": stmts}
        if k == 1 and rnd.random() < 0.05:
            doc["Statement"] = stmts[0]                # single statement object instead of a list
        e["policy"] = {"registryId": acct, "repositoryName": name, "document": doc}
        return e, bad

    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, "ecr_%d" % n)
    nd, arr, fl = open(base + ".ndjson", "w"), open(base + ".json", "w"), open(base + ".fail", "w")
    cf = open(base + "_cfn.json", "w") if cfn else None
    arr.write("[")
    if cf: cf.write('{"Resources":{')
    nbad = 0
    for i in range(n):
        e, bad = entity(i)
        s = json.dumps(e, separators=(",", ":"))
        nd.write(s + "\n")
        arr.write(("," if i else "") + "\n" + s)
        if cf: cf.write(("," if i else "") + '\n"R%07d":{"Type":"EcrRepository","Properties":%s}' % (i, s))
        if bad: nbad += 1; fl.write(e["id"] + "\n")
    arr.write("\n]\n")
    if cf: cf.write("\n}}\n"); cf.close()
    for f in (nd, arr, fl): f.close()
    print("%d entities, %d violating (%.1f%%); %s.ndjson %d bytes" % (n, nbad, 100.0 * nbad / n, base, os.path.getsize(base + ".ndjson")), file=sys.stderr)

if __name__ == "__main__":
    main()
