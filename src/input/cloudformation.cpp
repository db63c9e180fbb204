// SPDX-License-Identifier: Apache-2.0
// CloudFormation templates, JSON or YAML (CDK synth output included). Every resource becomes an
// entity of type AWS_X_Y (`AWS::IAM::Role` -> `AWS_IAM_Role`), id = its logical id, members = its
// Properties, positioned at file:line; AWS::ECR::Repository also becomes an EcrRepository entity.
//
// Reading: the template is parsed with yaml-cpp (Debian's libyaml-cpp-dev; YAML is a superset of
// JSON, so one parser serves both and gives every resource its line), written as JSON text (short
// tags `!Ref x` as their long forms `{"Ref": "x"}`; plain scalars typed as YAML 1.1 does for
// booleans and null, numbers only when they are JSON numbers, so `2012-10-17` and `012345678901`
// stay strings; a key repeated in one mapping as its last occurrence, as CloudFormation deploys
// it) and parsed once with simdjson.
//
// Intrinsics, when an entity is written: `Ref` to a parameter with a Default is that default;
// `Ref: AWS::NoValue` removes the member or element; `Fn::Sub` of text without variables is that
// text; `Fn::Join` / `Fn::Select` over known values and `Fn::FindInMap` with literal keys are
// computed. Everything else (pseudo parameters, resource attributes, `Fn::If`, imports...) is an
// unknown marker: a verdict that depends on it is `error`, never `passed`.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "input/iac.hpp"

namespace cgsl::io {
namespace {


using detail::append_json_string;
using simdjson::dom::element;
using simdjson::dom::element_type;

bool plain_bool(const std::string& s, bool& b) {
  static const char* const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char* const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
  for (const char* y : yes) {
    if (s == y) return b = true, true;
  }
  for (const char* n : no) {
    if (s == n) return b = false, true;
  }
  return false;
}

// A JSON number exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?
bool json_number(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    const std::size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == d) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == d) return false;
  }
  return i == n;
}

// YAML node -> JSON text, short-form intrinsics as long forms. The text may not outgrow `limit`:
// YAML aliases share nodes, and expanding nested aliases (a "billion laughs" document) would
// otherwise take exponential time and memory.
void to_json(const YAML::Node& n, std::string& out, int depth, std::size_t limit) {
  if (depth > 512) throw std::runtime_error("the template nests too deeply");
  if (out.size() > limit) throw std::runtime_error("the template is larger than the limit once its aliases are expanded");
  const std::string& tag = n.Tag();
  if (!tag.empty() && tag[0] == '!' && tag.size() > 1) {
    std::string name = tag.substr(1);
    if (name == "Ref" || name == "Condition") {
      out += "{";
      append_json_string(out, name);
      out += ":";
    } else if (name == "GetAtt" && n.IsScalar()) {
      // !GetAtt Resource.Attribute
      const std::string& v = n.Scalar();
      const std::size_t dot = v.find('.');
      out += "{\"Fn::GetAtt\":[";
      append_json_string(out, v.substr(0, dot));
      out += ",";
      append_json_string(out, dot == std::string::npos ? std::string() : v.substr(dot + 1));
      out += "]}";
      return;
    } else {
      out += "{";
      append_json_string(out, "Fn::" + name);
      out += ":";
    }
    YAML::Node copy = n;
    copy.SetTag("?");
    to_json(copy, out, depth + 1, limit);
    out += "}";
    return;
  }
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out += "null";
      return;
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (tag == "!") {  // quoted: a string
        append_json_string(out, s);
        return;
      }
      bool b = false;
      if (s == "~" || s == "null" || s == "Null" || s == "NULL") {
        out += "null";
      } else if (plain_bool(s, b)) {
        out += b ? "true" : "false";
      } else if (json_number(s)) {
        out += s;
      } else {
        append_json_string(out, s);
      }
      return;
    }
    case YAML::NodeType::Sequence: {
      out += '[';
      bool first = true;
      for (const YAML::Node& x : n) {
        if (!first) out += ',';
        first = false;
        to_json(x, out, depth + 1, limit);
      }
      out += ']';
      return;
    }
    case YAML::NodeType::Map: {
      // A key written twice in one mapping is its last occurrence, as CloudFormation deploys it
      // (cfn-lint's bad/duplicate.yaml: three `mySnsTopic`, one topic deployed; checkov's
      // runner/resources/invalid.yaml: `SslSupportMethod: static-ip` then `: vip`). Writing both
      // would leave JSON with a repeated name, of which the reader (simdjson's at_key) sees the
      // first: a rule would judge a value that is not deployed, and pass what is.
      std::unordered_map<std::string, std::size_t> last;
      std::size_t i = 0;
      for (const auto& kv : n) last[kv.first.IsScalar() ? kv.first.Scalar() : std::string("?")] = i++;
      out += '{';
      bool first = true;
      i = 0;
      for (const auto& kv : n) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
        if (last[key] != i++) continue;
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        to_json(kv.second, out, depth + 1, limit);
      }
      out += '}';
      return;
    }
  }
}

