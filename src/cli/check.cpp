// SPDX-License-Identifier: Apache-2.0
// `cgsl check`: every entity read is evaluated against every rule, or reported as an error.
#include "cli/check.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cgsl/simdjson_interop.hpp"
#include "functions/text.hpp"
#include "report/report.hpp"

namespace cgsl::cli {
namespace {

void print_diagnostics(const std::vector<diagnostic>& diags) {
  for (const auto& d : diags) std::fputs(format(d).c_str(), stderr);
}

// The entity's identity for reports: the first of id, arn, name; else its position.
std::string identity(simdjson::dom::element e, const io::position& pos) {
  for (const char* key : {"id", "arn", "name"}) {
    simdjson::dom::element v;
    if (e.at_key(key).get(v) != simdjson::SUCCESS) continue;
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) return std::string(s);
    if (v.is_number()) return simdjson::to_string(v);
  }
  return pos.to_string();
}

class check_sink final : public io::entity_sink {
 public:
  check_sink(const ruleset& rules, const check_options& o, report::reporter& rep)
      : rules_(rules), options_(o), rep_(rep) {
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
      if (rules.rules[i].compiled.is_list()) list_rules_.push_back(i);
    }
  }

  void entity(simdjson::dom::element e, const io::position& pos) override {
    report::finding f;
    f.source = pos.to_string();
    if (e.type() != simdjson::dom::element_type::OBJECT) {
      error_finding(f, pos.to_string(), "the entity is not a JSON object");
      return;
    }
    f.entity = identity(e, pos);
    const std::string_view type = entity_type(e, options_.eval);
    if (type.empty()) {
      error_finding(f, f.entity, "the entity has no \"type\" member (use --type T for input without one)");
      return;
    }
    f.entity_type = std::string(type);
    for (const ruleset_entry& r : rules_.rules) {
      if (r.compiled.is_list()) continue;
      (void)evaluate_into(ev_, r.compiled, e, options_.eval, result_);
      f.rule = &r.info;
      f.result = result_.result;
      f.evidence.swap(result_.evidence);
      f.message = result_.error ? result_.error->message : std::string();
      if (f.result == outcome::failed) ++failed_;
      if (f.result == outcome::error) ++errors_;
      rep_.add(f);
      f.evidence.swap(result_.evidence);
    }
    // List<T> rules see every entity of their type at the end.
    for (std::size_t i : list_rules_) {
      if (detail::equal_ignore_ascii_case(type, rules_.rules[i].compiled.target_type())) {
        auto doc = document::parse(simdjson::to_string(e));
        if (doc) list_entities_[i].push_back(std::move(*doc.value));
      }
    }
  }

  void error(const diagnostic& d, const io::position& pos) override {
    report::finding f;
    f.source = pos.to_string();
    error_finding(f, pos.to_string(), d.message);
  }

  void finish() {
    for (std::size_t i : list_rules_) {
      const ruleset_entry& r = rules_.rules[i];
      std::vector<const document*> docs;
      for (const document& d : list_entities_[i]) docs.push_back(&d);
      evaluation ev = ev_.evaluate_list(r.compiled, docs, options_.eval);
      report::finding f;
      f.rule = &r.info;
      f.entity = "List<" + r.compiled.target_type() + ">";
      f.entity_type = r.compiled.target_type();
      f.result = ev.result;
      f.evidence = std::move(ev.evidence);
      f.source = std::to_string(docs.size()) + " entities";
      if (ev.error) f.message = ev.error->message;
      if (f.result == outcome::failed) ++failed_;
      if (f.result == outcome::error) ++errors_;
      rep_.add(f);
    }
    rep_.finish();
  }

  [[nodiscard]] int exit_code() const {
    if (errors_ > 0) return exit_unreadable;
    if (failed_ > 0) return exit_failed;
    return exit_ok;
  }

 private:
  void error_finding(report::finding& f, std::string entity, std::string message) {
    f.rule = nullptr;
    f.entity = std::move(entity);
    f.result = outcome::error;
    f.message = std::move(message);
    ++errors_;
    rep_.add(f);
  }

  const ruleset& rules_;
  const check_options& options_;
  report::reporter& rep_;
  evaluator ev_;
  evaluation result_;
  std::vector<std::size_t> list_rules_;
  std::map<std::size_t, std::vector<document>> list_entities_;
  std::size_t failed_ = 0;
  std::size_t errors_ = 0;
};

}  // namespace

bool load_named_list(const std::string& arg, named_lists& lists, std::string& error) {
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
    error = "expected NAME=FILE";
    return false;
  }
  std::string name = arg.substr(0, eq);
  if (!name.empty() && name.front() == '$') name.erase(0, 1);
  std::ifstream in(arg.substr(eq + 1), std::ios::binary);
  if (!in) {
    error = "cannot read " + arg.substr(eq + 1);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<literal> values;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array items;
  if (parser.parse(text).get(root) == simdjson::SUCCESS && root.get_array().get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : items) {
      auto l = io::literal_of(v);
      if (!l) {
        error = "list entries must be strings, numbers or booleans";
        return false;
      }
      values.push_back(std::move(*l));
    }
  } else {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) values.emplace_back(line);
    }
  }
  lists[name] = std::move(values);
  return true;
}

int run_check(const check_options& o) {
  ruleset rules;
  std::vector<diagnostic> diags;
  std::vector<std::string> paths = o.rule_paths;
  if (paths.empty() && o.inline_rules.empty()) {
    const auto dir = bundled_rules_dir();
    if (dir.empty()) {
      std::fputs("cgsl: no --rules or --rule given and the bundled rules were not found (set CGSL_RULES_DIR)\n", stderr);
      return exit_usage;
    }
    paths.push_back(dir.string());
  }
  for (const auto& p : paths) {
    ruleset_result r = load_rules(p, o.compile);
    diags.insert(diags.end(), r.diagnostics.begin(), r.diagnostics.end());
    for (auto& e : r.value.rules) rules.rules.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < o.inline_rules.size(); ++i) {
    const std::string id = "rule-" + std::to_string(i + 1);
    compile_result c = compile(o.inline_rules[i], o.compile, "--rule#" + std::to_string(i + 1));
    diags.insert(diags.end(), c.diagnostics.begin(), c.diagnostics.end());
    if (!c.ok()) continue;
    rule_info info;
    info.id = id;
    info.name = o.inline_rules[i];
    info.logic = o.inline_rules[i];
    rules.rules.push_back(ruleset_entry{std::move(info), std::move(*c.value)});
  }
  if (!diags.empty()) {
    print_diagnostics(diags);
    return exit_usage;
  }
  if (rules.rules.empty()) {
    std::fputs("cgsl: no rules to check\n", stderr);
    return exit_usage;
  }
  check_options opts = o;
  opts.eval.evidence = !o.no_evidence;
  report::output out(stdout);
  std::unique_ptr<report::reporter> rep =
      o.format == "json" ? report::make_json_reporter(out) : report::make_text_reporter(out, rules, o.color);
  check_sink sink(rules, opts, *rep);
  std::vector<std::string> files = o.files;
  if (files.empty()) files.push_back("-");
  io::reader_options ro;
  for (const auto& f : files) io::read_input(f, o.input, sink, ro);
  sink.finish();
  out.flush();
  if (out.failed()) {
    std::fputs("cgsl: error writing the output\n", stderr);
    return exit_unreadable;
  }
  return sink.exit_code();
}

}  // namespace cgsl::cli
