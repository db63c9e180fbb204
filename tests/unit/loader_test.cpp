// SPDX-License-Identifier: Apache-2.0
// Rule files: both shapes load; bad rules are reported with positions inside their logic.
#include <gtest/gtest.h>

#include "cgsl/cgsl.hpp"

namespace {

TEST(Loader, BundledRulesLoad) {
  auto r = cgsl::load_rules(cgsl::bundled_rules_dir());
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : cgsl::format(r.diagnostics[0]));
  std::vector<std::string> ids;
  for (const auto& e : r.value.rules) ids.push_back(e.info.id);
  for (const char* id : {"D9.AWS.IAM.103", "D9.AWS.IAM.102", "D9.AWS.OPE.24", "CGSL.AWS.ECR.01"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
}

TEST(Loader, BothShapesAndUnknownFields) {
  const char* bare = R"([{"ruleId":"A","name":"a","logic":"T should x","severity":"Low","extra":{"kept":1}}])";
  const char* wrapped = R"({"name":"set","rules":[{"ruleId":"A","name":"a","logic":"T should x","severity":"Critical"}]})";
  for (const char* text : {bare, wrapped}) {
    auto r = cgsl::parse_rule_file(text, "f.json");
    ASSERT_TRUE(r.ok()) << text;
    ASSERT_EQ(r.value.rules.size(), 1u);
    EXPECT_EQ(r.value.rules[0].info.id, "A");
  }
}

TEST(Loader, BadRulesAreReportedInsideTheirLogic) {
  const char* text = R"([{"ruleId":"GOOD","name":"g","logic":"T should x","severity":"Low"},
    {"ruleId":"BAD","name":"b","logic":"T should x =","severity":"High"},
    {"ruleId":"NOSEV","name":"n","logic":"T should x"},
    {"ruleId":"SEV","name":"s","logic":"T should x","severity":"Severe"}])";
  auto r = cgsl::parse_rule_file(text, "rules.json");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.value.rules.size(), 1u);  // only GOOD
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(cgsl::format(r.diagnostics[0]),
            "rules.json(BAD):1:13: error[E107]: expected a value: a 'string', a number, true or false\n"
            "  | T should x =\n"
            "  |             ^\n");
  EXPECT_NE(r.diagnostics[1].message.find("severity"), std::string::npos);
  EXPECT_NE(r.diagnostics[2].message.find("Severe"), std::string::npos);
}

TEST(Loader, NotARuleFile) {
  EXPECT_FALSE(cgsl::parse_rule_file("{\"x\":1}", "x.json").ok());
  EXPECT_FALSE(cgsl::parse_rule_file("not json", "x.json").ok());
  EXPECT_FALSE(cgsl::load_rules("/nonexistent/rules.json").ok());
}

}  // namespace
