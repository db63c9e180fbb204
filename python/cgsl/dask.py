# SPDX-License-Identifier: Apache-2.0
"""cgsl on Dask: a ruleset over an inventory split in partitions, findings as a dask.bag.

    import cgsl, cgsl.dask, dask
    rules = cgsl.load_rules()
    findings, summary = cgsl.dask.scan_with_summary(["inv-0.ndjson", "inv-1.ndjson"], rules=rules)
    found, total = dask.compute(findings, summary)     # one pass over the files

Partitions: one per file by default (a file is scanned by one task, in bounded memory, with
``threads`` threads in the worker), or one per group when an item of ``paths`` is itself a list
of paths (scanned together, as one ``cgsl check`` run). A ``dask.bag.Bag`` of NDJSON lines (e.g.
``dask.bag.read_text(pattern, blocksize=...)``, which cuts files at line boundaries) is scanned
partition by partition as NDJSON; its findings' ``source`` then names ``<partition N>`` and the
line within the partition, since a bag of text does not carry file names and line numbers.

The ruleset travels to the workers pickled (by its source text, see docs/python.md); nothing
else is shared. ``List<T>`` rules need every entity of their type at once and are refused here
(run them with cgsl.scan over the whole inventory); AWS CLI outputs (aws-ecr) are joined only
within a partition, so give the files of one account as one group.
"""
from typing import Any, Dict, Iterable, List, Optional, Tuple

import cgsl

__all__ = ["scan", "scan_with_summary", "merge_summaries"]

_OUTCOME_KEYS = None


def _check_rules(rules) -> "cgsl.Ruleset":
    rs = cgsl._as_ruleset(rules)
    lists = [r.id for r in rs if r.rule.is_list]
    if lists:
        raise ValueError("List<T> rules need every entity of their type in one scan and cannot run per "
                         f"partition: {', '.join(lists)} (use cgsl.scan over the whole inventory)")
    return rs


def _scan_files(group, rules, threads, input, show, options) -> List[Dict[str, Any]]:
    s = cgsl.scan(list(group), rules=rules, threads=threads, input=input, show=show, **options)
    findings = list(s)
    return [{"findings": findings, "summary": s.summary}]


def _scan_lines(lines, rules, threads, show, options, partition_index=None) -> List[Dict[str, Any]]:
    text = "".join(l if l.endswith("\n") else l + "\n" for l in lines)
    name = f"<partition {partition_index}>" if partition_index is not None else "<partition>"
    s = cgsl.scan([(name, text.encode())], rules=rules, threads=threads, input="ndjson", show=show, **options)
    findings = list(s)
    return [{"findings": findings, "summary": s.summary}]


def _findings(part) -> List[Dict[str, Any]]:
    out: List[Dict[str, Any]] = []
    for p in part:
        out.extend(p["findings"])
    return out


