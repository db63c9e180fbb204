// SPDX-License-Identifier: Apache-2.0
// Evaluator behaviour beyond the spec cases: evidence, failing closed, custom functions, limits.
#include <gtest/gtest.h>

#include <stdexcept>

#include "cgsl/cgsl.hpp"
#include "eval/context.hpp"

namespace {

cgsl::rule compile_ok(const std::string& text, const cgsl::compile_options& o = {}) {
  auto r = cgsl::compile(text, o);
  EXPECT_TRUE(r.ok()) << r.format_errors();
  return *r.value;
}

cgsl::document parse_ok(const std::string& json) {
  auto d = cgsl::document::parse(json);
  EXPECT_TRUE(d.ok()) << cgsl::format(d.error);
  return std::move(*d.value);
}

const char* kRule103 =
    "EcrRepository should not have policy.document.Statement contain [ Effect='Allow' and "
    "(Principal='*' or Principal.AWS='*') and Condition ]";

TEST(Evaluator, EvidenceNamesEachMatchingStatement) {
  auto rule = compile_ok(kRule103);
  auto doc = parse_ok(R"({"type":"EcrRepository","policy":{"document":{"Statement":[
      {"Effect":"Allow","Principal":"*","Condition":{"a":1}},
      {"Effect":"Deny","Principal":"*","Condition":{"a":1}},
      {"Effect":"Allow","Principal":{"AWS":["x","*"]},"Condition":{"b":2}}]}}})");
  auto e = cgsl::evaluate(rule, doc);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, (std::vector<std::string>{"policy.document.Statement[0]", "policy.document.Statement[2]"}));
}

TEST(Evaluator, EvidenceForSingleStatementObjectAndQuotedKeys) {
  auto rule = compile_ok(kRule103);
  auto doc = parse_ok(R"({"type":"EcrRepository","policy":{"document":{"Statement":
      {"Effect":"Allow","Principal":"*","Condition":{"a":1}}}}})");
  EXPECT_EQ(cgsl::evaluate(rule, doc).evidence, std::vector<std::string>{"policy.document.Statement"});
}

TEST(Evaluator, EvidenceForMissingValueIsTheWrittenPath) {
  auto rule = compile_ok("CloudTrail should have kmsKeyId");
  auto doc = parse_ok(R"({"type":"CloudTrail","id":"t"})");
  auto e = cgsl::evaluate(rule, doc);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, std::vector<std::string>{"kmsKeyId"});
}

TEST(Evaluator, EvidenceForContainAllListsTheElementsThatFail) {
  auto rule = compile_ok("T should have ports contain-all [ $ > 1024 ]");
  auto doc = parse_ok(R"({"type":"T","ports":[8080, 22, 9000, 80]})");
  auto e = cgsl::evaluate(rule, doc);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, (std::vector<std::string>{"ports[1]", "ports[3]"}));
}

TEST(Evaluator, EvidenceCanBeTurnedOff) {
  auto rule = compile_ok(kRule103);
  auto doc = parse_ok(R"({"type":"EcrRepository","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*","Condition":{"a":1}}]}}})");
  cgsl::eval_options o;
  o.evidence = false;
  auto e = cgsl::evaluate(rule, doc, o);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_TRUE(e.evidence.empty());
}

// Fail closed: a step budget too small to finish makes the outcome `error`, never passed.
TEST(Evaluator, StepLimitIsAnErrorNotAPass) {
  auto rule = compile_ok(kRule103);
  auto clean = parse_ok(R"({"type":"EcrRepository","policy":{"document":{"Statement":[{"Effect":"Deny","Principal":"*"}]}}})");
  for (std::uint64_t budget : {1u, 2u, 3u}) {
    cgsl::eval_options o;
    o.max_steps = budget;
    auto e = cgsl::evaluate(rule, clean, o);
    EXPECT_EQ(e.result, cgsl::outcome::error) << "budget " << budget;
    ASSERT_TRUE(e.error.has_value());
    EXPECT_EQ(e.error->code, cgsl::diag_code::step_limit);
  }
  cgsl::eval_options enough;
  EXPECT_EQ(cgsl::evaluate(rule, clean, enough).result, cgsl::outcome::passed);
}

