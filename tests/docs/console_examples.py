#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs every console example of a Markdown file and compares what cgsl prints, so the docs
cannot drift from the program.

Usage: console_examples.py CGSL_BINARY REPO_ROOT FILE.md...

The convention (README.md and docs/*.md; tests/CMakeLists.txt registers one test per file that
has a console block):

- A fenced block opened with ```console (at any indentation) is a transcript, and it is run.
  Blocks in any other language (```sh, ```text, a bare ```) are not: use them for templates,
  shortened commands and output that is only illustrative.
- Inside it, a line starting with `$ ` is a command; the lines up to the next `$ ` line (or the end
  of the block) are exactly what it prints: its standard output, then its standard error. The
  comparison is exact (spaces included); only the final newline is not compared. A command
  continues on the next line when the line ends with a backslash.
- Commands: `cgsl ...` (the program under test, run by bash, so quotes and `\\$` work as in a
  shell), `cat FILE` (its shown lines become FILE: this is how an example makes its input) and
  `echo $?` (the previous command's exit code). Anything else is an error: a transcript shows
  only what can be checked.
- Each Markdown file runs in a fresh empty folder that holds links to the repository's
  `examples/` and `gsl_rules/`; files made by `cat` stay for the later blocks of the same file.
  The environment is fixed: NO_COLOR=1, TZ=UTC, LC_ALL=C.UTF-8, CGSL_RULES_DIR=the source tree's
  bundled rules (what an installed cgsl finds by itself).
- Input too large or too dull to show is made by a setup comment on the line right before the
  fence, `<!-- console-setup: SHELL COMMAND -->`, run (by bash, in the same folder) before the
  block; it must exit 0. Markdown does not show it; keep the text around the block saying what it
  makes.
- A command may not run longer than 20 s. A file with no console block is an error (nothing
  would be checked).

Prints one line per command and "N passed, M failed"; exits 1 on any difference.
"""
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
SETUP = re.compile(r"^\s*<!-- console-setup: (.*) -->\s*$")


def blocks(path):
    """(line number of the opening fence, [lines]) of every ```console block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang = m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        if j == len(lines):
            raise SystemExit(f"{path}:{i + 1}: a ``` block is not closed")
        if lang == "console":
            body = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[i + 1:j]]
            setup = None
            m = SETUP.match(lines[i - 1]) if i > 0 else None
            if m:
                setup = m.group(1)
            out.append((i + 1, body, setup))
        i = j + 1
    return out


def steps(path, start, body):
    """(line number, command, expected output lines) of a console block."""
    if not body or not body[0].startswith("$ "):
        raise SystemExit(f"{path}:{start}: a console block must start with a '$ ' command line")
    result = []
    k = 0
    while k < len(body):
        line_no = start + 1 + k
        cmd = body[k][2:]
        while cmd.endswith("\\") and k + 1 < len(body):
            k += 1
            cmd = cmd + "\n" + body[k]  # bash joins the lines
        k += 1
        expected = []
        while k < len(body) and not body[k].startswith("$ "):
            expected.append(body[k])
            k += 1
        result.append((line_no, cmd, expected))
    return result


def main():
    with tempfile.TemporaryDirectory(prefix="cgsl-docs-") as tmp:
        return run(tmp)


def run(tmp):
    cgsl, root, files = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
    passed = failed = 0
    bindir = os.path.join(tmp, "bin")
    os.mkdir(bindir)
    os.symlink(cgsl, os.path.join(bindir, "cgsl"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CGSL_")}
    env.update({"PATH": bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "TZ": "UTC",
                "LC_ALL": "C.UTF-8", "CGSL_RULES_DIR": os.path.join(root, "gsl_rules")})
    for md in files:
        name = os.path.relpath(md, root)
        found = blocks(md)
        if not found:
            print(f"FAIL {name}: no ```console block (nothing to check)")
            failed += 1
            continue
        work = tempfile.mkdtemp(prefix="page-", dir=tmp)
        for d in ("examples", "gsl_rules"):
            os.symlink(os.path.join(root, d), os.path.join(work, d))
        last_rc = None
        for start, body, setup in found:
            if setup is not None:
                p = subprocess.run(["bash", "-c", setup], cwd=work, env=env, capture_output=True, text=True,
                                   timeout=60, stdin=subprocess.DEVNULL)
                if p.returncode != 0:
                    print(f"FAIL {name}:{start - 1}: the console-setup command failed ({p.returncode}): {p.stderr}")
                    failed += 1
                    continue
            for line_no, cmd, expected in steps(name, start, body):
                where = f"{name}:{line_no}"
                try:
                    words = shlex.split(cmd)
                except ValueError:
                    words = cmd.split()
                if len(words) == 2 and words[0] == "cat" and not set(words[1]) & set("<>|;&$`*?"):
                    with open(os.path.join(work, words[1]), "w", encoding="utf-8") as f:
                        f.write("\n".join(expected) + "\n")
                    continue
                if cmd.strip() == "echo $?":
                    if last_rc is None:
                        got = ["(no command ran before 'echo $?')"]
                    else:
                        got = [str(last_rc)]
                elif words and words[0] == "cgsl":
                    try:
                        p = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True,
                                           text=True, timeout=20, stdin=subprocess.DEVNULL)
                    except subprocess.TimeoutExpired:
                        print(f"FAIL {where}: '{cmd}' ran over 20 s")
                        failed += 1
                        continue
                    last_rc = p.returncode
                    text = p.stdout + p.stderr
                    got = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
                    if text == "":
                        got = []
                else:
                    print(f"FAIL {where}: '{cmd}': a console block may run only cgsl, cat FILE and echo $?"
                          " (use ```sh or ```text for anything else)")
                    failed += 1
                    continue
                if got == expected:
                    passed += 1
                    print(f"ok   {where}: {cmd[:100]}")
                else:
                    failed += 1
                    print(f"FAIL {where}: the output of '{cmd}' differs from the docs (- docs, + cgsl):")
                    for d in difflib.unified_diff(expected, got, "docs", "cgsl", lineterm="", n=2):
                        print("  " + d)
    print(f"{passed} passed, {failed} failed")
    if passed + failed == 0:
        print("no command was checked")
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