def merge_summaries(summaries: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """Adds up the summaries of scans of parts of one inventory with one ruleset (in order):
    the result is shaped like ``cgsl check --summary FILE`` and equal to it for the whole
    inventory. Counts add up (top-level numbers, per-rule numbers, per-severity failures);
    entities per type merge ignoring ASCII case under the first spelling seen; the rules that
    applied to no entity are those of no part; a warning (an expired or unused exception entry)
    stands only when every part gave it, since an entry unused in one part may be used in another."""
    total: Optional[Dict[str, Any]] = None
    folded: Dict[str, str] = {}
    warnings: Optional[list] = None
    for s in summaries:
        if s is None:
            raise ValueError("a partition's scan did not finish")
        if total is None:
            total = {}
            for k, v in s.items():
                if isinstance(v, bool):
                    total[k] = v
                elif isinstance(v, int):
                    total[k] = 0
                elif isinstance(v, dict) and k != "entitiesPerType":
                    total[k] = {kk: 0 for kk in v}
            total["entitiesPerType"] = {}
            total["rules"] = [dict(r) for r in s["rules"]]
            for r in total["rules"]:
                for k, v in r.items():
                    if isinstance(v, int) and not isinstance(v, bool):
                        r[k] = 0
        for k, v in s.items():
            if isinstance(v, int) and not isinstance(v, bool):
                total[k] = total.get(k, 0) + v
            elif isinstance(v, dict) and k != "entitiesPerType":
                into = total.setdefault(k, {})
                for kk, n in v.items():
                    into[kk] = into.get(kk, 0) + n
        for t, n in s["entitiesPerType"].items():
            name = folded.setdefault(t.lower(), t)
            total["entitiesPerType"][name] = total["entitiesPerType"].get(name, 0) + n
        if len(s["rules"]) != len(total["rules"]):
            raise ValueError("summaries of different rulesets")
        for into, r in zip(total["rules"], s["rules"]):
            if into["ruleId"] != r["ruleId"]:
                raise ValueError("summaries of different rulesets")
            for k, v in r.items():
                if isinstance(v, int) and not isinstance(v, bool):
                    into[k] += v
        if "warnings" in s:
            part = list(s["warnings"])
            warnings = part if warnings is None else [w for w in warnings if w in part]
    if total is None:
        raise ValueError("no summaries to merge")
    total["entitiesPerType"] = dict(sorted(total["entitiesPerType"].items(), key=lambda kv: kv[0].encode()))
    # As the library does: among the type families the input has (CloudGuard types have no '_',
    # CloudFormation's AWS_X_Y have upper case, Terraform's are lower_snake), or all without entities.
    def family(t: str) -> str:
        if "_" not in t:
            return "cloudguard"
        return "cloudformation" if any("A" <= c <= "Z" for c in t) else "terraform"
    read = {family(t) for t in total["entitiesPerType"]}
    def target(r: Dict[str, Any]) -> str:
        t = r["entityType"]
        return t[5:-1] if t.startswith("List<") and t.endswith(">") else t
    total["rulesWithoutEntities"] = [r["ruleId"] for r in total["rules"]
                                     if r["entitiesOfType"] == 0 and (not read or family(target(r)) in read)]
    if warnings is not None:
        total["warnings"] = warnings
    return total


def scan_with_summary(paths_or_bag, rules=None, threads: int = 1, input: str = "auto", show=None,
                      **options: Any) -> Tuple[Any, Any]:
    """(findings, summary): a dask.bag of finding dicts (each as a line of ``cgsl check --format
    json``) and a dask.delayed of the merged summary. Compute them together
    (``dask.compute(findings, summary)``) so that each partition is scanned once. ``options``
    are those of :func:`cgsl.scan` (now, evidence, entity_type, window_bytes, max_steps)."""
    import dask
    import dask.bag as db

    rs = _check_rules(rules)
    if isinstance(paths_or_bag, db.Bag):
        if input not in ("auto", "ndjson", "jsonl"):
            raise ValueError("a bag of text lines is scanned as NDJSON (input='ndjson')")
        parts = paths_or_bag.map_partitions(_scan_lines_indexed, rs, threads, show, options,
                                            _partition_indices(paths_or_bag.npartitions))
    else:
        if isinstance(paths_or_bag, (str, bytes)) or hasattr(paths_or_bag, "__fspath__"):
            paths_or_bag = [paths_or_bag]
        groups = []
        for p in paths_or_bag:
            if isinstance(p, (list, tuple)):
                groups.append([str(x) for x in p])
            else:
                groups.append([str(p)])
        if not groups:
            raise ValueError("no inputs")
        parts = db.from_sequence(groups, npartitions=len(groups)).map_partitions(
            _scan_groups, rs, threads, input, show, options)
    findings = parts.map_partitions(_findings)
    summary = dask.delayed(_merge_parts)(parts.pluck("summary").to_delayed())
    return findings, summary


def _merge_parts(parts):
    return merge_summaries(s for part in parts for s in part)


def _scan_groups(groups, rules, threads, input, show, options):
    out = []
    for g in groups:
        out.extend(_scan_files(g, rules, threads, input, show, options))
    return out


def _partition_indices(n: int):
    import dask.bag as db
    return db.from_sequence(range(n), npartitions=n)


def _scan_lines_indexed(lines, rules, threads, show, options, index):
    index = list(index)
    return _scan_lines(lines, rules, threads, show, options, index[0] if index else None)


def scan(paths_or_bag, rules=None, threads: int = 1, input: str = "auto", show=None, **options: Any):
    """A dask.bag of the finding dicts of ``rules`` over ``paths_or_bag`` (see the module's
    docstring for the partitions); the summary: :func:`scan_with_summary`."""
    return scan_with_summary(paths_or_bag, rules=rules, threads=threads, input=input, show=show, **options)[0]