TEST(Evaluator, EntitiesWithoutTypeOrNotObjectsAreErrors) {
  auto rule = compile_ok("T should x");
  auto no_type = parse_ok(R"({"x":1})");
  auto e = cgsl::evaluate(rule, no_type);
  EXPECT_EQ(e.result, cgsl::outcome::error);
  EXPECT_EQ(e.error->code, cgsl::diag_code::entity_no_type);
  cgsl::eval_options with_type;
  with_type.entity_type = "t";
  EXPECT_EQ(cgsl::evaluate(rule, no_type, with_type).result, cgsl::outcome::passed);
  auto array = parse_ok("[1,2]");
  EXPECT_EQ(cgsl::evaluate(rule, array).error->code, cgsl::diag_code::entity_not_object);
}

TEST(Evaluator, CustomFunctions) {
  auto registry = std::make_shared<cgsl::function_registry>();
  // openScopesForPort(n): the number of inbound rules that open port n (port <= n <= portTo).
  ASSERT_TRUE(registry->add("openScopesForPort", 1, [](const cgsl::json_view& rules, const std::vector<cgsl::literal>& args) {
    const double port = std::get<double>(args.at(0));
    double count = 0;
    rules.for_each_element([&](const cgsl::json_view& r) {
      auto from = r.get("port").as_number(), to = r.get("portTo").as_number();
      if (from && to && *from <= port && port <= *to) ++count;
    });
    return cgsl::function_result{count};
  }));
  EXPECT_FALSE(registry->add("length", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) { return cgsl::function_result{}; }));
  EXPECT_FALSE(registry->add("OPENSCOPESFORPORT", 1, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) { return cgsl::function_result{}; }));
  cgsl::compile_options o;
  o.functions = registry;
  auto rule = compile_ok("SecurityGroup should not have inboundRules openScopesForPort(22) > 0", o);
  auto open = parse_ok(R"({"type":"SecurityGroup","inboundRules":[{"port":0,"portTo":100},{"port":443,"portTo":443}]})");
  auto closed = parse_ok(R"({"type":"SecurityGroup","inboundRules":[{"port":443,"portTo":443}]})");
  EXPECT_EQ(cgsl::evaluate(rule, open).result, cgsl::outcome::failed);
  EXPECT_EQ(cgsl::evaluate(rule, closed).result, cgsl::outcome::passed);

  auto wrong_arity = cgsl::compile("SecurityGroup should inboundRules openScopesForPort()", o);
  ASSERT_FALSE(wrong_arity.ok());
  EXPECT_EQ(wrong_arity.diagnostics[0].code, cgsl::diag_code::wrong_arity);
  auto unregistered = cgsl::compile("SecurityGroup should inboundRules openScopesForPort(22)");
  ASSERT_FALSE(unregistered.ok());
  EXPECT_EQ(unregistered.diagnostics[0].code, cgsl::diag_code::unknown_function);
}

TEST(Evaluator, ThrowingCustomFunctionIsAnErrorOutcome) {
  auto registry = std::make_shared<cgsl::function_registry>();
  ASSERT_TRUE(registry->add("boom", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) -> cgsl::function_result {
    throw std::runtime_error("kaboom");
  }));
  cgsl::compile_options o;
  o.functions = registry;
  auto rule = compile_ok("T should not have x boom()", o);
  auto doc = parse_ok(R"({"type":"T","x":1})");
  auto e = cgsl::evaluate(rule, doc);
  EXPECT_EQ(e.result, cgsl::outcome::error);
  EXPECT_NE(e.error->message.find("kaboom"), std::string::npos);
}

TEST(Evaluator, QueriesMatch) {
  auto rule = compile_ok("cloudtrail where event.name like 'UpdateFunctionCode%' and issuer.type='Role'");
  EXPECT_TRUE(rule.is_query());
  auto hit = parse_ok(R"({"type":"CloudTrail","event":{"name":"UpdateFunctionCode20150331v2"},"issuer":{"type":"Role"}})");
  auto miss = parse_ok(R"({"type":"CloudTrail","event":{"name":"CreateBucket"},"issuer":{"type":"Role"}})");
  EXPECT_EQ(cgsl::evaluate(rule, hit).result, cgsl::outcome::matched);
  EXPECT_EQ(cgsl::evaluate(rule, miss).result, cgsl::outcome::not_relevant);
}

