// SPDX-License-Identifier: Apache-2.0
// JSON Lines and text reporters.
#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/json_text.hpp"
#include <map>

namespace cgsl::report {

void output::flush() {
  if (buf_.empty()) return;
  raw(buf_);
  buf_.clear();
}

void output::raw(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) failed_ = true;
  if (std::fflush(f_) != 0) failed_ = true;
}

std::string json_rule_prefix(const rule_info* rule) {
  std::string p = "{\"ruleId\":";
  if (rule == nullptr) return p + "null,\"ruleName\":null,\"severity\":null,";
  detail::append_json_string(p, rule->id);
  p += ",\"ruleName\":";
  detail::append_json_string(p, rule->name);
  p += ",\"severity\":";
  if (rule->severity.empty()) {
    p += "null";
  } else {
    detail::append_json_string(p, rule->severity);
  }
  return p + ",";
}

void append_json_line(std::string& out, std::string_view rule_prefix, std::string_view entity_part,
                      outcome result, const std::vector<std::string>& evidence,
                      std::string_view source_part, std::string_view message) {
  out += rule_prefix;
  out += entity_part;
  out += ",\"outcome\":\"";
  out += to_string(result);
  out += '"';
  if (!evidence.empty()) {
    out += ",\"evidence\":[";
    for (std::size_t i = 0; i < evidence.size(); ++i) {
      if (i) out += ',';
      detail::append_json_string(out, evidence[i]);
    }
    out += ']';
  }
  out += ",\"source\":";
  out += source_part;
  if (!message.empty()) {
    out += ",\"message\":";
    detail::append_json_string(out, message);
  }
  out += "}\n";
}

namespace {

class text_reporter final : public reporter {
 public:
  text_reporter(output& out, const ruleset& rules, bool color) : out_(out), rules_(rules), color_(color) {}

  void add(const finding& f) override { problems_.push_back(f); }

  void finish(const rule_counts& counts, std::size_t unreadable) override {
    std::string s;
    const char* red = color_ ? "\x1b[31m" : "";
    const char* yellow = color_ ? "\x1b[33m" : "";
    const char* bold = color_ ? "\x1b[1m" : "";
    const char* reset = color_ ? "\x1b[0m" : "";
    // Failures first, grouped by rule (most severe rule first, rules in file order), each rule's
    // remediation once; then the entities that could not be evaluated.
    static const std::map<std::string, int> order{{"Critical", 0}, {"High", 1}, {"Medium", 2},
                                                  {"Low", 3}, {"Informational", 4}};
    auto rank = [](const rule_info* r) {
      auto it = r ? order.find(r->severity) : order.end();
      return it == order.end() ? 5 : it->second;
    };
    std::vector<const rule_info*> failed_rules;
    for (const finding& f : problems_) {
      if (f.result == outcome::failed &&
          std::find(failed_rules.begin(), failed_rules.end(), f.rule) == failed_rules.end()) {
        failed_rules.push_back(f.rule);
      }
    }
    std::stable_sort(failed_rules.begin(), failed_rules.end(),
                     [&](const rule_info* a, const rule_info* b) { return rank(a) < rank(b); });
    for (const rule_info* r : failed_rules) {
      const auto n = static_cast<std::size_t>(
          std::count_if(problems_.begin(), problems_.end(),
                        [&](const finding& f) { return f.rule == r && f.result == outcome::failed; }));
      s += fmt::format("{}FAILED{} [{}] {}: {} ({} {})\n", red, reset,
                       r->severity.empty() ? "-" : r->severity, r->id, r->name, n,
                       n == 1 ? "entity" : "entities");
      for (const finding& f : problems_) {
        if (f.rule != r || f.result != outcome::failed) continue;
        s += fmt::format("  - {} ({}) at {}\n", f.entity, f.entity_type, f.source);
        for (const auto& e : f.evidence) s += fmt::format("      evidence: {}\n", e);
      }
      if (!r->remediation.empty()) {
        s += "  remediation:\n";
        std::string_view text = r->remediation;
        while (!text.empty()) {
          const std::size_t nl = text.find('\n');
          const std::string_view line = text.substr(0, nl);
          if (!line.empty()) {
            s += "    ";
            s += line;
          }
          s += '\n';
          if (nl == std::string_view::npos) break;
          text.remove_prefix(nl + 1);
        }
      }
      s += '\n';
      if (s.size() > (1 << 16)) {
        out_.write(s);
        s.clear();
      }
    }
    for (const finding& f : problems_) {
      if (f.result != outcome::error) continue;
      s += fmt::format("{}ERROR{} {}{}: {}\n  entity: {}{}\n\n", yellow, reset,
                       f.rule ? f.rule->id + " " : std::string(), f.source, f.message, f.entity,
                       f.entity_type.empty() ? std::string() : " (" + f.entity_type + ")");
      if (s.size() > (1 << 16)) {
        out_.write(s);
        s.clear();
      }
    }
    // Summary: one row per rule, in rule order, then unreadable input.
    s += fmt::format("{}Summary{}\n", bold, reset);
    s += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8}\n", "rule", "severity", "passed",
                     "failed", "not_relevant", "error", "matched");
    std::size_t totals[5] = {0, 0, 0, 0, 0};
    auto row = [&](const std::string& id, const std::string& sev, const std::array<std::size_t, 5>& c) {
      for (std::size_t i = 0; i < 5; ++i) totals[i] += c[i];
      s += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8}\n", id, sev, c[0], c[1], c[2],
                       c[3], c[4]);
    };
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      const auto& r = rules_.rules[i];
      row(r.info.id, r.info.severity.empty() ? "-" : r.info.severity,
          i < counts.size() ? counts[i] : std::array<std::size_t, 5>{});
    }
    if (unreadable > 0) row("(unreadable input)", "-", {0, 0, 0, unreadable, 0});
    s += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8}\n", "total", "", totals[0],
                     totals[1], totals[2], totals[3], totals[4]);
    out_.write(s);
    out_.flush();
  }

 private:
  output& out_;
  const ruleset& rules_;
  bool color_;
  std::vector<finding> problems_;
};

}  // namespace

std::unique_ptr<reporter> make_text_reporter(output& out, const ruleset& rules, bool color) {
  return std::make_unique<text_reporter>(out, rules, color);
}

}  // namespace cgsl::report
