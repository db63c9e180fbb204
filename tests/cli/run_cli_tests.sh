#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CLI tests: golden outputs of `cgsl check` over the sample inventory (text and JSON Lines), the
# one-line-per-(entity, rule) accounting, exit codes, and `cgsl test` failing on a wrong
# expectation. Usage: run_cli_tests.sh CGSL_BINARY REPO_ROOT
#   Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
set -u
cgsl=$1
root=$2
here="$root/tests/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
export NO_COLOR=1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "$what: exit $rc, want $want"; sed 's/^/  | /' "$tmp/err" | head -20; fi
}

golden() {  # golden NAME FILE: compare FILE with tests/cli/NAME
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$here/$1"; fi
  if diff -u "$here/$1" "$2" >"$tmp/diff"; then ok; else bad "golden $1 differs"; head -40 "$tmp/diff"; fi
}

# 1. Golden outputs over the sample inventory with the bundled rules (exit 1: there are failures).
expect_rc 1 "check text" -- "$cgsl" check --rules gsl_rules examples/inventory.ndjson
golden inventory.text.out "$tmp/out"
expect_rc 1 "check json" -- "$cgsl" check --rules gsl_rules --format json examples/inventory.ndjson
golden inventory.json.out "$tmp/out"

# 2. Exactly one JSON line per (entity, rule): 27 entities x 4 rules, each pair once.
lines=$(wc -l <"$tmp/out")
[ "$lines" = 108 ] && ok || bad "json lines: $lines, want 108"
pairs=$(python3 -c '
import json, sys
pairs = set()
for line in open(sys.argv[1]):
    d = json.loads(line)
    pairs.add((d["entity"], d["ruleId"]))
print(len(pairs))' "$tmp/out")
[ "$pairs" = 108 ] && ok || bad "distinct (entity, rule) pairs: $pairs, want 108"

# 2b. Golden outputs of the CI formats: compact text, JUnit, GitHub annotations, and an exceptions
#     file turning failures into excepted ones (JSON Lines), all over the sample inventory.
expect_rc 1 "check compact" -- "$cgsl" check --rules gsl_rules --compact examples/inventory.ndjson
golden inventory.compact.out "$tmp/out"
expect_rc 1 "check junit" -- "$cgsl" check --rules gsl_rules --format junit --max-failures 2 examples/inventory.ndjson
golden inventory.junit.out "$tmp/out"
expect_rc 1 "check github" -- "$cgsl" check --rules gsl_rules --format github --max-failures 3 examples/inventory.ndjson
golden inventory.github.out "$tmp/out"
printf '%s\n' '- ruleId: D9.AWS.OPE.24' '  entity: "*"' '  reason: lifecycle rules are set by the platform' \
  '  expires: 2030-12-31' >"$tmp/exceptions.yaml"
expect_rc 0 "check with exceptions and --fail-on" -- "$cgsl" check --rules gsl_rules --format json --show excepted \
  --fail-on critical --skip D9.AWS.IAM.102 --now 2026-06-01 --exceptions "$tmp/exceptions.yaml" examples/inventory.ndjson
sed "s#$tmp/##g" "$tmp/out" >"$tmp/out.rel"
golden inventory.excepted.out "$tmp/out.rel"

# 3. The bundled rule tests pass; a wrong expectation makes `cgsl test` fail and name the case.
expect_rc 0 "cgsl test bundled" -- "$cgsl" test gsl_rules
grep -q " passed, 0 failed" "$tmp/out" && ok || bad "cgsl test summary"
mkdir -p "$tmp/rules"
cp gsl_rules/aws/ecr.json "$tmp/rules/ecr.json"
python3 - "$tmp/rules/ecr.tests.json" <<'PY'
import json, sys
cases = json.load(open("gsl_rules/aws/ecr.tests.json"))
flip = {"passed": "failed", "failed": "passed", "not_relevant": "passed"}
cases[0]["expect"] = flip[cases[0]["expect"]]
json.dump(cases, open(sys.argv[1], "w"))
PY
expect_rc 1 "cgsl test with a wrong expectation" -- "$cgsl" test "$tmp/rules/ecr.json"
grep -q "^FAIL .*ecr.tests.json#0 " "$tmp/out" && ok || bad "the failing case is named"
grep -q " passed, 1 failed" "$tmp/out" && ok || bad "summary counts the failure"
rm "$tmp/rules/ecr.tests.json"
expect_rc 1 "cgsl test without a tests file" -- "$cgsl" test "$tmp/rules/ecr.json"

# 4. Exit codes: 0 clean, 2 rule error, 3 unreadable entity (precedence over 1).
echo '{"type":"EcrRepository","id":"clean","lifecyclePolicy":{"document":{"rules":[1]}}}' >"$tmp/clean.ndjson"
expect_rc 0 "clean entity" -- "$cgsl" check --rules gsl_rules "$tmp/clean.ndjson"
expect_rc 2 "rule error" -- "$cgsl" check --rule "EcrRepository should have x =" "$tmp/clean.ndjson"
grep -q "error\[E107\]" "$tmp/err" && ok || bad "rule error is printed"
expect_rc 2 "unknown option" -- "$cgsl" check --bogus
printf '%s\n' '{"type":"EcrRepository","id":"a","policy":{"document":{"Statement":{"Effect":"Allow","Principal":"*"}}}}' \
  '{"type":"EcrRepository",' '{"id":"no-type"}' '42' >"$tmp/mixed.ndjson"
expect_rc 3 "unreadable entities" -- "$cgsl" check --rules gsl_rules --format json "$tmp/mixed.ndjson"
python3 - "$tmp/out" <<'PY' && ok || bad "mixed input accounting"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
good = [r for r in rows if r["ruleId"] is not None]
errors = [r for r in rows if r["ruleId"] is None]
assert len(good) == 4, good                      # 1 good entity x 4 rules
assert [r["source"].split(":")[-1] for r in errors] == ["2", "3", "4"], errors
assert all(r["outcome"] == "error" and r["message"] for r in errors)
# An object without a type keeps its identity (its id); what is not an object has its position.
assert [r["entity"] for r in errors] == [errors[0]["source"], "no-type", errors[2]["source"]], errors
assert any(r["ruleId"] == "D9.AWS.IAM.102" and r["outcome"] == "failed" for r in good)
PY

# 5. lint and explain.
expect_rc 0 "lint bundled" -- "$cgsl" lint gsl_rules
expect_rc 2 "lint bad rule" -- "$cgsl" lint --rule "T should x contain [ a"
grep -q "error\[E104\]" "$tmp/err" && ok || bad "lint prints E104"
expect_rc 0 "explain" -- "$cgsl" explain "T should not have a contain [ b = 1 ]"
grep -q "contain \[" "$tmp/out" && ok || bad "explain prints the tree"

# 6. --rules takes one value per occurrence: the file after it is input, not a rule file.
expect_rc 0 "--rules then FILE" -- "$cgsl" check --rules gsl_rules/aws/ecr.json "$tmp/clean.ndjson"

# 7. An installed program finds its bundled rules without flags or environment, even after the
#    prefix is moved.
if [ -n "${CGSL_BUILD_DIR:-}" ] && cmake --install "$CGSL_BUILD_DIR" --prefix "$tmp/prefix" >/dev/null 2>&1; then
  mv "$tmp/prefix" "$tmp/moved"
  (unset CGSL_RULES_DIR; cd "$tmp" && "$tmp/moved/bin/cgsl" test >"$tmp/out" 2>"$tmp/err")
  rc=$?
  if [ "$rc" = 0 ] && grep -q "bundled rules in $tmp/moved/share/cgsl/gsl_rules" "$tmp/err"; then ok; else bad "installed cgsl test (rc $rc)"; cat "$tmp/err"; fi
  (unset CGSL_RULES_DIR; cd "$tmp" && "$tmp/moved/bin/cgsl" check clean.ndjson >/dev/null 2>&1)
  [ $? = 0 ] && ok || bad "installed cgsl check with the bundled rules"
else
  bad "cmake --install into a temporary prefix"
fi

# 8. A ruleId in two --rules paths is an error naming both files, as inside one folder (check and lint).
mkdir -p "$tmp/dup"
cp gsl_rules/aws/ecr.json "$tmp/dup/copy.json"
for cmd in check lint; do
  if [ $cmd = check ]; then args=(--rules gsl_rules --rules "$tmp/dup/copy.json" "$tmp/clean.ndjson"); else args=(gsl_rules "$tmp/dup/copy.json"); fi
  expect_rc 2 "$cmd: duplicate ruleId across paths" -- "$cgsl" $cmd "${args[@]}"
  grep -qF "$tmp/dup/copy.json(D9.AWS.IAM.103): error[E308]: duplicate ruleId D9.AWS.IAM.103: already loaded from gsl_rules/aws/ecr.json" "$tmp/err" &&
    ok || { bad "$cmd: the duplicate names both files"; sed 's/^/  | /' "$tmp/err" | head; }
done

# 9. A test case's "now" sets the time of before()/after(); one that is not an ISO-8601 time fails
#    the case (it never falls back to the current time).
mkdir -p "$tmp/now"
echo '[{"ruleId":"OLD.1","name":"rotated","severity":"Low","logic":"Key should have rotated after(-90, '"'"'days'"'"')"}]' >"$tmp/now/keys.json"
echo '[{"name":"recent at the given now","ruleId":"OLD.1","now":"2024-06-01","entity":{"type":"Key","rotated":"2024-05-01"},"expect":"passed"},
       {"name":"old at the given now","ruleId":"OLD.1","now":"2024-06-01T00:00:00Z","entity":{"type":"Key","rotated":"2023-05-01"},"expect":"failed"}]' >"$tmp/now/keys.tests.json"
expect_rc 0 "cgsl test with per-case now" -- "$cgsl" test "$tmp/now/keys.json"
grep -q "^2 passed, 0 failed" "$tmp/out" && ok || bad "per-case now: $(cat "$tmp/out")"
echo '[{"name":"bad now","ruleId":"OLD.1","now":"last tuesday","entity":{"type":"Key","rotated":"2024-05-01"},"expect":"passed"}]' >"$tmp/now/keys.tests.json"
expect_rc 1 "cgsl test with an invalid now" -- "$cgsl" test "$tmp/now/keys.json"
grep -q '^FAIL .*keys.tests.json#0 (bad now): "now" must be an ISO-8601 time' "$tmp/out" && ok || bad "invalid now: $(cat "$tmp/out")"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
