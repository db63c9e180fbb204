// SPDX-License-Identifier: Apache-2.0
// The text report, for people: failures per rule (most severe first) with evidence, at most
// max_failures per rule kept and shown, each rule's remediation once, errors, then the summary.
#include <fmt/format.h>

#include <algorithm>

#include "report/output.hpp"

namespace cgsl::report {
namespace {

// What both text reporters render: failures, errors and excepted failures, and the outcomes
// named in list_outcomes.
outcome_set text_accepts(const text_report_options& o) noexcept {
  outcome_set s = o.list_outcomes;
  s.insert(outcome::failed);
  s.insert(outcome::error);
  s.insert(outcome::excepted);
  return s;
}

struct kept {
  std::vector<finding_record> shown;
  std::size_t total = 0;
};

class text_reporter final : public finding_sink {
 public:
  text_reporter(writer w, text_report_options o) : out_(std::move(w)), o_(o) {}

  void begin(const ruleset& rules, const std::vector<input_source>&) override {
    rules_ = &rules;
    per_rule_.assign(rules.rules.size(), {});
  }

  [[nodiscard]] outcome_set accepts() const noexcept override { return text_accepts(o_); }

  void add(const finding& f) override {
    kept* k = nullptr;
    if (f.rule == nullptr) {
      k = &unreadable_;
    } else if (f.rule_index < per_rule_.size()) {
      k = &per_rule_[f.rule_index][static_cast<std::size_t>(f.result)];
    } else {
      return;
    }
    ++k->total;
    if (o_.max_failures == 0 || k->shown.size() < o_.max_failures) k->shown.emplace_back(f);
  }

  void end(const scan_summary& summary) override {
    if (rules_ == nullptr) return;
    red_ = o_.color ? "\x1b[31m" : "";
    yellow_ = o_.color ? "\x1b[33m" : "";
    green_ = o_.color ? "\x1b[32m" : "";
    bold_ = o_.color ? "\x1b[1m" : "";
    reset_ = o_.color ? "\x1b[0m" : "";
    std::vector<std::size_t> order(per_rule_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return severity_rank(rules_->rules[a].info.severity) < severity_rank(rules_->rules[b].info.severity);
    });
    for (std::size_t i : order) failures(i);
    for (std::size_t i : order) excepted(i);
    for (std::size_t i : order) errors(i);
    if (unreadable_.total > 0) {
      for (const auto& f : unreadable_.shown) {
        s_ += fmt::format("{}ERROR{} {}: {}{}\n\n", yellow_, reset_, safe(f.source), safe(f.message), code(f));
      }
      more(unreadable_, "unreadable entities");
    }
    for (std::size_t i : order) listed(i);
    totals(summary);
    out_.write(s_);
    s_.clear();
    out_.flush();
  }

  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  static std::string safe(std::string_view s) { return terminal_safe(s); }
  static std::string code(const finding_record& f) { return f.code.empty() ? std::string() : " [" + f.code + "]"; }

  void spill() {
    if (s_.size() > (1 << 16)) {
      out_.write(s_);
      s_.clear();
    }
  }

  void more(const kept& k, const char* what) {
    if (k.total > k.shown.size()) {
      s_ += fmt::format("  ... and {} more {} (--max-failures 0 shows all; --format json lists every finding)\n\n",
                        k.total - k.shown.size(), what);
    }
  }

  void remediation(const rule_info& r) {
    if (r.remediation.empty()) return;
    s_ += "  remediation:\n";
    std::string_view text = r.remediation;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      const std::string_view line = text.substr(0, nl);
      if (!line.empty()) {
        s_ += "    ";
        s_ += safe(line);
      }
      s_ += '\n';
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
  }

  void failures(std::size_t i) {
    const kept& k = per_rule_[i][static_cast<std::size_t>(outcome::failed)];
    if (k.total == 0) return;
    const rule_info& r = rules_->rules[i].info;
    s_ += fmt::format("{}FAILED{} [{}] {}: {} ({} {})\n", red_, reset_, r.severity.empty() ? "-" : safe(r.severity),
                      safe(r.id), safe(r.name), k.total, k.total == 1 ? "entity" : "entities");
    for (const finding_record& f : k.shown) {
      s_ += fmt::format("  - {} ({}) at {}\n", safe(f.entity), safe(f.entity_type), safe(f.source));
      for (const auto& e : f.evidence) s_ += fmt::format("      evidence: {}\n", safe(e));
      spill();
    }
    if (k.total > k.shown.size()) {
      s_ += fmt::format("  ... and {} more (--max-failures 0 shows all; --format json lists every finding)\n",
                        k.total - k.shown.size());
    }
    remediation(r);
    s_ += '\n';
    spill();
  }

