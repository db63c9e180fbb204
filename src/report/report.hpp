// SPDX-License-Identifier: Apache-2.0
// Findings and the reporters that render them (JSON Lines, text). Reporters never evaluate.
#ifndef CGSL_REPORT_REPORT_HPP
#define CGSL_REPORT_REPORT_HPP

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
  std::string source;       // FILE:LINE or FILE#INDEX
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
    buf_.append(s);
    if (buf_.size() >= (1 << 16)) flush();
  }
  void flush();
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  std::FILE* f_;
  std::string buf_;
  bool failed_ = false;
};

// Appends s as a JSON string literal (quoted, escaped) to out.
void append_json_string(std::string& out, std::string_view s);

class reporter {
 public:
  virtual ~reporter() = default;
  virtual void add(const finding& f) = 0;
  // Called once after the last finding.
  virtual void finish() = 0;
};

// JSON Lines: one object per finding, in the order given (README.md, "Using the command line").
[[nodiscard]] std::unique_ptr<reporter> make_json_reporter(output& out);
// For people: failures and errors with evidence and remediation, then a summary per rule.
[[nodiscard]] std::unique_ptr<reporter> make_text_reporter(output& out, const ruleset& rules,
                                                           bool color);

}  // namespace cgsl::report

#endif  // CGSL_REPORT_REPORT_HPP
