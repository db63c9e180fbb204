#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Standard input from a terminal ends at the first Ctrl-D (issue 11: it took three, because the
# readers read again after the end of input). Runs `cgsl check` on a pseudo-terminal in every
# input format, types entities, sends one end-of-file and expects the program to exit with the
# findings. Usage: tty_eof_test.py CGSL_BINARY
import os
import pty
import select
import sys
import time

cgsl = sys.argv[1]
GRACE = 20.0  # seconds the program may take to finish after the one Ctrl-D (a loaded machine)

ENTITY = b'{"type":"T","v":1}'
AWS = b'{"repositories":[{"repositoryArn":"arn:aws:ecr:us-west-2:1:repository/r","registryId":"1","repositoryName":"r"}]}'
PLAN = b'{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_ecr_repository.r","mode":"managed","type":"aws_ecr_repository","values":{"name":"r"}}]}}}'

CASES = [
    # (name, args, lines typed, text the output must contain)
    ("auto, one document", [], [ENTITY], b'"outcome":"passed"'),
    ("auto, lines", [], [ENTITY, ENTITY], b'<stdin>:2'),
    ("auto, pretty document", [], [b"{", b'"type":"T",', b'"v":1', b"}"], b'"outcome":"passed"'),
    ("ndjson", ["--input", "ndjson"], [ENTITY, ENTITY], b'<stdin>:2'),
    ("json", ["--input", "json"], [ENTITY], b'"outcome":"passed"'),
    ("cloudguard", ["--input", "cloudguard"], [b'{"entity":' + ENTITY + b"}"], b'"outcome":"passed"'),
    ("aws-ecr", ["--input", "aws-ecr", "--rule", "EcrRepository should have name"], [AWS], b'"outcome":"passed"'),
    ("terraform-plan", ["--input", "terraform-plan", "--rule", "EcrRepository should have name"], [PLAN], b'"outcome":"passed"'),
    ("empty", [], [], b'"outcome":"error"'),
]

failures = 0


def run(name, args, lines, want):
    global failures
    argv = [cgsl, "check", "--format", "json"] + (args if "--rule" in args else args + ["--rule", "T should have v = 1"]) + ["-"]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["NO_COLOR"] = "1"
        os.execv(cgsl, argv)
    out = b""

    def drain(seconds):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    time.sleep(0.2)
    for line in lines:
        os.write(fd, line + b"\n")
        drain(0.05)
    os.write(fd, b"\x04")  # one Ctrl-D, at the start of a line: the end of input
    status = None
    end = time.time() + GRACE
    while time.time() < end:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = st
            break
        drain(0.1)
    if status is None:
        failures += 1
        print(f"FAIL {name}: still waiting for input after one Ctrl-D ({GRACE:.0f} s)")
        os.write(fd, b"\x04\x04")  # let it finish, to see what it would have done
        time.sleep(0.5)
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        return
    drain(0.3)
    if want not in out:
        failures += 1
        print(f"FAIL {name}: output lacks {want!r}: {out[-400:]!r}")
    else:
        print(f"ok   {name}: exit {os.waitstatus_to_exitcode(status)}")


for case in CASES:
    run(*case)
print(f"{len(CASES) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
