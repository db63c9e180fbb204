// SPDX-License-Identifier: Apache-2.0
// Rules that call the networking functions (tests/data/network, see its SOURCES.md) over real
// CloudGuard entities: every rule compiles, every (rule, entity) pair evaluates without an
// error, and each test's expected outcome holds.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cgsl/cgsl.hpp"

namespace {

const std::string data_dir = std::string(CGSL_SOURCE_DIR) + "/tests/data/network";

std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(NetworkRules, CompileEvaluateAndMeetTheirTests) {
  auto loaded = cgsl::load_rules(data_dir + "/exposure.json");
  ASSERT_TRUE(loaded.ok()) << loaded.value.rules.size();
  ASSERT_EQ(loaded.value.rules.size(), 6u);
  for (const auto& r : loaded.value.rules) {
    EXPECT_NE(r.info.logic.find("HostsForPort("), std::string::npos) << r.info.id;
  }
  auto tests = cgsl::document::parse(read(data_dir + "/exposure.tests.json"));
  ASSERT_TRUE(tests.ok());
  const cgsl::json_view list = tests.value->root();
  ASSERT_EQ(list.type(), cgsl::json_view::kind::array);
  std::size_t checked = 0;
  std::map<std::string, std::size_t> failed_by_rule;
  list.for_each_element([&](const cgsl::json_view& t) {
    const std::string entity_text = t.get("entity").to_json();
    auto entity = cgsl::document::parse(entity_text);
    ASSERT_TRUE(entity.ok());
    const std::string rule_id(t.get("ruleId").as_string().value_or(""));
    const std::string expect(t.get("expect").as_string().value_or(""));
    for (const auto& r : loaded.value.rules) {
      cgsl::evaluation e = cgsl::evaluate(r.compiled, *entity.value);
      EXPECT_NE(e.result, cgsl::outcome::error)
          << r.info.id << " on " << t.get("name").to_json() << ": " << (e.error ? e.error->message : "");
      if (r.info.id == rule_id) {
        EXPECT_EQ(cgsl::to_string(e.result), expect) << t.get("name").to_json();
        if (e.result == cgsl::outcome::failed) {
          EXPECT_FALSE(e.evidence.empty()) << t.get("name").to_json();
          ++failed_by_rule[rule_id];
        }
        ++checked;
      }
    }
  });
  EXPECT_EQ(checked, 11u);
  // Every rule but the wide-scope one (whose only real entity is closed) catches a real entity.
  EXPECT_EQ(failed_by_rule.size(), 5u);
}

}  // namespace
