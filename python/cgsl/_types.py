# SPDX-License-Identifier: Apache-2.0
"""Plain-Python types of the cgsl package: diagnostics and the compile error (kept apart so
that the native module can build and raise them; both pickle, so they travel from Dask workers)."""
from dataclasses import dataclass
from typing import List


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in rule text, a rule file or input, with its position."""

    code: str  #: stable code, e.g. "E107" (docs/language.md lists them)
    severity: str  #: "error", "warning" or "note"
    message: str  #: one sentence, no trailing period
    hint: str  #: advice, or ""
    source: str  #: what the position is in: "<rule>", a rule file (positions are in the file), "FILE"
    line: int  #: 1-based; 0 when unknown
    column: int  #: 1-based, counted in characters; 0 when unknown
    offset: int  #: byte offset in the source text
    source_line: str  #: the text of that line
    text: str  #: rendered as `cgsl lint` prints it, caret line included
    rule: str = ""  #: the ruleId of the rule in a rule file the problem is in, or ""

    def __str__(self) -> str:
        return self.text


class CompileError(ValueError):
    """Rule text (or a rule file) that does not compile or load.

    ``diagnostics`` holds every problem found (a list of :class:`Diagnostic`); ``str(error)`` is
    the errors rendered as ``cgsl lint`` prints them.
    """

    def __init__(self, message: str, diagnostics: List[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __reduce__(self):
        return (CompileError, (str(self), self.diagnostics))
