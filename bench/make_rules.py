#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The 100-rule rulesets of bench/run (Python 3 standard library only; deterministic).

usage: make_rules.py OUTDIR
writes OUTDIR/rules_100_types30.json   100 rules over the 30 entity types of gen_inventory.py:
                                       the 4 bundled rules (gsl_rules/aws/ecr.json), the 54 other
                                       corpus rules (bench/corpus_rules.json: every corpus logic
                                       this cgsl compiles, less the 3 that are bundled rules),
                                       and 42 rules of ours (3 EcrRepository, 39 for other types)
       OUTDIR/rules_100_other96.json   the 4 bundled rules + 96 rules for types other than
                                       EcrRepository (54 corpus + 42 of ours), for "rules for
                                       other types cost close to nothing"
Both are CloudGuard-style rule files: {"name", "description", "rules": [{ruleId, name, severity,
logic, ...}]}. The rules of ours read the fields gen_inventory.py writes.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Rules of ours: (type-tag, severity, name, logic). Written for the shapes of gen_inventory.py,
# in the style of CloudGuard's managed rules. The ECR ones go only into rules_100_types30.json.
OURS_ECR = [
    ("Medium", "ECR repositories scan images on push",
     "EcrRepository should have imageScanningConfiguration.scanOnPush=true"),
    ("Low", "ECR image tags are immutable",
     "EcrRepository should have imageTagMutability='IMMUTABLE'"),
    ("Low", "ECR repositories are encrypted with a KMS key",
     "EcrRepository should have encryptionConfiguration.encryptionType='KMS' and encryptionConfiguration.kmsKey"),
]
OURS_OTHER = [
    # the first 39 go into both files; the rest only into the "other types" file (96 non-ECR rules)
    ("High", "RDS instances are not publicly accessible", "RDS should have isPublic=false"),
    ("High", "RDS storage is encrypted", "RDS should have isStorageEncrypted=true"),
    ("Medium", "RDS backups are kept at least 7 days", "RDS should have backupRetentionPeriod >= 7"),
    ("Low", "RDS instances are Multi-AZ", "RDS where dbType in ('mysql','postgres') should have isMultiAvailabilityZone=true"),
    ("High", "RDS security groups are not open to the internet",
     "RDS should not have inboundRules contain [ scope='0.0.0.0/0' ]"),
    ("Medium", "Lambda functions use a supported runtime",
     "Lambda should not have runtime in ('python2.7', 'python3.8', 'nodejs14.x', 'go1.x')"),
    ("High", "Lambda functions are not invokable by everyone",
     "Lambda should not have policy.Statement contain [ Effect='Allow' and Principal='*' ]"),
    ("High", "Lambda environment variables hold no AWS secret keys",
     "Lambda should not have environmentVariables.AWS_SECRET_ACCESS_KEY"),
    ("Low", "Lambda functions have active tracing", "Lambda should have tracingConfig.mode='Active'"),
    ("High", "Storage accounts accept HTTPS only", "StorageAccount should have httpsOnlyTraffic=true"),
    ("Medium", "Storage accounts deny network access by default",
     "StorageAccount should have networkRuleSet.defaultAction='Deny'"),
    ("Medium", "Storage accounts require TLS 1.2", "StorageAccount should have minimumTlsVersion='TLS1_2'"),
    ("High", "Storage accounts do not allow public blob access", "StorageAccount should have allowBlobPublicAccess=false"),
    ("High", "SQL servers do not allow all IP addresses",
     "SQLServer should not have firewallRules contain [ startIpAddress='0.0.0.0' and endIpAddress='255.255.255.255' ]"),
    ("Medium", "SQL servers have an Azure AD administrator", "SQLServer should not have adAdministrators isEmpty()"),
    ("Medium", "SQL server auditing keeps logs over 90 days",
     "SQLServer where auditing.state='Enabled' should have auditing.retentionDays > 90"),
    ("High", "SQL databases use transparent data encryption", "SQLDB should have encryption.status='Enabled'"),
    ("Medium", "SQL databases have threat detection", "SQLDB should have threatDetection.state='Enabled'"),
    ("Low", "SQL databases are audited", "SQLDB should have auditing.state='Enabled'"),
    ("Medium", "Virtual machines encrypt their disks", "VirtualMachine should have diskEncryption=true"),
    # D9.AZU.NET.VirtualMachine.UDP (excluded from corpus_rules.json: it needs the list
    # $CloudGuard_Known_UDP_Ports) with the list written out and the '*' the page lost restored
    ("Medium", "Public virtual machines do not accept known UDP ports from anywhere",
     "VirtualMachine where isPublic=true should not have nics contain [ networkSecurityGroup.inboundSecurityRules "
     "contain [ protocol in ('UDP','All') and sourceAddressPrefixes contain [ $ in ('*', '0.0.0.0/0', 'Internet') ] "
     "and destinationPortRanges contain [ destinationPort in (53, 123, 161, 389, 1900) ] ] ]"),
    ("High", "IAM roles cannot be assumed by everyone",
     "IamRole should not have assumeRolePolicy.Statement contain [ Effect='Allow' and (Principal='*' or Principal.AWS='*') ]"),
    ("Medium", "Cross-account IAM roles require MFA",
     "IamRole where assumeRolePolicy.Statement contain [ Principal.AWS ] should have assumeRolePolicy.Statement contain [ Condition.Bool ]"),
    ("Low", "IAM roles are used", "IamRole should have lastUsed after(-180, 'days')"),
    ("High", "IAM roles do not have AdministratorAccess",
     "IamRole should not have attachedPolicies contain [ name='AdministratorAccess' ]"),
    ("High", "EKS API endpoints are not open to the internet",
     "EKSCluster where resourcesVpcConfig.endpointPublicAccess=true should not have resourcesVpcConfig.publicAccessCidrs contain [ $ = '0.0.0.0/0' ]"),
    ("Medium", "EKS clusters log the API and audit", "EKSCluster should have logging.clusterLogging contain [ types contain-all [ $ in ('api', 'audit') ] ]"),
    ("Medium", "EKS secrets are encrypted with KMS", "EKSCluster should not have encryptionConfig isEmpty()"),
    ("Low", "EKS clusters run a supported version", "EKSCluster should not have version in ('1.25', '1.27')"),
    ("High", "ElastiCache Redis is encrypted at rest", "ElastiCache where engine='redis' should have atRestEncryptionEnabled=true"),
    ("High", "ElastiCache Redis is encrypted in transit", "ElastiCache where engine='redis' should have transitEncryptionEnabled=true and authTokenEnabled=true"),
    ("Low", "ElastiCache Redis keeps snapshots", "ElastiCache where engine='redis' should have snapshotRetentionLimit > 0"),
    ("High", "S3 buckets are encrypted at rest", "S3Bucket should not have encryption.serverSideEncryptionRules isEmpty()"),
    ("Medium", "S3 buckets block public access",
     "S3Bucket should have publicAccessBlockConfiguration.blockPublicAcls=true and publicAccessBlockConfiguration.blockPublicPolicy=true"),
    ("Low", "S3 buckets have versioning", "S3Bucket should have versioning.status='Enabled'"),
    ("High", "Instances require IMDSv2", "Instance should have metadataOptions.httpTokens='required'"),
    ("High", "Public instances do not expose SSH or RDP",
     "Instance where isPublic=true should not have inboundRules contain [ scope='0.0.0.0/0' and port in (22, 3389) ]"),
    ("Medium", "IAM users with a console password use MFA", "IamUser where passwordEnabled=true should have mfaActive=true"),
    ("High", "IAM users do not have AdministratorAccess attached directly",
     "IamUser should not have managedPolicies contain [ name='AdministratorAccess' ]"),
    ("Medium", "IAM password policy requires 14 characters", "Iam should have passwordPolicy.minimumPasswordLength >= 14"),
    ("High", "CloudTrail log file validation is enabled", "CloudTrail should have logFileValidationEnabled=true"),
    ("Medium", "Disks are encrypted with a customer-managed key",
     "Disk where diskState='Attached' should have encryption.type='EncryptionAtRestWithCustomerKey'"),
    ("Medium", "GCP firewall rules do not allow SSH from the internet",
     "GcpSecurityGroup should not have inboundRules contain [ destinationPort=22 and source='0.0.0.0/0' ]"),
    ("High", "Pod security policies do not allow privilege escalation",
     "KubernetesPodSecurityPolicy should have spec.allowPrivilegeEscalation=false and spec.hostNetwork=false"),
]


