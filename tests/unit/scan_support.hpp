// SPDX-License-Identifier: Apache-2.0
// What the scan and CI-control tests share: a ruleset compiled from (id, severity, text) and the
// lines of a report.
#ifndef CGSL_TESTS_SCAN_SUPPORT_HPP
#define CGSL_TESTS_SCAN_SUPPORT_HPP

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cgsl/cgsl.hpp"
#include "cgsl/scan.hpp"

namespace cgsl_test {

struct rule_spec {
  std::string id, severity, text;
};

// Each rule compiled (a compile error fails the test), named id + name_suffix, from `file`.
inline cgsl::ruleset compile_rules(const std::vector<rule_spec>& rules, const std::string& name_suffix,
                                   const std::string& file = {}) {
  cgsl::ruleset rs;
  for (const rule_spec& r : rules) {
    cgsl::compile_result c = cgsl::compile(r.text);
    EXPECT_TRUE(c.ok()) << c.format_errors();
    if (!c.ok()) continue;
    cgsl::rule_info info;
    info.id = r.id;
    info.name = r.id + name_suffix;
    info.severity = r.severity;
    info.logic = r.text;
    info.file = file;
    rs.rules.push_back({info, *c.value});
  }
  return rs;
}

// The lines of text, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace cgsl_test

#endif  // CGSL_TESTS_SCAN_SUPPORT_HPP
