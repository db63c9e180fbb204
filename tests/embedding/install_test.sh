#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install cgsl into a fresh prefix and use it the way a user would.
#
#   install_test.sh install   SOURCE_DIR WORK_DIR   configure a build of SOURCE_DIR with
#                                                   CMAKE_INSTALL_PREFIX=WORK_DIR/prefix (so the
#                                                   library's configured rules folder is right),
#                                                   build it, install it into an emptied prefix,
#                                                   and check what was installed
#   install_test.sh cli       SOURCE_DIR WORK_DIR   the installed program finds its bundled rules
#   install_test.sh cmake     SOURCE_DIR WORK_DIR   CMake consumers: tests/embedding/consumer
#                                                   (shared, static, interop, C) and the examples
#   install_test.sh pkgconfig SOURCE_DIR WORK_DIR   consumers built with pkg-config only
#   install_test.sh relocated SOURCE_DIR WORK_DIR   `cmake --install --prefix` into another
#                                                   prefix than the configured one: pkg-config
#                                                   and CMake consumers find that installation
#
# CGSL_INSTALL_TEST_CLI=OFF builds and installs the library without the program (the cli stage
# is then not run: tests/embedding/CMakeLists.txt follows CGSL_BUILD_CLI).
#
# The build directory (WORK_DIR/build) is kept between runs, so a rerun rebuilds only what
# changed. CGSL_INSTALL_TEST_JOBS sets the build parallelism (default 1).
set -euo pipefail

stage=$1
src=$(cd "$2" && pwd)
work=$3
prefix=$work/prefix
jobs=${CGSL_INSTALL_TEST_JOBS:-1}
with_cli=${CGSL_INSTALL_TEST_CLI:-ON}
# Nothing may find the rules through the environment: the installation must be enough.
unset CGSL_RULES_DIR
mkdir -p "$work"

fail() {
  echo "install_test ($stage): $*" >&2
  exit 1
}

# Whether an executable loads libcgsl.so (captured first: `ldd | grep -q` under pipefail fails
# when grep stops reading early).
needs_libcgsl() {
  local deps
  deps=$(ldd "$1")
  grep -q 'libcgsl\.so' <<<"$deps"
}

libdir_of() {
  local pc
  pc=$(find "$prefix" -name cgsl.pc -path '*/pkgconfig/*' -print -quit)
  [[ -n $pc ]] || fail "no cgsl.pc under $prefix"
  dirname "$(dirname "$pc")"
}

