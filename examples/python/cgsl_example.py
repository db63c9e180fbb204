#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Use cgsl from Python through its C API (include/cgsl/cgsl.h) with ctypes.

    python3 cgsl_example.py [PATH/TO/libcgsl.so]

The shared library is taken from the argument, else from $CGSL_LIBRARY, else looked up by the
system loader ("libcgsl.so.0", as installed). The example compiles the seed rule
(D9.AWS.IAM.103), evaluates an entity, prints the outcome with its evidence, then shows a
caller function written in Python, a compile error and an entity that cannot be read. It exits
with 0 when every outcome is the expected one.

The same few declarations are what a Go (cgo) or Rust (FFI) binding needs: opaque pointers,
explicit free functions, strings owned by the handle that returned them.
"""
import ctypes
import json
import os
import sys

# --- declarations (mirroring cgsl.h) --------------------------------------------------------

NUL_TERMINATED = ctypes.c_size_t(-1).value
OUTCOMES = {0: "passed", 1: "failed", 2: "not_relevant", 3: "error", 4: "matched"}
VALUE_MISSING, VALUE_BOOL, VALUE_NUMBER, VALUE_STRING = 0, 1, 2, 3


class Value(ctypes.Structure):
    """cgsl_value: a literal argument of a caller function."""
    _fields_ = [("kind", ctypes.c_int), ("boolean", ctypes.c_int), ("number", ctypes.c_double),
                ("string", ctypes.c_char_p), ("string_len", ctypes.c_size_t)]


# int (*cgsl_function)(void*, const char*, size_t, const cgsl_value*, size_t, cgsl_function_output*)
FUNCTION = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                            ctypes.POINTER(Value), ctypes.c_size_t, ctypes.c_void_p)


def load(path):
    lib = ctypes.CDLL(path)
    p, err_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
    sig = {
        "cgsl_version": (ctypes.c_char_p, []),
        "cgsl_error_free": (None, [p]),
        "cgsl_error_message": (ctypes.c_char_p, [p]),
        "cgsl_error_code": (ctypes.c_int, [p, ctypes.c_size_t]),
        "cgsl_options_new": (p, []),
        "cgsl_options_free": (None, [p]),
        "cgsl_options_set_now": (ctypes.c_int, [p, ctypes.c_double]),
        "cgsl_options_add_list_string": (ctypes.c_int, [p, ctypes.c_char_p, ctypes.c_char_p]),
        "cgsl_options_add_function": (ctypes.c_int, [p, ctypes.c_char_p, ctypes.c_size_t, FUNCTION,
                                                     p, p, err_p]),
        "cgsl_compile": (p, [ctypes.c_char_p, ctypes.c_size_t, p, err_p]),
        "cgsl_rule_free": (None, [p]),
        "cgsl_evaluator_new": (p, [p, err_p]),
        "cgsl_evaluator_free": (None, [p]),
        "cgsl_evaluate": (p, [p, p, ctypes.c_char_p, ctypes.c_size_t, err_p]),
        "cgsl_result_free": (None, [p]),
        "cgsl_result_outcome": (ctypes.c_int, [p]),
        "cgsl_result_evidence_count": (ctypes.c_size_t, [p]),
        "cgsl_result_evidence": (ctypes.c_char_p, [p, ctypes.c_size_t]),
        "cgsl_result_error_message": (ctypes.c_char_p, [p]),
        "cgsl_result_error_code": (ctypes.c_int, [p]),
        "cgsl_function_output_set_bool": (None, [p, ctypes.c_int]),
        "cgsl_function_output_set_error": (None, [p, ctypes.c_char_p]),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


class CgslError(Exception):
    pass


class Cgsl:
    """A thin, owning wrapper: every handle is freed by the object that holds it."""

    def __init__(self, path):
        self.lib = load(path)
        self.options = self.lib.cgsl_options_new()
        self._callbacks = []  # ctypes callbacks must outlive every rule that uses them

    def close(self):
        self.lib.cgsl_options_free(self.options)

    def _raise(self, err):
        message = self.lib.cgsl_error_message(err).decode()
        self.lib.cgsl_error_free(err)
        raise CgslError(message)

    def add_function(self, name, arity, fn):
        """Registers fn(subject, *args) -> bool; subject is the decoded JSON value (None when
        missing). An exception in fn makes the entity's outcome an error, never a pass."""
        lib = self.lib

        def trampoline(_user, subject_json, _len, args, count, out):
            try:
                subject = None if subject_json is None else json.loads(subject_json.decode())
                values = []
                for i in range(count):
                    a = args[i]
                    values.append({VALUE_BOOL: lambda: bool(a.boolean), VALUE_NUMBER: lambda: a.number,
                                   VALUE_STRING: lambda: a.string.decode()}.get(a.kind, lambda: None)())
                lib.cgsl_function_output_set_bool(out, 1 if fn(subject, *values) else 0)
                return 0
            except Exception as e:  # never let Python errors unwind into C
                lib.cgsl_function_output_set_error(out, str(e).encode())
                return 1

        callback = FUNCTION(trampoline)
        self._callbacks.append(callback)
        err = ctypes.c_void_p()
        if self.lib.cgsl_options_add_function(self.options, name.encode(), arity, callback, None, None,
                                              ctypes.byref(err)) != 0:
            self._raise(err)

    def compile(self, text):
        err = ctypes.c_void_p()
        rule = self.lib.cgsl_compile(text.encode(), NUL_TERMINATED, self.options, ctypes.byref(err))
        if not rule:
            self._raise(err)
        return rule

    def evaluate(self, evaluator, rule, entity_json):
        data = entity_json.encode()
        result = self.lib.cgsl_evaluate(evaluator, rule, data, len(data), None)
        try:
            outcome = OUTCOMES[self.lib.cgsl_result_outcome(result)]
            evidence = [self.lib.cgsl_result_evidence(result, i).decode()
                        for i in range(self.lib.cgsl_result_evidence_count(result))]
            message = self.lib.cgsl_result_error_message(result)
            return outcome, evidence, (message.decode() if message else None)
        finally:
            self.lib.cgsl_result_free(result)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CGSL_LIBRARY", "libcgsl.so.0")
    cgsl = Cgsl(path)
    print("cgsl", cgsl.lib.cgsl_version().decode())
    unexpected = 0

    cgsl.lib.cgsl_options_set_now(cgsl.options, 1717200000.0)  # reproducible "now"
    cgsl.lib.cgsl_options_add_list_string(cgsl.options, b"approvedRegions", b"eu-west-1")
    # A caller function written in Python: isTeamRepo('team') is true for "team/..." names.
    cgsl.add_function("isTeamRepo", 1, lambda name, team: isinstance(name, str) and name.startswith(team + "/"))

    seed = cgsl.compile("EcrRepository should not have policy.document.Statement contain "
                        "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]")
    custom = cgsl.compile("EcrRepository should have region in ($approvedRegions) and name isTeamRepo('platform')")
    evaluator = cgsl.lib.cgsl_evaluator_new(cgsl.options, None)

    entity = json.dumps({
        "type": "EcrRepository", "id": "repo-1", "name": "payments/api", "region": "eu-west-1",
        "policy": {"document": {"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]},
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}}})

    for label, rule, text, expected in [
        ("seed rule", seed, entity, "failed"),
        ("custom function", custom, entity, "failed"),
        ("malformed entity", seed, '{"type": "EcrRepository", ', "error"),
    ]:
        outcome, evidence, message = cgsl.evaluate(evaluator, rule, text)
        print(f"{label}: {outcome}")
        for path in evidence:
            print(f"  evidence: {path}")
        if message:
            print(f"  error: {message}")
        unexpected += outcome != expected

    try:
        cgsl.compile("EcrRepository should have name isTeamRepo()")
        unexpected += 1
    except CgslError as e:
        print("compile error:", str(e).splitlines()[0])

    cgsl.lib.cgsl_evaluator_free(evaluator)
    cgsl.lib.cgsl_rule_free(custom)
    cgsl.lib.cgsl_rule_free(seed)
    cgsl.close()
    return 0 if unexpected == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
