# SPDX-License-Identifier: Apache-2.0
"""cgsl: CloudGuard GSL rules, compiled once, evaluated fast (Python binding).

    import cgsl
    rule = cgsl.compile("EcrRepository should have lifecyclePolicy")
    rule.evaluate({"type": "EcrRepository", "id": "r1"}).outcome          # 'failed'
    for f in cgsl.scan(["inventory.ndjson"], rules=cgsl.load_rules(), threads=2):
        print(f["ruleId"], f["outcome"], f["source"])

docs/python.md describes the API, threads and the GIL, pickling and Dask (cgsl.dask).
"""
import inspect
import os
import pathlib
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _cgsl
from ._cgsl import MISSING, OUTCOMES, Result, Rule, Scan, __version__
from ._types import CompileError, Diagnostic

__all__ = [
    "compile", "load_rules", "ruleset", "scan", "bundled_rules_dir", "Rule", "Ruleset", "RuleInfo",
    "Result", "Scan", "CompileError", "Diagnostic", "MISSING", "OUTCOMES", "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]


def _functions(functions: Optional[Mapping[str, Any]]) -> Optional[List[Tuple[str, int, Callable]]]:
    """{"name": fn or (fn, arity)} -> [(name, arity, fn)]: the arity is the number of arguments
    the rule passes, the subject (the value the function is applied to) not counted."""
    if functions is None:
        return None
    if isinstance(functions, list):  # already normalised (pickled state)
        return [tuple(t) for t in functions]
    out = []
    for name, spec in functions.items():
        if isinstance(spec, tuple):
            fn, arity = spec
        else:
            fn, arity = spec, None
        if not callable(fn):
            raise TypeError(f"function {name!r} is not callable")
        if arity is None:
            params = inspect.signature(fn).parameters.values()
            if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
                raise TypeError(f"function {name!r} takes *args: give its arity, {{{name!r}: (fn, N)}}")
            required = [p for p in params if p.default is p.empty and p.kind != p.KEYWORD_ONLY]
            if not required:
                raise TypeError(f"function {name!r} must take the subject as its first argument")
            arity = len(required) - 1
        out.append((str(name), int(arity), fn))
    return out


def _lists(lists: Optional[Mapping[str, Iterable[Any]]]) -> Optional[Dict[str, List[Any]]]:
    if lists is None:
        return None
    return {str(k): list(v) for k, v in lists.items()}


def compile(text: str, *, lists: Optional[Mapping[str, Iterable[Any]]] = None,
            functions: Optional[Mapping[str, Any]] = None, source_name: str = "<rule>") -> Rule:
    """Compiles GSL rule text into an immutable :class:`Rule`.

    ``lists`` supplies the named lists of ``x in ($name)`` (values: str, int, float, bool);
    ``functions`` the caller functions, ``{"name": fn}`` or ``{"name": (fn, arity)}``: ``fn``
    receives the subject (a dict, list, str, int/float, bool, None for JSON null, or
    :data:`MISSING` for a path that does not exist) and the rule's literal arguments, and returns
    None/MISSING, a bool, a number or a str. An exception in it makes that evaluation ``error``.
    Raises :class:`CompileError` carrying every diagnostic.
    """
    return _cgsl.compile(text, lists=_lists(lists), functions=_functions(functions), source_name=source_name)


def _rule_reduce(rule: Rule):
    return (_rebuild_rule, (rule.text, rule.lists, rule.functions, rule.source_name))


def _rebuild_rule(text, lists, functions, source_name):
    return _cgsl.compile(text, lists=lists, functions=functions, source_name=source_name)


Rule.__reduce__ = _rule_reduce  # pickles by its text, lists and functions (docs/python.md)


class RuleInfo:
    """A rule of a ruleset: its metadata from the rule file, and the compiled :class:`Rule`."""

    __slots__ = ("id", "name", "severity", "description", "remediation", "category",
                 "compliance_tag", "logic", "file", "extra", "rule")

    def __init__(self, state, rule: Rule) -> None:
        import json
        (self.id, self.name, self.severity, self.description, self.remediation, self.category,
         self.compliance_tag, self.logic, self.file, extra) = state
        self.extra = {k: json.loads(v) for k, v in extra}  #: other fields of the rule's object
        self.rule = rule

    def __repr__(self) -> str:
        return f"<cgsl.RuleInfo {self.id} ({self.severity}): {self.logic}>"


class Ruleset:
    """Compiled rules with their metadata (from :func:`load_rules` or :func:`ruleset`).

    Immutable and shared by any number of threads; pickles by its source (each rule's metadata
    and logic, with the lists and functions it was compiled with), so it can be shipped to
    cluster workers without the rule files.
    """

    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def __len__(self) -> int:
        return len(self._native)

    def __getitem__(self, i: int) -> RuleInfo:
        if i < 0:
            i += len(self)
        state = self._native._state()[i][0]
        return RuleInfo(state, self._native._rule(i))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    @property
    def warnings(self) -> List[Diagnostic]:
        """Diagnostics of severity warning found while loading."""
        return self._native.warnings

    def __reduce__(self):
        return (_rebuild_ruleset, (self._native._state(),))

    def __repr__(self) -> str:
        return f"<cgsl.Ruleset of {len(self)} rules>"

    def evaluate(self, entity: Any, **options: Any) -> List[Dict[str, Any]]:
        """The findings of every rule over one entity (a dict, or JSON text), as :func:`scan` gives them."""
        import json
        text = entity if isinstance(entity, (str, bytes)) else json.dumps(entity, allow_nan=False)
        return list(scan([("<entity>", text)], rules=self, threads=1, input="json", **options))


def _rebuild_ruleset(state) -> Ruleset:
    return Ruleset(_cgsl.ruleset_from_state(state))


def bundled_rules_dir() -> str:
    """The folder of the bundled rules ($CGSL_RULES_DIR, else the installed or source copy); "" if none."""
    here = pathlib.Path(__file__).resolve().parent / "gsl_rules"
    if not os.environ.get("CGSL_RULES_DIR") and here.is_dir():
        return str(here)
    return _cgsl.bundled_rules_dir()


def load_rules(paths: Union[None, PathLike, Sequence[PathLike]] = None, *,
               lists: Optional[Mapping[str, Iterable[Any]]] = None,
               functions: Optional[Mapping[str, Any]] = None) -> Ruleset:
    """Loads rule files (CloudGuard-style JSON rulesets) or folders of them; with no paths, the
    bundled rules. A ruleId given twice across all paths is an error. Raises
    :class:`CompileError` with every diagnostic when anything does not load or compile."""
    if paths is None:
        d = bundled_rules_dir()
        if not d:
            raise FileNotFoundError("the bundled rules were not found (set CGSL_RULES_DIR)")
        paths = [d]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return Ruleset(_cgsl.load_rules([os.fspath(p) for p in paths], lists=_lists(lists),
                                    functions=_functions(functions)))


def ruleset(rules: Iterable[Union[Rule, str, Mapping[str, Any]]], *,
            lists: Optional[Mapping[str, Iterable[Any]]] = None,
            functions: Optional[Mapping[str, Any]] = None) -> Ruleset:
    """A ruleset from rules in code: compiled :class:`Rule` objects or rule text (given the ids
    ``rule-1``, ``rule-2``, ... and their text as name, as ``cgsl check --rule`` does), or dicts
    shaped like a rule file's rules (``ruleId``, ``name``, ``logic``, ``severity``, ...)."""
    import json
    known = {"ruleId": 0, "name": 1, "severity": 2, "description": 3, "remediation": 4,
             "category": 5, "complianceTag": 6, "logic": 7}
    entries = []
    for n, r in enumerate(rules, 1):
        if isinstance(r, Rule):
            entries.append(((f"rule-{n}", r.text, "", "", "", "", "", r.text, "", []), r.lists, r.functions))
            continue
        if isinstance(r, str):
            r = {"ruleId": f"rule-{n}", "name": r, "logic": r}
        fields = ["", "", "", "", "", "", "", ""]
        extra = []
        for k, v in r.items():
            if k in known:
                fields[known[k]] = str(v)
            else:
                extra.append((k, json.dumps(v, separators=(",", ":"))))
        if not fields[7]:
            raise ValueError(f"rule {n} has no logic")
        if not fields[0]:
            fields[0] = f"rule-{n}"
        entries.append((tuple(fields) + ("", extra), _lists(lists), _functions(functions)))
    return Ruleset(_cgsl.ruleset_from_state(entries))


def _as_ruleset(rules) -> Ruleset:
    if rules is None:
        return load_rules()
    if isinstance(rules, Ruleset):
        return rules
    if isinstance(rules, Rule):
        return ruleset([rules])
    if isinstance(rules, (str, os.PathLike)):
        return load_rules(rules)
    rules = list(rules)
    # Paths (existing files or folders, or path objects) are loaded; anything else is a rule.
    if rules and all(isinstance(r, os.PathLike) or (isinstance(r, str) and os.path.exists(r)) for r in rules):
        return load_rules(rules)
    return ruleset(rules)


def _inputs(paths) -> list:
    if isinstance(paths, (str, os.PathLike, tuple)):
        paths = [paths]
    out = []
    for p in paths:
        if isinstance(p, tuple):
            name, data = p
            out.append((str(name), data))
        else:
            out.append(os.fspath(p))
    return out


def _show(show) -> str:
    if show is None:
        return ""
    if isinstance(show, str):
        return show
    return ",".join(show)


def scan(paths: Union[PathLike, Tuple[str, Union[str, bytes]], Iterable[Any]], *,
         rules: Union[None, Ruleset, Rule, PathLike, Iterable[Any]] = None, threads: int = 0,
         input: str = "auto", show: Union[None, str, Iterable[str]] = None, now: Any = None,
         evidence: bool = True, entity_type: str = "", window_bytes: int = 0,
         max_steps: int = 0) -> Scan:
    """Scans files (paths; "-" is standard input) or in-memory inputs ((name, bytes or str)
    pairs) in any supported format with ``threads`` worker threads (0: one per core), and
    returns a :class:`Scan`: an iterator over the findings as they come, in input order, each a
    dict shaped like a line of ``cgsl check --format json``. Memory stays bounded whatever the
    input size; the GIL is released while C++ works. When exhausted, ``.summary`` is the summary
    (what ``cgsl check --summary FILE`` writes) and ``.exit_code`` the program's exit code.
    ``close()`` (or ``with``, or dropping the iterator) stops the scan early.

    ``rules``: a :class:`Ruleset`, a :class:`Rule`, rule file paths, or None for the bundled
    rules. ``input``: auto, ndjson (jsonl), json, cloudguard, aws-ecr, terraform-plan. ``show``:
    the outcomes delivered (a comma list, a list, or "all"; default all but not_relevant; the
    summary counts everything). ``now``: epoch seconds or a datetime for before()/after().
    """
    rs = _as_ruleset(rules)
    return _cgsl.start_scan(rs._native, _inputs(paths), int(threads), input, _show(show), now,
                            bool(evidence), entity_type, int(window_bytes), int(max_steps))


def _scan_enter(self):
    return self


def _scan_exit(self, *exc):
    self.close()
    return False


Scan.__enter__ = _scan_enter
Scan.__exit__ = _scan_exit

from . import dask  # noqa: E402  (cgsl.dask imports dask only when used)
