# SPDX-License-Identifier: Apache-2.0
"""Every ```python block of docs/python.md runs, in order, in one namespace, from the repository
root (the page's own promise); a failing assert fails the test."""
import os
import re

from conftest import SOURCE_DIR


def test_python_blocks_of_docs_python_md_run():
    page = (SOURCE_DIR / "docs" / "python.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", page, flags=re.S | re.M)
    assert len(blocks) >= 8
    namespace = {"__name__": "docs_python_md"}
    old = os.getcwd()
    os.chdir(SOURCE_DIR)
    try:
        for n, code in enumerate(blocks, 1):
            exec(compile(code, f"docs/python.md (python block {n})", "exec"), namespace)
    finally:
        os.chdir(old)
