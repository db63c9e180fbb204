# SPDX-License-Identifier: Apache-2.0
from typing import List

class Diagnostic:
    code: str
    severity: str
    message: str
    hint: str
    source: str
    line: int
    column: int
    offset: int
    source_line: str
    text: str
    rule: str

class CompileError(ValueError):
    diagnostics: List[Diagnostic]
    def __init__(self, message: str, diagnostics: List[Diagnostic]) -> None: ...
