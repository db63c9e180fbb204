// SPDX-License-Identifier: Apache-2.0
// Data-driven language tests: every case in tests/spec/cases/*.json (rule, entity or entities,
// expected outcome, optional evidence, error text, "now" and named lists), one gtest case each.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <simdjson.h>

#include "cgsl/cgsl.hpp"
#include "functions/time.hpp"
#include "input/input.hpp"

namespace {

struct spec_case {
  std::string id;  // file_name
  std::string file;
  std::string json;  // the case, as compact JSON
};

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<spec_case> load_cases() {
  std::vector<spec_case> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CGSL_SPEC_DIR) + "/cases")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  simdjson::dom::parser parser;
  for (const auto& f : files) {
    const std::string text = read(f);
    simdjson::dom::element root;
    simdjson::dom::array cases;
    if (parser.parse(text).get(root) || root.get_array().get(cases)) {
      out.push_back({f.stem().string() + "_unreadable", f.string(), ""});
      continue;
    }
    for (simdjson::dom::element c : cases) {
      std::string_view name;
      if (c.at_key("name").get(name)) name = "unnamed";
      out.push_back({f.stem().string() + "_" + std::string(name), f.string(), simdjson::to_string(c)});
    }
  }
  return out;
}

class Spec : public testing::TestWithParam<spec_case> {};

TEST_P(Spec, Case) {
  const spec_case& sc = GetParam();
  ASSERT_FALSE(sc.json.empty()) << sc.file << " is not a JSON array of cases";
  simdjson::dom::parser parser;
  simdjson::dom::element c = parser.parse(sc.json).value();
  std::string_view rule_text, want;
  ASSERT_EQ(c.at_key("rule").get(rule_text), simdjson::SUCCESS);
  ASSERT_EQ(c.at_key("want").get(want), simdjson::SUCCESS);
  std::string_view note;
  if (c.at_key("note").get(note)) note = "";
  SCOPED_TRACE(std::string(rule_text) + "\n  note: " + std::string(note));

  cgsl::compile_options copts;
  simdjson::dom::object lists;
  if (c.at_key("lists").get(lists) == simdjson::SUCCESS) {
    for (auto kv : lists) {
      std::vector<cgsl::literal> values;
      simdjson::dom::array items = kv.value.get_array().value();
      for (simdjson::dom::element v : items) {
        auto l = cgsl::io::literal_of(v);
        ASSERT_TRUE(l.has_value()) << "list entries must be strings, numbers or booleans";
        values.push_back(std::move(*l));
      }
      copts.lists[std::string(kv.key)] = std::move(values);
    }
  }
  cgsl::compile_result compiled = cgsl::compile(rule_text, copts);
  ASSERT_TRUE(compiled.ok()) << compiled.format_errors();

  cgsl::eval_options eopts;
  std::string_view now;
  if (c.at_key("now").get(now) == simdjson::SUCCESS) {
    auto t = cgsl::detail::parse_iso8601(now);
    ASSERT_TRUE(t.has_value()) << "bad now: " << now;
    eopts.now = *t;
  }
  cgsl::evaluator ev;
  cgsl::evaluation result;
  simdjson::dom::element entity;
  simdjson::dom::array entities;
  if (c.at_key("entities").get(entities) == simdjson::SUCCESS) {
    std::vector<cgsl::document> docs;
    for (simdjson::dom::element e : entities) {
      auto d = cgsl::document::parse(simdjson::to_string(e));
      ASSERT_TRUE(d.ok());
      docs.push_back(std::move(*d.value));
    }
    std::vector<const cgsl::document*> ptrs;
    for (const auto& d : docs) ptrs.push_back(&d);
    result = ev.evaluate_list(*compiled.value, ptrs, eopts);
  } else {
    ASSERT_EQ(c.at_key("entity").get(entity), simdjson::SUCCESS) << "a case needs entity or entities";
    auto doc = cgsl::document::parse(simdjson::to_string(entity));
    ASSERT_TRUE(doc.ok());
    result = ev.evaluate(*compiled.value, *doc.value, eopts);
  }
  EXPECT_EQ(cgsl::to_string(result.result), want)
      << (result.error ? cgsl::format(*result.error) : std::string());
  // "error_contains": text the error's rendered diagnostic must contain (a code, a path).
  std::string_view error_contains;
  if (c.at_key("error_contains").get(error_contains) == simdjson::SUCCESS) {
    ASSERT_TRUE(result.error.has_value()) << "no error, expected one containing " << error_contains;
    const std::string rendered = cgsl::format(*result.error);
    EXPECT_NE(rendered.find(error_contains), std::string::npos) << rendered;
  }
  simdjson::dom::array evidence;
  if (c.at_key("evidence").get(evidence) == simdjson::SUCCESS) {
    std::vector<std::string> expected;
    for (simdjson::dom::element e : evidence) expected.emplace_back(e.get_string().value());
    EXPECT_EQ(result.evidence, expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Spec, testing::ValuesIn(load_cases()),
                         [](const testing::TestParamInfo<spec_case>& p) { return p.param.id; });

// The case files themselves: present, non-empty, names unique.
TEST(SpecFiles, EveryTopicHasCases) {
  const auto cases = load_cases();
  EXPECT_GE(cases.size(), 150u);
  std::vector<std::string> ids;
  for (const auto& c : cases) ids.push_back(c.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "duplicate case names";
}

}  // namespace