case $stage in
  install)
    cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
      -DCGSL_BUILD_TESTS=OFF -DCGSL_BUILD_BENCHMARKS=OFF -DCGSL_BUILD_CLI="$with_cli" -DCGSL_BUILD_PYTHON=OFF
    cmake --build "$work/build" --parallel "$jobs"
    rm -rf "$prefix"
    cmake --install "$work/build"
    libdir=$(libdir_of)
    if [[ $with_cli == ON ]]; then [[ -x $prefix/bin/cgsl ]] || fail "not installed: bin/cgsl"; fi
    for f in include/cgsl/cgsl.hpp include/cgsl/cgsl.h include/cgsl/simdjson_interop.hpp \
             include/cgsl/version.hpp share/cgsl/gsl_rules/aws/ecr.json share/cgsl/gsl_rules/aws/ecr.tests.json; do
      [[ -e $prefix/$f ]] || fail "not installed: $f"
    done
    for f in libcgsl.a libcgsl.so pkgconfig/cgsl.pc cmake/cgsl/cgslConfig.cmake \
             cmake/cgsl/cgslConfigVersion.cmake cmake/cgsl/cgslTargets.cmake cmake/cgsl/FindRE2.cmake; do
      [[ -e $libdir/$f ]] || fail "not installed: $libdir/$f"
    done
    soname=$(objdump -p "$libdir/libcgsl.so" | awk '$1 == "SONAME" {print $2}')
    [[ $soname == libcgsl.so.* ]] || fail "libcgsl.so has SONAME '$soname'"
    [[ -e $libdir/$soname ]] || fail "$soname is not installed"
    # The C API is exported by the shared library.
    symbols=$(nm -D --defined-only "$libdir/libcgsl.so")
    grep -q ' T cgsl_compile$' <<<"$symbols" || fail "cgsl_compile is not exported"
    # Private dependencies stay private.
    if grep -q pegtl "$libdir/cmake/cgsl/cgslTargets.cmake"; then fail "PEGTL leaks into the package"; fi
    if grep -rq pegtl "$prefix/include/cgsl"; then fail "an installed header includes PEGTL"; fi
    echo "installed into $prefix"
    ;;

  cli)
    cd /  # not the source tree: the program must find the installed rules by itself
    out=$("$prefix/bin/cgsl" test)
    echo "$out"
    grep -Eq '[1-9][0-9]* passed, 0 failed' <<<"$out" || fail "cgsl test did not run the bundled rule tests"
    set +e
    "$prefix/bin/cgsl" check --format json "$src/examples/inventory.ndjson" >"$work/findings.jsonl"
    rc=$?
    set -e
    [[ $rc -eq 1 ]] || fail "cgsl check exited with $rc, expected 1 (failures in the sample inventory)"
    grep -q '"ruleId":"D9.AWS.IAM.103"' "$work/findings.jsonl" || fail "no D9.AWS.IAM.103 findings"
    echo "$(wc -l <"$work/findings.jsonl") findings with the bundled rules"
    ;;

  cmake)
    rules_dir=$prefix/share/cgsl/gsl_rules
    for variant in shared static; do
      b=$work/consumer-$variant
      rm -rf "$b"
      cmake -S "$src/tests/embedding/consumer" -B "$b" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCONSUMER_STATIC=$([[ $variant == static ]] && echo ON || echo OFF)
      cmake --build "$b" --parallel "$jobs"
      for exe in consumer_default consumer_shared consumer_static consumer_interop consumer_c; do
        (cd / && "$b/$exe") || fail "$variant/$exe failed"
      done
      "$src/tests/embedding/expect.sh" -e "bundled rules: .*gsl_rules \([0-9]+ rules\)" \
        -e "^D9.AWS.IAM.103: failed policy.document.Statement\[0\]$" -- "$b/consumer_default" >/dev/null
      # Static executables do not need libcgsl.so; shared ones do.
      if needs_libcgsl "$b/consumer_static"; then fail "consumer_static needs libcgsl.so"; fi
      needs_libcgsl "$b/consumer_shared" || fail "consumer_shared does not use libcgsl.so"
      if [[ $variant == static ]]; then
        if needs_libcgsl "$b/consumer_default"; then fail "COMPONENTS static still links libcgsl.so"; fi
      else
        needs_libcgsl "$b/consumer_default" || fail "cgsl::cgsl is not the shared library"
      fi
      first=$(cd / && "$b/consumer_default" | sed -n 1p)
      [[ $first == "bundled rules: $rules_dir "* ]] || fail "the library found '$first', not $rules_dir"
    done
    # The examples are stand-alone projects against the installed package.
    for example in cpp_minimal custom_function c_api; do
      b=$work/example-$example
      rm -rf "$b"
      cmake -S "$src/examples/$example" -B "$b" -DCMAKE_PREFIX_PATH="$prefix"
      cmake --build "$b" --parallel "$jobs"
      (cd / && "$b/$example") || fail "example $example failed"
    done
    # The scan example: the C++ scan API through the installed shared library.
    b=$work/example-scan
    rm -rf "$b"
    cmake -S "$src/examples/scan" -B "$b" -DCMAKE_PREFIX_PATH="$prefix"
    cmake --build "$b" --parallel "$jobs"
    needs_libcgsl "$b/scan" || fail "the scan example does not use libcgsl.so"
    (cd "$work" && "$src/tests/embedding/expect.sh" -e "^27 entities, 0 unreadable, 23 failed findings$" \
       -e "^cgsl check would exit with 1$" -- "$b/scan" "$src/examples/inventory.ndjson") || fail "example scan failed"
    [[ $(wc -l <"$work/findings.jsonl") -eq 108 ]] || fail "the scan example did not write 108 JSON lines"
    echo "CMake consumers built and ran against $prefix"
    ;;

  pkgconfig)
    libdir=$(libdir_of)
    export PKG_CONFIG_PATH=$libdir/pkgconfig
    pkg-config --exists cgsl || fail "pkg-config does not find cgsl"
    version=$(pkg-config --modversion cgsl)
    echo "pkg-config: cgsl $version"
    cflags=$(pkg-config --cflags cgsl)
    libs=$(pkg-config --libs cgsl)
    static_libs=$(pkg-config --libs --static cgsl)
    echo "cflags: $cflags"
    echo "libs: $libs"
    echo "static libs: $static_libs"
    # The paths are relative to cgsl.pc (${pcfiledir}/../..): compare the folders they name.
    includedir=$(pkg-config --variable=includedir cgsl)
    [[ $(realpath "$includedir") == $(realpath "$prefix/include") ]] || fail "includedir is $includedir, not $prefix/include"
    [[ " $cflags " == *" -I$includedir "* ]] || fail "--cflags lacks -I$includedir"
    [[ " $cflags " == *"-DSIMDJSON_THREADS_ENABLED=1"* ]] || fail "--cflags lacks simdjson's definition (Requires: simdjson)"
    [[ " $static_libs " == *" -lre2 "* ]] || fail "--libs --static lacks -lre2 (Requires.private: re2)"
    [[ " $static_libs " == *" -lsimdjson "* ]] || fail "--libs --static lacks -lsimdjson"
    [[ " $libs " != *" -lre2 "* ]] || fail "--libs (shared) should not need -lre2"
    b=$work/pkgconfig
    rm -rf "$b"
    mkdir -p "$b"
    c=$src/tests/embedding/consumer
    def="-DEXPECTED_RULES_DIR=\"$prefix/share/cgsl/gsl_rules\""
    # shellcheck disable=SC2086  # word splitting of pkg-config output is intended
    {
      # Shared library (rpath so the test finds it without LD_LIBRARY_PATH).
      c++ -std=c++17 "$def" $cflags "$c/consumer.cpp" -o "$b/consumer" $libs -Wl,-rpath,"$libdir"
      c++ -std=c++17 $cflags "$c/interop.cpp" -o "$b/interop" $libs -Wl,-rpath,"$libdir"
      cc -std=gnu99 "$def" $cflags "$c/consumer_c.c" -o "$b/consumer_c" $libs -Wl,-rpath,"$libdir"
      # Static library: --static lists what libcgsl.a needs (RE2, simdjson, the C++ runtime for C).
      static_link=${static_libs/-lcgsl/-l:libcgsl.a}
      c++ -std=c++17 "$def" $cflags "$c/consumer.cpp" -o "$b/consumer_static" $static_link
      cc -std=gnu99 "$def" $cflags "$c/consumer_c.c" -o "$b/consumer_c_static" $static_link
      cc -std=gnu99 $cflags "$src/examples/c_api/main.c" -o "$b/c_api" $libs -Wl,-rpath,"$libdir"
    }
    for exe in consumer interop consumer_c consumer_static consumer_c_static c_api; do
      (cd / && "$b/$exe") || fail "$exe failed"
    done
    for exe in consumer_static consumer_c_static; do
      if needs_libcgsl "$b/$exe"; then fail "$exe needs libcgsl.so"; fi
    done
    echo "pkg-config consumers built and ran against $prefix"
    ;;

  relocated)
    # The configured prefix is $prefix; install the same build somewhere else, as a packager or a
    # user with `cmake --install build --prefix P` does.
    other=$work/relocated/opt/cgsl
    rm -rf "$work/relocated"
    cmake --install "$work/build" --prefix "$other" >/dev/null
    pc=$(find "$other" -name cgsl.pc -path '*/pkgconfig/*' -print -quit)
    [[ -n $pc ]] || fail "no cgsl.pc under $other"
    if grep -qF "$prefix" "$pc"; then fail "cgsl.pc names the configured prefix $prefix:"$'\n'"$(cat "$pc")"; fi
    rlibdir=$(dirname "$(dirname "$pc")")
    export PKG_CONFIG_PATH=$rlibdir/pkgconfig
    cflags=$(pkg-config --cflags cgsl)
    libs=$(pkg-config --libs cgsl)
    rulesdir=$(pkg-config --variable=rulesdir cgsl)
    echo "relocated cgsl.pc: cflags: $cflags"
    echo "relocated cgsl.pc: libs: $libs"
    # Each -I / -L (and the rules folder) is a folder of the relocated installation.
    # shellcheck disable=SC2086
    for flag in $cflags $libs; do
      case $flag in
        -I*|-L*)
          d=${flag:2}
          [[ -d $d ]] || fail "$flag: no such folder"
          case $(realpath "$d") in
            "$(realpath "$other")"/*) ;;
            /usr/include|/usr/include/*|/usr/lib|/usr/lib/*) ;;  # simdjson's own flags (Requires)
            *) fail "$flag is outside the relocated prefix $other" ;;
          esac ;;
      esac
    done
    [[ $(realpath "$rulesdir") == $(realpath "$other/share/cgsl/gsl_rules") ]] || fail "rulesdir is $rulesdir"
    [[ $(realpath "$(pkg-config --variable=includedir cgsl)") == $(realpath "$other/include") ]] ||
      fail "includedir is not $other/include"
    # A pkg-config consumer, built and linked against the relocated installation only: the
    # configured prefix is hidden meanwhile, so nothing can come from it.
    b=$work/relocated-consumer
    rm -rf "$b"
    mkdir -p "$b"
    mv "$prefix" "$prefix.hidden"
    trap 'mv "$prefix.hidden" "$prefix"' EXIT
    c=$src/tests/embedding/consumer
    def="-DEXPECTED_RULES_DIR=\"$rulesdir\""
    # shellcheck disable=SC2086
    {
      c++ -std=c++17 "$def" $cflags "$c/consumer.cpp" -o "$b/consumer" $libs -Wl,-rpath,"$rlibdir"
      cc -std=gnu99 "$def" $cflags "$c/consumer_c.c" -o "$b/consumer_c" $libs -Wl,-rpath,"$rlibdir"
      static_link=$(pkg-config --libs --static cgsl)
      c++ -std=c++17 "$def" $cflags "$c/consumer.cpp" -o "$b/consumer_static" ${static_link/-lcgsl/-l:libcgsl.a}
    }
    deps=$(ldd "$b/consumer")
    grep -qF "$rlibdir/libcgsl.so" <<<"$deps" || fail "consumer does not load the relocated libcgsl.so:"$'\n'"$deps"
    # The library finds its rules at its configured prefix; a relocated one is told where they are
    # (pkg-config --variable=rulesdir, as docs/api.md shows).
    for exe in consumer consumer_c consumer_static; do
      (cd / && CGSL_RULES_DIR=$rulesdir "$b/$exe") || fail "$exe failed against $other"
    done
    # The CMake package is relocatable too.
    cmake -S "$c" -B "$b/cmake" -DCMAKE_PREFIX_PATH="$other" >/dev/null
    cmake --build "$b/cmake" --parallel "$jobs" --target consumer_interop >/dev/null
    (cd / && "$b/cmake/consumer_interop") || fail "CMake consumer_interop failed against $other"
    echo "pkg-config and CMake consumers built and ran against $other (configured prefix: $prefix)"
    ;;

  *)
    fail "unknown stage (install, cli, cmake, pkgconfig, relocated)"
    ;;
esac
