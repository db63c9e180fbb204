#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The shared library exports the public API and nothing else: every dynamic symbol it defines is
# in namespace cgsl (or its type info and vtables) or a C API function cgsl_*; none of PEGTL,
# RE2, simdjson, fmt or standard-library template instances leak. The key entry points exist.
# Usage: exported_symbols.sh LIBCGSL_SO
set -u
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
[ -n "$syms" ] || { echo "FAIL: no dynamic symbols in $lib"; exit 1; }
demangled=$(printf '%s\n' "$syms" | c++filt)
bad=$(printf '%s\n' "$demangled" | grep -Ev '^(cgsl::|cgsl_|typeinfo for cgsl::|typeinfo name for cgsl::|vtable for cgsl::|non-virtual thunk to cgsl::)' || true)
fail=0
if [ -n "$bad" ]; then
  echo "FAIL: symbols outside the public API:"; printf '%s\n' "$bad" | head -20; fail=1
fi
leaked=$(printf '%s\n' "$demangled" | grep -E '^(cgsl::)?(tao::|re2::|fmt::|simdjson::|std::)' || true)
if [ -n "$leaked" ]; then echo "FAIL: dependency symbols exported:"; printf '%s\n' "$leaked" | head; fail=1; fi
internal=$(printf '%s\n' "$demangled" | grep -E '^cgsl::(detail|io|report|parser|ast|cli)::' || true)
if [ -n "$internal" ]; then echo "FAIL: internal namespaces exported:"; printf '%s\n' "$internal" | head; fail=1; fi
for want in 'cgsl::compile(' 'cgsl::scan(' 'cgsl::load_rules(' 'cgsl::make_jsonl_reporter(' \
            'cgsl::ruleset_evaluator::evaluate_json(' 'cgsl::document::parse(' ; do
  printf '%s\n' "$demangled" | grep -qF "$want" || { echo "FAIL: $want is not exported"; fail=1; }
done
for want in cgsl_compile cgsl_scan_files cgsl_scan_memory cgsl_version; do
  printf '%s\n' "$syms" | grep -qx "$want" || { echo "FAIL: $want is not exported"; fail=1; }
done
n=$(printf '%s\n' "$syms" | wc -l)
[ "$fail" = 0 ] && echo "ok: $n exported symbols, all public API"
exit $fail
