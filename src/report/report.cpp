// SPDX-License-Identifier: Apache-2.0
// JSON Lines and text reporters.
#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace cgsl::report {

void output::flush() {
  if (buf_.empty()) return;
  if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) failed_ = true;
  buf_.clear();
  if (std::fflush(f_) != 0) failed_ = true;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

namespace {

class json_reporter final : public reporter {
 public:
  explicit json_reporter(output& out) : out_(out) {}

  void add(const finding& f) override {
    line_.clear();
    line_ += "{\"ruleId\":";
    if (f.rule) {
      append_json_string(line_, f.rule->id);
      line_ += ",\"ruleName\":";
      append_json_string(line_, f.rule->name);
      line_ += ",\"severity\":";
      if (f.rule->severity.empty()) {
        line_ += "null";
      } else {
        append_json_string(line_, f.rule->severity);
      }
    } else {
      line_ += "null,\"ruleName\":null,\"severity\":null";
    }
    line_ += ",\"entity\":";
    append_json_string(line_, f.entity);
    line_ += ",\"entityType\":";
    if (f.entity_type.empty()) {
      line_ += "null";
    } else {
      append_json_string(line_, f.entity_type);
    }
    line_ += ",\"outcome\":\"";
    line_ += to_string(f.result);
    line_ += '"';
    if (!f.evidence.empty()) {
      line_ += ",\"evidence\":[";
      for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        if (i) line_ += ',';
        append_json_string(line_, f.evidence[i]);
      }
      line_ += ']';
    }
    line_ += ",\"source\":";
    append_json_string(line_, f.source);
    if (!f.message.empty()) {
      line_ += ",\"message\":";
      append_json_string(line_, f.message);
    }
    line_ += "}\n";
    out_.write(line_);
  }

  void finish() override { out_.flush(); }

 private:
  output& out_;
  std::string line_;
};

class text_reporter final : public reporter {
 public:
  text_reporter(output& out, const ruleset& rules, bool color) : out_(out), rules_(rules), color_(color) {}

  void add(const finding& f) override {
    const std::string key = f.rule ? f.rule->id : std::string("(unreadable input)");
    auto& c = counts_[key];
    c[static_cast<std::size_t>(f.result)]++;
    if (f.result == outcome::failed || f.result == outcome::error) problems_.push_back(f);
  }

  void finish() override {
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
    auto row = [&](const std::string& id, const std::string& sev) {
      auto it = counts_.find(id);
      std::size_t c[5] = {0, 0, 0, 0, 0};
      if (it != counts_.end()) std::copy(it->second.begin(), it->second.end(), c);
      for (int i = 0; i < 5; ++i) totals[i] += c[i];
      s += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8}\n", id, sev, c[0], c[1], c[2],
                       c[3], c[4]);
    };
    for (const auto& r : rules_.rules) row(r.info.id, r.info.severity.empty() ? "-" : r.info.severity);
    if (counts_.count("(unreadable input)")) row("(unreadable input)", "-");
    s += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8}\n", "total", "", totals[0],
                     totals[1], totals[2], totals[3], totals[4]);
    out_.write(s);
    out_.flush();
  }

 private:
  output& out_;
  const ruleset& rules_;
  bool color_;
  std::map<std::string, std::array<std::size_t, 5>> counts_;
  std::vector<finding> problems_;
};

}  // namespace

std::unique_ptr<reporter> make_json_reporter(output& out) { return std::make_unique<json_reporter>(out); }

std::unique_ptr<reporter> make_text_reporter(output& out, const ruleset& rules, bool color) {
  return std::make_unique<text_reporter>(out, rules, color);
}

}  // namespace cgsl::report
