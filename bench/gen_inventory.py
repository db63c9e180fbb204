#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A synthetic multi-type CloudGuard-like inventory (Python 3 standard library only, fixed seed).

usage: gen_inventory.py N OUTDIR [--seed S]
writes OUTDIR/inventory_N.ndjson: N entities, one per line, over the 30 entity types that
bench/make_rules.py targets (AWS, Azure, GCP and Kubernetes), with the fields its rules
read, so that every rule evaluates its conditions on a realistic mix of
passing and failing entities. Shapes follow CloudGuard entities (the samples in
tests/data/formats/cloudguard-notifications.ndjson and the corpus entities): id, type, name,
dome9Id, accountNumber, region, source, tags, then the type's own members. Entities are a few
hundred bytes to a few KB; EcrRepository entities follow bench/gen_ecr.py.

The first 30 entities are one of each type (so even N=300 holds every type); the rest are drawn
by a weight per type (many security groups and instances, few trails and regions). Dates are
relative to NOW below: run cgsl with --now 2026-06-01T00:00:00Z for stable results.
"""
import datetime
import json
import os
import random
import sys

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
NOW_ARG = "2026-06-01T00:00:00Z"

REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1",
           "sa-east-1"]
AZ_REGIONS = ["eastus", "eastus2", "westeurope", "northeurope", "centralus", "uksouth"]
GCP_REGIONS = ["us-central1", "europe-west1", "asia-east1"]
WORDS = ["api", "web", "worker", "billing", "auth", "search", "ingest", "etl", "ml", "frontend", "backend", "gateway",
         "payments", "reports", "notifier", "scheduler", "cache", "proxy", "batch", "analytics", "base", "tools"]
TAG_KEYS = ["Owner", "Team", "Environment", "env", "CostCenter", "Project", "Application", "ManagedBy",
            "DataClassification", "owner", "hasPCI", "Name"]
TAG_VALS = ["platform", "data", "prod", "staging", "dev", "terraform", "cloudformation", "cc-1042", "cc-2210",
            "internal", "pci", "alex", "test"]

# type: weight (per mille, roughly what a mid-size multi-cloud account shows)
WEIGHTS = {
    "SecurityGroup": 110, "Instance": 90, "IamPolicy": 70, "S3Bucket": 70, "IamRole": 60, "EcrRepository": 60,
    "Lambda": 60, "IamUser": 50, "Disk": 50, "NetworkSecurityGroup": 40, "VirtualMachine": 40, "AMI": 30, "KMS": 30,
    "VPC": 25, "RDS": 25, "VNet": 20, "DynamoDbTable": 20, "GcpSecurityGroup": 20, "StorageAccount": 20,
    "ELB": 15, "ApplicationLoadBalancer": 15, "AWS_ElasticLoadBalancingV2_Listener": 15, "SQLDB": 15,
    "SQLServer": 10, "ElastiCache": 10, "EKSCluster": 8, "Region": 5, "CloudTrail": 3, "Iam": 2,
    "KubernetesPodSecurityPolicy": 2,
}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        self.accounts = ["%012d" % r.randrange(10**11, 10**12) for _ in range(40)]
        self.subscriptions = ["%08x-%04x-4%03x-8%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                                               r.getrandbits(12), r.getrandbits(48)) for _ in range(10)]
        self.projects = ["%s-%s-%d" % (r.choice(WORDS), r.choice(WORDS), r.randrange(100, 999)) for _ in range(6)]

    # helpers
    def p(self, x):
        return self.r.random() < x

    def hexid(self, bits=68):
        return "%x" % self.r.getrandbits(bits)

    def date(self, lo_days, hi_days):
        """ISO date between NOW+lo_days and NOW+hi_days."""
        t = NOW + datetime.timedelta(seconds=self.r.randint(int(lo_days * 86400), int(hi_days * 86400)))
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")

    def epoch(self, lo_days, hi_days):
        return int(NOW.timestamp()) + self.r.randint(int(lo_days * 86400), int(hi_days * 86400))

    def tags(self, lo=0, hi=5):
        r = self.r
        return [{"key": k, "value": r.choice(TAG_VALS)} for k in r.sample(TAG_KEYS, r.randint(lo, hi))]

    def name(self, i, sep="-"):
        r = self.r
        return sep.join([r.choice(WORDS), r.choice(WORDS), str(i)])

    def base(self, typ, i, ident, name, cloud="aws"):
        r = self.r
        if cloud == "aws":
            acct, region = r.choice(self.accounts), r.choice(REGIONS)
            dome9 = "1|%s|rg|%s|%s" % (self.uuid(), typ.lower(), name)
        elif cloud == "azure":
            acct, region = r.choice(self.subscriptions), r.choice(AZ_REGIONS)
            dome9 = "7|%s|%s|%s" % (self.uuid(), typ.lower(), name)
        else:
            acct, region = r.choice(self.projects), r.choice(GCP_REGIONS)
            dome9 = "16|%s|%s|%s" % (self.uuid(), typ.lower(), name)
        return {"id": ident(acct, region) if callable(ident) else ident, "type": typ, "name": name, "dome9Id": dome9,
                "accountNumber": acct, "region": region.replace("-", "_"), "source": "db", "tags": self.tags(),
                "externalFindings": None}

    def uuid(self):
        r = self.r
        return "%08x-%04x-4%03x-8%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                                r.getrandbits(12), r.getrandbits(48))

    def aws_rule(self, public=None):
        r = self.r
        port = r.choice([22, 80, 443, 3389, 5432, 3306, 8080, 8090, 21, 2049, 0])
        port_to = port if port else 65535
        scope = "0.0.0.0/0" if (r.random() < 0.25 if public is None else public) else \
            "%d.%d.0.0/16" % (r.choice([10, 172, 192]), r.randrange(256))
        return {"protocol": r.choice(["TCP", "TCP", "UDP", "ALL"]), "port": port, "portTo": port_to, "scope": scope,
                "scopeMetaData": None}

    def statement(self, service, open_=0.1):
        r = self.r
        s = {"Sid": "Stmt%05d" % r.randrange(100000), "Effect": r.choice(["Allow"] * 5 + ["Deny"])}
        if r.random() < open_:
            s["NotAction" if r.random() < 0.5 else "Action"] = "%s:*" % service
        else:
            s["Action"] = ["%s:%s" % (service, a) for a in r.sample(
                ["Get*", "List*", "Describe*", "Put*", "Create*", "Delete*", "Update*", "Tag*"], r.randint(1, 4))]
        s["Resource"] = "*" if r.random() < 0.3 else "arn:aws:%s:::%s/*" % (service, r.choice(WORDS))
        if r.random() < 0.2:
            s["Condition"] = {"Bool": {"aws:SecureTransport": "true"}}
        return s

    # ----- AWS -----
    def EcrRepository(self, i):
        """As bench/gen_ecr.py, with the lifecycle policy under lifecyclePolicy.document (CloudGuard's shape)."""
        r = self.r
        name = "%s-%s-%s-%d" % (r.choice(WORDS), r.choice(WORDS), r.choice(["svc", "img", "job", "app"]), i)
        e = self.base("EcrRepository", i, lambda a, g: "arn:aws:ecr:%s:%s:repository/%s" % (g, a, name), name)
        acct, region = e["accountNumber"], e["region"].replace("_", "-")
        e.update({"arn": e["id"], "registryId": acct,
                  "repositoryUri": "%s.dkr.ecr.%s.amazonaws.com/%s" % (acct, region, name),
                  "createdAt": self.date(-2000, -1), "imageTagMutability": r.choice(["MUTABLE", "IMMUTABLE"]),
                  "imageScanningConfiguration": {"scanOnPush": self.p(0.6)},
                  "encryptionConfiguration": {"encryptionType": "AES256", "kmsKey": None} if self.p(0.7) else
                  {"encryptionType": "KMS", "kmsKey": "arn:aws:kms:%s:%s:key/%s" % (region, acct, self.uuid())}})
        if self.p(0.7):
            e["lifecyclePolicy"] = {"registryId": acct, "repositoryName": name, "document": {"rules": [
                {"rulePriority": k + 1, "description": "Expire images older than %d days" % d,
                 "selection": {"tagStatus": r.choice(["untagged", "any", "tagged"]), "countType": "sinceImagePushed",
                               "countUnit": "days", "countNumber": d}, "action": {"type": "expire"}}
                for k, d in enumerate(sorted(r.sample([7, 14, 30, 60, 90, 180, 365], r.randint(1, 3))))]}}
        elif self.p(0.5):
            e["lifecyclePolicy"] = None
        if self.p(0.08):
            return e
        stmts = []
        for j in range(r.randint(1, 4)):
            s = {"Sid": "Stmt%d%05d" % (j, r.randrange(100000)), "Effect": r.choice(["Allow"] * 6 + ["Deny"])}
            k = r.random()
            if k < 0.06:
                s["Principal"] = r.choice(["*", {"AWS": "*"}, {"AWS": ["*"]}])
            elif k < 0.09:
                s["NotPrincipal"] = {"AWS": "arn:aws:iam::%s:root" % r.choice(self.accounts)}
            elif k < 0.5:
                s["Principal"] = {"AWS": "arn:aws:iam::%s:root" % r.choice(self.accounts)}
            elif k < 0.7:
                s["Principal"] = {"Service": r.choice(["codebuild.amazonaws.com", "lambda.amazonaws.com"])}
            else:
                s["Principal"] = {"AWS": ["arn:aws:iam::%s:root" % a for a in r.sample(self.accounts, 2)]}
            s["Action"] = r.sample(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                                    "ecr:PutImage", "ecr:InitiateLayerUpload"], r.randint(1, 4))
            if self.p(0.4):
                s["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": "o-%010x" % r.getrandbits(40)}}
            stmts.append(s)
        e["policy"] = {"registryId": acct, "repositoryName": name,
                       "document": {"Version": "2012-10-17", "Statement": stmts[0] if len(stmts) == 1 and self.p(0.05)
                                    else stmts}}
        return e

    def SecurityGroup(self, i):
        r = self.r
        default = self.p(0.1)
        name = "default" if default else "%s-%s-sg" % (r.choice(WORDS), r.choice(WORDS))
        e = self.base("SecurityGroup", i, "sg-%017x" % r.getrandbits(68), name)
        used = self.p(0.7)
        e.update({
            "description": "%s security group" % name,
            "inboundRules": [] if default and self.p(0.5) else [self.aws_rule() for _ in range(r.randint(0, 5))],
            "outboundRules": [] if default and self.p(0.5) else [{"protocol": "ALL", "port": 0, "portTo": 0,
                                                                   "scope": "0.0.0.0/0", "scopeMetaData": None}],
            "networkAssetsStats": [{"type": t, "count": r.randint(1, 9) if used and k == 0 else 0} for k, t in enumerate(
                r.sample(["instances", "ELBs", "RDSs", "LambdaFunctions", "Redshifts", "ApplicationLoadBalancers",
                          "EFSs", "ElastiCacheClusters"], 8))],
            "networkInterfaces": ["eni-%017x" % r.getrandbits(68) for _ in range(r.randint(0, 3) if used else 0)],
            "isProtected": self.p(0.2),
            "vpc": {"id": "vpc-%08x" % r.getrandbits(32), "cidr": "172.31.0.0/16", "isDefault": self.p(0.3)},
        })
        return e

    def Instance(self, i):
        r = self.r
        name = "%s-%s-%02d" % (r.choice(WORDS), r.choice(["prod", "dev", "test", "staging"]), i % 100)
        e = self.base("Instance", i, "i-%017x" % r.getrandbits(68), name)
        if self.p(0.05):
            e["tags"].append({"key": "decommission", "value": "true"})
        if self.p(0.05):
            e["tags"].append({"key": "marked_for_stop", "value": self.date(-30, 30)})
        subnet = "subnet-%08x" % r.getrandbits(32)
        e.update({
            "image": "ami-%08x" % r.getrandbits(32), "kernelId": None, "platform": r.choice(["linux", "windows"]),
            "instanceType": r.choice(["t3.micro", "t3.large", "m5.xlarge", "c5.2xlarge"]),
            "launchTime": self.epoch(-400, -1), "isRunning": self.p(0.8), "isPublic": self.p(0.2),
            "publicIpAddress": None, "privateIpAddress": "172.31.%d.%d" % (r.randrange(256), r.randrange(256)),
            "inboundRules": [self.aws_rule() for _ in range(r.randint(1, 4))],
            "outboundRules": [{"protocol": "ALL", "port": 0, "portTo": 0, "scope": "0.0.0.0/0", "scopeMetaData": None}],
            "nics": [{"id": "eni-%08x" % r.getrandbits(32), "name": "eth%d" % k,
                      "subnet": {"state": "available", "externalId": subnet, "cidr": "172.31.16.0/20",
                                 "mapPublicIpOnLaunch": self.p(0.3)}} for k in range(r.randint(1, 2))],
            "roles": [] if self.p(0.2) else [{"name": "%s-instance-role" % r.choice(WORDS), "managedPolicies": [
                {"name": n} for n in r.sample(["AmazonEC2RoleforSSM", "CloudWatchAgentServerPolicy",
                                               "AmazonS3ReadOnlyAccess", "AmazonSSMManagedInstanceCore"],
                                              r.randint(0, 2))]}],
            "metadataOptions": {"httpTokens": r.choice(["required", "optional"]), "httpEndpoint": "enabled"},
            "monitoring": {"state": r.choice(["enabled", "disabled"])},
        })
        if e["isPublic"]:
            e["publicIpAddress"] = "%d.%d.%d.%d" % (r.randint(3, 54), r.randrange(256), r.randrange(256),
                                                    r.randrange(256))
        return e

    def IamPolicy(self, i):
        r = self.r
        name = "%s-%s-policy" % (r.choice(WORDS), r.choice(["read", "write", "admin", "deploy"]))
        e = self.base("IamPolicy", i, lambda a, g: "arn:aws:iam::%s:policy/%s" % (a, name), name)
        e["region"] = None
        svc = r.choice(["s3", "ec2", "iam", "dynamodb", "sqs", "kms", "logs"])
        e.update({"arn": e["id"], "attachmentCount": r.choice([0, 0, 1, 1, 2, 5]), "isAwsManaged": self.p(0.2),
                  "defaultVersionId": "v%d" % r.randint(1, 5), "createDate": self.date(-2000, -10),
                  "document": {"Version": "2012-10-17",
                               "Statement": [self.statement(svc, 0.12) for _ in range(r.randint(1, 4))]}})
        return e

    def IamUser(self, i):
        r = self.r
        root = self.p(0.05)
        name = "<root_account>" if root else "%s.%s" % (r.choice(["alex", "dana", "lee", "sam", "kim", "noa"]),
                                                        r.choice(WORDS))
        e = self.base("IamUser", i, "AIDA%016X" % r.getrandbits(64), name)
        e["region"] = None

        def key():
            if self.p(0.4):
                return None
            return {"isActive": r.choice([True, True, False, "true"]), "lastRotated": self.date(-400, -1),
                    "lastUsedDate": self.date(-200, 0)}
        e.update({"arn": "arn:aws:iam::%s:user/%s" % (e["accountNumber"], name), "path": "/",
                  "createDate": self.date(-2500, -30), "passwordEnabled": self.p(0.7),
                  "passwordLastUsed": self.date(-300, 0) if self.p(0.8) else -62135596800,
                  "mfaActive": self.p(0.6), "firstAccessKey": key(), "secondAccessKey": key(),
                  "managedPolicies": [{"name": n} for n in r.sample(["AdministratorAccess", "ReadOnlyAccess",
                                                                       "PowerUserAccess", "IAMUserChangePassword"],
                                                                      r.randint(0, 2))],
                  "inlinePolicies": [], "attachedGroups": r.sample(["admins", "developers", "readers", "ops"],
                                                                   r.randint(0, 2))})
        return e

    def IamRole(self, i):
        r = self.r
        name = "%s-%s-role" % (r.choice(WORDS), r.choice(["ci", "deploy", "reader", "lambda", "ecs"]))
        e = self.base("IamRole", i, lambda a, g: "arn:aws:iam::%s:role/%s" % (a, name), name)
        e["region"] = None
        k = r.random()
        principal = ("*" if k < 0.04 else {"AWS": "arn:aws:iam::%s:root" % r.choice(self.accounts)} if k < 0.4
                     else {"Service": r.choice(["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"])})
        stmt = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
        if isinstance(principal, dict) and "AWS" in principal and self.p(0.5):
            stmt["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        e.update({"arn": e["id"], "maxSessionDuration": r.choice([3600, 3600, 7200, 43200]),
                  "createDate": self.date(-2000, -1), "lastUsed": self.date(-400, 0) if self.p(0.8) else None,
                  "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [stmt]},
                  "attachedPolicies": [{"name": n} for n in r.sample(["AdministratorAccess", "ReadOnlyAccess",
                                                                        "AWSLambdaBasicExecutionRole", "AmazonS3FullAccess"],
                                                                       r.randint(0, 2))]})
        return e

    def S3Bucket(self, i):
        r = self.r
        name = "%s-%s-%d" % (r.choice(WORDS), r.choice(["logs", "assets", "backup", "data"]), i)
        e = self.base("S3Bucket", i, name, name)
        if self.p(0.03):
            e["tags"].append({"key": "purpose", "value": "PublicBucketXYZ"})
        grants = [{"type": "CanonicalUser", "uri": None, "premission": "FULL_CONTROL", "displayName": "owner"}]
        if self.p(0.06):
            grants.append({"type": "Group", "uri": r.choice(["http://acs.amazonaws.com/groups/global/AllUsers",
                                                             "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"]),
                           "premission": "READ", "displayName": None})
        e.update({
            "creationDate": self.date(-2000, -1),
            "acl": {"grants": grants, "ownerDisplayName": "owner", "ownerId": self.hexid(256)},
            "policy": None if self.p(0.5) else {"Version": "2012-10-17", "Statement": [
                {"Sid": "S%d" % k, "Effect": r.choice(["Allow", "Allow", "Deny"]),
                 "Principal": "*" if self.p(0.1) else {"AWS": "arn:aws:iam::%s:root" % r.choice(self.accounts)},
                 "Action": r.choice(["s3:GetObject", "s3:PutObject", "s3:*"]),
                 "Resource": "arn:aws:s3:::%s/*" % name} for k in range(r.randint(1, 3))]},
            "logging": {"enabled": self.p(0.6), "targetBucketName": "%s-access-logs" % name, "targetPrefix": ""},
            "versioning": {"status": r.choice(["Enabled", "Suspended", "Off"]), "mfaDelete": self.p(0.1)},
            "encryption": {"serverSideEncryptionRules": [] if self.p(0.15) else [{"serverSideEncryptionByDefault": {
                "serverSideEncryptionAlgorithm": r.choice(["AES256", "aws:kms"])}}]},
            "publicAccessBlockConfiguration": {"blockPublicAcls": self.p(0.8), "blockPublicPolicy": self.p(0.8),
                                               "ignorePublicAcls": self.p(0.8), "restrictPublicBuckets": self.p(0.8)},
        })
        return e

    def Lambda(self, i):
        r = self.r
        name = "%s-%s-fn" % (r.choice(WORDS), r.choice(WORDS))
        e = self.base("Lambda", i, lambda a, g: "arn:aws:lambda:%s:%s:function:%s" % (g, a, name), name)
        env = {"LOG_LEVEL": r.choice(["info", "debug"]), "TABLE": "%s-table" % r.choice(WORDS)}
        if self.p(0.05):
            env["AWS_SECRET_ACCESS_KEY"] = self.hexid(160)
        e.update({"arn": e["id"], "runtime": r.choice(["python3.12", "python3.8", "nodejs20.x", "nodejs14.x", "java17",
                                                      "go1.x", "python2.7"]),
                  "handler": "main.handler", "memorySize": r.choice([128, 256, 512, 1024]),
                  "timeout": r.choice([3, 30, 300, 900]), "lastModified": self.date(-900, 0),
                  "role": "arn:aws:iam::%s:role/%s-lambda-role" % (e["accountNumber"], r.choice(WORDS)),
                  "environmentVariables": env, "kmsKeyArn": None if self.p(0.7) else "arn:aws:kms:::key/%s" % self.uuid(),
                  "vpcConfig": None if self.p(0.5) else {"subnetIds": ["subnet-%08x" % r.getrandbits(32)],
                                                         "securityGroupIds": ["sg-%08x" % r.getrandbits(32)]},
                  "tracingConfig": {"mode": r.choice(["Active", "PassThrough"])},
                  "policy": None if self.p(0.6) else {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": "*" if self.p(0.1) else {"Service": "apigateway.amazonaws.com"},
                       "Action": "lambda:InvokeFunction", "Resource": "*"}]}})
        return e

    def AMI(self, i):
        r = self.r
        name = "%s-base-%d" % (r.choice(WORDS), i)
        e = self.base("AMI", i, "ami-%017x" % r.getrandbits(68), name)
        e.update({"isPublic": self.p(0.08), "architecture": r.choice(["x86_64", "arm64"]),
                  "creationDate": self.date(-900, 0), "state": "available", "isEncrypted": self.p(0.6),
                  "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"encrypted": self.p(0.6),
                                                                             "volumeSize": r.choice([8, 20, 50])}}]})
        return e

    def KMS(self, i):
        r = self.r
        kid = self.uuid()
        e = self.base("KMS", i, lambda a, g: "arn:aws:kms:%s:%s:key/%s" % (g, a, kid), kid)
        cm = self.p(0.7)
        e.update({"arn": e["id"], "isCustomerManaged": cm, "rotationStatus": self.p(0.6) if cm else True,
                  "deletionDate": 0 if self.p(0.9) else self.epoch(1, 30), "keyState": "Enabled",
                  "keyUsage": "ENCRYPT_DECRYPT", "origin": "AWS_KMS",
                  "policies": [{"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % e["accountNumber"]},
                       "Action": "kms:*", "Resource": "*"}]}]})
        return e

    def VPC(self, i):
        r = self.r
        e = self.base("VPC", i, "vpc-%017x" % r.getrandbits(68), "%s-vpc" % r.choice(WORDS))
        e.update({"cidr": "10.%d.0.0/16" % r.randrange(256), "isDefault": self.p(0.2), "hasFlowLogs": self.p(0.7),
                  "state": "available", "instanceTenancy": "default",
                  "subnets": [{"externalId": "subnet-%08x" % r.getrandbits(32), "cidr": "10.0.%d.0/24" % k,
                               "mapPublicIpOnLaunch": self.p(0.3), "availabilityZone": "us-west-2%s" % "abc"[k % 3]}
                              for k in range(r.randint(1, 4))],
                  "internetGateways": [{"externalId": "igw-%08x" % r.getrandbits(32)}] if self.p(0.6) else []})
        return e

    def RDS(self, i):
        r = self.r
        name = "%s-db-%d" % (r.choice(WORDS), i)
        e = self.base("RDS", i, lambda a, g: "arn:aws:rds:%s:%s:db:%s" % (g, a, name), name)
        enc = self.p(0.75)
        e.update({"dbType": r.choice(["mysql", "postgres", "aurora-postgresql", "mariadb"]),
                  "port": r.choice([3306, 5432]), "status": "available", "isPublic": self.p(0.1),
                  "instanceType": r.choice(["db.t3.micro", "db.r5.large"]), "isStorageEncrypted": enc,
                  "kmsKeyId": "arn:aws:kms:::key/%s" % self.uuid() if enc else None,
                  "isMultiAvailabilityZone": self.p(0.5), "backupRetentionPeriod": r.choice([0, 1, 7, 7, 14, 35]),
                  "autoMinorVersionUpgrade": self.p(0.8), "deletionProtection": self.p(0.5),
                  "iamDatabaseAuthenticationEnabled": self.p(0.3),
                  "inboundRules": [self.aws_rule(self.p(0.1)) for _ in range(r.randint(1, 3))]})
        return e

    def DynamoDbTable(self, i):
        r = self.r
        name = "%s-table" % self.name(i)
        e = self.base("DynamoDbTable", i, lambda a, g: "arn:aws:dynamodb:%s:%s:table/%s" % (g, a, name), name)
        e.update({"encrypted": self.p(0.8), "billingMode": r.choice(["PAY_PER_REQUEST", "PROVISIONED"]),
                  "itemCount": r.randrange(10**7), "tableSizeBytes": r.randrange(10**10),
                  "continuousBackups": {"pointInTimeRecoveryStatus": r.choice(["ENABLED", "DISABLED"])},
                  "sseDescription": {"status": "ENABLED", "sseType": r.choice(["KMS", "AES256"])}})
        return e

    def ELB(self, i):
        r = self.r
        name = "%s-elb" % self.name(i)
        e = self.base("ELB", i, lambda a, g: "arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s" % (g, a, name), name)

        def listener():
            if self.p(0.5):
                return {"sourceProtocol": "HTTPS", "sourcePort": 443, "instanceProtocol": r.choice(["HTTPS", "HTTP"]),
                        "instancePort": 443, "policies": [{"name": "ELBSecurityPolicy", "attributes": r.sample(
                            ["Protocol-TLSv1.2", "Protocol-TLSv1.1", "Protocol-TLSv1", "Protocol-SSLv3",
                             "ECDHE-RSA-AES128-GCM-SHA256", "Server-Defined-Cipher-Order"],
                            r.randint(2, 4))}]}
            return {"sourceProtocol": r.choice(["TCP", "HTTP"]), "sourcePort": 80, "instanceProtocol": "TCP",
                    "instancePort": 80, "policies": []}
        e.update({"dnsName": "%s.%s.elb.amazonaws.com" % (name, e["region"]), "scheme": r.choice(["internet-facing",
                                                                                                    "internal"]),
                  "elbListeners": [listener() for _ in range(r.randint(1, 2))],
                  "crossZoneLoadBalancing": self.p(0.7), "accessLog": {"enabled": self.p(0.5)},
                  "connectionDraining": {"enabled": self.p(0.6), "timeout": 300}})
        return e

    def ApplicationLoadBalancer(self, i):
        r = self.r
        name = "%s-alb" % self.name(i)
        e = self.base("ApplicationLoadBalancer", i, lambda a, g: "arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/%s"
                      % (g, a, name, self.hexid(64)), name)
        e.update({"isPublic": self.p(0.5), "scheme": "internet-facing", "dnsName": "%s.elb.amazonaws.com" % name,
                  "inboundRules": [self.aws_rule() for _ in range(r.randint(1, 3))],
                  "listeners": [{"protocol": "HTTPS", "port": 443, "sslPolicy": r.choice(
                      ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04"]),
                      "certificates": [{"arn": "arn:aws:acm:::certificate/%s" % self.uuid(),
                                        "expiration": self.date(-10, 400)}]} for _ in range(r.randint(1, 2))],
                  "accessLogs": {"enabled": self.p(0.5)}, "dropInvalidHeaderFields": self.p(0.4),
                  "webACLId": None if self.p(0.6) else self.uuid()})
        return e

    def AWS_ElasticLoadBalancingV2_Listener(self, i):
        r = self.r
        name = "listener-%d" % i
        e = self.base("AWS_ElasticLoadBalancingV2_Listener", i, "Listener%d" % i, name)
        https = self.p(0.7)
        e.update({"Protocol": "HTTPS" if https else "HTTP", "Port": 443 if https else 80,
                  "LoadBalancerArn": "arn:aws:elasticloadbalancing:::loadbalancer/app/%s" % self.name(i),
                  "DefaultActions": [{"Type": r.choice(["forward", "redirect"])}]})
        if https:
            e["SslPolicy"] = r.choice(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08",
                                       "Protocol-TLSv1"])
            e["Certificates"] = [{"CertificateArn": "arn:aws:acm:::certificate/%s" % self.uuid()}]
        return e

    def CloudTrail(self, i):
        r = self.r
        name = "%s-trail" % r.choice(WORDS)
        e = self.base("CloudTrail", i, lambda a, g: "arn:aws:cloudtrail:%s:%s:trail/%s" % (g, a, name), name)
        patterns = ["{($.eventName=CreateAccessKey)||($.eventName=CreateLoginProfile)||($.eventName=UpdateLoginProfile)}",
                    "{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }",
                    "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"]
        e.update({"trailArn": e["id"], "homeRegion": e["region"].replace("_", "-"),
                  "includeGlobalServiceEvents": self.p(0.8), "isMultiRegionTrail": self.p(0.7),
                  "kmsKeyId": None if self.p(0.4) else "arn:aws:kms:::key/%s" % self.uuid(),
                  "logFileValidationEnabled": self.p(0.7), "s3BucketName": "%s-cloudtrail" % e["accountNumber"],
                  "snsTopicArn": None, "hasSNSSubscriber": self.p(0.5),
                  "metricFilters": [{"filterName": "f%d" % k, "filterPattern": p}
                                    for k, p in enumerate(r.sample(patterns, r.randint(0, 3)))],
                  "status": {"isLogging": self.p(0.9)}})
        return e

    def Region(self, i):
        r = self.r
        g = r.choice(REGIONS)
        e = self.base("Region", i, g, g)
        e["region"] = g.replace("-", "_")
        e.update({"hasCloudTrail": self.p(0.8), "hidden": False, "behavior": r.choice(["ReadOnly", "FullManage",
                                                                                        "FullManage"]),
                  "hasVpcFLowLogging": self.p(0.6), "configurationRecorders": [] if self.p(0.4) else [
                      {"name": "default", "recordingGroup": {"allSupported": True}}],
                  "vpcs": ["vpc-%08x" % r.getrandbits(32) for _ in range(r.randint(0, 4))],
                  "guardDutyEnabled": self.p(0.6)})
        return e

    def Iam(self, i):
        r = self.r
        e = self.base("Iam", i, lambda a, g: "iam-%s" % a, "iam")
        e["region"] = None
        e.update({"passwordPolicy": {"enabledInAccount": self.p(0.8), "minimumPasswordLength": r.choice([8, 12, 14]),
                                     "requireSymbols": self.p(0.7), "requireNumbers": self.p(0.7),
                                     "requireUppercaseCharacters": self.p(0.7), "maxPasswordAge": r.choice([0, 90, 365]),
                                     "passwordReusePrevention": r.choice([0, 5, 24])},
                  "accountSummary": {"AccountMFAEnabled": r.choice([0, 1, 1]), "AccountAccessKeysPresent": r.choice([0, 0, 1])}})
        return e

    def EKSCluster(self, i):
        r = self.r
        name = "%s-eks" % self.name(i)
        e = self.base("EKSCluster", i, lambda a, g: "arn:aws:eks:%s:%s:cluster/%s" % (g, a, name), name)
        public = self.p(0.5)
        e.update({"version": r.choice(["1.25", "1.27", "1.29", "1.30"]), "status": "ACTIVE",
                  "resourcesVpcConfig": {"endpointPublicAccess": public, "endpointPrivateAccess": self.p(0.7),
                                         "publicAccessCidrs": [r.choice(["0.0.0.0/0", "203.0.113.0/24"])] if public else [],
                                         "subnetIds": ["subnet-%08x" % r.getrandbits(32) for _ in range(3)]},
                  "logging": {"clusterLogging": [{"types": r.sample(["api", "audit", "authenticator",
                                                                     "controllerManager", "scheduler"], r.randint(0, 5)),
                                                  "enabled": True}]},
                  "encryptionConfig": [] if self.p(0.4) else [{"resources": ["secrets"],
                                                                "provider": {"keyArn": "arn:aws:kms:::key/%s" % self.uuid()}}]})
        return e

    def ElastiCache(self, i):
        r = self.r
        name = "%s-cache-%d" % (r.choice(WORDS), i)
        e = self.base("ElastiCache", i, lambda a, g: "arn:aws:elasticache:%s:%s:cluster:%s" % (g, a, name), name)
        redis = self.p(0.8)
        e.update({"engine": "redis" if redis else "memcached", "engineVersion": r.choice(["6.2", "7.0", "5.0.6"]),
                  "cacheNodeType": r.choice(["cache.t3.micro", "cache.r6g.large"]), "numCacheNodes": r.randint(1, 3),
                  "atRestEncryptionEnabled": self.p(0.6), "transitEncryptionEnabled": self.p(0.5),
                  "authTokenEnabled": self.p(0.4), "snapshotRetentionLimit": r.choice([0, 0, 1, 7]),
                  "autoMinorVersionUpgrade": self.p(0.8)})
        return e

    # ----- Azure -----
    def az_rule(self, direction, k):
        r = self.r
        return {"name": "%s-%d" % (direction.lower(), k), "priority": 100 + 10 * k,
                "protocol": r.choice(["TCP", "UDP", "All", "TCP"]), "access": r.choice(["Allow", "Deny"]),
                "action": r.choice(["ALLOW", "ALLOW", "DENY"]), "direction": direction,
                "sourceAddressPrefixes": [r.choice(["*", "10.0.0.0/8", "0.0.0.0/0", "Internet", "VirtualNetwork"])],
                "destinationAddressPrefixes": [r.choice(["*", "0.0.0.0/0", "10.1.0.0/16"])],
                "sourcePortRanges": ["*"],
                "destinationPortRanges": [{"destinationPort": r.choice([22, 53, 80, 123, 161, 443, 3389]),
                                           "destinationPortTo": 0}]}

    def NetworkSecurityGroup(self, i):
        r = self.r
        name = "%s-nsg" % self.name(i)
        e = self.base("NetworkSecurityGroup", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Network/networkSecurityGroups/%s" % (a, r.choice(WORDS), name), name, "azure")
        e.update({"inboundSecurityRules": [self.az_rule("Inbound", k) for k in range(r.randint(1, 4))],
                  "outboundSecurityRules": [self.az_rule("Outbound", k) for k in range(r.randint(0, 3))],
                  "networkInterfaces": ["nic-%d" % k for k in range(r.randint(0, 2))], "subnets": [],
                  "flowLogs": {"enabled": self.p(0.5), "retentionDays": r.choice([0, 30, 90])}})
        return e

    def VirtualMachine(self, i):
        r = self.r
        name = "vm-%s" % self.name(i)
        e = self.base("VirtualMachine", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Compute/virtualMachines/%s" % (a, r.choice(WORDS), name), name, "azure")
        e.update({"isPublic": self.p(0.3), "vmSize": r.choice(["Standard_B2s", "Standard_D4s_v3"]),
                  "osType": r.choice(["Linux", "Windows"]), "diskEncryption": self.p(0.6),
                  "extensions": [{"name": n} for n in r.sample(["MicrosoftMonitoringAgent", "AzureDiskEncryption",
                                                                "CustomScript"], r.randint(0, 2))],
                  "nics": [{"name": "%s-nic%d" % (name, k), "publicIpAddress": None,
                            "networkSecurityGroup": {"name": "%s-nsg" % name, "inboundSecurityRules":
                                                     [self.az_rule("Inbound", j) for j in range(r.randint(1, 3))]}}
                           for k in range(r.randint(1, 2))]})
        return e

    def VNet(self, i):
        r = self.r
        name = "vnet-%s" % self.name(i)
        e = self.base("VNet", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Network/virtualNetworks/%s" % (a, r.choice(WORDS), name), name, "azure")

        def subnet(k):
            s = {"name": "subnet-%d" % k, "addressPrefix": "10.%d.%d.0/24" % (i % 256, k)}
            x = r.random()
            if x < 0.7:
                s["securityGroup"] = {"id": "/subscriptions/x/networkSecurityGroups/nsg-%d" % k, "name": "nsg-%d" % k}
            elif x < 0.8:
                s["securityGroup"] = {"id": "", "name": ""}
            return s
        e.update({"addressSpace": ["10.%d.0.0/16" % (i % 256)], "subnets": [subnet(k) for k in range(r.randint(1, 4))],
                  "enableDdosProtection": self.p(0.2)})
        return e

    def StorageAccount(self, i):
        r = self.r
        name = "st%s%d" % (r.choice(WORDS), i)
        e = self.base("StorageAccount", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Storage/storageAccounts/%s" % (a, r.choice(WORDS), name), name, "azure")
        e.update({"creationTime": self.epoch(-1500, -1), "httpsOnlyTraffic": self.p(0.8),
                  "minimumTlsVersion": r.choice(["TLS1_0", "TLS1_2", "TLS1_2"]),
                  "allowBlobPublicAccess": self.p(0.2),
                  "encryption": {"keySource": r.choice(["Microsoft.Storage", "Microsoft.Keyvault"]), "services": [
                      {"name": n, "enabled": True} for n in ("blob", "file", "queue", "table")]},
                  "networkRuleSet": {"bypass": "AzureServices", "defaultAction": r.choice(["Allow", "Deny"]),
                                     "ipRules": [], "virtualNetworkRules": []},
                  "primaryEndpoints": [{"service": s, "uri": "https://%s.%s.core.windows.net/" % (name, s)}
                                       for s in ("blob", "file")]})
        return e

    def SQLServer(self, i):
        r = self.r
        name = "sql-%s" % self.name(i)
        e = self.base("SQLServer", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Sql/servers/%s" % (a, r.choice(WORDS), name), name, "azure")
        e.update({"administratorLogin": "dbadmin", "fullyQualifiedDomainName": "%s.database.windows.net" % name,
                  "version": "12.0", "state": "Ready",
                  "adAdministrators": [] if self.p(0.4) else [{"login": "dba-group", "administratorType": "ActiveDirectory"}],
                  "firewallRules": [{"name": "r%d" % k, "startIpAddress": s, "endIpAddress": t} for k, (s, t) in enumerate(
                      r.sample([("0.0.0.0", "255.255.255.255"), ("10.0.0.1", "10.0.0.255"), ("0.0.0.0", "0.0.0.0"),
                                ("52.1.1.1", "52.1.1.1")], r.randint(0, 2)))],
                  "auditing": {"state": r.choice(["Enabled", "Disabled"]), "retentionDays": r.choice([0, 30, 90, 120])},
                  "threatDetection": {"state": r.choice(["Enabled", "Disabled"])}})
        return e

    def SQLDB(self, i):
        r = self.r
        name = "db-%s" % self.name(i)
        e = self.base("SQLDB", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Sql/servers/sql/databases/%s" % (a, r.choice(WORDS), name), name, "azure")
        e.update({"collation": "SQL_Latin1_General_CP1_CI_AS", "edition": r.choice(["Basic", "Standard", "Premium"]),
                  "status": "Online", "sqlServerName": "sql-%s" % r.choice(WORDS),
                  "encryption": {"status": r.choice(["Enabled", "Enabled", "Disabled"])},
                  "threatDetection": {"state": r.choice(["Enabled", "Disabled"]), "emailAccountAdmins": "Disabled"},
                  "auditing": {"state": r.choice(["Enabled", "Disabled"]), "retentionDays": r.choice([0, 30, 90])}})
        return e

    def Disk(self, i):
        r = self.r
        name = "disk-%s" % self.name(i)
        e = self.base("Disk", i, lambda a, g: "/subscriptions/%s/resourceGroups/rg-%s/providers/"
                      "Microsoft.Compute/disks/%s" % (a, r.choice(WORDS), name), name, "azure")
        if self.p(0.3):
            e["tags"].append({"key": "cloudguard_source_image_creation_timestamp", "value": self.date(-120, 0)})
        e.update({"diskSizeGB": r.choice([32, 64, 128, 512]), "diskState": r.choice(["Attached", "Unattached"]),
                  "encryption": {"type": r.choice(["EncryptionAtRestWithPlatformKey", "EncryptionAtRestWithCustomerKey"])},
                  "encryptionSettings": {"enabled": self.p(0.4)}, "managedBy": None if self.p(0.2) else "vm-x",
                  "networkAccessPolicy": r.choice(["AllowAll", "DenyAll", "AllowPrivate"])})
        return e

    # ----- GCP, Kubernetes -----
    def GcpSecurityGroup(self, i):
        r = self.r
        name = "fw-%s" % self.name(i)
        e = self.base("GcpSecurityGroup", i, lambda a, g: "projects/%s/global/firewalls/%s" % (a, name), name, "gcp")
        e.update({"network": "default", "priority": 1000, "direction": "INGRESS",
                  "inboundRules": [{"protocol": r.choice(["tcp", "udp", "all"]), "destinationPort": r.choice([22, 80, 443, 3389]),
                                    "destinationPortTo": 0, "source": r.choice(["0.0.0.0/0", "10.128.0.0/9", "35.235.240.0/20"]),
                                    "action": "ALLOW"} for _ in range(r.randint(1, 3))],
                  "outboundRules": [], "logConfig": {"enable": self.p(0.4)}})
        return e

    def KubernetesPodSecurityPolicy(self, i):
        r = self.r
        name = "psp-%s" % r.choice(WORDS)
        e = self.base("KubernetesPodSecurityPolicy", i, "psp-%s-%d" % (self.uuid(), i), name, "gcp")
        e["region"] = None
        e.update({"kind": "PodSecurityPolicy", "apiVersion": "policy/v1beta1",
                  "metadata": {"name": name, "uid": self.uuid()},
                  "spec": {"privileged": self.p(0.15), "allowPrivilegeEscalation": self.p(0.3), "hostNetwork": self.p(0.1),
                           "hostPID": self.p(0.05), "runAsUser": {"rule": r.choice(["MustRunAsNonRoot", "RunAsAny"])},
                           "volumes": r.sample(["configMap", "secret", "emptyDir", "hostPath", "*"], r.randint(1, 3))}})
        return e


def main():
    args = [a for a in sys.argv[1:]]
    seed = 20261201
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k:k + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    n, outdir = int(args[0]), args[1]
    g = Gen(seed)
    types = sorted(WEIGHTS)
    weights = [WEIGHTS[t] for t in types]
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "inventory_%d.ndjson" % n)
    tmp = path + ".tmp"
    total = 0
    with open(tmp, "w") as f:
        for i in range(n):
            t = types[i] if i < len(types) else g.r.choices(types, weights)[0]
            s = json.dumps(getattr(g, t)(i), separators=(",", ":"))
            total += len(s) + 1
            f.write(s + "\n")
    os.replace(tmp, path)
    print("%d entities of %d types; %s %d bytes" % (n, min(n, len(types)), path, total), file=sys.stderr)


if __name__ == "__main__":
    main()
