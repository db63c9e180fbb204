// SPDX-License-Identifier: Apache-2.0
// Loading CloudGuard-style ruleset files and compiling their rules.
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>

#include <simdjson.h>

#include "cgsl/ruleset.hpp"
#include "common/file_text.hpp"
#include "json/document_impl.hpp"
#include "loader/json_positions.hpp"

namespace cgsl {
namespace {

diagnostic file_error(diag_code code, std::string message, std::string_view file) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = std::string(file);
  return d;
}

std::string string_field(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (o.at_key(key).get(s) == simdjson::SUCCESS) return std::string(s);
  return {};
}

// A hint that names a position in the logic ("the '[' at 1:45 is not closed") names it in the
// file instead, like the diagnostic itself.
void remap_hint(std::string& hint, std::string_view logic, std::string_view json, std::size_t quote,
                const detail::line_index& lines) {
  const std::size_t at = hint.find(" at ");
  if (at == std::string::npos) return;
  std::size_t i = at + 4, line = 0, col = 0;
  const std::size_t line_start = i;
  while (i < hint.size() && hint[i] >= '0' && hint[i] <= '9') line = line * 10 + static_cast<std::size_t>(hint[i++] - '0');
  if (i == line_start || i >= hint.size() || hint[i] != ':') return;
  const std::size_t col_start = ++i;
  while (i < hint.size() && hint[i] >= '0' && hint[i] <= '9') col = col * 10 + static_cast<std::size_t>(hint[i++] - '0');
  if (i == col_start || line == 0 || col == 0) return;
  // (line, column in code points) of the logic -> its byte offset.
  std::size_t off = 0;
  for (std::size_t l = 1; l < line && off < logic.size(); ++l) {
    const std::size_t nl = logic.find('\n', off);
    if (nl == std::string_view::npos) return;
    off = nl + 1;
  }
  for (std::size_t c = 1; c < col && off < logic.size(); ++c) {
    ++off;
    while (off < logic.size() && (static_cast<unsigned char>(logic[off]) & 0xC0) == 0x80) ++off;
  }
  const detail::text_position pos = lines.at(detail::raw_offset(json, quote, off));
  hint.replace(at + 4, i - at - 4, std::to_string(pos.line) + ":" + std::to_string(pos.column));
}

}  // namespace

bool ruleset_result::ok() const noexcept {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const diagnostic& d) { return d.level == severity::error; });
}

ruleset_result parse_rule_file(std::string_view json, std::string_view file_name,
                               const compile_options& options) {
  ruleset_result result;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(json.data(), json.size(), true).get(root); err) {
    diagnostic d = detail::json_error(err, file_name);
    // simdjson's DOM says what but not where: a linear check of the text finds the first byte
    // that is wrong, so an editor can jump there.
    if (const std::size_t at = detail::json_error_offset(json); at != std::string_view::npos) {
      const detail::text_position pos = detail::position_of(json, at);
      d.offset = static_cast<std::uint32_t>(at);
      d.line = static_cast<std::uint32_t>(pos.line);
      d.column = static_cast<std::uint32_t>(pos.column);
      d.source_line = std::string(pos.line_text);
    }
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  simdjson::dom::array rules;
  if (root.type() == simdjson::dom::element_type::ARRAY) {
    rules = root.get_array().value_unsafe();
  } else if (root.type() != simdjson::dom::element_type::OBJECT ||
             root.at_key("rules").get(rules) != simdjson::SUCCESS) {
    result.diagnostics.push_back(file_error(
        diag_code::input_format,
        "a rule file is an array of rules or an object with a \"rules\" array", file_name));
    return result;
  }
  std::size_t index = 0;
  std::optional<std::vector<std::size_t>> logic_at;  // computed when a diagnostic needs it
  std::optional<detail::line_index> lines;
  for (simdjson::dom::element r : rules) {
    const std::string where = std::string(file_name) + "#" + std::to_string(index++);
    simdjson::dom::object o;
    if (r.get_object().get(o) != simdjson::SUCCESS) {
      result.diagnostics.push_back(file_error(diag_code::input_format, "a rule must be a JSON object", where));
      continue;
    }
    rule_info info;
    info.id = string_field(o, "ruleId");
    info.name = string_field(o, "name");
    info.severity = string_field(o, "severity");
    info.logic = string_field(o, "logic");
    info.description = string_field(o, "description");
    info.remediation = string_field(o, "remediation");
    info.category = string_field(o, "category");
    info.compliance_tag = string_field(o, "complianceTag");
    info.file = std::string(file_name);
    for (auto field : o) {
      static constexpr std::string_view known[] = {"ruleId", "name", "severity", "logic", "description",
                                                   "remediation", "category", "complianceTag"};
      if (std::find(std::begin(known), std::end(known), field.key) != std::end(known)) continue;
      info.extra.emplace_back(std::string(field.key), simdjson::minify(field.value));
    }
    std::string missing;
    for (auto [key, val] : {std::pair<const char*, const std::string*>{"ruleId", &info.id},
                            {"name", &info.name},
                            {"logic", &info.logic},
                            {"severity", &info.severity}}) {
      if (val->empty()) missing += std::string(missing.empty() ? "" : ", ") + key;
    }
    if (!missing.empty()) {
      result.diagnostics.push_back(file_error(
          diag_code::input_format,
          "rule " + (info.id.empty() ? std::string("#") + std::to_string(index - 1) : info.id) +
              " lacks required field(s): " + missing + " (each must be a non-empty string)",
          where));
      continue;
    }
    if (auto level = parse_severity(info.severity)) {
      info.severity = std::string(to_string(*level));  // "high" works, and reads "High" everywhere
    } else {
      result.diagnostics.push_back(file_error(
          diag_code::input_format,
          "rule " + info.id + " has severity '" + info.severity +
              "'; expected Informational, Low, Medium, High or Critical",
          where));
      continue;
    }
    compile_result c = compile(info.logic, options, std::string(file_name) + "(" + info.id + ")");
    // Positions inside the logic text become positions in the file, naming the rule.
    for (diagnostic& d : c.diagnostics) {
      d.rule = info.id;
      d.source_name = std::string(file_name);
      if (d.line == 0) continue;
      if (!logic_at) {
        logic_at = detail::logic_offsets(json);
        lines.emplace(json);
      }
      const std::size_t k = index - 1;
      if (k >= logic_at->size() || (*logic_at)[k] == std::string_view::npos) continue;
      const std::size_t raw = detail::raw_offset(json, (*logic_at)[k], d.offset);
      const detail::text_position pos = lines->at(raw);
      d.source_name = std::string(file_name);
      d.offset = static_cast<std::uint32_t>(raw);
      d.line = static_cast<std::uint32_t>(pos.line);
      d.column = static_cast<std::uint32_t>(pos.column);
      d.source_line = std::string(pos.line_text);
      remap_hint(d.hint, info.logic, json, (*logic_at)[k], *lines);
    }
    result.diagnostics.insert(result.diagnostics.end(), c.diagnostics.begin(), c.diagnostics.end());
    if (!c.ok()) continue;
    result.value.rules.push_back(ruleset_entry{std::move(info), std::move(*c.value)});
  }
  return result;
}

