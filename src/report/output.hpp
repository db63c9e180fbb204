// SPDX-License-Identifier: Apache-2.0
// Buffered writing through a cgsl::writer, and text made safe for a terminal (internal).
#ifndef CGSL_REPORT_OUTPUT_HPP
#define CGSL_REPORT_OUTPUT_HPP

#include <string>
#include <string_view>
#include <utility>

#include "cgsl/report.hpp"

namespace cgsl::report {

class buffered {
 public:
  explicit buffered(writer w) : w_(std::move(w)) { buf_.reserve(1 << 16); }
  ~buffered() { flush(); }
  buffered(const buffered&) = delete;
  buffered& operator=(const buffered&) = delete;
  void write(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1 << 16)) flush();
  }
  void flush() {
    if (buf_.empty()) return;
    if (!w_ || !w_(buf_)) failed_ = true;
    buf_.clear();
  }
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  writer w_;
  std::string buf_;
  bool failed_ = false;
};

// Appends s with every control character (C0, DEL and the C1 range, which terminals act on:
// carriage returns, escape sequences, new lines) written as a visible escape (\r, \n, \t, \x1b,
// \u009b), so entity data cannot erase or fake lines of a report.
void append_terminal_safe(std::string& out, std::string_view s);
[[nodiscard]] inline std::string terminal_safe(std::string_view s) {
  std::string out;
  append_terminal_safe(out, s);
  return out;
}

// Severities ranked most severe first (ASCII case ignored): Critical 0 ... Informational 4, else 5.
[[nodiscard]] int severity_rank(std::string_view severity) noexcept;

}  // namespace cgsl::report

#endif  // CGSL_REPORT_OUTPUT_HPP