TEST(Evaluator, WideArraysAndDeepContainStayWithinBudget) {
  std::string json = R"({"type":"T","a":[)";
  for (int i = 0; i < 2000; ++i) json += std::string(i ? "," : "") + R"({"b":[1,2,3,4,5,6,7,8,9,10]})";
  json += "]}";
  auto doc = parse_ok(json);
  auto rule = compile_ok("T should not have a contain [ b contain [ $ = 11 ] ]");
  EXPECT_EQ(cgsl::evaluate(rule, doc).result, cgsl::outcome::passed);
  cgsl::eval_options tight;
  tight.max_steps = 1000;
  EXPECT_EQ(cgsl::evaluate(rule, doc, tight).result, cgsl::outcome::error);
}

TEST(Evaluator, HostileRegexIsLinearTime) {
  auto rule = compile_ok("T should not have name regexMatch /(a+)+$/");
  auto doc = parse_ok(R"({"type":"T","name":")" + std::string(100000, 'a') + "b\"}");
  // RE2 answers in linear time (a backtracking engine takes exponential time on this input).
  EXPECT_EQ(cgsl::evaluate(rule, doc).result, cgsl::outcome::passed);
  auto matching = parse_ok(R"({"type":"T","name":")" + std::string(100000, 'a') + "\"}");
  EXPECT_EQ(cgsl::evaluate(rule, matching).result, cgsl::outcome::failed);
}

}  // namespace

namespace {

TEST(EvaluatorEvidence, MappedPathTestListsOnlyTheMatchingValues) {
  auto rule = compile_ok("Vpc should not have subnets.tags.value = 'dev'");
  auto doc = parse_ok(R"({"type":"Vpc","subnets":[{"tags":[{"value":"prod"}]},{"tags":[{"value":"dev"},{"value":"x"}]}]})");
  auto e = cgsl::evaluate(rule, doc);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, std::vector<std::string>{"subnets[1].tags[0].value"});
}

// The evidence pass visits every element; running out of steps there must not turn the decided
// failure into anything else.
TEST(EvaluatorEvidence, EvidencePassOutOfStepsKeepsTheFailure) {
  std::string json = R"({"type":"T","a":[1)";
  for (int i = 0; i < 1000; ++i) json += ",2";
  json += "]}";
  auto doc = parse_ok(json);
  auto rule = compile_ok("T should not have a contain [ $ = 1 ]");
  cgsl::eval_options o;
  o.max_steps = 50;  // enough to find a[0], not to visit all 1001 elements
  auto e = cgsl::evaluate(rule, doc, o);
  EXPECT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, std::vector<std::string>{"a[0]"});
}

// Issue 11: the evidence pass does not run a regex again over the same entity string; it reuses
// the decision pass's result (a hostile regex would cost twice).
TEST(Evaluator, EvidencePassReusesRegexResults) {
  auto rule = compile_ok("T should not have names contain [ $ regexMatch /^(a|b)*c[a-z]{0,30}$/ ]");
  const std::string big(1u << 16, 'a');
  // The matching string last: the decision pass runs the regex over all three.
  auto doc = parse_ok(R"({"type":"T","names":["x",")" + big + "\",\"" + big + "c\"]}");
  cgsl::evaluator ev;
  auto e = ev.evaluate(rule, doc);
  ASSERT_EQ(e.result, cgsl::outcome::failed);
  EXPECT_EQ(e.evidence, (std::vector<std::string>{"names[2]"}));
  const auto& ctx = ev.internal_context();
  EXPECT_EQ(ctx.regex_results.size(), 2u);  // the two long strings, each run once
  // The evidence pass (whose steps the context holds last) was charged one step per reused
  // result, not the tens of thousands a run over 64 KB costs.
  EXPECT_LT(ctx.steps, 100u);
}

}  // namespace

// ---- unknown values (Terraform's after_unknown, CloudFormation intrinsics) ------------------------

namespace {

// {"type":"T","known":1,"u":UNKNOWN,"list":[1,UNKNOWN],"obj":{"p":UNKNOWN}} with markers.
const char* kUnknowns = R"({"type":"T","known":1,"name":"ci",
  "u":{"$cgsl_unknown":"T.u is known after apply"},
  "list":[1,{"$cgsl_unknown":"T.list[1] is known after apply"}],
  "stmts":[{"Effect":"Allow","Action":"*"},{"Effect":{"$cgsl_unknown":"T.stmts[1].Effect is unknown"},"Action":"s3:Get"}],
  "doc":{"$cgsl_unknown":"T.doc: the policy text is not JSON"}})";

