// SPDX-License-Identifier: Apache-2.0
// Accepted failures: exceptions (rule-id glob, entity glob, reason, optional expiry) and the
// baseline (the failures of an earlier run). A scan given them (scan_options::exceptions) reports
// a matching failure as outcome::excepted with the reason as its message, never as passed.
//
//   cgsl::exceptions_result ex = cgsl::load_exceptions(".cgsl-exceptions.yaml");
//   if (!ex.ok()) ...;                 // ex.diagnostics say where
//   cgsl::scan_options o;
//   o.exceptions = &ex.value;          // must outlive the scan
#ifndef CGSL_EXCEPTIONS_HPP
#define CGSL_EXCEPTIONS_HPP

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/export.hpp"

namespace cgsl {

// One accepted failure (or family of failures).
struct exception_entry {
  std::string rule_id;  // glob (cgsl::glob_match) over the rule id; exact for baseline entries
  std::string entity;   // glob over the finding's entity id, its ARN or its Terraform address
  std::string reason;   // why it is accepted: the excepted finding's message
  // The last day it applies ("YYYY-MM-DD", through the end of that day, UTC); "" = no expiry.
  std::string expires;
  double expires_at = 0;  // epoch seconds of the end of that day (when expires is set)
  std::string source;     // where it was written: "FILE:LINE" (YAML) or "FILE#INDEX" (JSON)
  bool baseline = false;  // from a baseline: compared literally, and never warned about unused
};

// A list of entries, matched in order. A plain value; thread-safe to read.
class CGSL_EXPORT exception_list {
 public:
  void add(exception_entry e);
  // Adds every entry of other (its baseline entries stay baseline entries).
  void append(const exception_list& other);
  [[nodiscard]] const std::vector<exception_entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

  // The first entry that accepts a failure of rule_id on an entity known by any of `names` at
  // time `now` (epoch seconds), or npos. When only expired entries match, *expired_hit (if
  // given) is the first of them, else npos.
  [[nodiscard]] std::size_t match(std::string_view rule_id, const std::vector<std::string_view>& names, double now,
                                  std::size_t* expired_hit = nullptr) const;

 private:
  std::vector<exception_entry> entries_;
  std::vector<std::size_t> globs_;                     // entries matched by glob, in order
  std::unordered_map<std::string, std::size_t> exact_; // baseline entries by "RULE\x1fENTITY"
};

// The result of loading: the entries, and every problem (ok() is false on an error; then the
// list must not be used, so that a typo never accepts more than was written).
struct exceptions_result {
  exception_list value;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] CGSL_EXPORT bool ok() const noexcept;
};

// An exceptions file's text, JSON or YAML (sniffed: JSON when it starts with '[' or '{'):
// [{"ruleId": GLOB, "entity": GLOB, "reason": TEXT, "expires": "YYYY-MM-DD"}, ...], or an
// object holding that list under "exceptions". ruleId, entity and reason are required (a
// reason, because the report shows it instead of the failure); expires is optional. Errors are
// E308 (wrong shape, missing field, bad date) and E301 (syntax), naming the entry. Never throws.
[[nodiscard]] CGSL_EXPORT exceptions_result parse_exceptions(std::string_view text, std::string_view source_name);
[[nodiscard]] CGSL_EXPORT exceptions_result load_exceptions(const std::filesystem::path& file);

// A baseline file (what make_baseline_writer writes): {"cgslBaseline": 1, "failures":
// [{"ruleId": ID, "entity": ENTITY}, ...]}; its entries are compared literally, with the reason
// "in the baseline FILE".
[[nodiscard]] CGSL_EXPORT exceptions_result parse_baseline(std::string_view text, std::string_view source_name);
[[nodiscard]] CGSL_EXPORT exceptions_result load_baseline(const std::filesystem::path& file);

}  // namespace cgsl

#endif  // CGSL_EXCEPTIONS_HPP
