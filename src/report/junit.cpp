// SPDX-License-Identifier: Apache-2.0
// JUnit XML (one testcase per rule), GitHub Actions workflow commands, and the baseline writer.
#include <fmt/format.h>

#include <array>

#include "common/json_text.hpp"
#include "report/output.hpp"

namespace cgsl::report {
namespace {

// XML 1.0 text and attribute values: the five special characters as entities, control
// characters (which XML 1.0 cannot carry at all) as a visible \xNN, tab/newline kept in text and
// written as character references in attributes.
void append_xml(std::string& out, std::string_view s, bool attribute) {
  static const char hex[] = "0123456789abcdef";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\r': out += "&#13;"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
}
std::string xml(std::string_view s, bool attribute = true) {
  std::string out;
  append_xml(out, s, attribute);
  return out;
}

struct kept {
  std::vector<finding_record> shown;
  std::size_t total = 0;
};

class junit_reporter final : public finding_sink {
 public:
  junit_reporter(writer w, junit_report_options o) : out_(std::move(w)), o_(std::move(o)) {}

  [[nodiscard]] outcome_set accepts() const noexcept override {
    return {outcome::failed, outcome::error, outcome::excepted};
  }

  void begin(const ruleset& rules, const std::vector<input_source>&) override {
    rules_ = &rules;
    per_rule_.assign(rules.rules.size(), {});
  }

  void add(const finding& f) override {
    kept* k = nullptr;
    if (f.rule == nullptr) {
      k = &unreadable_;
    } else if (f.rule_index < per_rule_.size()) {
      const std::size_t slot = f.result == outcome::failed ? 0 : f.result == outcome::error ? 1 : 2;
      k = &per_rule_[f.rule_index][slot];
    } else {
      return;
    }
    ++k->total;
    if (o_.max_failures == 0 || k->shown.size() < o_.max_failures) k->shown.emplace_back(f);
  }

  void end(const scan_summary& sum) override {
    if (rules_ == nullptr) return;
    std::size_t failures = 0, errors = 0, skipped = 0;
    std::vector<bool> no_entities(rules_->rules.size(), false);
    for (std::size_t i : sum.rules_without_entities) {
      if (i < no_entities.size()) no_entities[i] = true;
    }
    for (std::size_t i = 0; i < per_rule_.size(); ++i) {
      if (per_rule_[i][0].total > 0) {
        ++failures;
      } else if (per_rule_[i][1].total > 0) {
        ++errors;
      } else if (no_entities[i]) {
        ++skipped;
      }
    }
    const std::size_t tests = per_rule_.size() + (sum.unreadable > 0 ? 1 : 0);
    if (sum.unreadable > 0) ++errors;
    s_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s_ += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                      xml(o_.suite_name), tests, failures, errors, skipped);
    s_ += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                      xml(o_.suite_name), tests, failures, errors, skipped);
    s_ += fmt::format("    <properties><property name=\"entities\" value=\"{}\"/><property name=\"failed\" "
                      "value=\"{}\"/><property name=\"excepted\" value=\"{}\"/></properties>\n",
                      sum.entities, sum.failed, sum.excepted);
    for (std::size_t i = 0; i < per_rule_.size(); ++i) {
      testcase(i, no_entities[i]);
      spill();
    }
    if (sum.unreadable > 0) {
      s_ += fmt::format("    <testcase classname=\"cgsl\" name=\"input\">\n      <error type=\"unreadable\" "
                        "message=\"{} entities or inputs could not be read\">",
                        sum.unreadable);
      for (const auto& f : unreadable_.shown) {
        append_xml(s_, f.source + ": " + f.message + (f.code.empty() ? "" : " [" + f.code + "]") + "\n", false);
      }
      more(unreadable_);
      s_ += "</error>\n    </testcase>\n";
    }
    if (!sum.warnings.empty()) {
      s_ += "    <system-err>";
      for (const auto& w : sum.warnings) append_xml(s_, "warning: " + w + "\n", false);
      s_ += "</system-err>\n";
    }
    s_ += "  </testsuite>\n</testsuites>\n";
    out_.write(s_);
    s_.clear();
    out_.flush();
  }

  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  void spill() {
    if (s_.size() > (1 << 16)) {
      out_.write(s_);
      s_.clear();
    }
  }

