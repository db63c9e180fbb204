// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 output: the rules with their metadata in the tool's driver, one result per failure
// located at the input file and line (or the Terraform resource address), and entities that
// could not be evaluated as tool execution notifications.
#include <algorithm>
#include <cstdio>
#include <vector>
#include <map>

#include "cgsl/version.hpp"
#include "common/json_text.hpp"
#include "report/output.hpp"

namespace cgsl::report {
namespace {

using detail::append_json_string;
using detail::append_json_string_array;

const char* level_of(std::string_view severity) {
  if (severity == "Critical" || severity == "High") return "error";
  if (severity == "Medium") return "warning";
  return "note";
}

// GitHub code scanning reads this property to rank security results (0.0 - 10.0).
const char* security_severity(std::string_view severity) {
  if (severity == "Critical") return "9.5";
  if (severity == "High") return "8.0";
  if (severity == "Medium") return "5.5";
  if (severity == "Low") return "3.0";
  return "0.0";
}

// A stable fingerprint of (rule, entity) so code-scanning tools track a finding across runs.
std::string fingerprint(std::string_view rule, std::string_view entity) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (std::string_view part : {rule, std::string_view("\x1f"), entity}) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// A URI reference for an input name: file:// with percent-encoding for absolute paths, a
// percent-encoded relative reference otherwise ("<stdin>" included, so it is the same name as in
// every other output).
std::string uri_of(std::string_view name) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  if (!name.empty() && name.front() == '/') out = "file://";
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class sarif_reporter final : public finding_sink {
 public:
  explicit sarif_reporter(writer w) : out_(std::move(w)) {}

  [[nodiscard]] outcome_set accepts() const noexcept override {
    return {outcome::failed, outcome::error, outcome::excepted};
  }

  void begin(const ruleset& rules, const std::vector<input_source>& inputs) override {
    rules_ = &rules;
    std::string s = "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{";
    s += "\"tool\":{\"driver\":{\"name\":\"cgsl\",\"version\":\"" CGSL_VERSION_STRING
         "\",\"semanticVersion\":\"" CGSL_VERSION_STRING "\",\"rules\":[";
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
      const rule_info& r = rules.rules[i].info;
      if (i) s += ',';
      s += "{\"id\":";
      append_json_string(s, r.id);
      s += ",\"shortDescription\":{\"text\":";
      append_json_string(s, r.name);
      s += "},\"fullDescription\":{\"text\":";
      append_json_string(s, r.description.empty() ? r.name : r.description);
      s += "},\"help\":{\"text\":";
      append_json_string(s, r.remediation.empty() ? r.name : r.remediation);
      s += "},\"defaultConfiguration\":{\"level\":\"";
      s += level_of(r.severity);
      s += "\"},\"properties\":{\"severity\":";
      append_json_string(s, r.severity);
      s += ",\"security-severity\":\"";
      s += security_severity(r.severity);
      s += "\",\"logic\":";
      append_json_string(s, r.logic);
      if (!r.category.empty()) {
        s += ",\"category\":";
        append_json_string(s, r.category);
      }
      // One tag per compliance framework: complianceTag is "A|B|C" as CloudGuard exports it.
      s += ",\"tags\":[\"security\"";
      std::vector<std::string_view> tags;
      std::string_view rest = r.compliance_tag;
      while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        std::string_view tag = rest.substr(0, bar);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (!tag.empty() && tag != "security" && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
          tags.push_back(tag);
          s += ',';
          append_json_string(s, tag);
        }
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      s += "]}}";
      if (s.size() > (1 << 16)) {
        out_.write(s);
        s.clear();
      }
    }
    s += "]}},\"artifacts\":[";
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (i) s += ',';
      s += "{\"location\":{\"uri\":";
      append_json_string(s, uri_of(inputs[i].name()));
      s += "}}";
    }
    s += "],\"results\":[";
    out_.write(s);
  }

  void add(const finding& f) override {
    if (f.rule != nullptr &&
        (f.result == outcome::failed || f.result == outcome::passed || f.result == outcome::excepted)) {
      result(f);
    } else if (f.result == outcome::error) {
      notification(f);
    }
  }

