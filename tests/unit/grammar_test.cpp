// SPDX-License-Identifier: Apache-2.0
// The grammar: PEGTL's analyze() finds no problem; accept and reject tables per construct.
#include <gtest/gtest.h>

#include "cgsl/cgsl.hpp"
#include "parser/parser.hpp"

namespace {

TEST(Grammar, AnalyzeFindsNoProblems) { EXPECT_EQ(cgsl::parser::analyze_grammar(), 0u); }

TEST(Grammar, Accepts) {
  const char* ok[] = {
      "EcrRepository",
      "EcrRepository should have x",
      "EcrRepository should x",
      "EcrRepository should not x",
      "EcrRepository Should NOT Have x AND y OR z",
      "T where a=1 should b!=2",
      "T should port<=22 and portTo>=22",
      "T should attachmentCount >0",
      "T should x in (1, 'a', true, FALSE)",
      "T should x in ($names)",
      "T should x like '%a_b%'",
      "T should x regexMatch /^a\\/b$/ims",
      "T should x contain [ 'a' ]",
      "T should x contain-any [ $ = 1 ] and y contain-all [a] and z contain-none [b] and w contain-single [c]",
      "T should x with [ a = 1 ] length() > 0",
      "T should x isEmpty() and y isPublic() and z before(-90, 'days') and w after(1,'month')",
      "T should not x isFilterPatternEqual('{ $.a = b }')",
      "List<T> where items length() > 0 should have items contain [a]",
      "List < T > should items",
      "T should ((a))",
      "T should not not a",
      "T should \"double quoted\" = 'x' and a = \"it's\" and b = 'it\\'s'",
      "T should a.b-c.d:e.f@g = -1.5e3",
      "T should [x] = 1",  // never: '[' cannot start a condition (checked below as reject)
  };
  for (const char* text : ok) {
    if (std::string(text).find("[x]") != std::string::npos) continue;
    cgsl::compile_options o;
    o.lists["names"] = {std::string("a")};
    auto r = cgsl::compile(text, o);
    EXPECT_TRUE(r.ok()) << text << "\n" << r.format_errors();
  }
}

TEST(Grammar, Rejects) {
  const char* bad[] = {
      "",
      "should x",
      "T should",
      "T should x =",
      "T should x = = 1",
      "T should (x",
      "T should x)",
      "T should x contain [ a",
      "T should x contain a",
      "T should x ]",
      "T should x = 'a",
      "T should x regexMatch /a",
      "T should x regexMatch /a/q",
      "T should x in ()",
      "T should x in (1,)",
      "T should x like",
      "T should x and",
      "T should x or",
      "T should not",
      "T where should x",
      "List<T should x",
      "T should [x] = 1",
      "T should x = 1 y = 2",
      "T should x before(1 'days')",
  };
  for (const char* text : bad) {
    auto r = cgsl::compile(text);
    EXPECT_FALSE(r.ok()) << "accepted: " << text;
    ASSERT_FALSE(r.diagnostics.empty()) << text;
    EXPECT_GT(r.diagnostics[0].line, 0u) << "no position for: " << text;
  }
}

TEST(Grammar, KeywordsDoNotRunIntoNames) {
  // `contain` must not match the start of `contains`; `and` not the start of `android`.
  auto r = cgsl::compile("T should android = 1 and containsX = 2");
  ASSERT_TRUE(r.ok()) << r.format_errors();
  EXPECT_NE(r.value->explain().find("path android"), std::string::npos);
  EXPECT_NE(r.value->explain().find("path containsX"), std::string::npos);
}

TEST(Grammar, PrecedenceNotAndOr) {
  auto r = cgsl::compile("T should a or b and not c");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->explain(),
            "rule\n  target T\n  should (fails unless this holds)\n    or\n      path a\n        (truthy)\n"
            "      and\n        path b\n          (truthy)\n        not\n          path c\n            (truthy)\n");
}

}  // namespace
