// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 output: the rules with their metadata in the tool's driver, one result per failure
// located at the input file and line (or the Terraform resource address), and entities that
// could not be evaluated as tool execution notifications.
#include <map>

#include "cgsl/version.hpp"
#include "common/json_text.hpp"
#include "report/report.hpp"

namespace cgsl::report {
namespace {

using detail::append_json_string;

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

class sarif_reporter final : public reporter {
 public:
  sarif_reporter(output& out, const ruleset& rules, const std::vector<std::string>& inputs)
      : out_(out), rules_(rules), inputs_(inputs) {
    for (std::size_t i = 0; i < rules.rules.size(); ++i) index_[&rules.rules[i].info] = i;
  }

  void add(const finding& f) override {
    if (f.result == outcome::failed && f.rule != nullptr) {
      result(f);
    } else if (f.result == outcome::error) {
      notification(f);
    }
  }

  void finish(const rule_counts&, std::size_t) override {
    std::string s = "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{";
    s += "\"tool\":{\"driver\":{\"name\":\"cgsl\",\"version\":\"" CGSL_VERSION_STRING
         "\",\"semanticVersion\":\"" CGSL_VERSION_STRING "\",\"rules\":[";
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      const rule_info& r = rules_.rules[i].info;
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
      s += ",\"tags\":[\"security\"";
      if (!r.compliance_tag.empty()) {
        s += ',';
        append_json_string(s, r.compliance_tag);
      }
      s += "]}}";
    }
    s += "]}},\"artifacts\":[";
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      if (i) s += ',';
      s += "{\"location\":{\"uri\":";
      append_json_string(s, inputs_[i] == "-" ? "stdin" : inputs_[i]);
      s += "}}";
    }
    s += "],\"invocations\":[{\"executionSuccessful\":";
    s += notifications_.empty() ? "true" : "false";
    s += ",\"toolExecutionNotifications\":[";
    s += notifications_;
    s += "]}],\"results\":[";
    out_.write(s);
    out_.write(results_);
    out_.write("]}]}\n");
    out_.flush();
  }

 private:
  void location(std::string& s, const finding& f) {
    s += "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
    append_json_string(s, f.file == "-" ? "stdin" : f.file);
    s += '}';
    if (f.line > 0) s += ",\"region\":{\"startLine\":" + std::to_string(f.line) + "}";
    s += '}';
    if (!f.entity.empty() || !f.address.empty()) {
      s += ",\"logicalLocations\":[{\"fullyQualifiedName\":";
      append_json_string(s, f.address.empty() ? f.entity : f.address);
      s += ",\"kind\":\"resource\"}]";
    }
    s += '}';
  }

  void result(const finding& f) {
    std::string& s = results_;
    if (!s.empty()) s += ',';
    s += "{\"ruleId\":";
    append_json_string(s, f.rule->id);
    s += ",\"ruleIndex\":" + std::to_string(index_[f.rule]);
    s += ",\"level\":\"";
    s += level_of(f.rule->severity);
    s += "\",\"message\":{\"text\":";
    std::string text = f.entity_type + " " + f.entity + " fails " + f.rule->id + ": " + f.rule->name;
    if (!f.evidence.empty()) {
      text += " Evidence:";
      for (const auto& e : f.evidence) text += " " + e;
    }
    append_json_string(s, text);
    s += "},\"locations\":[";
    location(s, f);
    s += "],\"partialFingerprints\":{\"cgsl/v1\":\"" + fingerprint(f.rule->id, f.entity) + "\"}";
    s += ",\"properties\":{\"entity\":";
    append_json_string(s, f.entity);
    s += ",\"entityType\":";
    append_json_string(s, f.entity_type);
    s += ",\"evidence\":[";
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      if (i) s += ',';
      append_json_string(s, f.evidence[i]);
    }
    s += "]}}";
  }

  void notification(const finding& f) {
    std::string& s = notifications_;
    if (!s.empty()) s += ',';
    s += "{\"level\":\"error\",\"message\":{\"text\":";
    append_json_string(s, (f.rule ? f.rule->id + ": " : std::string()) + f.message);
    s += "},\"locations\":[";
    location(s, f);
    s += "]";
    if (f.rule) {
      s += ",\"associatedRule\":{\"id\":";
      append_json_string(s, f.rule->id);
      s += ",\"index\":" + std::to_string(index_[f.rule]) + "}";
    }
    s += '}';
  }

  output& out_;
  const ruleset& rules_;
  std::vector<std::string> inputs_;
  std::map<const rule_info*, std::size_t> index_;
  std::string results_;
  std::string notifications_;
};

}  // namespace

std::unique_ptr<reporter> make_sarif_reporter(output& out, const ruleset& rules,
                                              const std::vector<std::string>& inputs) {
  return std::make_unique<sarif_reporter>(out, rules, inputs);
}

}  // namespace cgsl::report