  void end(const scan_summary& summary) override {
    if (rules_ == nullptr) return;
    std::string s = "],\"invocations\":[{\"executionSuccessful\":";
    s += summary.errors == 0 ? "true" : "false";
    s += ",\"toolExecutionNotifications\":[";
    s += notifications_;
    if (dropped_ > 0) {
      if (!notifications_.empty()) s += ',';
      s += "{\"level\":\"error\",\"message\":{\"text\":";
      append_json_string(s, std::to_string(dropped_) + " more errors (see the run's properties for the counts; "
                                                       "--format json lists every finding)");
      s += "}}";
    }
    s += "]}],\"properties\":{\"cgsl\":";
    s += summary_json(summary, *rules_);
    s += "}}]}\n";
    out_.write(s);
    out_.flush();
  }

  [[nodiscard]] bool failed() const noexcept override { return out_.failed(); }

 private:
  void location(std::string& s, const finding& f) {
    s += '{';
    if (!f.file.empty()) {
      s += "\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
      append_json_string(s, uri_of(f.file));
      s += '}';
      if (f.line > 0) s += ",\"region\":{\"startLine\":" + std::to_string(f.line) + "}";
      s += "},";
    }
    s += "\"logicalLocations\":[{\"fullyQualifiedName\":";
    append_json_string(s, f.address.empty() ? f.entity : f.address);
    s += ",\"kind\":\"resource\"}]}";
  }

  void result(const finding& f) {
    std::string& s = buf_;
    s.clear();
    if (results_++ > 0) s += ',';
    s += "{\"ruleId\":";
    append_json_string(s, f.rule->id);
    s += ",\"ruleIndex\":" + std::to_string(f.rule_index);
    if (f.result == outcome::passed) {
      s += ",\"kind\":\"pass\",\"level\":\"none\"";
    } else {
      s += ",\"kind\":\"fail\",\"level\":\"";
      s += level_of(f.rule->severity);
      s += '"';
    }
    s += ",\"message\":{\"text\":";
    std::string text = std::string(f.entity_type) + " " + std::string(f.entity) +
                       (f.result == outcome::passed ? " passes " : " fails ") + f.rule->id + ": " + f.rule->name;
    if (f.result == outcome::excepted) text += " (excepted: " + std::string(f.message) + ")";
    if (!f.evidence.empty()) {
      text += " Evidence:";
      for (const auto& e : f.evidence) text += " " + e;
    }
    append_json_string(s, text);
    s += "},\"locations\":[";
    location(s, f);
    s += "],\"partialFingerprints\":{\"cgsl/v1\":\"" + fingerprint(f.rule->id, f.entity) + "\"}";
    if (f.result == outcome::excepted) {
      // An accepted failure stays a result (code scanning shows it as dismissed), never a pass.
      s += ",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":";
      append_json_string(s, f.message);
      s += "}]";
    }
    s += ",\"properties\":{\"entity\":";
    append_json_string(s, f.entity);
    s += ",\"entityType\":";
    append_json_string(s, f.entity_type);
    s += ",\"source\":";
    append_json_string(s, f.source);
    s += ",\"evidence\":";
    append_json_string_array(s, f.evidence);
    if (!f.exception.empty()) {
      s += ",\"exception\":";
      append_json_string(s, f.exception);
    }
    s += "}}";
    out_.write(s);
  }

  void notification(const finding& f) {
    if (kept_ >= 1000) {
      ++dropped_;
      return;
    }
    ++kept_;
    std::string& s = notifications_;
    if (!s.empty()) s += ',';
    s += "{\"level\":\"error\",\"message\":{\"text\":";
    std::string text = (f.rule ? f.rule->id + ": " : std::string()) + std::string(f.source) + ": " + std::string(f.message);
    if (!f.code.empty()) text += " [" + std::string(f.code) + "]";
    append_json_string(s, text);
    s += "},\"locations\":[";
    location(s, f);
    s += "]";
    if (f.rule) {
      s += ",\"associatedRule\":{\"id\":";
      append_json_string(s, f.rule->id);
      s += ",\"index\":" + std::to_string(f.rule_index) + "}";
    }
    if (!f.code.empty()) {
      s += ",\"descriptor\":{\"id\":";
      append_json_string(s, f.code);
      s += '}';
    }
    s += '}';
  }

  report::buffered out_;
  const ruleset* rules_ = nullptr;
  std::string buf_;
  std::size_t results_ = 0, kept_ = 0, dropped_ = 0;
  std::string notifications_;
};

}  // namespace

}  // namespace cgsl::report

namespace cgsl {
std::unique_ptr<finding_sink> make_sarif_reporter(writer out) {
  return std::make_unique<report::sarif_reporter>(std::move(out));
}
}  // namespace cgsl
