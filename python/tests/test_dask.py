# SPDX-License-Identifier: Apache-2.0
"""cgsl.dask on a real distributed.LocalCluster with two worker processes: a sharded inventory
(NDJSON files, malformed lines among them) gives, as a multiset, the findings of
`cgsl check --format json` on the same files, and the same summary counts."""
import collections
import json
import subprocess
import sys

import pytest

import cgsl
import cgsl.dask
from conftest import INVENTORY, NOW, SOURCE_DIR, cgsl_check_json

import dask
import dask.bag as db
import distributed


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, protocol="tcp", silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """Five NDJSON shards: generated repositories, the sample inventory, other types, broken lines."""
    d = tmp_path_factory.mktemp("inventory")
    subprocess.run([sys.executable, str(SOURCE_DIR / "bench" / "gen_ecr.py"), "4000", str(d)], check=True,
                   capture_output=True)
    lines = (d / "ecr_4000.ndjson").read_text().splitlines(keepends=True)
    sample = INVENTORY.read_text().splitlines(keepends=True)
    files = []
    for k in range(5):
        part = lines[k * 800:(k + 1) * 800]
        part[10:10] = sample[k::5]
        if k % 2 == 0:
            part.insert(3, '{"type": "EcrRepository", "id": "broken-%d", "policy": \n' % k)  # malformed
            part.insert(50, "[1, 2, 3]\n")                                                   # not an object
            part.insert(70, '{"id": "no-type-%d"}\n' % k)                                     # no type
        part.append('{"type": "S3Bucket", "id": "bucket-%d"}\n' % k)                         # other type
        f = d / f"shard-{k}.ndjson"
        f.write_text("".join(part))
        files.append(str(f))
    return files


def multiset(findings):
    return collections.Counter(json.dumps(f, sort_keys=True) for f in findings)


def test_findings_and_summary_equal_the_program(client, shards, tmp_path):
    want, want_summary, rc = cgsl_check_json(shards, summary_path=tmp_path / "summary.json")
    assert rc == 3 and want_summary["unreadable"] == 9 and want_summary["failed"] > 0
    rules = cgsl.load_rules()
    findings, summary = cgsl.dask.scan_with_summary(shards, rules=rules, now=NOW)
    assert findings.npartitions == len(shards)
    got, got_summary = dask.compute(findings, summary)
    assert len(got) == len(want)
    assert multiset(got) == multiset(want)
    assert got_summary == want_summary
    # The work ran in the two worker processes, not here.
    assert len(client.scheduler_info()["workers"]) == 2


def test_groups_of_files_and_show(client, shards, tmp_path):
    want, want_summary, _ = cgsl_check_json(shards, "--show", "failed,error", summary_path=tmp_path / "s.json")
    groups = [shards[:2], shards[2:]]
    findings, summary = cgsl.dask.scan_with_summary(groups, rules=cgsl.load_rules(), show="failed,error", now=NOW)
    got, got_summary = dask.compute(findings, summary)
    assert multiset(got) == multiset(want) and got_summary == want_summary
    assert {f["outcome"] for f in got} == {"failed", "error"}


def test_a_bag_of_lines_cut_at_line_boundaries(client, shards):
    want, _, _ = cgsl_check_json(shards)
    bag = db.read_text(shards, blocksize=300_000)  # byte ranges, cut at line boundaries by dask
    assert bag.npartitions > len(shards)
    got = cgsl.dask.scan(bag, rules=cgsl.load_rules(), now=NOW).compute()
    # Sources name the partition instead of the file; everything else is the same.
    strip = lambda fs: [{k: v for k, v in f.items() if k not in ("source", "entity") or
                         (k == "entity" and f["ruleId"] is not None)} for f in fs]
    assert multiset(strip(got)) == multiset(strip(want))
    assert all(f["source"].startswith("<partition ") for f in got)


def test_list_rules_are_refused():
    rs = cgsl.ruleset(["List<EcrRepository> should have items length() < 3"])
    with pytest.raises(ValueError, match="List<T>"):
        cgsl.dask.scan(["x.ndjson"], rules=rs)
