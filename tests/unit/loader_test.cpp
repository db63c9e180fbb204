// SPDX-License-Identifier: Apache-2.0
// Rule files: both shapes load; bad rules are reported with positions inside their logic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
  // The position is in the file (an editor can jump there), and the rule is named.
  EXPECT_EQ(cgsl::format(r.diagnostics[0]),
            "rules.json:2:53: error[E107]: rule BAD: expected a value: a 'string', a number, true or false\n"
            "  |     {\"ruleId\":\"BAD\",\"name\":\"b\",\"logic\":\"T should x =\",\"severity\":\"High\"},\n"
            "  |                                                     ^\n");
  EXPECT_EQ(r.diagnostics[0].rule, "BAD");
  EXPECT_EQ(r.diagnostics[0].source_name, "rules.json");
  EXPECT_NE(r.diagnostics[1].message.find("severity"), std::string::npos);
  EXPECT_NE(r.diagnostics[2].message.find("Severe"), std::string::npos);
}

// Escapes in the JSON string are several bytes in the file; the column counts them as they are
// written, and a hint's position moves to the file too.
TEST(Loader, PositionsInRuleFilesAccountForEscapesAndNesting) {
  const char* text = "{\"name\":\"n\",\"x\":{\"logic\":\"decoy\"},\"rules\":[\n"
                     "  {\"ruleId\":\"A\",\"name\":\"a\",\"severity\":\"low\",\"extra\":{\"logic\":1},\n"
                     "   \"logic\":\"T should have name = \\\"q\\u00e9\\\" and x contain [ y = 1 \"}]}";
  auto r = cgsl::parse_rule_file(text, "f.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const cgsl::diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.source_name, "f.json");
  EXPECT_EQ(d.line, 3u);
  // Line 3 is `   "logic":"T should have name = \"q\u00e9\" and x contain [ y = 1 "}]}`: the end of the
  // logic (where ']' is missing) is at its closing quote.
  const std::string line3 = "   \"logic\":\"T should have name = \\\"q\\u00e9\\\" and x contain [ y = 1 \"}]}";
  EXPECT_EQ(d.source_line, line3);
  EXPECT_EQ(d.column, line3.find("\"}]}") + 1);
  // The hint names the '[' where it is in the file.
  const std::string at = "3:" + std::to_string(line3.find('[') + 1);
  EXPECT_NE(d.hint.find(at), std::string::npos) << d.hint;
}

TEST(Loader, JsonSyntaxErrorsHaveALineAndColumn) {
  auto r = cgsl::parse_rule_file("[\n  {\"ruleId\": \"A\", \"name\": \"a\"\n   \"severity\": \"High\"}\n]\n", "bad.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, cgsl::diag_code::json_invalid);
  EXPECT_EQ(r.diagnostics[0].line, 3u);
  EXPECT_EQ(r.diagnostics[0].column, 4u);
  EXPECT_EQ(cgsl::format(r.diagnostics[0]).rfind("bad.json:3:4: error[E301]", 0), 0u);
  auto eof = cgsl::parse_rule_file("[{\"a\":", "eof.json");
  ASSERT_EQ(eof.diagnostics.size(), 1u);
  EXPECT_EQ(eof.diagnostics[0].line, 1u);
  EXPECT_EQ(eof.diagnostics[0].column, 7u);
  auto trailing = cgsl::parse_rule_file("[]\n]", "t.json");
  ASSERT_EQ(trailing.diagnostics.size(), 1u);
  EXPECT_EQ(trailing.diagnostics[0].line, 2u);
  auto word = cgsl::parse_rule_file("[tru]", "w.json");
  ASSERT_EQ(word.diagnostics.size(), 1u);
  EXPECT_EQ(word.diagnostics[0].column, 2u);
}

TEST(Loader, NotARuleFile) {
  EXPECT_FALSE(cgsl::parse_rule_file("{\"x\":1}", "x.json").ok());
  EXPECT_FALSE(cgsl::parse_rule_file("not json", "x.json").ok());
  EXPECT_FALSE(cgsl::load_rules("/nonexistent/rules.json").ok());
}

// The fields cgsl has no member for are kept, in file order, as compact JSON text.
TEST(Loader, ExtraFieldsAreKept) {
  const char* text = R"([{"ruleId":"A","name":"a","logic":"T should x","severity":"Low","logicHash":"Ab9",
    "domain":"AWS","priority":"High","controlTitle":"ECR","isDefault":false,"id":42,"x":{"y":[1, "z"]}}])";
  auto r = cgsl::parse_rule_file(text, "f.json");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value.rules.size(), 1u);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"logicHash", "\"Ab9\""}, {"domain", "\"AWS\""}, {"priority", "\"High\""}, {"controlTitle", "\"ECR\""},
      {"isDefault", "false"},   {"id", "42"},          {"x", "{\"y\":[1,\"z\"]}"}};
  EXPECT_EQ(r.value.rules[0].info.extra, want);
}

class TempRules : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cgsl-loader-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "a");
    std::filesystem::create_directories(dir_ / "b");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& rel, const std::string& ids) {
    std::string text = "[";
    for (char id : ids) {
      text += std::string(text.size() > 1 ? "," : "") + R"({"ruleId":"R)" + id + R"(","name":"n","logic":"T should x","severity":"Low"})";
    }
    const auto p = dir_ / rel;
    std::ofstream(p) << text << "]";
    return p.string();
  }
  std::filesystem::path dir_;
};

// Across two --rules paths as inside one folder: a ruleId loaded twice is E308 naming both files,
// and the first one is kept.
TEST_F(TempRules, DuplicateIdsAcrossPathsAreReported) {
  const std::string one = write("a/one.json", "12");
  const std::string two = write("b/two.json", "32");
  cgsl::ruleset_result all;
  cgsl::merge_rules(all, cgsl::load_rules(one));
  ASSERT_TRUE(all.ok());
  cgsl::merge_rules(all, cgsl::load_rules(dir_ / "b"));
  EXPECT_FALSE(all.ok());
  ASSERT_EQ(all.diagnostics.size(), 1u);
  EXPECT_EQ(cgsl::format(all.diagnostics[0]),
            two + "(R2): error[E308]: duplicate ruleId R2: already loaded from " + one + "; this one is left out\n");
  ASSERT_EQ(all.value.rules.size(), 3u);
  EXPECT_EQ(all.value.rules[1].info.id, "R2");
  EXPECT_EQ(all.value.rules[1].info.file, one);
  EXPECT_EQ(all.value.rules[2].info.id, "R3");
}

TEST_F(TempRules, DuplicateIdsInOneFolderOrFileNameBothFiles) {
  const std::string one = write("a/one.json", "1");
  const std::string two = write("a/two.json", "11");
  auto r = cgsl::load_rules(dir_ / "a");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].source_name, two + "(R1)");
  EXPECT_NE(r.diagnostics[0].message.find("already loaded from " + one), std::string::npos);
  EXPECT_EQ(r.diagnostics[1].source_name, two + "(R1)");
  EXPECT_EQ(r.value.rules.size(), 1u);
}

}  // namespace
