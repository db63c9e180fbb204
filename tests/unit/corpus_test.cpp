// SPDX-License-Identifier: Apache-2.0
// The corpus of real GSL (tests/data/corpus; SOURCES there says where each file came from): every rule compiles (or fails with an error naming what it
// lacks), damaged rule text fails precisely, and real CloudGuard entities evaluate.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"

namespace {

const std::string corpus = CGSL_CORPUS_DIR;

// A file of the corpus; a missing one stops the test program (never fewer tests).
std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "corpus_test: cannot read %s\n", p.c_str());
    std::abort();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every logic string of the corpus: the index, the rule pages, and the exported rulesets.
std::vector<std::string> corpus_rules() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  simdjson::dom::parser parser;
  auto add_all = [&](const std::string& file) {
    const std::string text = read(file);
    simdjson::dom::element root = parser.parse(text).value();
    simdjson::dom::array list;
    if (root.get_array().get(list) != simdjson::SUCCESS) list = root["rules"].get_array().value();
    for (simdjson::dom::element r : list) {
      std::string logic(r["logic"].get_string().value());
      if (seen.insert(logic).second) out.push_back(logic);
    }
  };
  add_all(corpus + "/gsl-logic-index.json");
  add_all(corpus + "/cloudguard-rule-pages/rules.json");
  add_all(corpus + "/CG-CSPM-TagRuleset/ExampleRule.json");
  for (const char* f : {"sample_bundle.json", "sample_bundle.c17aa11.json", "sample_bundle.dfd7d12.json"}) {
    add_all(corpus + "/dome9-cloud-bots/" + f);
  }
  return out;
}

class CorpusRule : public testing::TestWithParam<std::string> {};

// Each real rule compiles. The only rules that may not are those using a caller-supplied list:
// they fail with E205 naming the list, and compile once the list is supplied.
TEST_P(CorpusRule, Compiles) {
  const std::string& logic = GetParam();
  auto r = cgsl::compile(logic);
  if (r.ok()) {
    EXPECT_FALSE(r.value->explain().empty());
    return;
  }
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.format_errors();
  const cgsl::diagnostic& d = r.diagnostics[0];
  ASSERT_EQ(d.code, cgsl::diag_code::unknown_list) << r.format_errors();
  const std::size_t dollar = logic.find('$', d.offset);
  ASSERT_NE(dollar, std::string::npos);
  std::size_t end = dollar + 1;
  while (end < logic.size() && (std::isalnum(static_cast<unsigned char>(logic[end])) || logic[end] == '_')) ++end;
  const std::string name = logic.substr(dollar + 1, end - dollar - 1);
  EXPECT_NE(d.message.find("$" + name), std::string::npos) << d.message;
  cgsl::compile_options with_list;
  with_list.lists[name] = {std::string("53"), 123.0};
  EXPECT_TRUE(cgsl::compile(logic, with_list).ok());
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusRule, testing::ValuesIn(corpus_rules()),
                         [](const testing::TestParamInfo<std::string>& p) { return "rule" + std::to_string(p.index); });

TEST(Corpus, HasTheRulesWeExpect) { EXPECT_GE(corpus_rules().size(), 55u); }

// Damaged text as it occurs when rules are copied from web pages: precise errors with hints.
TEST(Corpus, DamagedTextFailsPrecisely) {
  // The GCP disk-label rule as published, without its closing ']'.
  const std::string disk =
      "Disk should not have tags contain [key = 'cloudguard_source_image_creation_timestamp' and value before(-45,'days') ";
  auto r = cgsl::compile(disk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, cgsl::diag_code::unclosed_bracket);
  EXPECT_EQ(r.diagnostics[0].hint, "the '[' at 1:35 is not closed");

  // Curly quotes from a word processor.
  auto curly = cgsl::compile("EcrRepository should not have policy.document.Statement contain [ Effect=\xE2\x80\x98"
                             "Allow\xE2\x80\x99 ]");
  ASSERT_FALSE(curly.ok());
  EXPECT_EQ(curly.diagnostics[0].code, cgsl::diag_code::curly_quote);
  EXPECT_EQ(curly.diagnostics[0].column, 74u);

  // A '*' swallowed by markdown (the rule page's `contain [ '' ]`) still compiles: it is valid GSL.
  EXPECT_TRUE(cgsl::compile("NetworkSecurityGroup should not have rules contain [ sourceAddressPrefixes contain [ '' ] ]").ok());
}

