// SPDX-License-Identifier: Apache-2.0
// `cgsl test`: each case names a rule, an entity and the expected outcome.
#include "cli/rule_tests.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "cgsl/simdjson_interop.hpp"
#include "cli/check.hpp"
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
  return out;
}

struct tally {
  std::size_t passed = 0;
  std::size_t failed = 0;
};

bool run_file(const fs::path& rules_path, const compile_options& copts, const eval_options& eopts,
              tally& t) {
  ruleset_result rules = load_rules(rules_path, copts);
  for (const auto& d : rules.diagnostics) std::fputs(format(d).c_str(), stderr);
  if (!rules.ok()) {
    ++t.failed;
    return false;
  }
  fs::path tests_path = rules_path;
  tests_path.replace_extension(".tests.json");
  std::ifstream in(tests_path, std::ios::binary);
  if (!in) {
    std::fprintf(stdout, "FAIL %s: no tests (%s is missing)\n", rules_path.string().c_str(),
                 tests_path.string().c_str());
    ++t.failed;
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array cases;
  if (parser.parse(text).get(root) != simdjson::SUCCESS || root.get_array().get(cases) != simdjson::SUCCESS) {
    std::fprintf(stdout, "FAIL %s: not a JSON array of test cases\n", tests_path.string().c_str());
    ++t.failed;
    return false;
  }
  std::map<std::string, const ruleset_entry*> by_id;
  std::map<std::string, std::size_t> tested;
  for (const auto& r : rules.value.rules) {
    by_id[r.info.id] = &r;
    tested[r.info.id] = 0;
  }
  evaluator ev;
  std::size_t index = 0;
  for (simdjson::dom::element c : cases) {
    const std::string where = tests_path.string() + "#" + std::to_string(index++);
    std::string_view name, rule_id, expect;
    simdjson::dom::element entity;
    if (c.at_key("name").get(name) != simdjson::SUCCESS || c.at_key("ruleId").get(rule_id) != simdjson::SUCCESS ||
        c.at_key("expect").get(expect) != simdjson::SUCCESS || c.at_key("entity").get(entity) != simdjson::SUCCESS) {
      std::fprintf(stdout, "FAIL %s: a case needs name, ruleId, entity and expect\n", where.c_str());
      ++t.failed;
      continue;
    }
    auto it = by_id.find(std::string(rule_id));
    if (it == by_id.end()) {
      std::fprintf(stdout, "FAIL %s (%.*s): unknown ruleId %.*s\n", where.c_str(), static_cast<int>(name.size()),
                   name.data(), static_cast<int>(rule_id.size()), rule_id.data());
      ++t.failed;
      continue;
    }
    eval_options o = eopts;
    if (simdjson::dom::element now_field; c.at_key("now").get(now_field) == simdjson::SUCCESS) {
      std::string_view now;
      auto n = now_field.get_string().get(now) == simdjson::SUCCESS ? detail::parse_iso8601(now) : std::nullopt;
      if (!n) {  // never the current time instead of the one the case asks for
        std::fprintf(stdout, "FAIL %s (%.*s): \"now\" must be an ISO-8601 time such as \"2024-06-01T00:00:00Z\"\n",
                     where.c_str(), static_cast<int>(name.size()), name.data());
        ++t.failed;
        continue;
      }
      o.now = *n;
    }
    evaluation result = evaluate(ev, it->second->compiled, entity, o);
    ++tested[std::string(rule_id)];
    if (to_string(result.result) == expect) {
      ++t.passed;
      continue;
    }
    ++t.failed;
    std::fprintf(stdout, "FAIL %s %.*s: %.*s\n  expected %.*s, got %s", where.c_str(),
                 static_cast<int>(rule_id.size()), rule_id.data(), static_cast<int>(name.size()), name.data(),
                 static_cast<int>(expect.size()), expect.data(), std::string(to_string(result.result)).c_str());
    if (result.error) std::fprintf(stdout, " (%s)", result.error->message.c_str());
    for (const auto& e : result.evidence) std::fprintf(stdout, "\n  evidence: %s", e.c_str());
    std::fputc('\n', stdout);
  }
  for (const auto& [id, n] : tested) {
    if (n == 0) {
      std::fprintf(stdout, "FAIL %s: rule %s has no test case\n", tests_path.string().c_str(), id.c_str());
      ++t.failed;
    }
  }
  return true;
}

}  // namespace

int run_rule_tests(const std::vector<std::string>& paths, const compile_options& copts,
                   const eval_options& eopts) {
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
  tally t;
  const auto files = rule_files(p);
  if (files.empty()) {
    std::fputs("cgsl: no rule files found\n", stderr);
    return exit_usage;
  }
  for (const auto& f : files) run_file(f, copts, eopts, t);
  std::fprintf(stdout, "%zu passed, %zu failed\n", t.passed, t.failed);
  return t.failed == 0 ? 0 : 1;
}

}  // namespace cgsl::cli
