#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the seed corpora of the fuzz targets from the corpus (tests/data/corpus), the spec tests,
the bundled rules, the networking test rules (tests/data/network) and the examples (nothing large
is committed; fuzz/seeds/ holds a few hand-written
seeds that are copied as they are).

    fuzz/make_seeds.py OUT [--repo DIR] [--corpus DIR]

writes OUT/compile, OUT/evaluate, OUT/input and OUT/rule_file, one file per seed named by its
SHA-1 (so running it again is idempotent). A missing corpus folder or file is an error (exit 1).
"""
import argparse
import hashlib
import json
import pathlib
import sys

# fuzz_input reads the format from the first byte modulo its number of formats; seeds are written
# with every first byte below this bound, so formats added later get seeds without a change here.
FORMAT_BYTES = 8


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--repo", type=pathlib.Path, default=here.parent)
    ap.add_argument("--corpus", type=pathlib.Path, default=None,
                    help="the corpus of real rules and entities (default: REPO/tests/data/corpus)")
    args = ap.parse_args()
    repo = args.repo.resolve()
    corpus = (args.corpus or repo / "tests" / "data" / "corpus").resolve()
    if not (corpus / "gsl-logic-index.json").is_file():
        sys.exit(f"make_seeds: no corpus at {corpus}")

    seeds = {name: {} for name in ("compile", "evaluate", "input", "rule_file")}

    def add(kind, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if data:
            seeds[kind][hashlib.sha1(data).hexdigest()] = data

    def load(path):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"make_seeds: skipping {path}: {e}", file=sys.stderr)
            return None

    def compact(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def add_input(data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        for b in range(FORMAT_BYTES):
            add("input", bytes([b]) + data)

    def rules_of(doc):
        rules = doc if isinstance(doc, list) else doc.get("rules", []) if isinstance(doc, dict) else []
        return [r for r in rules if isinstance(r, dict)]

    entities = []

    # Rule text: every logic string of the corpus, the spec cases and the bundled rules.
    for name in ("gsl-logic-index.json", "cloudguard-rule-pages/rules.json",
                 "CG-CSPM-TagRuleset/ExampleRule.json", "dome9-cloud-bots/sample_bundle.json",
                 "dome9-cloud-bots/sample_bundle.c17aa11.json",
                 "dome9-cloud-bots/sample_bundle.dfd7d12.json"):
        path = corpus / name
        doc = load(path)
        if doc is None:
            sys.exit(f"make_seeds: the corpus file {path} is missing or not JSON")
        for r in rules_of(doc):
            if isinstance(r.get("logic"), str):
                add("compile", r["logic"])
        if name != "gsl-logic-index.json":
            add("rule_file", path.read_bytes())
    # Entities: CloudGuard entities, compliance notifications (and the entity inside each),
    # ECR repository policies inside an EcrRepository entity, and the other format samples.
    for path in sorted(corpus.rglob("*.json")):
        rel = path.relative_to(corpus).as_posix()
        if rel.startswith(("formats/", "dome9-cloud-bots/sample_compliance_notifications/")):
            add_input(path.read_bytes())
            doc = load(path)
            if isinstance(doc, dict):
                entities.append(doc)
                if isinstance(doc.get("entity"), dict):
                    entities.append(doc["entity"])
        elif rel.startswith("ecr-policies/"):
            doc = load(path)
            if doc is not None:
                entities.append({"type": "EcrRepository", "id": path.stem, "name": path.stem,
                                 "policy": {"document": doc}})

    for path in sorted((repo / "tests" / "spec" / "cases").glob("*.json")):
        for case in load(path) or []:
            if isinstance(case, dict):
                if isinstance(case.get("rule"), str):
                    add("compile", case["rule"])
                if "entity" in case:
                    entities.append(case["entity"])

    for path in sorted((repo / "gsl_rules").rglob("*.json")):
        doc = load(path)
        if doc is None:
            continue
        if path.name.endswith(".tests.json"):
            for case in doc if isinstance(doc, list) else []:
                if isinstance(case, dict) and "entity" in case:
                    entities.append(case["entity"])
        else:
            add("rule_file", path.read_bytes())
            for r in rules_of(doc):
                if isinstance(r.get("logic"), str):
                    add("compile", r["logic"])

    # Rules that call the networking functions and their real entities (tests/data/network).
    for path in sorted((repo / "tests" / "data" / "network").glob("*.json")):
        doc = load(path)
        if doc is None:
            continue
        if path.name.endswith(".tests.json"):
            for case in doc if isinstance(doc, list) else []:
                if isinstance(case, dict) and "entity" in case:
                    entities.append(case["entity"])
        else:
            add("rule_file", path.read_bytes())
            for r in rules_of(doc):
                if isinstance(r.get("logic"), str):
                    add("compile", r["logic"])

    # The input adapters' own samples (CloudGuard notifications, AWS CLI outputs, Terraform plans).
    for path in sorted((repo / "tests" / "data" / "formats").glob("*")):
        if path.is_file():
            add_input(path.read_bytes())

    # Infrastructure as code: Terraform plans and states (UTF-16 too), CloudFormation templates in
    # JSON and YAML, a CDK synth folder (tests/data/iac).
    for path in sorted((repo / "tests" / "data" / "iac").rglob("*")):
        if path.is_file() and path.name != "SOURCES":
            add_input(path.read_bytes())

    inventory = repo / "examples" / "inventory.ndjson"
    if inventory.exists():
        add_input(inventory.read_bytes())
        for line in inventory.read_text(encoding="utf-8").splitlines():
            if line.strip():
                add("evaluate", line)

    for e in entities:
        add("evaluate", compact(e))
    # The entities together, in the shapes the input adapters accept.
    objects = [e for e in entities if isinstance(e, dict)]
    if objects:
        add_input("\n".join(compact(e) for e in objects[:40]) + "\n")
        add_input(json.dumps(objects[:20], indent=1))
        add_input(compact({"entities": objects[:10]}))
        add("evaluate", compact(objects[:10]))

    # Hand-written seeds: fuzz/seeds/<target>/*, copied as they are.
    for kind in seeds:
        for path in sorted((here / "seeds" / kind).glob("*")):
            if path.is_file():
                add(kind, path.read_bytes())

    for kind, files in seeds.items():
        d = args.out / kind
        d.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (d / name).write_bytes(data)
        print(f"make_seeds: {kind}: {len(files)} seeds in {d}")


if __name__ == "__main__":
    main()