ruleset_result load_rules(const std::filesystem::path& file_or_dir, const compile_options& options) {
  ruleset_result result;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(file_or_dir, ec)) {
    for (auto it = std::filesystem::recursive_directory_iterator(file_or_dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const auto& p = it->path();
      const std::string name = p.filename().string();
      if (it->is_regular_file(ec) && p.extension() == ".json" &&
          (name.size() < 11 || name.compare(name.size() - 11, 11, ".tests.json") != 0)) {
        files.push_back(p);
      }
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(file_or_dir);
  }
  for (const auto& f : files) {
    std::string text;
    if (!detail::read_file_text(f, text)) {
      result.diagnostics.push_back(
          file_error(diag_code::input_unreadable, "cannot read the rule file", f.string()));
      continue;
    }
    merge_rules(result, parse_rule_file(text, f.string(), options));
  }
  return result;
}

void merge_rules(ruleset_result& into, ruleset_result more) {
  into.diagnostics.insert(into.diagnostics.end(), std::make_move_iterator(more.diagnostics.begin()),
                          std::make_move_iterator(more.diagnostics.end()));
  std::map<std::string, std::string> first;  // ruleId -> the file it came from
  for (const auto& e : into.value.rules) first.emplace(e.info.id, e.info.file);
  for (auto& e : more.value.rules) {
    auto [it, added] = first.emplace(e.info.id, e.info.file);
    if (!added) {
      into.diagnostics.push_back(file_error(
          diag_code::input_format,
          "duplicate ruleId " + e.info.id + ": already loaded from " +
              (it->second.empty() ? std::string("an inline rule") : it->second) + "; this one is left out",
          (e.info.file.empty() ? std::string("<rules>") : e.info.file) + "(" + e.info.id + ")"));
      continue;
    }
    into.value.rules.push_back(std::move(e));
  }
}

std::filesystem::path bundled_rules_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("CGSL_RULES_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  // An installed program: PREFIX/bin/cgsl finds PREFIX/share/cgsl/gsl_rules, wherever the
  // prefix was moved to.
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "cgsl" / "gsl_rules";
    if (std::filesystem::is_directory(installed, ec)) return installed;
  }
  // The configured install location, then the source tree (an uninstalled build).
  for (const char* candidate : {CGSL_BUNDLED_RULES_DIR, CGSL_SOURCE_RULES_DIR}) {
    if (std::filesystem::is_directory(candidate, ec)) return candidate;
  }
  return {};
}

}  // namespace cgsl