  void excepted(std::size_t i) {
    const kept& k = per_rule_[i][static_cast<std::size_t>(outcome::excepted)];
    if (k.total == 0) return;
    const rule_info& r = rules_->rules[i].info;
    s_ += fmt::format("{}EXCEPTED{} [{}] {}: {} ({} {})\n", bold_, reset_, r.severity.empty() ? "-" : safe(r.severity),
                      safe(r.id), safe(r.name), k.total, k.total == 1 ? "entity" : "entities");
    for (const finding_record& f : k.shown) {
      s_ += fmt::format("  - {} ({}) at {}: {} ({})\n", safe(f.entity), safe(f.entity_type), safe(f.source),
                        safe(f.message), safe(f.exception));
      spill();
    }
    if (k.total > k.shown.size()) s_ += fmt::format("  ... and {} more\n", k.total - k.shown.size());
    s_ += '\n';
  }

  void errors(std::size_t i) {
    const kept& k = per_rule_[i][static_cast<std::size_t>(outcome::error)];
    if (k.total == 0) return;
    const rule_info& r = rules_->rules[i].info;
    for (const finding_record& f : k.shown) {
      s_ += fmt::format("{}ERROR{} {} {}: {}{}\n  entity: {}{}\n\n", yellow_, reset_, safe(r.id), safe(f.source),
                        safe(f.message), code(f), safe(f.entity),
                        f.entity_type.empty() ? std::string() : " (" + safe(f.entity_type) + ")");
      spill();
    }
    more(k, ("errors of " + r.id).c_str());
  }

  void listed(std::size_t i) {
    for (outcome oc : {outcome::passed, outcome::matched, outcome::not_relevant}) {
      if (!o_.list_outcomes.contains(oc)) continue;
      const kept& k = per_rule_[i][static_cast<std::size_t>(oc)];
      if (k.total == 0) continue;
      const rule_info& r = rules_->rules[i].info;
      std::string name(to_string(oc));
      for (char& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      s_ += fmt::format("{}{}{} [{}] {}: {} ({} {})\n", oc == outcome::passed ? green_ : bold_, name, reset_,
                        r.severity.empty() ? "-" : safe(r.severity), safe(r.id), safe(r.name), k.total,
                        k.total == 1 ? "entity" : "entities");
      for (const finding_record& f : k.shown) {
        s_ += fmt::format("  - {} ({}) at {}\n", safe(f.entity), safe(f.entity_type), safe(f.source));
        spill();
      }
      if (k.total > k.shown.size()) s_ += fmt::format("  ... and {} more\n", k.total - k.shown.size());
      s_ += '\n';
    }
  }

  void totals(const scan_summary& sum) {
    s_ += fmt::format("{}Summary{}\n", bold_, reset_);
    s_ += fmt::format("entities read: {}", sum.entities);
    if (!sum.entities_per_type.empty()) {
      s_ += " (";
      for (std::size_t i = 0; i < sum.entities_per_type.size(); ++i) {
        if (i) s_ += ", ";
        s_ += fmt::format("{} {}", safe(sum.entities_per_type[i].first), sum.entities_per_type[i].second);
      }
      s_ += ")";
    }
    s_ += fmt::format("; unreadable: {}\n", sum.unreadable);
    s_ += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8} {:>8}\n", "rule", "severity", "passed", "failed",
                      "not_relevant", "error", "matched", "excepted");
    std::array<std::size_t, outcome_count> t{};
    auto row = [&](const std::string& id, const std::string& sev, const std::array<std::size_t, outcome_count>& c) {
      for (std::size_t k = 0; k < outcome_count; ++k) t[k] += c[k];
      s_ += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8} {:>8}\n", id, sev, c[0], c[1], c[2], c[3], c[4],
                        c[5]);
    };
    for (std::size_t i = 0; i < rules_->rules.size(); ++i) {
      const auto& r = rules_->rules[i].info;
      row(safe(r.id), r.severity.empty() ? "-" : safe(r.severity),
          i < sum.rules.size() ? sum.rules[i].outcomes : std::array<std::size_t, outcome_count>{});
      spill();
    }
    if (sum.unreadable > 0) row("(unreadable input)", "-", {0, 0, 0, sum.unreadable, 0, 0});
    s_ += fmt::format("{:<22} {:<13} {:>8} {:>8} {:>12} {:>8} {:>8} {:>8}\n", "total", "", t[0], t[1], t[2], t[3], t[4],
                      t[5]);
    for (std::size_t i : sum.rules_without_entities) {
      const ruleset_entry& r = rules_->rules[i];
      s_ += fmt::format("{}warning{}: {} applied to no entity: no entity of type {} was read\n", yellow_, reset_,
                        safe(r.info.id), safe(r.compiled.target_type()));
    }
    for (const std::string& w : sum.warnings) s_ += fmt::format("{}warning{}: {}\n", yellow_, reset_, safe(w));
  }

  buffered out_;
  text_report_options o_;
  const ruleset* rules_ = nullptr;
  std::vector<std::array<kept, outcome_count>> per_rule_;
  kept unreadable_;
  std::string s_;
  const char *red_ = "", *yellow_ = "", *green_ = "", *bold_ = "", *reset_ = "";
};