class template_writer {
 public:
  template_writer(element root, const std::string& file) : root_(root), file_(file) {
    has_parameters_ = root_.at_key("Parameters").get(parameters_) == simdjson::SUCCESS;
    has_mappings_ = root_.at_key("Mappings").get(mappings_) == simdjson::SUCCESS;
  }

  // Writes v at `path` (key: the member name, for policy texts). False: AWS::NoValue (omitted).
  bool write(std::string& out, element v, const std::string& path, std::string_view key, int depth = 0) {
    if (depth > 256) {
      append_unknown(out, path + ": nested too deeply");
      return true;
    }
    switch (v.type()) {
      case element_type::OBJECT: {
        simdjson::dom::object o = v.get_object().value_unsafe();
        std::size_t size = 0;
        std::string_view only;
        element arg;
        for (auto kv : o) {
          ++size;
          only = kv.key;
          arg = kv.value;
        }
        if (size == 1 && (only == "Ref" || only.substr(0, 4) == "Fn::" || only == "Condition")) {
          return intrinsic(out, only, arg, path, key, depth);
        }
        out += '{';
        bool first = true;
        for (auto kv : o) {
          std::string member;
          append_json_string(member, kv.key);
          member += ':';
          if (!write(member, kv.value, join_path(path, kv.key), kv.key, depth + 1)) continue;
          if (!first) out += ',';
          first = false;
          out += member;
        }
        out += '}';
        return true;
      }
      case element_type::ARRAY: {
        out += '[';
        bool first = true;
        std::size_t i = 0;
        for (element x : array_of(v)) {
          std::string one;
          if (write(one, x, path + "[" + std::to_string(i++) + "]", {}, depth + 1)) {
            if (!first) out += ',';
            first = false;
            out += one;
          }
        }
        out += ']';
        return true;
      }
      case element_type::STRING:
        if (!key.empty() && is_policy_key(key)) {
          append_policy_text(out, v.get_string().value_unsafe(), path, policy_parser_);
        } else {
          append_json_string(out, v.get_string().value_unsafe());
        }
        return true;
      default:
        out += simdjson::to_string(v);
        return true;
    }
  }

 private:
  // A value resolved to a JSON text without markers, or nullopt (unknown, or AWS::NoValue).
  std::optional<std::string> known(element v, const std::string& path, int depth) {
    std::string s;
    if (!write(s, v, path, {}, depth + 1)) return std::nullopt;
    if (s.find(unknown_key) != std::string::npos) return std::nullopt;
    return s;
  }

  // A value resolved to a string (a number as its text), or nullopt.
  std::optional<std::string> known_text(element v, const std::string& path, int depth) {
    auto k = known(v, path, depth);
    if (!k) return std::nullopt;
    element e;
    simdjson::padded_string padded(*k);
    if (scratch_.parse(padded).get(e) != simdjson::SUCCESS) return std::nullopt;
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    if (e.is_number()) return *k;
    return std::nullopt;
  }