def rule(rule_id, name, severity, logic, **more):
    r = {"ruleId": rule_id, "name": name, "severity": severity, "logic": logic}
    r.update(more)
    return r


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    bundled = json.load(open(os.path.join(ROOT, "gsl_rules", "aws", "ecr.json")))["rules"]
    bundled_logic = {r["logic"] for r in bundled}
    corpus = []
    for k, c in enumerate(json.load(open(os.path.join(HERE, "corpus_rules.json")))["rules"]):
        if c["logic"] in bundled_logic:
            continue
        corpus.append(rule(c.get("ruleId") or "BENCH.CORPUS.%02d" % (k + 1), c.get("name") or c["logic"],
                           c.get("severity") or "Medium", c["logic"], source=c["source"]))
    ecr = [rule("BENCH.ECR.%02d" % (k + 1), n, s, l) for k, (s, n, l) in enumerate(OURS_ECR)]
    other = [rule("BENCH.OWN.%02d" % (k + 1), n, s, l) for k, (s, n, l) in enumerate(OURS_OTHER)]
    assert not any(r["logic"].lower().startswith("ecrrepository") for r in corpus + other)
    types30 = bundled + corpus + ecr + other[:100 - len(bundled) - len(corpus) - len(ecr)]
    other96 = bundled + corpus + other[:100 - len(bundled) - len(corpus)]
    assert len(types30) == 100 and len(other96) == 100, (len(types30), len(other96))
    os.makedirs(outdir, exist_ok=True)
    for fname, rules, desc in (
            ("rules_100_types30.json", types30,
             "bench: 100 rules over 30 entity types (4 bundled, 54 corpus, 42 of bench/make_rules.py)"),
            ("rules_100_other96.json", other96,
             "bench: the 4 bundled EcrRepository rules and 96 rules for other types")):
        with open(os.path.join(outdir, fname), "w") as f:
            json.dump({"name": fname[:-5], "description": desc, "rules": rules}, f, indent=1)
            f.write("\n")
    print("wrote %s/rules_100_types30.json and rules_100_other96.json" % outdir, file=sys.stderr)


if __name__ == "__main__":
    main()