  void more(const kept& k) {
    if (k.total > k.shown.size()) s_ += fmt::format("... and {} more\n", k.total - k.shown.size());
  }

  void testcase(std::size_t i, bool no_entities) {
    const rule_info& r = rules_->rules[i].info;
    const auto& slots = per_rule_[i];
    s_ += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml(r.id), xml(r.name));
    if (!r.file.empty()) s_ += fmt::format(" file=\"{}\"", xml(r.file));
    s_ += ">\n";
    if (slots[0].total > 0) {
      s_ += fmt::format("      <failure type=\"{}\" message=\"{} {} failed\">", xml(r.severity.empty() ? "-" : r.severity),
                        slots[0].total, slots[0].total == 1 ? "entity" : "entities");
      for (const auto& f : slots[0].shown) {
        std::string line = f.entity + " (" + f.entity_type + ") at " + f.source + "\n";
        for (const auto& e : f.evidence) line += "  evidence: " + e + "\n";
        append_xml(s_, line, false);
        spill();
      }
      more(slots[0]);
      if (!r.remediation.empty()) append_xml(s_, "remediation: " + r.remediation + "\n", false);
      s_ += "</failure>\n";
    }
    if (slots[1].total > 0) {
      s_ += fmt::format("      <error type=\"evaluation\" message=\"{} {} could not be evaluated\">", slots[1].total,
                        slots[1].total == 1 ? "entity" : "entities");
      for (const auto& f : slots[1].shown) {
        append_xml(s_, f.entity + " at " + f.source + ": " + f.message + (f.code.empty() ? "" : " [" + f.code + "]") + "\n",
                   false);
      }
      more(slots[1]);
      s_ += "</error>\n";
    }
    if (slots[0].total == 0 && slots[1].total == 0 && no_entities) {
      s_ += fmt::format("      <skipped message=\"no entity of type {} was read\"/>\n",
                        xml(rules_->rules[i].compiled.target_type()));
    }
    if (slots[2].total > 0) {
      s_ += "      <system-out>";
      for (const auto& f : slots[2].shown) {
        append_xml(s_, "excepted: " + f.entity + " (" + f.entity_type + ") at " + f.source + ": " + f.message + " (" +
                           f.exception + ")\n",
                   false);
      }
      more(slots[2]);
      s_ += "</system-out>\n";
    }
    s_ += "    </testcase>\n";
  }

  buffered out_;
  junit_report_options o_;
  const ruleset* rules_ = nullptr;
  std::vector<std::array<kept, 3>> per_rule_;  // failed, error, excepted
  kept unreadable_;
  std::string s_;
};

// Workflow command escaping (the runner's rules): data escapes % CR LF; property values also
// ':' and ','.
void append_gh(std::string& out, std::string_view s, bool property) {
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
}

const char* gh_level(std::string_view severity) {
  auto s = parse_severity(severity);
  if (!s || *s >= rule_severity::high) return "error";
  if (*s == rule_severity::medium) return "warning";
  return "notice";
}

class github_reporter final : public finding_sink {
 public:
  github_reporter(writer w, github_report_options o) : out_(std::move(w)), o_(o) {}

  [[nodiscard]] outcome_set accepts() const noexcept override { return {outcome::failed, outcome::error}; }

  void begin(const ruleset& rules, const std::vector<input_source>&) override {
    rules_ = &rules;
    counts_.assign(rules.rules.size(), 0);
  }

