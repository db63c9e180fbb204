#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a command, shows its output, and passes when it exits with 0 and its standard output
# matches every pattern given (grep -E, line by line).
#   expect.sh [-e PATTERN]... -- COMMAND [ARG...]
set -uo pipefail
patterns=()
while [[ $# -gt 0 && $1 != -- ]]; do
  case $1 in
    -e) patterns+=("$2"); shift 2 ;;
    *) echo "expect.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
shift
out=$("$@")
rc=$?
printf '%s\n' "$out"
if [[ $rc -ne 0 ]]; then
  echo "expect.sh: '$*' exited with $rc" >&2
  exit 1
fi
for p in "${patterns[@]}"; do
  if ! grep -Eq -- "$p" <<<"$out"; then
    echo "expect.sh: output does not match: $p" >&2
    exit 1
  fi
done