  bool intrinsic(std::string& out, std::string_view fn, element arg, const std::string& path,
                 std::string_view key, int depth) {
    std::string_view s;
    if (fn == "Ref" && arg.get_string().get(s) == simdjson::SUCCESS) {
      if (s == "AWS::NoValue") return false;
      element param, def;
      if (has_parameters_ && parameters_.at_key(s).get(param) == simdjson::SUCCESS &&
          param.at_key("Default").get(def) == simdjson::SUCCESS) {
        return write(out, def, path, key, depth + 1);
      }
      append_unknown(out, path + ": Ref " + std::string(s) +
                              (s.substr(0, 5) == "AWS::" ? " (a pseudo parameter) is known only at deployment"
                               : has_parameters_ && parameters_.at_key(s).get(param) == simdjson::SUCCESS ? " (a parameter without a Default) is known only at deployment"
                                                                       : " is known only at deployment"));
      return true;
    }
    if (fn == "Fn::Sub") {
      // Fn::Sub "text" or [ "text", {Var: value} ]: ${Var} is a variable of the map or a parameter
      // with a Default (when they are known strings or numbers), ${!Literal} is "${Literal}";
      // any other variable (pseudo parameters, resources, ${A.B}) makes the value unknown.
      std::string_view text;
      element a0, vars;
      bool has_vars = false, is_text = arg.get_string().get(text) == simdjson::SUCCESS;
      if (!is_text && arg.at(0).get(a0) == simdjson::SUCCESS && a0.get_string().get(text) == simdjson::SUCCESS) {
        is_text = true;
        has_vars = arg.at(1).get(vars) == simdjson::SUCCESS && vars.type() == element_type::OBJECT;
      }
      if (is_text) {
        std::string result;
        std::string unknown_var;
        for (std::size_t i = 0; i < text.size(); ++i) {
          if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            if (i + 2 < text.size() && text[i + 2] == '!') {
              result += "${";
              i += 2;
              continue;
            }
            const std::size_t close = text.find('}', i + 2);
            if (close == std::string_view::npos) {
              unknown_var = "an unterminated ${";
              break;
            }
            const std::string_view name = text.substr(i + 2, close - i - 2);
            std::optional<std::string> value;
            element given;
            if (has_vars && vars.at_key(name).get(given) == simdjson::SUCCESS) {
              value = known_text(given, path, depth);
            } else {
              std::string ref_json = "{\"Ref\":";
              append_json_string(ref_json, name);
              ref_json += '}';
              element ref_el;
              simdjson::padded_string padded(ref_json);
              if (name.find('.') == std::string_view::npos && ref_parser_.parse(padded).get(ref_el) == simdjson::SUCCESS) {
                value = known_text(ref_el, path, depth);
              }
            }
            if (!value) {
              unknown_var = "${" + std::string(name) + "}";
              break;
            }
            result += *value;
            i = close;
            continue;
          }
          result += text[i];
        }
        if (unknown_var.empty()) {
          if (!key.empty() && is_policy_key(key)) {
            append_policy_text(out, result, path, policy_parser_);
          } else {
            append_json_string(out, result);
          }
          return true;
        }
        append_unknown(out, path + ": Fn::Sub of " + unknown_var + " is known only at deployment");
        return true;
      }
      append_unknown(out, path + ": Fn::Sub is known only at deployment");
      return true;
    }
    if (fn == "Fn::Join") {
      element delim, list;
      std::string_view d;
      if (arg.at(0).get(delim) == simdjson::SUCCESS && delim.get_string().get(d) == simdjson::SUCCESS &&
          arg.at(1).get(list) == simdjson::SUCCESS && list.type() == element_type::ARRAY) {
        std::string joined;
        bool ok = true, first = true;
        for (element x : array_of(list)) {
          auto k = known(x, path, depth);
          if (!k) {
            ok = false;
            break;
          }
          element ke;
          std::string_view ks;
          simdjson::padded_string padded(*k);
          if (scratch_.parse(padded).get(ke) != simdjson::SUCCESS) {
            ok = false;
            break;
          }
          if (ke.get_string().get(ks) == simdjson::SUCCESS) {
            if (!first) joined += d;
            joined += ks;
          } else if (ke.is_number()) {
            if (!first) joined += d;
            joined += *k;
          } else {
            ok = false;
            break;
          }
          first = false;
        }
        if (ok) {
          if (!key.empty() && is_policy_key(key)) {
            append_policy_text(out, joined, path, policy_parser_);
          } else {
            append_json_string(out, joined);
          }
          return true;
        }
      }
      append_unknown(out, path + ": Fn::Join over values known only at deployment");
      return true;
    }
    if (fn == "Fn::Select") {
      element idx, list;
      std::uint64_t i = 0;
      std::string_view is;
      if (arg.at(0).get(idx) == simdjson::SUCCESS && arg.at(1).get(list) == simdjson::SUCCESS &&
          list.type() == element_type::ARRAY) {
        bool have = idx.get_uint64().get(i) == simdjson::SUCCESS;
        if (!have && idx.get_string().get(is) == simdjson::SUCCESS && !is.empty() &&
            is.find_first_not_of("0123456789") == std::string_view::npos && is.size() < 10) {
          i = std::stoull(std::string(is));
          have = true;
        }
        element chosen;
        if (have && list.at(static_cast<std::size_t>(i)).get(chosen) == simdjson::SUCCESS) {
          return write(out, chosen, path, key, depth + 1);
        }
      }
      append_unknown(out, path + ": Fn::Select over values known only at deployment");
      return true;
    }
    if (fn == "Fn::FindInMap") {
      element m, a, b, found;
      std::string_view ms, as, bs;
      if (arg.at(0).get(m) == simdjson::SUCCESS && m.get_string().get(ms) == simdjson::SUCCESS &&
          arg.at(1).get(a) == simdjson::SUCCESS && a.get_string().get(as) == simdjson::SUCCESS &&
          arg.at(2).get(b) == simdjson::SUCCESS && b.get_string().get(bs) == simdjson::SUCCESS &&
          has_mappings_ && mappings_.at_key(ms).at_key(as).at_key(bs).get(found) == simdjson::SUCCESS) {
        return write(out, found, path, key, depth + 1);
      }
      append_unknown(out, path + ": Fn::FindInMap with keys known only at deployment");
      return true;
    }
    if (fn == "Fn::If") {
      append_unknown(out, path + ": Fn::If depends on a condition decided at deployment");
      return true;
    }
    append_unknown(out, path + ": " + std::string(fn) + " is known only at deployment");
    return true;
  }

  element root_;
  const std::string& file_;
  simdjson::dom::object parameters_, mappings_;
  bool has_parameters_ = false, has_mappings_ = false;
  simdjson::dom::parser policy_parser_, scratch_, ref_parser_;
};

