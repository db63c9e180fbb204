// SPDX-License-Identifier: Apache-2.0
// `cgsl test`: each case names a rule, an entity and the expected outcome (and, optionally, the
// expected evidence).
#include "cli/rule_tests.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "cgsl/simdjson_interop.hpp"
#include "cli/check.hpp"
#include "common/json_text.hpp"
#include "functions/time.hpp"

namespace cgsl::cli {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Rule files (X.json, not X.tests.json) named by paths.
std::vector<fs::path> rule_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        const std::string name = it->path().string();
        if (it->is_regular_file(ec) && ends_with(name, ".json") && !ends_with(name, ".tests.json")) {
          found.push_back(it->path());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (ends_with(p, ".tests.json")) {
      out.emplace_back(p.substr(0, p.size() - 11) + ".json");
    } else {
      out.emplace_back(p);
    }
  }
  // X.json and X.tests.json named together (a pre-commit hook passes both) run once.
  std::vector<fs::path> unique;
  for (auto& f : out) {
    if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(std::move(f));
  }
  return unique;
}

// One case's result (or a problem of a whole file, with an empty rule_id and name).
struct case_result {
  std::string file, where, name, rule_id, expect, got;
  bool ok = false;
  std::string message;  // why it failed ("" when it passed)
  std::vector<std::string> evidence;
};

class runner {
 public:
  runner(const compile_options& c, const eval_options& e, const rule_test_options& o) : copts_(c), eopts_(e), o_(o) {}

