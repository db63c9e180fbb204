# SPDX-License-Identifier: Apache-2.0
"""Where a Terraform resource object starts in a plan JSON file, computed independently of cgsl.

line_of(path, address) is the 1-based line of the '{' of the first object (in file order) that
holds "address": ADDRESS and is not in the plan's `configuration` block, as cgsl places
findings: planned values come before resource changes in `terraform show -json` output."""
import json
import re


def _object_starts(text):
    """(offset of each '{', offset of the end of its object) in text, strings skipped."""
    spans, stack, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            stack.append(i)
        elif c == "}" and stack:
            spans.append((stack.pop(), i))
        i += 1
    return spans


def line_of(path, address, encoding=None):
    raw = open(path, "rb").read()
    if encoding is None:
        encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    text = raw.decode(encoding)
    spans = _object_starts(text)
    by_start = dict(spans)
    # The objects that are `configuration` blocks (one per plan, when plans are concatenated).
    configs = [(m.end() - 1, by_start[m.end() - 1]) for m in re.finditer(r'"configuration"\s*:\s*\{', text)
               if m.end() - 1 in by_start]
    pattern = re.compile(r'"address"\s*:\s*' + re.escape(json.dumps(address, ensure_ascii=False)))
    for m in pattern.finditer(text):
        if any(a < m.start() < b for a, b in configs):
            continue
        inner = [s for s in spans if s[0] < m.start() < s[1]]
        if inner:
            start = max(s[0] for s in inner)
            return text.count("\n", 0, start) + 1
    return None