cgsl::outcome outcome_of(const std::string& logic) {
  auto rule = compile_ok(logic);
  auto doc = parse_ok(kUnknowns);
  return cgsl::evaluate(rule, doc).result;
}

}  // namespace

TEST(Evaluator, UnknownValueDecidesNothing) {
  using cgsl::outcome;
  // A rule that does not read the unknown value evaluates normally.
  EXPECT_EQ(outcome_of("T should have known = 1"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have known = 2"), outcome::failed);
  // A verdict that depends on it is an error, whatever the test or its negation.
  for (const char* logic : {"T should have u = 1", "T should not have u = 1", "T should have u != 1", "T should have u",
                            "T should not have u", "T should have u > 3", "T should have u like '*x*'",
                            "T should have u isEmpty()", "T should have u length() > 0", "T should have u in (1, 2)",
                            "T should have u.deeper.path = 'x'", "T should not have doc.Statement contain [ Effect = 'Allow' ]"}) {
    auto rule = compile_ok(logic);
    auto doc = parse_ok(kUnknowns);
    auto e = cgsl::evaluate(rule, doc);
    EXPECT_EQ(e.result, outcome::error) << logic;
    ASSERT_TRUE(e.error.has_value()) << logic;
    EXPECT_EQ(e.error->code, cgsl::diag_code::input_unknown_value) << logic;
    EXPECT_NE(e.error->message.find("T."), std::string::npos) << logic << ": " << e.error->message;
  }
}

TEST(Evaluator, UnknownValueThreeValuedLogic) {
  using cgsl::outcome;
  // or: a true side decides; a false side leaves the unknown.
  EXPECT_EQ(outcome_of("T should have known = 1 or u = 2"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have u = 2 or known = 1"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have known = 2 or u = 2"), outcome::error);
  // and: a false side decides; a true side leaves the unknown.
  EXPECT_EQ(outcome_of("T should have known = 2 and u = 2"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have u = 2 and known = 2"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have known = 1 and u = 2"), outcome::error);
  // not of unknown is unknown.
  EXPECT_EQ(outcome_of("T should have not (u = 2)"), outcome::error);
  // A where clause that depends on it: relevance is unknown.
  EXPECT_EQ(outcome_of("T where u = 1 should have known = 1"), outcome::error);
}

TEST(Evaluator, UnknownElementsInArrayOperators) {
  using cgsl::outcome;
  // A test over a list: a known element that satisfies it decides.
  EXPECT_EQ(outcome_of("T should have list = 1"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have list = 5"), outcome::error);
  // contain: a matching known element decides; otherwise the unknown one might match.
  EXPECT_EQ(outcome_of("T should have list contain [ $ = 1 ]"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have list contain [ $ = 7 ]"), outcome::error);
  EXPECT_EQ(outcome_of("T should not have stmts contain [ Action = '*' ]"), outcome::failed);
  EXPECT_EQ(outcome_of("T should not have stmts contain [ Effect = 'Allow' and Action = 's3:Get' ]"), outcome::error);
  EXPECT_EQ(outcome_of("T should not have stmts contain [ Effect = 'Deny' and Action = '*' ]"), outcome::passed);
  // contain-all: a known element that fails decides.
  EXPECT_EQ(outcome_of("T should have list contain-all [ $ = 9 ]"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have list contain-all [ $ = 1 ]"), outcome::error);
  // contain-none: a known match decides.
  EXPECT_EQ(outcome_of("T should have list contain-none [ $ = 1 ]"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have list contain-none [ $ = 3 ]"), outcome::error);
  // contain-single: one known match and one unknown could be one or two.
  EXPECT_EQ(outcome_of("T should have list contain-single [ $ = 1 ]"), outcome::error);
  // with: the selection is unknown.
  EXPECT_EQ(outcome_of("T should have stmts with [ Effect = 'Allow' ] length() = 1"), outcome::error);
  // length of a list holding an unknown element is unknown; of a known array it is known.
  EXPECT_EQ(outcome_of("T should have stmts length() = 2"), outcome::passed);
}
