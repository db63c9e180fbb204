// SPDX-License-Identifier: Apache-2.0
// Exceptions files (JSON or YAML) and baselines: parsing, and matching failures against them.
// YAML is read with yaml-cpp (Debian's libyaml-cpp-dev), the C++ YAML parser every distribution
// packages; its exceptions are caught here and become diagnostics.
#include <yaml-cpp/yaml.h>

#include <cstdio>

#include <simdjson.h>

#include "cgsl/exceptions.hpp"
#include "cgsl/ruleset.hpp"
#include "common/file_text.hpp"
#include "functions/time.hpp"
#include "json/document_impl.hpp"

namespace cgsl {
namespace {

std::string key_of(std::string_view rule, std::string_view entity) {
  std::string k(rule);
  k += '\x1f';
  k += entity;
  return k;
}

diagnostic problem(std::string message, std::string source, diag_code code = diag_code::input_format) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = std::move(source);
  return d;
}

// "YYYY-MM-DD" -> the end of that day (UTC), in epoch seconds.
std::optional<double> end_of_day(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto t = detail::parse_iso8601(date + "T00:00:00Z");
  if (!t) return std::nullopt;
  return *t + 86400.0;
}

// Checks one entry's fields and adds it.
void add_entry(exceptions_result& out, std::string rule_id, std::string entity, std::string reason,
               std::string expires, std::string where, bool have_fields) {
  if (!have_fields) return;
  std::string missing;
  for (auto [name, v] : {std::pair<const char*, const std::string*>{"ruleId", &rule_id}, {"entity", &entity},
                         {"reason", &reason}}) {
    if (v->empty()) missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty()) {
    out.diagnostics.push_back(problem("an exception needs ruleId, entity and reason (non-empty strings); missing: " +
                                          missing,
                                      where));
    return;
  }
  exception_entry e;
  e.rule_id = std::move(rule_id);
  e.entity = std::move(entity);
  e.reason = std::move(reason);
  e.source = std::move(where);
  if (!expires.empty()) {
    auto at = end_of_day(expires);
    if (!at) {
      out.diagnostics.push_back(problem("expires must be a date YYYY-MM-DD, not '" + expires + "'", e.source));
      return;
    }
    e.expires = std::move(expires);
    e.expires_at = *at;
  }
  out.value.add(std::move(e));
}

void parse_json(exceptions_result& out, std::string_view text, std::string_view name) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text.data(), text.size(), true).get(root); err) {
    out.diagnostics.push_back(detail::json_error(err, name));
    return;
  }
  simdjson::dom::array items;
  if (root.get_array().get(items) != simdjson::SUCCESS &&
      (root.type() != simdjson::dom::element_type::OBJECT || root.at_key("exceptions").get(items) != simdjson::SUCCESS)) {
    out.diagnostics.push_back(problem("an exceptions file is a list of exceptions (or an object with an \"exceptions\" list)",
                                      std::string(name)));
    return;
  }
  std::size_t index = 0;
  for (simdjson::dom::element item : items) {
    const std::string where = std::string(name) + "#" + std::to_string(index++);
    simdjson::dom::object o;
    if (item.get_object().get(o) != simdjson::SUCCESS) {
      out.diagnostics.push_back(problem("an exception must be an object", where));
      continue;
    }
    std::string fields[4];
    const char* keys[4] = {"ruleId", "entity", "reason", "expires"};
    bool good = true;
    for (int k = 0; k < 4; ++k) {
      simdjson::dom::element v;
      if (o.at_key(keys[k]).get(v) != simdjson::SUCCESS) continue;
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) {
        out.diagnostics.push_back(problem(std::string(keys[k]) + " must be a string", where));
        good = false;
        break;
      }
      fields[k] = std::string(s);
    }
    for (auto field : o) {
      const std::string_view k = field.key;
      if (k != "ruleId" && k != "entity" && k != "reason" && k != "expires") {
        out.diagnostics.push_back(problem("unknown field '" + std::string(k) +
                                              "' (an exception has ruleId, entity, reason and expires)",
                                          where));
        good = false;
      }
    }
    add_entry(out, fields[0], fields[1], fields[2], fields[3], where, good);
  }
}

