// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary rule files (cgsl::parse_rule_file): the JSON of a CloudGuard-style
// ruleset and every rule's logic in it. Must return rules and diagnostics, never crash; every
// rule it returns is compiled and carries its required fields; every diagnostic renders.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  cgsl::ruleset_result r = cgsl::parse_rule_file(json, "fuzz.json");
  bool any_error = false;
  for (const cgsl::diagnostic& d : r.diagnostics) {
    cgsl_fuzz::check(!d.message.empty(), "a diagnostic without a message");
    any_error = any_error || d.level == cgsl::severity::error;
    (void)cgsl::format(d);
  }
  cgsl_fuzz::check(r.ok() == !any_error, "ok() disagrees with the diagnostics");
  for (const cgsl::ruleset_entry& e : r.value.rules) {
    cgsl_fuzz::check(!e.info.id.empty() && !e.info.name.empty() && !e.info.severity.empty(),
                     "a loaded rule without its required fields", e.info.id);
    cgsl_fuzz::check(e.compiled.text() == e.info.logic, "a loaded rule compiled from other text", e.info.id);
    (void)e.compiled.explain();
  }
  return 0;
}