std::string entity_type_of(std::string_view type) {
  std::string out;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (type[i] == ':' && i + 1 < type.size() && type[i + 1] == ':') {
      out += '_';
      ++i;
    } else {
      out += type[i];
    }
  }
  return out;
}

// Maps AWS_ECR_Repository's members to the CloudGuard EcrRepository shape.
std::string ecr_entity(element repo, std::string_view logical_id) {
  std::string out = "{\"type\":\"EcrRepository\",\"id\":";
  append_json_string(out, logical_id);
  out += ",\"logicalId\":";
  append_json_string(out, logical_id);
  element v;
  if (repo.at_key("RepositoryName").get(v) == simdjson::SUCCESS) out += ",\"name\":" + simdjson::to_string(v);
  if (repo.at_key("ImageTagMutability").get(v) == simdjson::SUCCESS) {
    out += ",\"imageTagMutability\":" + simdjson::to_string(v);
  }
  if (repo.at_key("ImageScanningConfiguration").get(v) == simdjson::SUCCESS) {
    element s;
    out += ",\"imageScanningConfiguration\":";
    if (v.type() == element_type::OBJECT && v.at_key(unknown_key).get(s) == simdjson::SUCCESS) {
      out += simdjson::to_string(v);
    } else {
      out += "{\"scanOnPush\":";
      out += v.at_key("ScanOnPush").get(s) == simdjson::SUCCESS ? simdjson::to_string(s) : std::string("false");
      out += '}';
    }
  }
  if (repo.at_key("EncryptionConfiguration").get(v) == simdjson::SUCCESS) {
    element t, k;
    out += ",\"encryptionConfiguration\":{\"encryptionType\":";
    out += v.at_key("EncryptionType").get(t) == simdjson::SUCCESS ? simdjson::to_string(t) : std::string("\"AES256\"");
    if (v.at_key("KmsKey").get(k) == simdjson::SUCCESS) out += ",\"kmsKey\":" + simdjson::to_string(k);
    out += '}';
  }
  if (repo.at_key("RepositoryPolicyText").get(v) == simdjson::SUCCESS) {
    out += ",\"policy\":{\"document\":" + simdjson::to_string(v) + "}";
  }
  if (repo.at_key("LifecyclePolicy").get(v) == simdjson::SUCCESS) {
    element t;
    if (v.at_key("LifecyclePolicyText").get(t) == simdjson::SUCCESS) {
      out += ",\"lifecyclePolicy\":{\"document\":" + simdjson::to_string(t) + "}";
    } else if (v.type() == element_type::OBJECT && v.at_key(unknown_key).get(t) == simdjson::SUCCESS) {
      out += ",\"lifecyclePolicy\":" + simdjson::to_string(v);
    }
  }
  simdjson::dom::array tags;
  if (repo.at_key("Tags").get(tags) == simdjson::SUCCESS) {
    out += ",\"tags\":[";
    bool first = true;
    for (element tag : tags) {
      element k, val;
      if (tag.at_key("Key").get(k) != simdjson::SUCCESS) continue;
      out += first ? "" : ",";
      first = false;
      out += "{\"key\":" + simdjson::to_string(k) + ",\"value\":";
      out += tag.at_key("Value").get(val) == simdjson::SUCCESS ? simdjson::to_string(val) : std::string("null");
      out += '}';
    }
    out += ']';
  }
  out += ",\"cloudformation\":" + simdjson::to_string(repo) + "}";
  return out;
}

}  // namespace