// --compact: one line per failure (and per error, and per excepted failure), as they arrive, no
// remediation; then one summary line. Keeps nothing per finding.
class compact_reporter final : public finding_sink {
 public:
  compact_reporter(writer w, text_report_options o) : out_(std::move(w)), o_(o) {}

  [[nodiscard]] outcome_set accepts() const noexcept override { return text_accepts(o_); }

  void add(const finding& f) override {
    std::string& s = line_;
    s.clear();
    append_terminal_safe(s, f.source);
    s += ": ";
    if (f.rule == nullptr) {
      s += "error: ";
      append_terminal_safe(s, f.message);
      if (!f.code.empty()) s += " [" + std::string(f.code) + "]";
      s += '\n';
      out_.write(s);
      return;
    }
    s += f.result == outcome::failed ? std::string_view("failed") : to_string(f.result);
    s += ' ';
    s += f.rule->severity.empty() ? std::string("-") : f.rule->severity;
    s += ' ';
    append_terminal_safe(s, f.rule->id);
    s += ' ';
    append_terminal_safe(s, f.entity);
    if (!f.entity_type.empty()) {
      s += " (";
      append_terminal_safe(s, f.entity_type);
      s += ')';
    }
    s += ": ";
    if (f.result == outcome::error || f.result == outcome::excepted) {
      append_terminal_safe(s, f.message);
      if (!f.code.empty()) s += " [" + std::string(f.code) + "]";
    } else {
      append_terminal_safe(s, f.rule->name);
    }
    if (!f.evidence.empty()) {
      s += " [";
      for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        if (i) s += ", ";
        append_terminal_safe(s, f.evidence[i]);
      }
      s += ']';
    }
    s += '\n';
    out_.write(s);
  }

  void end(const scan_summary& sum) override {
    std::string s = fmt::format("cgsl: {} entities, {} failed", sum.entities, sum.failed);
    if (sum.failed > 0) {
      std::string parts;
      for (std::size_t k = rule_severity_count; k-- > 0;) {
        if (sum.failed_by_severity[k] == 0) continue;
        if (!parts.empty()) parts += ", ";
        parts += fmt::format("{} {}", to_string(static_cast<rule_severity>(k)), sum.failed_by_severity[k]);
      }
      if (sum.failed_unrated > 0) parts += fmt::format("{}no severity {}", parts.empty() ? "" : ", ", sum.failed_unrated);
      s += " (" + parts + ")";
    }
    s += fmt::format(", {} excepted, {} errors, {} unreadable\n", sum.excepted, sum.errors, sum.unreadable);
    for (const std::string& w : sum.warnings) s += "warning: " + terminal_safe(w) + "\n";
    out_.write(s);
    out_.flush();
  }

  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  buffered out_;
  text_report_options o_;
  std::string line_;
};

}  // namespace
}  // namespace cgsl::report

namespace cgsl {
std::unique_ptr<finding_sink> make_text_reporter(writer out, text_report_options options) {
  if (options.compact) return std::make_unique<report::compact_reporter>(std::move(out), options);
  return std::make_unique<report::text_reporter>(std::move(out), options);
}
}  // namespace cgsl
