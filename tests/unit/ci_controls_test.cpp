// SPDX-License-Identifier: Apache-2.0
// The CI controls in the library: severities, rule selection, exceptions and baselines applied
// by the scan (outcome excepted), the severity gate of the summary, and the JUnit, GitHub,
// compact-text and baseline sinks, several at once.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "cgsl/cgsl.h"
#include "cgsl/cgsl.hpp"
#include "scan_support.hpp"

namespace {

using namespace cgsl;

constexpr double kNow = 1.75e9;  // 2025-06-15

const char* const kPublic =
    R"({"type":"EcrRepository","id":"pub","arn":"arn:aws:ecr:eu-west-1:1:repository/pub","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}})";
const char* const kOther =
    R"({"type":"EcrRepository","id":"other","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}})";
const char* const kPrivate = R"({"type":"EcrRepository","id":"priv","name":"x"})";

ruleset rules_with(const std::vector<std::tuple<std::string, std::string, std::string>>& rules) {
  std::vector<cgsl_test::rule_spec> specs;
  for (const auto& [id, sev, text] : rules) specs.push_back({id, sev, text});
  return cgsl_test::compile_rules(specs, " <name> & \"quotes\"", "rules/ecr.json");
}

ruleset sample_rules() {
  return rules_with({{"ECR.PUBLIC", "High", "EcrRepository should not have policy.document.Statement contain [ Principal='*' ]"},
                     {"ECR.NAME", "Low", "EcrRepository should have name"},
                     {"S3.ENC", "Medium", "S3Bucket should have encrypted = true"}});
}

std::vector<input_source> sample_inputs() {
  return {input_source::memory("inv.ndjson", std::string(kPublic) + "\n" + kOther + "\n" + kPrivate + "\n")};
}

using cgsl_test::lines_of;

TEST(Severity, ParsesCaseInsensitivelyAndOrders) {
  EXPECT_EQ(parse_severity("high"), rule_severity::high);
  EXPECT_EQ(parse_severity("CRITICAL"), rule_severity::critical);
  EXPECT_EQ(parse_severity("Informational"), rule_severity::informational);
  EXPECT_FALSE(parse_severity("severe"));
  EXPECT_FALSE(parse_severity(""));
  EXPECT_LT(rule_severity::low, rule_severity::medium);
  EXPECT_EQ(to_string(rule_severity::medium), "Medium");
}

TEST(Severity, RuleFilesAcceptAnyCaseAndLoadTheCanonicalSpelling) {
  ruleset_result r = parse_rule_file(
      R"([{"ruleId":"A","name":"a","severity":"high","logic":"X should have y"},
          {"ruleId":"B","name":"b","severity":"Severe","logic":"X should have y"}])",
      "r.json");
  ASSERT_EQ(r.value.rules.size(), 1u);
  EXPECT_EQ(r.value.rules[0].info.severity, "High");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("Severe"), std::string::npos);
}

