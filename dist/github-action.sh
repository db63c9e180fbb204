#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command the GitHub Action (action.yml) runs: cgsl check with the action's inputs, a SARIF
# report for code scanning, annotations on the log, and the exit code as a step output (the
# action fails the job afterwards, once the SARIF is uploaded). Inputs come as INPUT_* variables;
# CGSL names the program (default: cgsl on the PATH). tests/dist/action_test.sh runs it.
set -u
cgsl=${CGSL:-cgsl}
args=(check --no-progress)
[ -n "${INPUT_RULES:-}" ] && for r in $INPUT_RULES; do args+=(--rules "$r"); done
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_MIN_SEVERITY:-}" ] && args+=(--min-severity "$INPUT_MIN_SEVERITY")
[ -n "${INPUT_EXCEPTIONS:-}" ] && args+=(--exceptions "$INPUT_EXCEPTIONS")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_INPUT:-}" ] && args+=(--input "$INPUT_INPUT")
sarif=${INPUT_SARIF:-cgsl.sarif}
args+=(--format github,sarif --output - --output "$sarif")
# Extra arguments, split like a shell would split them (no expansion).
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi
for f in ${INPUT_FILES:-}; do args+=("$f"); done
echo "cgsl: running: $cgsl ${args[*]}" >&2
"$cgsl" "${args[@]}"
rc=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$rc" >>"$GITHUB_OUTPUT"
  echo "sarif=$sarif" >>"$GITHUB_OUTPUT"
fi
# 0 and 1 are verdicts (the action fails the job on 1 after uploading); anything else is broken.
[ "$rc" -le 1 ]