void read_cloudformation(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options) {
  position top{file, 0, 0, {}};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.size() > options.json.max_bytes) {
    sink.error(input_error(diag_code::json_too_large, "the template is larger than the limit", top), top);
    return;
  }
  YAML::Node doc;
  std::string json;
  try {
    doc = YAML::Load(std::string(text));
    // Aliases may repeat what they name, but not without bound: the JSON text may be at most
    // 16 times the template (and 1 MiB more), and within the document size limit.
    to_json(doc, json, 0, std::min<std::size_t>(options.json.max_bytes, 16 * text.size() + (1u << 20)));
  } catch (const std::exception& e) {
    sink.error(input_error(diag_code::input_format, std::string("not a readable CloudFormation template: ") + e.what(), top),
               top);
    return;
  }
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json).get(root); err) {
    sink.error(detail::json_error(err, top.to_string()), top);
    return;
  }
  simdjson::dom::object resources;
  if (root.at_key("Resources").get(resources) != simdjson::SUCCESS) {
    sink.error(input_error(diag_code::input_format, "not a CloudFormation template: no Resources object", top), top);
    return;
  }
  // The line of each resource's logical id (its key in Resources).
  std::map<std::string, std::size_t> lines;
  try {
    const YAML::Node yaml_resources = doc["Resources"];
    if (yaml_resources.IsMap()) {
      for (const auto& kv : yaml_resources) {
        // A repeated logical id is its last definition (to_json keeps that one): its line.
        if (kv.first.IsScalar()) lines[kv.first.Scalar()] = static_cast<std::size_t>(kv.first.Mark().line) + 1;
      }
    }
  } catch (const std::exception&) {
  }
  template_writer writer(root, file);
  simdjson::dom::parser out_parser, ecr_parser;
  std::size_t index = 0;
  for (auto kv : resources) {
    std::size_t line = 0;
    if (auto it = lines.find(std::string(kv.key)); it != lines.end()) line = it->second;
    const std::string logical(kv.key);
    position pos{file, line, index++, {}};
    std::string_view type;
    if (logical.rfind("Fn::ForEach::", 0) == 0) {
      // The AWS::LanguageExtensions transform makes resources from a collection (cfn-lint's
      // good/functions/foreach.yaml); it is not expanded here, so they are not evaluated.
      sink.error(input_error(diag_code::input_format,
                             logical + ": Fn::ForEach (the AWS::LanguageExtensions transform) is not expanded: "
                                       "the resources it makes are not evaluated",
                             pos),
                 pos);
      continue;
    }
    if (kv.value.at_key("Type").get(type) != simdjson::SUCCESS || type.empty()) {
      sink.error(input_error(diag_code::input_format, logical + ": a resource without a Type", pos), pos);
      continue;
    }
    const std::string etype = entity_type_of(type);
    std::string out = "{\"type\":";
    append_json_string(out, etype);
    out += ",\"id\":";
    append_json_string(out, logical);
    std::string own;
    element props;
    if (kv.value.at_key("Properties").get(props) == simdjson::SUCCESS) {
      if (props.type() != element_type::OBJECT) {
        sink.error(input_error(diag_code::input_format, logical + ": Properties is not an object", pos), pos);
        continue;
      }
      for (auto p : object_of(props)) {
        // Properties named `type`, `id` or `cloudformation` (custom resources) would collide with
        // the entity's own members: they are kept inside `cloudformation`.
        std::string member = ",";
        append_json_string(member, p.key);
        member += ':';
        if (writer.write(member, p.value, logical + "." + std::string(p.key), p.key)) {
          (p.key == "type" || p.key == "id" || p.key == "cloudformation" ? own : out) += member;
        }
      }
    }
    out += ",\"cloudformation\":{\"logicalId\":";
    append_json_string(out, logical);
    out += ",\"resourceType\":";
    append_json_string(out, type);
    out += own;
    out += "}}";
    element e;
    if (out.size() > options.json.max_bytes) {
      sink.error(input_error(diag_code::json_too_large, logical + ": the resource is larger than the limit once its "
                                                                 "parameters are substituted", pos),
                 pos);
      continue;
    }
    if (auto err = out_parser.parse(out).get(e); err) {
      sink.error(detail::json_error(err, pos.to_string()), pos);
      continue;
    }
    sink.entity(e, pos);
    if (type == "AWS::ECR::Repository") {
      element ecr;
      position epos{file, line, index++, {}};
      if (auto err = ecr_parser.parse(ecr_entity(e, logical)).get(ecr); err) {
        sink.error(detail::json_error(err, epos.to_string()), epos);
        continue;
      }
      sink.entity(ecr, epos);
    }
  }
}

}  // namespace cgsl::io

namespace cgsl::io {

bool looks_like_yaml_template(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(i, nl - i);
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.substr(0, 25) == "AWSTemplateFormatVersion:" || line.substr(0, 10) == "Resources:") return true;
    i = nl + 1;
  }
  return false;
}

bool is_cloudformation_json(simdjson::dom::element root) {
  if (root.type() != simdjson::dom::element_type::OBJECT) return false;
  simdjson::dom::element v;
  if (root.at_key("type").get(v) == simdjson::SUCCESS) return false;  // an entity
  if (root.at_key("AWSTemplateFormatVersion").get(v) == simdjson::SUCCESS) return true;
  simdjson::dom::object resources;
  if (root.at_key("Resources").get(resources) != simdjson::SUCCESS) return false;
  for (auto kv : resources) {
    std::string_view t;
    return kv.value.at_key("Type").get(t) == simdjson::SUCCESS;
  }
  return false;
}

}  // namespace cgsl::io
