#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ctest bench_generators_smoke: the generators and rulesets of bench/run still work together.

usage: generators_smoke_test.py CGSL WORKDIR
Runs gen_inventory.py for 300 entities, gen_ecr.py for 100 and make_rules.py, lints both
100-rule files, then checks the 30-type file over the inventory with --format json and asserts
exit 1 (failures, no errors: 3 would mean unreadable entities or rule errors), that all 30 types
were read (--summary: 30 keys in entitiesPerType, rulesWithoutEntities empty), and that the
96-other-types file reports on the ECR entities exactly what the bundled rules report.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOW = "2026-06-01T00:00:00Z"


def main():
    cgsl, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    py = sys.executable
    subprocess.run([py, os.path.join(HERE, "gen_inventory.py"), "300", work], check=True)
    subprocess.run([py, os.path.join(HERE, "gen_ecr.py"), "100", work], check=True)
    subprocess.run([py, os.path.join(HERE, "make_rules.py"), work], check=True)
    types30 = os.path.join(work, "rules_100_types30.json")
    other96 = os.path.join(work, "rules_100_other96.json")
    for f in (types30, other96):
        rules = json.load(open(f))["rules"]
        assert len(rules) == 100 and len({r["ruleId"] for r in rules}) == 100, f
    # Each file on its own: together they share the bundled rules' ids (E308 across files).
    for rules_file in (types30, other96):
        subprocess.run([cgsl, "lint", rules_file], check=True, stdout=subprocess.DEVNULL)

    inv = os.path.join(work, "inventory_300.ndjson")
    assert sum(1 for _ in open(inv)) == 300
    summary = os.path.join(work, "summary.json")
    p = subprocess.run([cgsl, "check", "--rules", types30, "--format", "json", "--now", NOW, "--summary", summary,
                        inv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 1, f"exit {p.returncode} (want 1: failures, no errors)\n{p.stderr}"
    s = json.load(open(summary))
    assert len(s["entitiesPerType"]) == 30, sorted(s["entitiesPerType"])
    assert s["rulesWithoutEntities"] == [], s["rulesWithoutEntities"]
    assert s["entities"] == 300 and s["unreadable"] == 0 and s["errors"] == 0, s
    assert len(s["rules"]) == 100
    outcomes = {json.loads(line)["outcome"] for line in p.stdout.splitlines()}
    assert {"passed", "failed"} <= outcomes, outcomes
    types = {r["entityType"] for r in s["rules"]}
    assert len({t.lower().replace("list<", "").rstrip(">") for t in types}) == 30, sorted(types)

    # The 96 rules for other types add nothing on ECR entities but their List<T> lines.
    ecr = os.path.join(work, "ecr_100.ndjson")
    out4 = subprocess.run([cgsl, "check", "--rules", os.path.join(ROOT, "gsl_rules"), "--format", "json", ecr],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    out100 = subprocess.run([cgsl, "check", "--rules", other96, "--format", "json", ecr],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    assert out100.startswith(out4) and all(b'"entity":"List<' in x for x in out100[len(out4):].splitlines())
    print("ok: 300 entities of 30 types, 100 rules; %d findings" % len(p.stdout.splitlines()))


if __name__ == "__main__":
    main()