// Real CloudGuard compliance notifications: each entity evaluates against every corpus rule
// without an error, and the rules for its type give the outcomes a reader of the JSON expects.
TEST(Corpus, RealEntitiesEvaluate) {
  std::vector<cgsl::rule> rules;
  std::map<std::string, std::size_t> index;
  for (const auto& logic : corpus_rules()) {
    auto r = cgsl::compile(logic);
    if (!r.ok() || r.value->is_list()) continue;
    index[logic] = rules.size();
    rules.push_back(*r.value);
  }
  ASSERT_GE(rules.size(), 45u);
  cgsl::eval_options o;
  o.now = 1704067200;  // 2024-01-01
  cgsl::evaluator ev;
  simdjson::dom::parser parser;
  std::map<std::string, std::map<std::string, std::string>> outcome;  // type -> logic -> outcome
  std::size_t entities = 0;
  for (const auto& f : std::filesystem::directory_iterator(corpus + "/dome9-cloud-bots/sample_compliance_notifications")) {
    const std::string text = read(f.path().string());
    simdjson::dom::element root = parser.parse(text).value();
    simdjson::dom::element entity;
    if (root["entity"].get(entity) != simdjson::SUCCESS) continue;
    ++entities;
    std::string type(entity["type"].get_string().value());
    for (const auto& [logic, i] : index) {
      cgsl::evaluation e = cgsl::evaluate(ev, rules[i], entity, o);
      EXPECT_NE(e.result, cgsl::outcome::error) << f.path() << "\n" << logic;
      outcome[type][logic] = std::string(cgsl::to_string(e.result));
    }
  }
  EXPECT_GE(entities, 14u);
  EXPECT_EQ(outcome["SecurityGroup"]["SecurityGroup should have isProtected = 'true'"], "failed");
  EXPECT_EQ(outcome["SecurityGroup"]["SecurityGroup where name != 'default' should not have networkAssetsStats contain-all [ count = 0 ]"], "failed");
  EXPECT_EQ(outcome["SecurityGroup"]["SecurityGroup where name='default' should have inboundRules isEmpty() and outboundRules isEmpty()"], "not_relevant");
  EXPECT_EQ(outcome["VPC"]["VPC should have hasFlowLogs=true"], "failed");
  EXPECT_EQ(outcome["CloudTrail"]["CloudTrail should have kmsKeyId"], "failed");
  EXPECT_EQ(outcome["Region"]["Region should not have behavior='ReadOnly'"], "failed");
  EXPECT_EQ(outcome["Instance"]["Instance should have roles"], "failed");
}

// The rules that call the networking functions (no corpus rule does; tests/data/network holds
// the ones quoted in issue 15 and spec section 4a) over every real notification: no error.
TEST(Corpus, NetworkRulesOverEveryRealEntity) {
  auto loaded = cgsl::load_rules(std::string(CGSL_SOURCE_DIR) + "/tests/data/network/exposure.json");
  ASSERT_TRUE(loaded.ok());
  ASSERT_FALSE(loaded.value.rules.empty());
  simdjson::dom::parser parser;
  cgsl::evaluator ev;
  std::size_t relevant = 0;
  for (const auto& f : std::filesystem::directory_iterator(corpus + "/dome9-cloud-bots/sample_compliance_notifications")) {
    const std::string text = read(f.path().string());
    simdjson::dom::element entity;
    if (parser.parse(text)["entity"].get(entity) != simdjson::SUCCESS) continue;
    for (const auto& r : loaded.value.rules) {
      cgsl::evaluation e = cgsl::evaluate(ev, r.compiled, entity);
      EXPECT_NE(e.result, cgsl::outcome::error) << f.path() << " " << r.info.id << ": "
                                                << (e.error ? e.error->message : "");
      if (e.result != cgsl::outcome::not_relevant) ++relevant;
    }
  }
  EXPECT_GE(relevant, 6u);
}

TEST(Corpus, SynthesizedCloudGuardEcrEntity) {
  auto doc = cgsl::document::parse(read(corpus + "/formats/cloudguard-EcrRepository-entity.synth.json"));
  ASSERT_TRUE(doc.ok());
  auto bundled = cgsl::load_rules(cgsl::bundled_rules_dir());
  std::map<std::string, cgsl::evaluation> by_id;
  for (const auto& r : bundled.value.rules) by_id[r.info.id] = cgsl::evaluate(r.compiled, *doc.value);
  EXPECT_EQ(by_id["D9.AWS.IAM.103"].result, cgsl::outcome::failed);
  EXPECT_EQ(by_id["D9.AWS.IAM.103"].evidence, std::vector<std::string>{"policy.document.Statement[0]"});
  EXPECT_EQ(by_id["D9.AWS.IAM.102"].result, cgsl::outcome::passed);
  EXPECT_EQ(by_id["D9.AWS.OPE.24"].result, cgsl::outcome::passed);
}

}  // namespace
