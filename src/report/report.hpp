// SPDX-License-Identifier: Apache-2.0
// Findings and how they are rendered: JSON Lines (formatted by the workers that evaluate, one line
// per finding), text and SARIF (reporters that receive failures, errors and per-rule counts in
// input order). Reporters never evaluate.
#ifndef CGSL_REPORT_REPORT_HPP
#define CGSL_REPORT_REPORT_HPP

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cgsl/evaluate.hpp"
#include "cgsl/ruleset.hpp"

namespace cgsl::report {

// One (entity, rule) result, or an entity that could not be read (rule == nullptr).
struct finding {
  const rule_info* rule = nullptr;
  std::string entity;       // id, arn, name, or the position
  std::string entity_type;
  outcome result = outcome::error;
  std::vector<std::string> evidence;
  std::string source;       // FILE:LINE, FILE#INDEX or FILE:ADDRESS
  std::string file;         // the input file
  std::size_t line = 0;     // its line, when line-oriented
  std::string address;      // Terraform resource address, when known
  std::string message;      // errors: why
};

// Buffered output to a FILE* without iostreams' per-call cost.
class output {
 public:
  explicit output(std::FILE* f) : f_(f) { buf_.reserve(1 << 16); }
  ~output() { flush(); }
  output(const output&) = delete;
  output& operator=(const output&) = delete;
  void write(std::string_view s) {
    if (buf_.empty() && s.size() >= (1 << 16)) {
      raw(s);
      return;
    }
    buf_.append(s);
    if (buf_.size() >= (1 << 16)) flush();
  }
  void flush();
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  void raw(std::string_view s);
  std::FILE* f_;
  std::string buf_;
  bool failed_ = false;
};

// The JSON Lines prefix of a rule's findings: {"ruleId":...,"ruleName":...,"severity":..., (or
// nulls for entity errors). Computed once per rule.
[[nodiscard]] std::string json_rule_prefix(const rule_info* rule);
// Appends one JSON line. entity_part is `"entity":...,"entityType":...` (escaped once per
// entity), source_part is the escaped source string literal.
void append_json_line(std::string& out, std::string_view rule_prefix, std::string_view entity_part,
                      outcome result, const std::vector<std::string>& evidence,
                      std::string_view source_part, std::string_view message);

// Outcome counts per rule: counts[rule index][outcome].
using rule_counts = std::vector<std::array<std::size_t, 5>>;

class reporter {
 public:
  virtual ~reporter() = default;
  // A failed or error finding, in input order.
  virtual void add(const finding& f) = 0;
  // Called once after the last finding, with the counts of every outcome per rule (index as in
  // the ruleset) and the number of entities that could not be read.
  virtual void finish(const rule_counts& counts, std::size_t unreadable) = 0;
};

// For people: failures grouped by rule with evidence and remediation, errors, a summary table.
[[nodiscard]] std::unique_ptr<reporter> make_text_reporter(output& out, const ruleset& rules, bool color);
// SARIF 2.1.0: the rules in the tool's driver, one result per failure, errors as notifications.
[[nodiscard]] std::unique_ptr<reporter> make_sarif_reporter(output& out, const ruleset& rules,
                                                            const std::vector<std::string>& inputs);

}  // namespace cgsl::report

#endif  // CGSL_REPORT_REPORT_HPP
