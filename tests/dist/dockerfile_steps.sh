#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the Dockerfile's build steps in order outside Docker, so that the image's recipe is tested
# where Docker is not available: the packages of both stages must be installed (the run-time ones
# must be exactly what the program links), every RUN line of the build stage runs with /src, /build
# and /opt/cgsl mapped to the repository, a temporary build folder and a temporary prefix, and the
# result is the image's content: bin/cgsl and share/cgsl/gsl_rules, the rules found without flags.
# Usage: dockerfile_steps.sh REPO_ROOT
set -u
root=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
ok() { pass=$((pass + 1)); }

df="$root/Dockerfile"
[ -f "$df" ] || { echo "FAIL: no Dockerfile"; exit 1; }
grep -q '^FROM debian:12' "$df" && ok || bad "the image is not based on Debian 12"
[ "$(grep -c '^FROM ' "$df")" = 2 ] && ok || bad "the Dockerfile is not two-stage"

# The stages' RUN lines (no line continuations are used in the Dockerfile).
build_runs=$(awk '/^FROM /{stage++} stage==1 && /^RUN /{sub(/^RUN /, ""); print}' "$df")
final_runs=$(awk '/^FROM /{stage++} stage==2 && /^RUN /{sub(/^RUN /, ""); print}' "$df")
packages() { grep -o 'install -y --no-install-recommends [^&]*' | sed 's/install -y --no-install-recommends //'; }
for p in $(printf '%s\n' "$build_runs" | packages) $(printf '%s\n' "$final_runs" | packages); do
  dpkg -s "$p" >/dev/null 2>&1 && ok || bad "package $p named by the Dockerfile is not a Debian 12 package installed here"
done

# Every build step, in order; apt-get is the only thing not run (the packages were checked above).
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-$(command -v ccache || true)}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
n=0
while IFS= read -r step; do
  [ -n "$step" ] || continue
  case "$step" in apt-get*) continue ;; esac
  n=$((n + 1))
  cmd=$(printf '%s' "$step" | sed -E "s#(^|[ \"=])/build#\\1$tmp/build#g; s#(^|[ \"=])/src#\\1$root#g; s#(^|[ \"=])/opt/cgsl#\\1$tmp/prefix#g")
  if (cd "$tmp" && env -u CGSL_RULES_DIR bash -c "$cmd") >"$tmp/log" 2>&1; then ok; else bad "step $n failed: $step"; tail -20 "$tmp/log"; fi
done <<<"$build_runs"
[ "$n" -ge 4 ] && ok || bad "only $n build steps ran"

# The image's content: the program and the bundled rules, nothing else.
[ -x "$tmp/prefix/bin/cgsl" ] && ok || bad "no bin/cgsl"
[ -f "$tmp/prefix/share/cgsl/gsl_rules/aws/ecr.json" ] && ok || bad "no bundled rules"
extra=$(cd "$tmp/prefix" && find . -type f ! -path './bin/cgsl' ! -path './share/cgsl/gsl_rules/*' | head -5)
[ -z "$extra" ] && ok || bad "the image holds more than the program and the rules: $extra"
# What the program links is in the final stage's packages (or in every Debian image).
final_pkgs=" $(printf '%s\n' "$final_runs" | packages | tr '\n' ' ') libc6 libstdc++6 libgcc-s1 "
for lib in $(ldd "$tmp/prefix/bin/cgsl" | awk '/=> \//{print $3}'); do
  pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -z "$pkg" ] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  case "$final_pkgs" in *" $pkg "*) ok ;; *) bad "the program links $lib ($pkg), which the final stage does not install" ;; esac
done
# The entry point works as the image runs it: bundled rules found without flags.
out=$(cd "$tmp" && env -u CGSL_RULES_DIR "$tmp/prefix/bin/cgsl" check --no-progress --format json "$root/examples/inventory.ndjson" 2>&1)
[ $? = 1 ] && printf '%s' "$out" | grep -q '"ruleId":"D9.AWS.IAM.102"' && ok || bad "the installed program does not check with its bundled rules"
grep -q '^ENTRYPOINT \["cgsl"\]' "$df" && ok || bad "the entry point is not cgsl"
grep -q '^USER ' "$df" && ok || bad "the image runs as root"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
