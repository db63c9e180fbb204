#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The real run behind docs/performance.md's "Scaling beyond one machine": the same sharded
inventory through `cgsl check`, `cgsl.scan` in process, and `cgsl.dask` on a
distributed.LocalCluster with 1 and 2 worker processes (one thread each). Checks that every run
gives the same findings before reporting any time.

    PYTHONPATH=build/python /usr/bin/python3 bench/dask_run.py [--entities N] [--shards K] [--runs R]
        [--program build/src/cli/cgsl]

Entities come from bench/gen_ecr.py (cached in bench/data/); the rule is the seed rule
D9.AWS.IAM.103, every finding is delivered (one per entity), evidence on.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
SEED = ("EcrRepository should not have policy.document.Statement contain "
        "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]")


def shards_of(n, k):
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    src = data / f"ecr_{n}.ndjson"
    if not src.exists():
        subprocess.run([sys.executable, str(HERE / "gen_ecr.py"), str(n), str(data)], check=True)
    out = data / f"shards_{n}_{k}"
    out.mkdir(exist_ok=True)
    files = [out / f"part-{i:02d}.ndjson" for i in range(k)]
    if not all(f.exists() for f in files):
        lines = src.read_text().splitlines(keepends=True)
        per = (len(lines) + k - 1) // k
        for i, f in enumerate(files):
            f.write_text("".join(lines[i * per:(i + 1) * per]))
    return [str(f) for f in files], sum(f.stat().st_size for f in files)


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def key(findings):
    return collections.Counter((f["entity"], f["outcome"], f["source"]) for f in findings)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--program", default=str(HERE.parent / "build" / "src" / "cli" / "cgsl"))
    a = ap.parse_args()

    import cgsl
    import cgsl.dask
    import dask
    import distributed

    files, size = shards_of(a.entities, a.shards)
    rules = cgsl.ruleset([SEED])
    rows = []

    def program(threads):
        p = subprocess.run([a.program, "check", "--rule", SEED, "--format", "json", "--no-progress",
                            "--threads", str(threads), *files], capture_output=True, text=True)
        assert p.returncode in (0, 1), p.stderr
        return [json.loads(l) for l in p.stdout.splitlines()]

    def program_alone(threads):
        with open(os.devnull, "w") as null:
            p = subprocess.run([a.program, "check", "--rule", SEED, "--format", "json", "--no-progress",
                                "--threads", str(threads), *files], stdout=null)
        assert p.returncode in (0, 1)

    t, _ = timed(lambda: program_alone(1), a.runs)
    rows.append(("cgsl check --threads 1, output to /dev/null (no Python)", 1, t))
    t, ref = timed(lambda: program(1), a.runs)
    want = key(ref)
    rows.append(("cgsl check --threads 1 (+ json.loads of its output)", 1, t))
    t, got = timed(lambda: program(2), a.runs)
    assert key(got) == want
    rows.append(("cgsl check --threads 2 (+ json.loads)", 2, t))
    t, got = timed(lambda: list(cgsl.scan(files, rules=rules, threads=1)), a.runs)
    assert key(got) == want
    rows.append(("cgsl.scan(threads=1), in process", 1, t))
    t, got = timed(lambda: list(cgsl.scan(files, rules=rules, threads=2)), a.runs)
    assert key(got) == want
    rows.append(("cgsl.scan(threads=2), in process", 2, t))

    for workers in (1, 2):
        start = time.perf_counter()
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=40) as cluster, \
                distributed.Client(cluster):
            startup = time.perf_counter() - start

            def run():
                findings, summary = cgsl.dask.scan_with_summary(files, rules=rules)
                return dask.compute(findings, summary)

            t, (got, summary) = timed(run, a.runs)
            assert key(got) == want and summary["entities"] == a.entities
            rows.append((f"cgsl.dask, {workers} worker(s): every finding gathered to the client", workers, t))

            def stay():
                findings, summary = cgsl.dask.scan_with_summary(files, rules=rules)
                return dask.compute(findings.count(), summary)

            t, (count, summary) = timed(stay, a.runs)
            assert count == len(ref) and summary["entities"] == a.entities
            rows.append((f"cgsl.dask, {workers} worker(s): findings counted on the workers, summary gathered",
                         workers, t))

            out = tempfile.mkdtemp(prefix="cgsl-dask-")

            def write():
                findings, summary = cgsl.dask.scan_with_summary(files, rules=rules)
                dask.compute(findings.map(json.dumps).to_textfiles(out + "/part-*.jsonl", compute=False), summary)

            t, _ = timed(write, a.runs)
            written = sum(1 for p in pathlib.Path(out).glob("*.jsonl") for _ in p.open())
            shutil.rmtree(out)
            assert written == len(ref)
            rows.append((f"cgsl.dask, {workers} worker(s): findings written as JSON Lines by the workers",
                         workers, t))
        rows.append((f"(LocalCluster with {workers} worker(s) x 1 thread: start-up {startup:.1f} s, not in the times)",
                     workers, float("nan")))

    base = rows[1][2]
    print(f"{a.entities} entities, {size / 1e6:.0f} MB in {a.shards} NDJSON shards, "
          f"{len(ref)} findings (all checked equal), median of {a.runs} runs\n")
    print("| run | cores | wall s | entities/s | entities/s per core | ratio to cgsl check --threads 1 + json.loads |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, cores, t in rows:
        if t != t:
            print(f"| {name} | | | | | |")
            continue
        print(f"| {name} | {cores} | {t:.2f} | {a.entities / t:,.0f} | {a.entities / t / cores:,.0f} | {t / base:.2f} |")


if __name__ == "__main__":
    main()