TEST(Selection, GlobMatching) {
  EXPECT_TRUE(glob_match("D9.AWS.*", "D9.AWS.IAM.103"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("D9.???.IAM.*", "D9.AWS.IAM.1"));
  EXPECT_FALSE(glob_match("D9.AWS.*", "d9.aws.iam.1"));
  EXPECT_FALSE(glob_match("D9.AWS.IAM.10", "D9.AWS.IAM.103"));
  EXPECT_TRUE(glob_match("*103", "D9.AWS.IAM.103"));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
  // Many stars over a long text stay fast (no exponential backtracking).
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(Selection, OnlySkipAndMinSeverity) {
  const ruleset rules = sample_rules();
  rule_selection sel;
  sel.only = {"ECR.*", "NOPE.*"};
  std::vector<std::string> unmatched;
  ruleset out = select_rules(rules, sel, &unmatched);
  ASSERT_EQ(out.rules.size(), 2u);
  EXPECT_EQ(out.rules[0].info.id, "ECR.PUBLIC");
  EXPECT_EQ(out.rules[1].info.id, "ECR.NAME");
  EXPECT_EQ(unmatched, std::vector<std::string>{"NOPE.*"});
  sel.skip = {"*.NAME"};
  out = select_rules(rules, sel);
  ASSERT_EQ(out.rules.size(), 1u);
  EXPECT_EQ(out.rules[0].info.id, "ECR.PUBLIC");
  rule_selection by_sev;
  by_sev.min_severity = rule_severity::medium;
  out = select_rules(rules, by_sev);
  ASSERT_EQ(out.rules.size(), 2u);
  EXPECT_EQ(out.rules[1].info.id, "S3.ENC");
  // A rule without a severity (inline) is kept: the filter is about rated rules.
  rule_info unrated;
  unrated.id = "rule-1";
  EXPECT_TRUE(by_sev.selects(unrated));
}

TEST(Gate, FailOnCountsOnlyFailuresAtOrAboveTheSeverity) {
  const ruleset rules = sample_rules();
  scan_options o;
  o.eval.now = kNow;
  const scan_summary s = scan(rules, sample_inputs(), {}, o);
  EXPECT_EQ(s.failed, 4u);  // ECR.PUBLIC (High) and ECR.NAME (Low) on pub and other
  EXPECT_EQ(s.failed_by_severity[static_cast<std::size_t>(rule_severity::high)], 2u);
  EXPECT_EQ(s.failed_by_severity[static_cast<std::size_t>(rule_severity::low)], 2u);
  EXPECT_EQ(s.failed_by_severity[static_cast<std::size_t>(rule_severity::medium)], 0u);
  EXPECT_EQ(s.failed_at_or_above(rule_severity::medium), 2u);
  EXPECT_EQ(s.exit_code(), 1);
  EXPECT_EQ(s.exit_code(rule_severity::high), 1);
  EXPECT_EQ(s.exit_code(rule_severity::critical), 0);
}

TEST(Gate, LowFailuresPassAHighGateAndUnratedRulesAlwaysGate) {
  ruleset rules = rules_with({{"LOW", "Low", "EcrRepository should have lifecycle"}});
  scan_options o;
  o.eval.now = kNow;
  scan_summary s = scan(rules, sample_inputs(), {}, o);
  EXPECT_EQ(s.failed, 3u);
  EXPECT_EQ(s.exit_code(rule_severity::low), 1);
  EXPECT_EQ(s.exit_code(rule_severity::medium), 0);
  rules.rules[0].info.severity.clear();  // an inline rule
  s = scan(rules, sample_inputs(), {}, o);
  EXPECT_EQ(s.failed_unrated, 3u);
  EXPECT_EQ(s.exit_code(rule_severity::critical), 1);
}

TEST(Exceptions, ParseJsonAndYamlWithWhereEachEntryIs) {
  exceptions_result j = parse_exceptions(
      R"([{"ruleId":"ECR.*","entity":"pub","reason":"accepted","expires":"2030-01-01"}])", "ex.json");
  ASSERT_TRUE(j.ok());
  ASSERT_EQ(j.value.entries().size(), 1u);
  EXPECT_EQ(j.value.entries()[0].source, "ex.json#0");
  EXPECT_EQ(j.value.entries()[0].expires, "2030-01-01");
  exceptions_result y = parse_exceptions("# accepted\n- ruleId: ECR.PUBLIC\n  entity: pub\n  reason: ok\n\n"
                                         "- ruleId: X\n  entity: '*'\n  reason: r\n",
                                         "ex.yaml");
  ASSERT_TRUE(y.ok());
  ASSERT_EQ(y.value.entries().size(), 2u);
  EXPECT_EQ(y.value.entries()[0].source, "ex.yaml:2");
  EXPECT_EQ(y.value.entries()[1].source, "ex.yaml:6");
  exceptions_result wrapped = parse_exceptions("{\"exceptions\":[{\"ruleId\":\"a\",\"entity\":\"b\",\"reason\":\"c\"}]}", "w");
  EXPECT_TRUE(wrapped.ok());
  EXPECT_EQ(wrapped.value.entries().size(), 1u);
}

TEST(Exceptions, ProblemsAreErrorsNamingTheEntry) {
  exceptions_result no_reason = parse_exceptions(R"([{"ruleId":"A","entity":"b"}])", "ex.json");
  EXPECT_FALSE(no_reason.ok());
  ASSERT_EQ(no_reason.diagnostics.size(), 1u);
  EXPECT_EQ(no_reason.diagnostics[0].source_name, "ex.json#0");
  EXPECT_NE(no_reason.diagnostics[0].message.find("reason"), std::string::npos);
  EXPECT_FALSE(parse_exceptions(R"([{"ruleId":"A","entity":"b","reason":"r","expires":"next year"}])", "e").ok());
  EXPECT_FALSE(parse_exceptions(R"([{"ruleId":"A","entity":"b","reason":"r","expire":"2030-01-01"}])", "e").ok());
  exceptions_result bad_yaml = parse_exceptions("- ruleId: [unclosed\n", "ex.yaml");
  EXPECT_FALSE(bad_yaml.ok());
  ASSERT_FALSE(bad_yaml.diagnostics.empty());
  EXPECT_GT(bad_yaml.diagnostics[0].line, 0u);
  EXPECT_FALSE(parse_exceptions("[{", "ex.json").ok());
  EXPECT_TRUE(parse_exceptions("", "empty.yaml").ok());
}

TEST(Exceptions, MatchingFailuresBecomeExceptedWithTheReasonInEverySinkAndTheSummary) {
  const ruleset rules = sample_rules();
  exceptions_result ex = parse_exceptions(
      "- ruleId: ECR.PUB*\n  entity: 'arn:aws:ecr:*:repository/pub'\n  reason: public on purpose\n"
      "- ruleId: ECR.NAME\n  entity: nobody\n  reason: never matches\n"
      "- ruleId: '*'\n  entity: other\n  reason: too late\n  expires: 2020-01-31\n",
      "ex.yaml");
  ASSERT_TRUE(ex.ok());
  scan_options o;
  o.eval.now = kNow;
  o.exceptions = &ex.value;
  std::string jsonl, sarif, junit;
  auto j = make_jsonl_reporter(string_writer(jsonl));
  auto s = make_sarif_reporter(string_writer(sarif));
  auto u = make_junit_reporter(string_writer(junit));
  const scan_summary sum = scan(rules, sample_inputs(), {j.get(), s.get(), u.get()}, o);
  EXPECT_EQ(sum.failed, 3u);    // ECR.NAME on pub; both rules on "other", whose exception expired
  EXPECT_EQ(sum.excepted, 1u);  // "pub", matched by ARN
  EXPECT_EQ(sum.rules[0].count(outcome::excepted), 1u);
  EXPECT_EQ(sum.rules[0].count(outcome::passed), 1u);  // never counted as passed
  EXPECT_EQ(sum.exit_code(), 1);
  ASSERT_EQ(sum.warnings.size(), 2u);
  EXPECT_NE(sum.warnings[0].find("ex.yaml:4"), std::string::npos) << sum.warnings[0];
  EXPECT_NE(sum.warnings[0].find("matched no failure"), std::string::npos);
  EXPECT_NE(sum.warnings[1].find("expired on 2020-01-31"), std::string::npos) << sum.warnings[1];
  EXPECT_NE(sum.warnings[1].find("2 failure(s) count again"), std::string::npos);

  simdjson::dom::parser p;
  bool seen = false;
  for (const auto& line : lines_of(jsonl)) {
    simdjson::dom::element e;
    ASSERT_EQ(p.parse(line).get(e), simdjson::SUCCESS) << line;
    if (std::string_view(e["outcome"].get_string().value()) != "excepted") continue;
    seen = true;
    EXPECT_EQ(std::string_view(e["entity"].get_string().value()), "pub");
    EXPECT_EQ(std::string_view(e["message"].get_string().value()), "public on purpose");
    EXPECT_EQ(std::string_view(e["exception"].get_string().value()), "ex.yaml:1");
  }
  EXPECT_TRUE(seen);
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(sarif).get(doc), simdjson::SUCCESS);
  std::size_t suppressed = 0, results = 0;
  for (simdjson::dom::element r : doc["runs"].at(0)["results"].get_array()) {
    ++results;
    simdjson::dom::array sup;
    if (r["suppressions"].get(sup) != simdjson::SUCCESS) continue;
    ++suppressed;
    EXPECT_EQ(std::string_view(sup.at(0)["kind"].get_string().value()), "external");
    EXPECT_EQ(std::string_view(sup.at(0)["justification"].get_string().value()), "public on purpose");
  }
  EXPECT_EQ(results, 4u);
  EXPECT_EQ(suppressed, 1u);
  EXPECT_NE(summary_json(sum, rules).find("\"excepted\":1"), std::string::npos);
  EXPECT_NE(junit.find("excepted: pub (EcrRepository)"), std::string::npos) << junit;
}

TEST(Baseline, WrittenBaselineAcceptsTheSameFailuresNextTimeAndOnlyNewOnesFail) {
  const ruleset rules = sample_rules();
  scan_options o;
  o.eval.now = kNow;
  std::string baseline;
  auto w = make_baseline_writer(string_writer(baseline));
  const scan_summary first = scan(rules, sample_inputs(), {w.get()}, o);
  EXPECT_EQ(first.failed, 4u);
  exceptions_result b = parse_baseline(baseline, "base.json");
  ASSERT_TRUE(b.ok()) << baseline;
  EXPECT_EQ(b.value.entries().size(), 4u);
  o.exceptions = &b.value;
  const scan_summary again = scan(rules, sample_inputs(), {}, o);
  EXPECT_EQ(again.failed, 0u);
  EXPECT_EQ(again.excepted, 4u);
  EXPECT_EQ(again.exit_code(), 0);
  EXPECT_TRUE(again.warnings.empty());
  // A new failing entity is not in the baseline.
  std::vector<input_source> more = sample_inputs();
  more.push_back(input_source::memory(
      "new.ndjson", R"({"type":"EcrRepository","id":"new","policy":{"document":{"Statement":[{"Principal":"*"}]}}})"));
  const scan_summary with_new = scan(rules, more, {}, o);
  EXPECT_EQ(with_new.failed, 2u);  // both rules on "new"
  EXPECT_EQ(with_new.excepted, 4u);
  // Rewriting the baseline keeps the failures it accepted.
  std::string rewritten;
  auto w2 = make_baseline_writer(string_writer(rewritten));
  (void)scan(rules, sample_inputs(), {w2.get()}, o);
  EXPECT_EQ(parse_baseline(rewritten, "b2").value.entries().size(), 4u);
  EXPECT_FALSE(parse_baseline("[1,2]", "bad.json").ok());
}

TEST(Reporters, JunitIsOneTestcasePerRuleEscapedAndBounded) {
  ruleset rules = sample_rules();
  rules.rules.erase(rules.rules.begin() + 1);  // ECR.PUBLIC and S3.ENC
  std::string many;
  for (int i = 0; i < 50; ++i) {
    many += R"({"type":"EcrRepository","id":"r<)" + std::to_string(i) +
            R"(>&","policy":{"document":{"Statement":[{"Principal":"*"}]}}})" + "\n";
  }
  many += "{\"type\":\"EcrRepository\",\n";  // unreadable
  std::string xml;
  junit_report_options jo;
  jo.max_failures = 3;
  auto u = make_junit_reporter(string_writer(xml), jo);
  scan_options o;
  o.eval.now = kNow;
  o.threads = 1;
  const scan_summary sum = scan(rules, {input_source::memory("m.ndjson", many)}, {u.get()}, o);
  EXPECT_EQ(sum.failed, 50u);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = xml.find(needle); at != std::string::npos; at = xml.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<testcase "), 3u);  // 2 rules + the unreadable input
  EXPECT_EQ(count("<failure "), 1u);
  EXPECT_EQ(count("<skipped "), 1u);   // S3.ENC: no S3Bucket
  EXPECT_EQ(count("r&lt;0&gt;&amp;"), 1u);
  EXPECT_EQ(count("r&lt;4"), 0u);      // at most 3 detailed
  EXPECT_NE(xml.find("... and 47 more"), std::string::npos);
  EXPECT_NE(xml.find("name=\"ECR.PUBLIC &lt;name&gt; &amp; &quot;quotes&quot;\""), std::string::npos);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(xml.substr(xml.size() - 14), "</testsuites>\n");
}

