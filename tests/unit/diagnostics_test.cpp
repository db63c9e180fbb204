// SPDX-License-Identifier: Apache-2.0
// Compile errors: each has a stable code, a position and the exact rendered text (messages are
// part of the API; see docs/language.md).
#include <gtest/gtest.h>

#include <string>

#include "cgsl/cgsl.hpp"

namespace {

struct error_case {
  const char* rule;
  const char* rendered;
};

std::string first_error(const char* rule) {
  auto r = cgsl::compile(rule);
  EXPECT_FALSE(r.ok()) << rule;
  return r.diagnostics.empty() ? std::string() : cgsl::format(r.diagnostics.front());
}

TEST(Diagnostics, RenderedExactly) {
  const error_case cases[] = {
      {"EcrRepository should have foo(1)",
       "<rule>:1:27: error[E201]: unknown function 'foo'\n"
       "  | EcrRepository should have foo(1)\n"
       "  |                           ^\n"
       "  = hint: built-in functions: length(), isEmpty(), before(n, 'unit'), after(n, 'unit'), isPublic(), "
       "isFilterPatternEqual('pattern'), allowedHostsForPort(port), allowedPublicHostsForPort(port); "
       "others must be registered by the embedding application\n"},
      {"EcrRepository should have x before(-90)",
       "<rule>:1:29: error[E202]: before() takes 2 argument(s), not 1\n"
       "  | EcrRepository should have x before(-90)\n"
       "  |                             ^\n"
       "  = hint: usage: x before(-90, 'days')\n"},
      {"EcrRepository should have name regexMatch /a(b/",
       "<rule>:1:43: error[E204]: invalid regex: missing ): a(b\n"
       "  | EcrRepository should have name regexMatch /a(b/\n"
       "  |                                           ^\n"
       "  = hint: regexes use RE2 syntax (no backreferences or lookaround)\n"},
      {"EcrRepository should have x in ($ports)",
       "<rule>:1:33: error[E205]: unknown list '$ports'\n"
       "  | EcrRepository should have x in ($ports)\n"
       "  |                                 ^\n"
       "  = hint: no named lists were supplied (CLI: --list NAME=FILE)\n"},
      {"EcrRepository should not have policy.Statement contain [ Effect='Allow' ",
       "<rule>:1:73: error[E104]: expected ']' to close '['\n"
       "  | EcrRepository should not have policy.Statement contain [ Effect='Allow' \n"
       "  |                                                                         ^\n"
       "  = hint: the '[' at 1:56 is not closed\n"},
      {"EcrRepository should have (a = 1 and b = 2",
       "<rule>:1:43: error[E103]: expected ')' to close '('\n"
       "  | EcrRepository should have (a = 1 and b = 2\n"
       "  |                                           ^\n"
       "  = hint: the '(' at 1:27 is not closed\n"},
      {"EcrRepository should have a = 1 ] and b",
       "<rule>:1:33: error[E104]: ']' without a matching '['\n"
       "  | EcrRepository should have a = 1 ] and b\n"
       "  |                                 ^\n"},
      {"EcrRepository should have a = 1 garbage",
       "<rule>:1:33: error[E101]: unexpected 'garbage' after the end of the rule\n"
       "  | EcrRepository should have a = 1 garbage\n"
       "  |                                 ^\n"
       "  = hint: a rule is: Type [where condition] [should [not] [have] condition]; conditions are joined "
       "with 'and' / 'or'\n"},
      {"EcrRepository shuld have a",
       "<rule>:1:15: error[E101]: unexpected 'shuld' after the end of the rule\n"
       "  | EcrRepository shuld have a\n"
       "  |               ^\n"
       "  = hint: did you mean 'should'?\n"},
      {"EcrRepository should have x before(-90, 'fortnights')",
       "<rule>:1:41: error[E206]: unknown time unit 'fortnights'\n"
       "  | EcrRepository should have x before(-90, 'fortnights')\n"
       "  |                                         ^\n"
       "  = hint: units: seconds, minutes, hours, days, weeks, months, years (singular too)\n"},
      {"EcrRepository should have x = 'abc",
       "<rule>:1:35: error[E105]: unterminated string: the closing ' is missing\n"
       "  | EcrRepository should have x = 'abc\n"
       "  |                                   ^\n"
       "  = hint: the string starts at 1:31\n"},
      {"EcrRepository should have x groupBy(a)",
       "<rule>:1:29: error[E207]: 'groupBy' is not supported by cgsl (its syntax is not public)\n"
       "  | EcrRepository should have x groupBy(a)\n"
       "  |                             ^\n"
       "  = hint: see docs/language.md, \"What is left out\"\n"},
      {"EcrRepository should have x groupBy('a')",
       "<rule>:1:29: error[E207]: 'groupBy' is not supported by cgsl (its syntax is not public)\n"
       "  | EcrRepository should have x groupBy('a')\n"
       "  |                             ^\n"
       "  = hint: see docs/language.md, \"What is left out\"\n"},
      {"EcrRepository should have x =",
       "<rule>:1:30: error[E107]: expected a value: a 'string', a number, true or false\n"
       "  | EcrRepository should have x =\n"
       "  |                              ^\n"},
      {"EcrRepository where should have x",
       "<rule>:1:21: error[E102]: expected a condition\n"
       "  | EcrRepository where should have x\n"
       "  |                     ^\n"},
      {"should have x",
       "<rule>:1:1: error[E108]: expected an entity type at the start of the rule (e.g. EcrRepository)\n"
       "  | should have x\n"
       "  | ^\n"},
      {"EcrRepository should have x regexMatch /a/g",
       "<rule>:1:43: error[E112]: unknown regex flag (the flags are i, m and s)\n"
       "  | EcrRepository should have x regexMatch /a/g\n"
       "  |                                           ^\n"},
      {"EcrRepository should have x > true",
       "<rule>:1:31: error[E203]: '<', '>', '<=' and '>=' cannot compare with true or false\n"
       "  | EcrRepository should have x > true\n"
       "  |                               ^\n"
       "  = hint: ordering applies to numbers and strings; use '=' or '!='\n"},
      {"EcrRepository should have x = \xE2\x80\x98" "Allow\xE2\x80\x99",
       "<rule>:1:31: error[E109]: typographic quote \xE2\x80\x98 where a straight quote belongs\n"
       "  | EcrRepository should have x = \xE2\x80\x98" "Allow\xE2\x80\x99\n"
       "  |                               ^\n"
       "  = hint: GSL strings use straight quotes: 'value' or \"value\" (word processors and web pages often "
       "replace them)\n"},
      {"T should x\n  and y contain [\n    z = 1\n",
       "<rule>:4:1: error[E104]: expected ']' to close '['\n"
       "  | \n"
       "  | ^\n"
       "  = hint: the '[' at 2:17 is not closed\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(first_error(c.rule), c.rendered) << c.rule;
}

TEST(Diagnostics, AllSemanticErrorsAreReportedSortedByPosition) {
  auto r = cgsl::compile("T should a foo() and b before(1, 'eons') and c in ($nope)");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(r.diagnostics[0].code, cgsl::diag_code::unknown_function);
  EXPECT_EQ(r.diagnostics[1].code, cgsl::diag_code::unknown_time_unit);
  EXPECT_EQ(r.diagnostics[2].code, cgsl::diag_code::unknown_list);
  EXPECT_LT(r.diagnostics[0].offset, r.diagnostics[1].offset);
  EXPECT_LT(r.diagnostics[1].offset, r.diagnostics[2].offset);
}

TEST(Diagnostics, CodesAreStable) {
  EXPECT_EQ(cgsl::code_name(cgsl::diag_code::trailing_text), "E101");
  EXPECT_EQ(cgsl::code_name(cgsl::diag_code::unknown_function), "E201");
  EXPECT_EQ(cgsl::code_name(cgsl::diag_code::step_limit), "E403");
}

TEST(Diagnostics, SourceNameAndColumnsInCodePoints) {
  auto r = cgsl::compile("T should name = 'é' and x ==", {}, "rules.json(R1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].source_name, "rules.json(R1)");
  EXPECT_EQ(r.diagnostics[0].line, 1u);
  EXPECT_EQ(r.diagnostics[0].column, 28u);  // the second '='; 29 if the two bytes of é counted twice
}

TEST(Diagnostics, LimitsAreErrorsNotCrashes) {
  cgsl::compile_options o;
  o.max_rule_bytes = 64;
  auto big = cgsl::compile(std::string("T should ") + std::string(100, 'a'), o);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.diagnostics[0].code, cgsl::diag_code::rule_too_large);

  std::string deep = "T should " + std::string(100000, '(') + "a" + std::string(100000, ')');
  cgsl::compile_options big_text;
  big_text.max_rule_bytes = 1 << 20;
  auto nested = cgsl::compile(deep, big_text);
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.diagnostics[0].code, cgsl::diag_code::rule_too_deep);

  std::string nots = "T should ";
  for (int i = 0; i < 50000; ++i) nots += "not ";
  auto many_nots = cgsl::compile(nots + "a", big_text);
  ASSERT_FALSE(many_nots.ok());
  EXPECT_EQ(many_nots.diagnostics[0].code, cgsl::diag_code::rule_too_deep);

  std::string brackets = "T should ";
  for (int i = 0; i < 50000; ++i) brackets += "a contain [ ";
  auto deep_contain = cgsl::compile(brackets + "b", big_text);
  ASSERT_FALSE(deep_contain.ok());
  EXPECT_EQ(deep_contain.diagnostics[0].code, cgsl::diag_code::rule_too_deep);
}

// Habits from other languages get a hint that says the GSL way; the messages are part of the API.
TEST(Diagnostics, HintsForHabitsFromOtherLanguages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"T should have a == 1", "GSL compares with a single '=': a = 1 (and a != 1)"},
      {"T should have a = 1 && b = 2", "GSL joins conditions with 'and': a = 1 and b = 2"},
      {"T should have a = 1 || b = 2", "GSL joins conditions with 'or': a = 1 or b = 2"},
      {"T should have a not in ('x')", "'not' goes before the condition: not a in ('x', 'y')"},
      {"T should have a = null",
       "there is no null literal: a missing or null value is false, so write 'should not have a' (or 'a isEmpty()')"},
      {"T should have a[0] = 1",
       "there is no indexing: test the elements with 'a contain [ condition ]' (or contain-all, contain-none, ...)"},
      {"T should have tags isEmpty", "functions are called with parentheses: isEmpty()"},
      {"T should have name lenght() > 1", "did you mean 'length()'?"},
      {"T should have d befor(-90, 'days')", "did you mean 'before()'?"},
  };
  for (const auto& [text, hint] : cases) {
    auto r = cgsl::compile(text);
    EXPECT_FALSE(r.ok()) << text;
    ASSERT_FALSE(r.diagnostics.empty()) << text;
    EXPECT_EQ(r.diagnostics[0].hint, hint) << text;
  }
  // A name far from every built-in gets the list, not a guess.
  auto far = cgsl::compile("T should have a frobnicate()");
  ASSERT_FALSE(far.diagnostics.empty());
  EXPECT_EQ(far.diagnostics[0].hint.rfind("built-in functions:", 0), 0u);
}

TEST(Diagnostics, LikeWithAStarIsAWarningAndTheRuleStillCompiles) {
  auto r = cgsl::compile("T should have name like 'prod*'");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].level, cgsl::severity::warning);
  EXPECT_EQ(r.diagnostics[0].code, cgsl::diag_code::like_star);
  EXPECT_EQ(r.diagnostics[0].column, 25u);
  EXPECT_NE(r.diagnostics[0].hint.find("like 'prod%'"), std::string::npos);
  EXPECT_TRUE(cgsl::compile("T should have name like 'prod-%'").diagnostics.empty());
  EXPECT_TRUE(cgsl::compile("T should have name like '%*%'").diagnostics.empty());  // a '*' on purpose
}

}  // namespace