  void run_file(const fs::path& rules_path) {
    ruleset_result rules = load_rules(rules_path, copts_);
    for (const auto& d : rules.diagnostics) std::fputs(format(d).c_str(), stderr);
    // Rules that did not compile are named by their diagnostics: their cases fail,
    // the others run. A problem of the file itself (bad JSON, wrong shape) fails the file.
    std::set<std::string> broken;
    bool file_broken = false;
    for (const auto& d : rules.diagnostics) {
      if (d.level != severity::error) continue;
      const std::size_t open = d.source_name.rfind('(');
      if (!d.rule.empty()) {
        broken.insert(d.rule);
      } else if (open != std::string::npos && !d.source_name.empty() && d.source_name.back() == ')') {
        broken.insert(d.source_name.substr(open + 1, d.source_name.size() - open - 2));
      } else {
        file_broken = true;
      }
    }
    if (file_broken && rules.value.rules.empty() && broken.empty()) {
      problem(rules_path.string(), "the rule file does not load (see the diagnostics)");
      return;
    }
    fs::path tests_path = rules_path;
    tests_path.replace_extension(".tests.json");
    std::ifstream in(tests_path, std::ios::binary);
    if (!in) {
      problem(rules_path.string(), "no tests (" + tests_path.string() + " is missing)");
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::array cases;
    if (parser.parse(text).get(root) != simdjson::SUCCESS || root.get_array().get(cases) != simdjson::SUCCESS) {
      problem(tests_path.string(), "not a JSON array of test cases");
      return;
    }
    std::map<std::string, const ruleset_entry*> by_id;
    std::map<std::string, std::size_t> tested;
    for (const auto& r : rules.value.rules) {
      if (!o_.selection.selects(r.info)) continue;
      by_id[r.info.id] = &r;
      tested[r.info.id] = 0;
    }
    evaluator ev;
    std::size_t index = 0;
    for (simdjson::dom::element c : cases) {
      case_result r;
      r.file = tests_path.string();
      r.where = tests_path.string() + "#" + std::to_string(index++);
      std::string_view name, rule_id, expect;
      simdjson::dom::element entity;
      if (c.at_key("name").get(name) != simdjson::SUCCESS || c.at_key("ruleId").get(rule_id) != simdjson::SUCCESS ||
          c.at_key("expect").get(expect) != simdjson::SUCCESS || c.at_key("entity").get(entity) != simdjson::SUCCESS) {
        r.message = "a case needs name, ruleId, entity and expect";
        add(std::move(r));
        continue;
      }
      r.name = std::string(name);
      r.rule_id = std::string(rule_id);
      r.expect = std::string(expect);
      {
        rule_info probe;
        probe.id = r.rule_id;
        rule_selection ids = o_.selection;
        ids.min_severity.reset();
        if (!ids.selects(probe)) continue;  // not selected: not run, not counted
      }
      if (broken.count(r.rule_id)) {
        r.message = "rule " + r.rule_id + " does not compile (see the diagnostics)";
        add(std::move(r));
        continue;
      }
      auto it = by_id.find(r.rule_id);
      if (it == by_id.end()) {
        const bool exists = std::any_of(rules.value.rules.begin(), rules.value.rules.end(),
                                        [&](const ruleset_entry& e) { return e.info.id == r.rule_id; });
        if (exists) continue;  // below --min-severity
        r.message = "unknown ruleId " + r.rule_id;
        add(std::move(r));
        continue;
      }
      bool known_expect = false;
      for (unsigned k = 0; k < outcome_count; ++k) {
        known_expect = known_expect || to_string(static_cast<outcome>(k)) == expect;
      }
      if (!known_expect || expect == "excepted") {
        r.message = "unknown expect '" + r.expect + "' (passed, failed, not_relevant, error or matched)";
        add(std::move(r));
        continue;
      }
      std::optional<std::vector<std::string>> want_evidence;
      if (simdjson::dom::element ev_field; c.at_key("expectEvidence").get(ev_field) == simdjson::SUCCESS) {
        simdjson::dom::array arr;
        bool good = ev_field.get_array().get(arr) == simdjson::SUCCESS;
        std::vector<std::string> paths;
        if (good) {
          for (simdjson::dom::element p : arr) {
            std::string_view sv;
            if (p.get_string().get(sv) != simdjson::SUCCESS) good = false;
            paths.emplace_back(sv);
          }
        }
        if (!good) {
          r.message = "expectEvidence must be a list of evidence paths (strings)";
          add(std::move(r));
          continue;
        }
        want_evidence = std::move(paths);
      }
      eval_options eo = eopts_;
      if (simdjson::dom::element now_field; c.at_key("now").get(now_field) == simdjson::SUCCESS) {
        std::string_view now;
        auto n = now_field.get_string().get(now) == simdjson::SUCCESS ? detail::parse_iso8601(now) : std::nullopt;
        if (!n) {  // never the current time instead of the one the case asks for
          r.message = "\"now\" must be an ISO-8601 time such as \"2024-06-01T00:00:00Z\"";
          add(std::move(r));
          continue;
        }
        eo.now = *n;
      }
      evaluation result = evaluate(ev, it->second->compiled, entity, eo);
      ++tested[r.rule_id];
      r.got = std::string(to_string(result.result));
      r.evidence = result.evidence;
      if (r.got != r.expect) {
        r.message = "expected " + r.expect + ", got " + r.got;
        if (result.error) r.message += " (" + result.error->message + ")";
      } else if (want_evidence && *want_evidence != result.evidence) {
        std::string want;
        for (const auto& e : *want_evidence) want += (want.empty() ? "" : ", ") + e;
        r.message = "expected evidence [" + want + "]";
      } else {
        r.ok = true;
      }
      add(std::move(r));
    }
    for (const auto& [id, n] : tested) {
      if (n == 0) problem(tests_path.string(), "rule " + id + " has no test case", id);
    }
    for (const auto& id : broken) {
      if (!tested.count(id) && o_.selection.only.empty()) continue;
    }
  }

  void problem(const std::string& file, std::string message, std::string rule_id = {}) {
    case_result r;
    r.file = file;
    r.where = file;
    r.rule_id = std::move(rule_id);
    r.message = std::move(message);
    add(std::move(r));
  }

  void add(case_result r) {
    (r.ok ? passed_ : failed_)++;
    if (o_.format == "text") {
      if (!r.ok) text_case(r);
      return;
    }
    if (o_.format == "json") {
      json_case(r);
      return;
    }
    results_.push_back(std::move(r));  // JUnit groups by rule: the cases are kept (they are small)
  }

  // Writes the end of the report; false when writing failed.
  bool finish() {
    if (o_.format == "text") {
      out_ += fmt::format("{} passed, {} failed\n", passed_, failed_);
    } else if (o_.format == "junit") {
      junit();
    }
    return flush(true);
  }

  [[nodiscard]] std::size_t failed() const noexcept { return failed_; }
  bool open() {
    if (o_.output.empty() || o_.output == "-") {
      f_ = stdout;
      return true;
    }
    f_ = std::fopen(o_.output.c_str(), "wb");
    return f_ != nullptr;
  }

 private:
  void text_case(const case_result& r) {
    if (r.name.empty()) {
      out_ += fmt::format("FAIL {}: {}\n", r.where, r.message);
      return;
    }
    if (r.got.empty()) {  // the case could not be run
      out_ += fmt::format("FAIL {} ({}): {}\n", r.where, r.name, r.message);
      return;
    }
    out_ += fmt::format("FAIL {} {}: {}\n  {}", r.where, r.rule_id, r.name, r.message);
    for (const auto& e : r.evidence) out_ += "\n  evidence: " + e;
    out_ += '\n';
    (void)flush(false);
  }

  void json_case(const case_result& r) {
    using detail::append_json_string;
    using detail::append_json_string_array;
    out_ += "{\"case\":";
    append_json_string(out_, r.where);
    out_ += ",\"name\":";
    append_json_string(out_, r.name);
    out_ += ",\"ruleId\":";
    append_json_string(out_, r.rule_id);
    out_ += ",\"expect\":";
    append_json_string(out_, r.expect);
    out_ += ",\"outcome\":";
    append_json_string(out_, r.got);
    out_ += ",\"evidence\":";
    append_json_string_array(out_, r.evidence);
    out_ += ",\"result\":";
    out_ += r.ok ? "\"passed\"" : "\"failed\"";
    if (!r.message.empty()) {
      out_ += ",\"message\":";
      append_json_string(out_, r.message);
    }
    out_ += "}\n";
    (void)flush(false);
  }

  static std::string xml(std::string_view s) {
    std::string out;
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\n': out += "&#10;"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02x}", c);
          } else {
            out += ch;
          }
      }
    }
    return out;
  }

  void junit() {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ += fmt::format("<testsuites name=\"cgsl test\" tests=\"{}\" failures=\"{}\">\n", passed_ + failed_, failed_);
    // One testsuite per tests file, in order of appearance.
    std::vector<std::string> files;
    for (const auto& r : results_) {
      if (std::find(files.begin(), files.end(), r.file) == files.end()) files.push_back(r.file);
    }
    for (const auto& file : files) {
      std::size_t n = 0, bad = 0;
      for (const auto& r : results_) {
        if (r.file != file) continue;
        ++n;
        bad += r.ok ? 0 : 1;
      }
      out_ += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml(file), n, bad);
      for (const auto& r : results_) {
        if (r.file != file) continue;
        out_ += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml(r.rule_id.empty() ? "cgsl" : r.rule_id),
                            xml(r.name.empty() ? r.where : r.where + " " + r.name));
        if (r.ok) {
          out_ += "/>\n";
          continue;
        }
        out_ += fmt::format("><failure message=\"{}\">", xml(r.message));
        for (const auto& e : r.evidence) out_ += xml("evidence: " + e) + "&#10;";
        out_ += "</failure></testcase>\n";
      }
      out_ += "  </testsuite>\n";
    }
    out_ += "</testsuites>\n";
  }

  bool flush(bool last) {
    if (!last && out_.size() < (1 << 16)) return true;
    bool ok = f_ != nullptr && std::fwrite(out_.data(), 1, out_.size(), f_) == out_.size() && std::fflush(f_) == 0;
    out_.clear();
    if (!ok) write_failed_ = true;
    if (last && f_ != nullptr && f_ != stdout && std::fclose(f_) != 0) write_failed_ = true;
    return !write_failed_;
  }

  const compile_options& copts_;
  const eval_options& eopts_;
  const rule_test_options& o_;
  std::size_t passed_ = 0, failed_ = 0;
  std::vector<case_result> results_;
  std::string out_;
  std::FILE* f_ = nullptr;
  bool write_failed_ = false;
};

}  // namespace

int run_rule_tests(const std::vector<std::string>& paths, const compile_options& copts, const eval_options& eopts,
                   const rule_test_options& options) {
  std::vector<std::string> p = paths;
  if (p.empty()) {
    const auto dir = bundled_rules_dir();
    if (dir.empty()) {
      std::fputs("cgsl: the bundled rules were not found (set CGSL_RULES_DIR)\n", stderr);
      return exit_usage;
    }
    std::fprintf(stderr, "cgsl: testing the bundled rules in %s\n", dir.string().c_str());
    p.push_back(dir.string());
  }
  const auto files = rule_files(p);
  if (files.empty()) {
    std::fputs("cgsl: no rule files found\n", stderr);
    return exit_usage;
  }
  runner r(copts, eopts, options);
  if (!r.open()) {
    std::fprintf(stderr, "cgsl: cannot write %s\n", options.output.c_str());
    return exit_write;
  }
  for (const auto& f : files) r.run_file(f);
  if (!r.finish()) {
    std::fputs("cgsl: error writing the output\n", stderr);
    return exit_write;
  }
  return r.failed() == 0 ? 0 : 1;
}

}  // namespace cgsl::cli