TEST(Reporters, GithubAnnotationsCarryFileLineLevelAndEscaping) {
  const ruleset rules = rules_with(
      {{"HIGH.1", "High", "EcrRepository should not have policy.document.Statement contain [ Principal='*' ]"},
       {"MED,1", "Medium", "EcrRepository should have name"}});
  std::string out;
  auto g = make_github_reporter(string_writer(out));
  scan_options o;
  o.eval.now = kNow;
  (void)scan(rules, {input_source::memory("dir/in:v.ndjson", std::string(kPublic) + "\n" + kPrivate + "\n")},
             {g.get()}, o);
  const auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0].rfind("::error file=dir/in%3Av.ndjson,line=1,title=HIGH.1 (High)::pub (EcrRepository) at "
                           "dir/in:v.ndjson:1 fails HIGH.1: HIGH.1",
                           0),
            0u)
      << lines[0];
  EXPECT_EQ(lines[1].rfind("::warning file=dir/in%3Av.ndjson,line=1,title=MED%2C1 (Medium)::", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2], "::notice title=cgsl::2 entities, 2 failed, 0 excepted, 0 errors");
}

TEST(Reporters, CompactTextIsOneLinePerFailureThenASummaryLine) {
  const ruleset rules = sample_rules();
  std::string out;
  text_report_options to;
  to.compact = true;
  auto t = make_text_reporter(string_writer(out), to);
  scan_options o;
  o.eval.now = kNow;
  (void)scan(rules, sample_inputs(), {t.get()}, o);
  const auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), 5u) << out;
  EXPECT_EQ(lines[0],
            "inv.ndjson:1: failed High ECR.PUBLIC pub (EcrRepository): ECR.PUBLIC <name> & \"quotes\" "
            "[policy.document.Statement[0]]");
  EXPECT_EQ(lines[1].rfind("inv.ndjson:1: failed Low ECR.NAME pub (EcrRepository): ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[4], "cgsl: 3 entities, 4 failed (High 2, Low 2), 0 excepted, 0 errors, 0 unreadable");
  EXPECT_EQ(out.find("remediation"), std::string::npos);
}

TEST(Reporters, TheSameScanFeedsSeveralSinksIdentically) {
  const ruleset rules = sample_rules();
  std::string a, b;
  auto ja = make_jsonl_reporter(string_writer(a));
  auto jb = make_jsonl_reporter(string_writer(b));
  scan_options o;
  o.eval.now = kNow;
  o.threads = 3;
  (void)scan(rules, sample_inputs(), {ja.get(), jb.get()}, o);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(Outcome, ExceptedHasItsNameEverywhere) {
  EXPECT_EQ(to_string(outcome::excepted), "excepted");
  EXPECT_EQ(outcome_count, 6u);
  auto set = outcome_set::parse("failed,excepted");
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(outcome::excepted));
  EXPECT_TRUE(outcome_set::relevant().contains(outcome::excepted));
  EXPECT_FALSE(outcome_set::relevant().contains(outcome::not_relevant));
  EXPECT_EQ(outcome_set::all().to_string(), "passed,failed,not_relevant,error,matched,excepted");
  EXPECT_STREQ(cgsl_outcome_name(CGSL_OUTCOME_EXCEPTED), "excepted");
  EXPECT_STREQ(cgsl_outcome_name(static_cast<cgsl_outcome>(7)), "error");
}

// The C API has the gate and the exceptions too (C, Go, Rust and ctypes users).
TEST(CApi, FailOnAndExceptions) {
  const std::string dir = ::testing::TempDir();
  const std::string ex_path = dir + "/cgsl_c_exceptions.yaml";
  {
    std::FILE* f = std::fopen(ex_path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const char text[] = "- ruleId: D9.AWS.IAM.102\n  entity: pub\n  reason: accepted in C\n";
    ASSERT_EQ(std::fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
    std::fclose(f);
  }
  cgsl_error* err = nullptr;
  cgsl_options* o = cgsl_options_new();
  ASSERT_NE(o, nullptr);
  cgsl_ruleset* rs = cgsl_ruleset_load_bundled(o, &err);
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ(cgsl_options_set_fail_on(o, "critical"), CGSL_OK);
  EXPECT_EQ(cgsl_options_set_fail_on(o, "severe"), CGSL_INVALID_ARGUMENT);
  EXPECT_EQ(cgsl_options_add_exceptions(o, ex_path.c_str(), 0, &err), CGSL_OK);
  EXPECT_EQ(cgsl_options_add_exceptions(o, (dir + "/missing.yaml").c_str(), 0, &err), CGSL_LOAD_ERROR);
  ASSERT_NE(err, nullptr);
  cgsl_error_free(err);
  err = nullptr;
  struct seen_t {
    int excepted = 0;
    std::string message;
  } seen;
  const std::string data = std::string(kPublic) + "\n";
  cgsl_scan_summary sum{};
  ASSERT_EQ(cgsl_scan_memory(
                rs, data.data(), data.size(), "c.ndjson", o,
                [](void* user, const cgsl_finding* f) {
                  auto* s = static_cast<seen_t*>(user);
                  if (f->outcome == CGSL_OUTCOME_EXCEPTED) {
                    ++s->excepted;
                    s->message = f->message;
                  }
                },
                &seen, &sum, nullptr, &err),
            CGSL_OK);
  EXPECT_EQ(seen.excepted, 1);
  EXPECT_EQ(seen.message, "accepted in C");
  // OPE.24 (Low) still fails, but the gate is Critical: exit 0.
  EXPECT_GT(sum.failed, 0u);
  EXPECT_EQ(sum.exit_code, 0);
  cgsl_ruleset_free(rs);
  cgsl_options_free(o);
}

}  // namespace