  void add(const finding& f) override {
    std::size_t* n = f.rule == nullptr ? &unreadable_ : f.rule_index < counts_.size() ? &counts_[f.rule_index] : nullptr;
    if (n == nullptr) return;
    if (o_.max_per_rule != 0 && *n >= o_.max_per_rule) {
      ++*n;
      return;
    }
    ++*n;
    std::string& s = line_;
    s.clear();
    s += "::";
    s += f.rule == nullptr || f.result == outcome::error ? "error" : gh_level(f.rule->severity);
    s += ' ';
    bool first = true;
    auto prop = [&](const char* key, std::string_view value) {
      if (!first) s += ',';
      first = false;
      s += key;
      s += '=';
      append_gh(s, value, true);
    };
    if (!f.file.empty() && f.file != "<stdin>") {
      prop("file", f.file);
      if (f.line > 0) prop("line", std::to_string(f.line));
    }
    std::string title;
    if (f.rule != nullptr) {
      title = f.rule->id + (f.rule->severity.empty() ? std::string() : " (" + f.rule->severity + ")");
    } else {
      title = "cgsl: unreadable input";
    }
    prop("title", title);
    s += "::";
    std::string text;
    if (f.rule == nullptr) {
      text = std::string(f.source) + ": " + std::string(f.message);
    } else if (f.result == outcome::error) {
      text = std::string(f.entity) + " (" + std::string(f.entity_type) + ") could not be evaluated: " + std::string(f.message);
    } else {
      text = std::string(f.entity) + " (" + std::string(f.entity_type) + ") at " + std::string(f.source) + " fails " +
             f.rule->id + ": " + f.rule->name;
      if (!f.evidence.empty()) {
        text += !f.rule->name.empty() && f.rule->name.back() == '.' ? " Evidence:" : ". Evidence:";
        for (const auto& e : f.evidence) text += " " + e;
      }
    }
    if (!f.code.empty()) text += " [" + std::string(f.code) + "]";
    append_gh(s, text, false);
    s += '\n';
    out_.write(s);
  }

  void end(const scan_summary& sum) override {
    if (rules_ == nullptr) return;
    std::string s;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (o_.max_per_rule == 0 || counts_[i] <= o_.max_per_rule) continue;
      s += "::notice title=";
      append_gh(s, rules_->rules[i].info.id, true);
      s += "::";
      append_gh(s, fmt::format("{} more failures of {} (not annotated; see the report)", counts_[i] - o_.max_per_rule,
                               rules_->rules[i].info.id),
                false);
      s += '\n';
    }
    for (const auto& w : sum.warnings) {
      s += "::warning title=cgsl::";
      append_gh(s, w, false);
      s += '\n';
    }
    s += "::notice title=cgsl::";
    append_gh(s, fmt::format("{} entities, {} failed, {} excepted, {} errors", sum.entities, sum.failed, sum.excepted,
                             sum.errors),
              false);
    s += '\n';
    out_.write(s);
    out_.flush();
  }

  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  buffered out_;
  github_report_options o_;
  const ruleset* rules_ = nullptr;
  std::vector<std::size_t> counts_;
  std::size_t unreadable_ = 0;
  std::string line_;
};

class baseline_writer final : public finding_sink {
 public:
  explicit baseline_writer(writer w) : out_(std::move(w)) {}
  [[nodiscard]] outcome_set accepts() const noexcept override { return {outcome::failed, outcome::excepted}; }
  void begin(const ruleset&, const std::vector<input_source>&) override {
    out_.write("{\"cgslBaseline\":1,\"failures\":[");
  }
  void add(const finding& f) override {
    if (f.rule == nullptr || (f.result == outcome::excepted && !f.baseline)) return;
    std::string& s = line_;
    s.assign(n_++ == 0 ? "\n" : ",\n");
    s += "{\"ruleId\":";
    detail::append_json_string(s, f.rule->id);
    s += ",\"entity\":";
    detail::append_json_string(s, f.entity);
    s += '}';
    out_.write(s);
  }
  void end(const scan_summary&) override {
    out_.write("\n]}\n");
    out_.flush();
  }
  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  buffered out_;
  std::string line_;
  std::size_t n_ = 0;
};

}  // namespace
}  // namespace cgsl::report

namespace cgsl {
std::unique_ptr<finding_sink> make_junit_reporter(writer out, junit_report_options options) {
  return std::make_unique<report::junit_reporter>(std::move(out), std::move(options));
}
std::unique_ptr<finding_sink> make_github_reporter(writer out, github_report_options options) {
  return std::make_unique<report::github_reporter>(std::move(out), options);
}
std::unique_ptr<finding_sink> make_baseline_writer(writer out) {
  return std::make_unique<report::baseline_writer>(std::move(out));
}
}  // namespace cgsl
