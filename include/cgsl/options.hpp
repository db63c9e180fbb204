// SPDX-License-Identifier: Apache-2.0
// Options for compiling rules, parsing JSON and evaluating: limits, "now", lists, functions.
#ifndef CGSL_OPTIONS_HPP
#define CGSL_OPTIONS_HPP

#include "cgsl/export.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cgsl/value.hpp"

namespace cgsl {

// The current UTC time in epoch seconds (with fractions).
[[nodiscard]] CGSL_EXPORT double clock_now() noexcept;

// Options are plain values: copy them freely; the library copies what it keeps.
//
// Compiling rule text. Defaults:
//   max_rule_bytes   1 MiB    rule text larger than this is refused (E401)
//   max_nesting      256      depth of ( ), [ ] and `not` nesting (E402); bounds all recursion
//   regex_max_mem    8 MiB    RE2 program memory per regex (E404 when exceeded)
//   lists            empty    named lists for `in ($name)`; an unknown name is E205
//   functions        none     caller functions; an unknown function name is E201
struct compile_options {
  std::size_t max_rule_bytes = std::size_t{1} << 20;
  std::size_t max_nesting = 256;
  std::int64_t regex_max_mem = std::int64_t{8} << 20;
  named_lists lists;
  std::shared_ptr<const function_registry> functions;
};

// Parsing entity JSON. Defaults:
//   max_depth        1024     JSON nesting depth (E302 beyond)
//   max_bytes        4 GiB-1  document size (E303 beyond); simdjson's own ceiling
struct parse_options {
  std::size_t max_depth = 1024;
  std::size_t max_bytes = 0xFFFFFFFFu;
};

// Evaluating a compiled rule. Defaults:
//   now          clock at construction  "now" for before()/after(), UTC epoch seconds; set it to
//                                       make results reproducible (a defaulted eval_options
//                                       argument is constructed at each call: the clock then)
//   max_steps    10,000,000  evaluation steps per entity; past it the outcome is `error` (E403)
//   evidence     true        compute evidence paths for failed outcomes
//   entity_type  ""          type for entities that have no `type` member (CLI --type)
struct eval_options {
  double now = clock_now();
  std::uint64_t max_steps = 10'000'000;
  bool evidence = true;
  std::string entity_type;
};

}  // namespace cgsl

#endif  // CGSL_OPTIONS_HPP
