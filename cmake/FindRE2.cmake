# SPDX-License-Identifier: Apache-2.0
# Finds RE2 and provides the imported target re2::re2. Prefers RE2's own CMake package (newer
# releases ship one); Debian 12's libre2-dev ships only a pkg-config file, so fall back to it.
find_package(re2 CONFIG QUIET)
if(re2_FOUND AND TARGET re2::re2)
  set(RE2_FOUND TRUE)
  return()
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_RE2 QUIET IMPORTED_TARGET GLOBAL re2)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RE2 REQUIRED_VARS PC_RE2_FOUND)
if(RE2_FOUND AND NOT TARGET re2::re2)
  add_library(re2::re2 ALIAS PkgConfig::PC_RE2)
endif()
