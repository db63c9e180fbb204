// SPDX-License-Identifier: Apache-2.0
// Severities, glob matching and rule selection (--only, --skip, --min-severity).
#include <algorithm>

#include "cgsl/ruleset.hpp"
#include "functions/text.hpp"

namespace cgsl {
namespace {
constexpr std::string_view severity_names[] = {"Informational", "Low", "Medium", "High", "Critical"};
}  // namespace

std::optional<rule_severity> parse_severity(std::string_view name) noexcept {
  for (std::size_t i = 0; i < rule_severity_count; ++i) {
    if (detail::equal_ignore_ascii_case(name, severity_names[i])) return static_cast<rule_severity>(i);
  }
  return std::nullopt;
}

std::string_view to_string(rule_severity s) noexcept {
  const auto i = static_cast<std::size_t>(s);
  return i < rule_severity_count ? severity_names[i] : std::string_view("Informational");
}

bool glob_match(std::string_view p, std::string_view t) noexcept {
  // The classic backtracking matcher that remembers only the last `*`: O(|p| * |t|) at worst.
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti]))) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool rule_selection::selects(const rule_info& rule) const noexcept {
  if (min_severity) {
    if (auto s = parse_severity(rule.severity); s && *s < *min_severity) return false;
  }
  for (const auto& g : skip) {
    if (glob_match(g, rule.id)) return false;
  }
  if (only.empty()) return true;
  return std::any_of(only.begin(), only.end(), [&](const std::string& g) { return glob_match(g, rule.id); });
}

ruleset select_rules(const ruleset& rules, const rule_selection& selection, std::vector<std::string>* unmatched) {
  ruleset out;
  for (const auto& r : rules.rules) {
    if (selection.selects(r.info)) out.rules.push_back(r);
  }
  if (unmatched != nullptr) {
    for (const auto& g : selection.only) {
      const bool any = std::any_of(rules.rules.begin(), rules.rules.end(),
                                   [&](const ruleset_entry& r) { return glob_match(g, r.info.id); });
      if (!any) unmatched->push_back(g);
    }
  }
  return out;
}

}  // namespace cgsl
