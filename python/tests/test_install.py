# SPDX-License-Identifier: Apache-2.0
"""`pip install --no-build-isolation .` from the repository root, offline, into a venv that sees
Debian's packages (--system-site-packages: setuptools, wheel, pybind11, dask), then `import cgsl`
from another folder: the seed rule on a dict, the bundled rules (shipped inside the package), a
parallel scan of a file. CGSL_PIP_BUILD_DIR (set by ctest) keeps the CMake build between runs."""
import json
import os
import subprocess
import sys
import textwrap

from conftest import INVENTORY, SOURCE_DIR

SMOKE = textwrap.dedent("""
    import os, sys, cgsl
    assert os.path.realpath(cgsl.__file__).startswith(os.path.realpath(sys.prefix)), cgsl.__file__
    rule = cgsl.compile("EcrRepository should not have policy.document.Statement contain "
                        "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]")
    r = rule.evaluate({"type": "EcrRepository", "policy": {"document": {"Statement": [
        {"Effect": "Allow", "Principal": "*", "Condition": {"a": 1}}]}}})
    assert (r.outcome, r.evidence, r.message) == ("failed", ["policy.document.Statement[0]"], None), r
    rules = cgsl.load_rules()
    assert cgsl.bundled_rules_dir().startswith(os.path.dirname(cgsl.__file__)), cgsl.bundled_rules_dir()
    found = list(cgsl.scan([sys.argv[1]], rules=rules, threads=2))
    print(len(rules), len(found), sum(f["outcome"] == "failed" for f in found))
""")


def test_pip_install_into_a_venv_and_import_from_elsewhere(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)   # the build tree's package must not be what gets imported
    env.pop("CGSL_RULES_DIR", None)
    env["PIP_NO_INDEX"] = "1"     # offline: nothing from a package index
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", "2")
    p = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-deps", str(SOURCE_DIR)],
                       env=env, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    p = subprocess.run([str(venv / "bin" / "python"), "-c", SMOKE, str(INVENTORY)], env=env, cwd=elsewhere,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    # Every bundled rule is installed with the package (the repository's gsl_rules/ has them all);
    # over the sample inventory only the 4 ECR rules apply: 27 x 4 findings, 23 failures.
    def rules_in(f):
        data = json.loads(f.read_text())
        return len(data["rules"] if isinstance(data, dict) else data)
    bundled = sum(rules_in(f) for f in (SOURCE_DIR / "gsl_rules").rglob("*.json") if not f.name.endswith(".tests.json"))
    assert p.stdout.split() == [str(bundled), "108", "23"]
    # The stubs and the typing marker are installed with the package.
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import cgsl, os; print(os.path.dirname(cgsl.__file__))"],
                          env=env, cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    assert {"py.typed", "__init__.pyi", "dask.pyi"} <= set(os.listdir(site))