void parse_yaml(exceptions_result& out, std::string_view text, std::string_view name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diagnostic d = problem("invalid YAML: " + e.msg, std::string(name), diag_code::json_invalid);
    d.line = static_cast<std::uint32_t>(e.mark.line + 1);
    d.column = static_cast<std::uint32_t>(e.mark.column + 1);
    d.source_name = std::string(name) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    out.diagnostics.push_back(std::move(d));
    return;
  }
  try {
    YAML::Node items = root;
    if (root.IsMap() && root["exceptions"]) items = root["exceptions"];
    if (root.IsNull()) return;  // an empty file: no exceptions
    if (!items.IsSequence()) {
      out.diagnostics.push_back(problem("an exceptions file is a list of exceptions (or a map with an \"exceptions\" list)",
                                        std::string(name)));
      return;
    }
    for (const YAML::Node& item : items) {
      const std::string where = std::string(name) + ":" + std::to_string(item.Mark().line + 1);
      if (!item.IsMap()) {
        out.diagnostics.push_back(problem("an exception must be a map", where));
        continue;
      }
      std::string fields[4];
      const char* keys[4] = {"ruleId", "entity", "reason", "expires"};
      bool good = true;
      for (const auto& kv : item) {
        const std::string k = kv.first.Scalar();
        int found = -1;
        for (int i = 0; i < 4; ++i) {
          if (k == keys[i]) found = i;
        }
        if (found < 0) {
          out.diagnostics.push_back(
              problem("unknown field '" + k + "' (an exception has ruleId, entity, reason and expires)", where));
          good = false;
          continue;
        }
        if (!kv.second.IsScalar()) {
          out.diagnostics.push_back(problem(k + " must be a string", where));
          good = false;
          continue;
        }
        fields[found] = kv.second.Scalar();
      }
      add_entry(out, fields[0], fields[1], fields[2], fields[3], where, good);
    }
  } catch (const YAML::Exception& e) {
    out.diagnostics.push_back(problem("invalid exceptions file: " + e.msg, std::string(name)));
  }
}

}  // namespace

void exception_list::add(exception_entry e) {
  const std::size_t i = entries_.size();
  if (e.baseline) {
    exact_.emplace(key_of(e.rule_id, e.entity), i);
  } else {
    globs_.push_back(i);
  }
  entries_.push_back(std::move(e));
}

void exception_list::append(const exception_list& other) {
  for (const auto& e : other.entries_) add(e);
}

std::size_t exception_list::match(std::string_view rule_id, const std::vector<std::string_view>& names, double now,
                                  std::size_t* expired_hit) const {
  if (expired_hit != nullptr) *expired_hit = std::string_view::npos;
  std::size_t expired = std::string_view::npos;
  std::size_t best = std::string_view::npos;
  for (std::size_t i : globs_) {
    const exception_entry& e = entries_[i];
    if (!glob_match(e.rule_id, rule_id)) continue;
    bool hit = false;
    for (std::string_view n : names) {
      if (!n.empty() && glob_match(e.entity, n)) {
        hit = true;
        break;
      }
    }
    if (!hit) continue;
    if (!e.expires.empty() && now >= e.expires_at) {
      if (expired == std::string_view::npos) expired = i;
      continue;
    }
    best = i;
    break;
  }
  if (!exact_.empty()) {
    std::string k;
    for (std::string_view n : names) {
      if (n.empty()) continue;
      k = key_of(rule_id, n);
      auto it = exact_.find(k);
      if (it != exact_.end() && it->second < best) {
        best = it->second;
        break;
      }
    }
  }
  if (best == std::string_view::npos && expired_hit != nullptr) *expired_hit = expired;
  return best;
}

bool exceptions_result::ok() const noexcept {
  for (const auto& d : diagnostics) {
    if (d.level == severity::error) return false;
  }
  return true;
}

exceptions_result parse_exceptions(std::string_view text, std::string_view source_name) {
  exceptions_result out;
  std::size_t i = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  if (i < text.size() && (text[i] == '[' || text[i] == '{')) {
    parse_json(out, text, source_name);
  } else {
    parse_yaml(out, text, source_name);
  }
  return out;
}

exceptions_result load_exceptions(const std::filesystem::path& file) {
  std::string text;
  if (!detail::read_file_text(file, text)) {
    exceptions_result out;
    out.diagnostics.push_back(problem("cannot read the exceptions file", file.string(), diag_code::input_unreadable));
    return out;
  }
  return parse_exceptions(text, file.string());
}

exceptions_result parse_baseline(std::string_view text, std::string_view source_name) {
  exceptions_result out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text.data(), text.size(), true).get(root); err) {
    out.diagnostics.push_back(detail::json_error(err, source_name));
    return out;
  }
  simdjson::dom::array items;
  if (root.type() != simdjson::dom::element_type::OBJECT || root.at_key("failures").get(items) != simdjson::SUCCESS) {
    out.diagnostics.push_back(problem("a baseline is {\"cgslBaseline\": 1, \"failures\": [...]} (written by --write-baseline)",
                                      std::string(source_name)));
    return out;
  }
  const std::string reason = "in the baseline " + std::string(source_name);
  std::size_t index = 0;
  for (simdjson::dom::element item : items) {
    const std::string where = std::string(source_name) + "#" + std::to_string(index++);
    std::string_view rule, entity;
    if (item.at_key("ruleId").get(rule) != simdjson::SUCCESS || item.at_key("entity").get(entity) != simdjson::SUCCESS) {
      out.diagnostics.push_back(problem("a baseline entry has ruleId and entity (strings)", where));
      continue;
    }
    exception_entry e;
    e.rule_id = std::string(rule);
    e.entity = std::string(entity);
    e.reason = reason;
    e.source = where;
    e.baseline = true;
    out.value.add(std::move(e));
  }
  return out;
}

exceptions_result load_baseline(const std::filesystem::path& file) {
  std::string text;
  if (!detail::read_file_text(file, text)) {
    exceptions_result out;
    out.diagnostics.push_back(problem("cannot read the baseline", file.string(), diag_code::input_unreadable));
    return out;
  }
  return parse_baseline(text, file.string());
}

}  // namespace cgsl
