# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures: the repository, the built program (CGSL_PROGRAM, set by CMake) and inputs."""
import datetime
import json
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("CGSL_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])).resolve()
INVENTORY = SOURCE_DIR / "examples" / "inventory.ndjson"
ECR_RULES = SOURCE_DIR / "gsl_rules" / "aws" / "ecr.json"
NOW_TEXT = "2024-06-01"
NOW = datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc).timestamp()

# The seed rule, D9.AWS.IAM.103.
SEED = ("EcrRepository should not have policy.document.Statement contain "
        "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]")
PUBLIC = {"type": "EcrRepository", "id": "repo-1", "policy": {"document": {"Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]},
     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}}}


def program() -> str:
    p = os.environ.get("CGSL_PROGRAM")
    if not p:
        raise RuntimeError("CGSL_PROGRAM is not set (ctest sets it to the built cgsl program)")
    return p


def cgsl_check_json(files, *args, summary_path=None):
    """`cgsl check --format json` on files: (findings as dicts, summary dict or None, exit code)."""
    cmd = [program(), "check", "--format", "json", "--no-progress", "--now", NOW_TEXT, *args]
    if summary_path is not None:
        cmd += ["--summary", str(summary_path)]
    cmd += [str(f) for f in files]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode in (0, 1, 3), p.stderr
    findings = [json.loads(line) for line in p.stdout.splitlines()]
    summary = json.loads(pathlib.Path(summary_path).read_text()) if summary_path is not None else None
    return findings, summary, p.returncode


@pytest.fixture
def seed():
    import cgsl
    return cgsl.compile(SEED)
