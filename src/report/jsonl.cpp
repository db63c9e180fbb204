// SPDX-License-Identifier: Apache-2.0
// JSON Lines: one object per finding, formatted by the scan's workers; writers, terminal safety.
#include <cstdio>

#include "common/json_text.hpp"
#include "functions/text.hpp"
#include "report/output.hpp"

namespace cgsl {

writer file_writer(std::FILE* f) {
  return [f](std::string_view s) {
    if (f == nullptr) return false;
    if (std::fwrite(s.data(), 1, s.size(), f) != s.size()) return false;
    return std::fflush(f) == 0;
  };
}

writer string_writer(std::string& out) {
  return [&out](std::string_view s) {
    out.append(s);
    return true;
  };
}

namespace report {

void append_terminal_safe(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      out += "\\u00";
      out += hex[c1 >> 4];
      out += hex[c1 & 15];
      ++i;
      continue;
    }
    if (c >= 0x20 && c != 0x7F) {
      out += static_cast<char>(c);
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
}

int severity_rank(std::string_view severity) noexcept {
  static constexpr std::string_view order[] = {"critical", "high", "medium", "low", "informational"};
  for (int i = 0; i < 5; ++i) {
    if (detail::equal_ignore_ascii_case(severity, order[i])) return i;
  }
  return 5;
}

namespace {

class jsonl_reporter final : public formatting_sink {
 public:
  explicit jsonl_reporter(writer w) : out_(std::move(w)) {}

  void begin(const ruleset& rules, const std::vector<input_source>&) override {
    prefixes_.clear();
    for (const auto& r : rules.rules) prefixes_.push_back(prefix(&r.info));
    error_prefix_ = prefix(nullptr);
  }

  void format(const finding& f, std::string& out) const override {
    using detail::append_json_string;
    using detail::append_json_string_array;
    if (f.rule == nullptr) {
      out += error_prefix_;
    } else if (f.rule_index < prefixes_.size()) {
      out += prefixes_[f.rule_index];
    } else {
      out += prefix(f.rule);
    }
    out += "\"entity\":";
    append_json_string(out, f.entity);
    out += ",\"entityType\":";
    if (f.rule == nullptr && f.entity_type.empty()) {
      out += "null";
    } else {
      append_json_string(out, f.entity_type);
    }
    out += ",\"outcome\":\"";
    out += to_string(f.result);
    out += '"';
    if (!f.evidence.empty()) {
      out += ",\"evidence\":";
      append_json_string_array(out, f.evidence);
    }
    out += ",\"source\":";
    append_json_string(out, f.source);
    if (!f.message.empty()) {
      out += ",\"message\":";
      append_json_string(out, f.message);
    }
    if (!f.code.empty()) {
      out += ",\"code\":";
      append_json_string(out, f.code);
    }
    if (!f.exception.empty()) {
      out += ",\"exception\":";
      append_json_string(out, f.exception);
    }
    out += "}\n";
  }

  void write(std::string_view text) override { out_.write(text); }
  void end(const scan_summary&) override { out_.flush(); }
  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  static std::string prefix(const rule_info* rule) {
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

  buffered out_;
  std::vector<std::string> prefixes_;
  std::string error_prefix_;
};

}  // namespace
}  // namespace report

std::unique_ptr<formatting_sink> make_jsonl_reporter(writer out) {
  return std::make_unique<report::jsonl_reporter>(std::move(out));
}

}  // namespace cgsl
