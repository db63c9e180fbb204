// SPDX-License-Identifier: Apache-2.0
// Hostile input (docs/security.md). Every limit is an option with a documented default, and
// reaching it is a clear error: never a crash, a hang, or a pass. Rule text and entities are both
// treated as written by someone else. Runs in the normal suite and under AddressSanitizer +
// UndefinedBehaviorSanitizer in CI; the Concurrency tests also run under ThreadSanitizer.
// Reproducers of fuzzer findings are at the end (FuzzRegression).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "input/input.hpp"

namespace {

using cgsl::diag_code;
using cgsl::outcome;

cgsl::rule compile_ok(const std::string& text, const cgsl::compile_options& o = {}) {
  auto r = cgsl::compile(text, o);
  EXPECT_TRUE(r.ok()) << r.format_errors();
  if (!r.ok()) throw std::runtime_error("rule does not compile: " + text.substr(0, 200));
  return *r.value;
}

cgsl::document parse_ok(const std::string& json, const cgsl::parse_options& o = {}) {
  auto d = cgsl::document::parse(json, o);
  EXPECT_TRUE(d.ok()) << cgsl::format(d.error);
  if (!d.ok()) throw std::runtime_error("JSON does not parse: " + json.substr(0, 200));
  return std::move(*d.value);
}

// The code of the first diagnostic of a rule that must not compile.
diag_code compile_error(const std::string& text, const cgsl::compile_options& o = {}) {
  auto r = cgsl::compile(text, o);
  EXPECT_FALSE(r.ok()) << text.substr(0, 200);
  if (r.ok() || r.diagnostics.empty()) return diag_code::internal_error;
  for (const auto& d : r.diagnostics) {
    EXPECT_FALSE(d.message.empty());
    EXPECT_FALSE(cgsl::format(d).empty());
  }
  return r.diagnostics.front().code;
}

diag_code json_error(const std::string& json, const cgsl::parse_options& o = {}) {
  auto d = cgsl::document::parse(json, o);
  EXPECT_FALSE(d.ok()) << json.substr(0, 200);
  EXPECT_FALSE(d.error.message.empty());
  return d.ok() ? diag_code::internal_error : d.error.code;
}

cgsl::evaluation eval(const std::string& rule, const std::string& json, const cgsl::eval_options& o = {}) {
  return cgsl::evaluate(compile_ok(rule), parse_ok(json), o);
}

outcome outcome_of(const std::string& rule, const std::string& json, const cgsl::eval_options& o = {}) {
  return eval(rule, json, o).result;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Input adapters: what the sink saw, one line per entity or error.
struct recorder : cgsl::io::entity_sink {
  std::vector<std::string> events;
  std::vector<diag_code> codes;
  void entity(simdjson::dom::element e, const cgsl::io::position& pos) override {
    events.push_back("entity " + pos.to_string() + " " + std::to_string(simdjson::to_string(e).size()));
  }
  void error(const cgsl::diagnostic& d, const cgsl::io::position& pos) override {
    events.push_back("error " + pos.to_string() + " " + cgsl::code_name(d.code));
    codes.push_back(d.code);
    EXPECT_GE(static_cast<int>(d.code), 300) << d.message;
    EXPECT_LT(static_cast<int>(d.code), 400) << d.message;
  }
  [[nodiscard]] std::size_t count(const std::string& prefix) const {
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const std::string& e) {
      return e.compare(0, prefix.size(), prefix) == 0;
    }));
  }
};

recorder read_mem(const std::string& data, cgsl::io::input_format f, const cgsl::io::reader_options& o = {}) {
  recorder r;
  cgsl::io::read_memory(data, "mem", f, r, o);
  return r;
}

// Every input format (input/input.hpp keeps format_count in step with the enum).
constexpr int kFormats = cgsl::io::format_count;

// ---- the limits and their defaults --------------------------------------------------------------

// The defaults that docs/security.md and docs/language.md document.
TEST(Limits, DefaultsAreTheDocumentedOnes) {
  const cgsl::compile_options c;
  EXPECT_EQ(c.max_rule_bytes, 1u << 20);
  EXPECT_EQ(c.max_nesting, 256u);
  EXPECT_EQ(c.regex_max_mem, 8 << 20);
  const cgsl::parse_options p;
  EXPECT_EQ(p.max_depth, 1024u);
  EXPECT_EQ(p.max_bytes, 0xFFFFFFFFu);
  const cgsl::eval_options e;
  EXPECT_EQ(e.max_steps, 10'000'000u);
  EXPECT_TRUE(e.evidence);
  const cgsl::io::reader_options r;
  EXPECT_EQ(r.window_bytes, 4u << 20);
  EXPECT_EQ(r.json.max_depth, p.max_depth);
}

// ---- rule text ----------------------------------------------------------------------------------

TEST(RuleText, HundredThousandNestedParenthesesIsE402) {
  const std::string parens = "T should have " + std::string(100000, '(') + "a" + std::string(100000, ')');
  ASSERT_LT(parens.size(), cgsl::compile_options{}.max_rule_bytes);
  auto r = cgsl::compile(parens);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, diag_code::rule_too_deep);
  EXPECT_NE(r.diagnostics[0].message.find("256"), std::string::npos) << r.diagnostics[0].message;
  EXPECT_EQ(r.diagnostics[0].column, 15u + 256u) << "points at the first '(' past the limit";

  EXPECT_EQ(compile_error("T should have " + repeat("not ", 100000) + "a"), diag_code::rule_too_deep);
  EXPECT_EQ(compile_error("T should have " + repeat("a contain [ ", 80000) + "b"), diag_code::rule_too_deep);
  EXPECT_EQ(compile_error("T should have " + repeat("(not a with [ ", 60000) + "b"), diag_code::rule_too_deep);
  // An unbalanced tail after the limit is not parsed at all: the limit is reported first.
  EXPECT_EQ(compile_error("T where " + std::string(100000, '(')), diag_code::rule_too_deep);
}

// max_nesting is exact: N levels of ( ), [ ] or `not` compile, N + 1 do not, and a rule without
// nesting compiles whatever the limit.
TEST(RuleText, NestingLimitIsExact) {
  for (std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{17}, std::size_t{256}}) {
    cgsl::compile_options o;
    o.max_nesting = limit;
    auto parens = [](std::size_t k) { return "T should have " + std::string(k, '(') + "a" + std::string(k, ')'); };
    auto nots = [](std::size_t k) { return "T should have " + repeat("not ", k) + "a"; };
    auto brackets = [](std::size_t k) { return "T should have " + repeat("a contain [ ", k) + "b" + std::string(k, ']'); };
    auto mixed = [](std::size_t k) {
      std::string open, close;
      for (std::size_t i = 0; i < k; ++i) {
        switch (i % 3) {
          case 0: open += "("; close = ")" + close; break;
          case 1: open += "not "; break;
          default: open += "x with [ "; close = " ]" + close; break;
        }
      }
      return "T should have " + open + "a" + close;
    };
    EXPECT_TRUE(cgsl::compile("T where a = 1 should have b and c or d", o).ok()) << "limit " << limit;
    for (const auto& make : {std::function<std::string(std::size_t)>(parens), std::function<std::string(std::size_t)>(nots),
                             std::function<std::string(std::size_t)>(brackets), std::function<std::string(std::size_t)>(mixed)}) {
      EXPECT_TRUE(cgsl::compile(make(limit), o).ok()) << make(limit).substr(0, 80) << " limit " << limit;
      EXPECT_EQ(compile_error(make(limit + 1), o), diag_code::rule_too_deep) << "limit " << limit;
    }
  }
}

TEST(RuleText, TenMegabyteRuleIsE401) {
  const std::string big = "T should have " + repeat("a = 1 or ", (std::size_t{10} << 20) / 9) + "a = 1";
  ASSERT_GT(big.size(), (std::size_t{10} << 20) - 100);
  auto r = cgsl::compile(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.at(0).code, diag_code::rule_too_large);
  EXPECT_NE(r.diagnostics[0].message.find(std::to_string(big.size())), std::string::npos);
  EXPECT_NE(r.diagnostics[0].message.find("1048576"), std::string::npos);
  EXPECT_FALSE(cgsl::format(r.diagnostics[0]).empty());
  // Rule files go through the same limit.
  const std::string file = R"({"rules":[{"ruleId":"BIG","name":"big","severity":"Low","logic":")" + big + "\"}]}";
  auto loaded = cgsl::parse_rule_file(file, "big.json");
  EXPECT_FALSE(loaded.ok());
  EXPECT_TRUE(loaded.value.rules.empty());
  ASSERT_FALSE(loaded.diagnostics.empty());
  EXPECT_EQ(loaded.diagnostics[0].code, diag_code::rule_too_large);
}

// Under a raised limit, a 10 MB rule made of a few large tokens compiles and evaluates; a 10 MB
// regex is refused by RE2's memory budget (E404), not compiled into a huge program.
TEST(RuleText, TenMegabyteRuleUnderARaisedLimit) {
  cgsl::compile_options o;
  o.max_rule_bytes = 16u << 20;
  const std::string value(10u << 20, 'v');
  auto rule = compile_ok("T should have name = '" + value + "' or name like '%" + value.substr(0, 1000) + "%'", o);
  EXPECT_EQ(cgsl::evaluate(rule, parse_ok(R"({"type":"T","name":")" + value + "\"}")).result, outcome::passed);
  EXPECT_EQ(cgsl::evaluate(rule, parse_ok(R"({"type":"T","name":"v"})")).result, outcome::failed);
  EXPECT_EQ(compile_error("T should have name regexMatch /" + value + "/", o), diag_code::regex_too_large);
  EXPECT_EQ(compile_error("T should have " + std::string(10u << 20, '('), o), diag_code::rule_too_deep);
}

// Long flat rules (no nesting) compile and evaluate in linear time, and their evidence lists each
// path once.
TEST(RuleText, LongFlatRules) {
  const std::string ors = "T should have " + repeat("a = 1 or ", 20000) + "a = 1";
  auto e = eval(ors, R"({"type":"T","a":2})");
  EXPECT_EQ(e.result, outcome::failed);
  EXPECT_EQ(e.evidence, std::vector<std::string>{"a"});
  EXPECT_EQ(outcome_of(ors, R"({"type":"T","a":1})"), outcome::passed);
  // length() of [1,2] is 2, of a number missing, of missing 0: the 20,001st is 0.
  const std::string steps = "T should have a" + repeat(" length()", 20001) + " = 0";
  EXPECT_EQ(outcome_of(steps, R"({"type":"T","a":[1,2]})"), outcome::passed);
  std::string in = "T should have a in (";
  for (int i = 0; i < 20000; ++i) in += "'x" + std::to_string(i) + "', ";
  EXPECT_EQ(outcome_of(in + "'y')", R"({"type":"T","a":"x19999"})"), outcome::passed);
  // A syntax error at the end of a long rule is found and rendered.
  EXPECT_EQ(compile_error(ors + " or"), diag_code::expected_expression);
  EXPECT_EQ(compile_error(ors + " )"), diag_code::unclosed_paren);
}

TEST(RuleText, InvalidUtf8NulBytesAndBom) {
  // Invalid UTF-8 inside a string literal is just bytes; it is compared byte for byte.
  auto bytes = compile_ok("T should have name = 'a\xff\xfe" "b'");
  EXPECT_EQ(cgsl::evaluate(bytes, parse_ok(R"({"type":"T","name":"ab"})")).result, outcome::failed);
  // Before a syntax error, it must not upset the line/column display.
  for (const char* bad : {"T should have name = '\xff\xff\xff' and \xc3", "T should\xff have a", "T\xe2\x80 should have a",
                          "T should have name = '\xf4\x90\x80\x80' ==", "\xc0\xaf\xed\xa0\x80"}) {
    auto r = cgsl::compile(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_FALSE(cgsl::format(r.diagnostics.at(0)).empty());
  }
  // NUL bytes: inside a literal they are part of the value; elsewhere a syntax error.
  const std::string nul_rule("T should have name = 'a\0b'", 26);
  auto nul = compile_ok(nul_rule);
  EXPECT_EQ(cgsl::evaluate(nul, parse_ok(R"({"type":"T","name":"a\u0000b"})")).result, outcome::passed);
  EXPECT_EQ(cgsl::evaluate(nul, parse_ok(R"({"type":"T","name":"a"})")).result, outcome::failed);
  EXPECT_EQ(cgsl::evaluate(compile_ok(std::string("T should have n regexMatch /a\0b/", 32)),
                           parse_ok(R"({"type":"T","n":"xa\u0000by"})")).result,
            outcome::passed);
  EXPECT_NE(compile_error(std::string("T should have a\0= 1", 19)), diag_code::internal_error);
  EXPECT_NE(compile_error(std::string("\0", 1)), diag_code::internal_error);
  EXPECT_NE(compile_error(std::string(1000, '\0')), diag_code::internal_error);
  // A byte order mark before the rule is not a type name.
  EXPECT_EQ(compile_error("\xEF\xBB\xBFT should have a"), diag_code::expected_type);
  EXPECT_EQ(compile_error(""), diag_code::expected_type);
}

TEST(RuleText, NumbersOutOfRangeAreE208) {
  EXPECT_EQ(compile_error("T should have a = 1e400"), diag_code::bad_number);
  EXPECT_EQ(compile_error("T should have a = -1e400"), diag_code::bad_number);
  EXPECT_EQ(compile_error("T should have a > " + std::string(400, '9')), diag_code::bad_number);
  EXPECT_EQ(compile_error("T should have a before(1e400, 'days')"), diag_code::bad_number);
  EXPECT_EQ(outcome_of("T should have a = -0", R"({"type":"T","a":0})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have a = 0", R"({"type":"T","a":-0.0})"), outcome::passed);
  // Huge but finite arguments of time functions saturate instead of overflowing.
  for (const char* unit : {"seconds", "days", "months", "years"}) {
    for (const char* n : {"1e300", "-1e300", "9223372036854775807", "-9223372036854775808"}) {
      const std::string rule = std::string("T should have a before(") + n + ", '" + unit + "')";
      const outcome o = outcome_of(rule, R"({"type":"T","a":"2024-01-01T00:00:00Z"})");
      EXPECT_TRUE(o == outcome::passed || o == outcome::failed) << rule;
    }
  }
}

// ---- regexes ------------------------------------------------------------------------------------

// Patterns that take exponential time in a backtracking engine run in linear time with RE2.
TEST(Regex, CatastrophicBacktrackingPatternsAreLinear) {
  const std::string as(1u << 20, 'a');
  struct regex_case {
    const char* pattern;
    std::string text;
    outcome expected;  // of "T should have v regexMatch /pattern/"
  };
  const regex_case cases[] = {
      {"(a+)+$", as + "b", outcome::failed},
      {"^(a+)+$", as, outcome::passed},
      {"^(a|a)*$", as + "!", outcome::failed},
      {"^(a|aa)*c$", as, outcome::failed},
      {"(.*a){12}x", as, outcome::failed},
      {"^(\\w+\\s?)*$", as + "!", outcome::failed},
      {"^(([a-z])+.)+[A-Z]([a-z])+$", as, outcome::failed},
      {"(x+x+)+y", std::string(1u << 20, 'x'), outcome::failed},
      {"^(a?){30}a{30}$", std::string(30, 'a'), outcome::passed},
  };
  for (const auto& c : cases) {
    const std::string rule = std::string("T should have v regexMatch /") + c.pattern + "/";
    EXPECT_EQ(outcome_of(rule, R"({"type":"T","v":")" + c.text + "\"}"), c.expected) << c.pattern;
  }
  // A pattern whose DFA does not fit RE2's cache (2^20 states) falls back to a slower, still
  // linear, matcher.
  std::mt19937 gen(7);
  std::string ab(1u << 20, 'a');
  for (char& ch : ab) ch = gen() % 2 ? 'a' : 'b';
  EXPECT_EQ(outcome_of("T should have v regexMatch /a[ab]{20}c/", R"({"type":"T","v":")" + ab + "\"}"), outcome::failed);
}

// Issue 11: /(.*a){1000}x/ compiles (a program of ~11,000 instructions) and RE2's DFA gives up on
// it, so a match over 1 MB ran for 16 s to minutes, twice with evidence. Regex work is charged to
// the step budget before it runs (n bytes x program size / 16 steps): over 1 MB the outcome is
// E403 at once; over a short string, a verdict.
TEST(Regex, HostileRegexOverAMegabyteEndsWithinTheStepBudget) {
  const std::string mb(1u << 20, 'a');
  for (const char* rule : {"T should have v regexMatch /(.*a){1000}x/", "T should not have v regexMatch /(.*a){1000}/",
                           "T should have v contain [ $ regexMatch /(.*a){1000}x/ ]"}) {
    for (const std::string& v : {"\"" + mb + "\"", "[\"" + mb + "\",\"b\"]"}) {
      auto e = eval(rule, R"({"type":"T","v":)" + v + "}");
      ASSERT_EQ(e.result, outcome::error) << rule;
      ASSERT_TRUE(e.error.has_value());
      EXPECT_EQ(e.error->code, diag_code::step_limit) << rule;
    }
  }
  // A short string gets its verdict within the budget.
  const std::string short_text(1000, 'a');
  EXPECT_EQ(outcome_of("T should have v regexMatch /(.*a){1000}x/", R"({"type":"T","v":")" + short_text + "x\"}"),
            outcome::passed);
  EXPECT_EQ(outcome_of("T should have v regexMatch /(.*a){1000}x/", R"({"type":"T","v":")" + short_text + "\"}"),
            outcome::failed);
  // The charge scales with the budget: the same megabyte passes with a budget that covers it.
  cgsl::eval_options big;
  big.max_steps = 100'000'000;
  EXPECT_EQ(outcome_of("T should have v regexMatch /^a+$/", R"({"type":"T","v":")" + mb + "\"}", big), outcome::passed);
  // A small regex over a megabyte fits in the default budget.
  EXPECT_EQ(outcome_of("T should have v regexMatch /^a+$/", R"({"type":"T","v":")" + mb + "\"}"), outcome::passed);
}

TEST(Regex, ProgramSizeIsLimitedByRegexMaxMem) {
  // What RE2 cannot do is refused when compiling: backreferences, lookaround, huge repetitions.
  EXPECT_EQ(compile_error("T should have v regexMatch /(a)\\1/"), diag_code::bad_regex);
  EXPECT_EQ(compile_error("T should have v regexMatch /(?=a)b/"), diag_code::bad_regex);
  EXPECT_EQ(compile_error("T should have v regexMatch /((a{100}){100}){100}/"), diag_code::bad_regex);
  // A program over the memory budget is E404 with a hint.
  const std::string big = "T should have v regexMatch /" + repeat("(abc|def|ghi)[a-z]{1,20}", 400) + "/";
  EXPECT_TRUE(cgsl::compile(big).ok()) << cgsl::compile(big).format_errors();
  cgsl::compile_options tight;
  tight.regex_max_mem = 64 << 10;
  auto r = cgsl::compile(big, tight);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.at(0).code, diag_code::regex_too_large);
  EXPECT_NE(r.diagnostics[0].hint.find("regex_max_mem"), std::string::npos);
  EXPECT_TRUE(cgsl::compile("T should have v regexMatch /^prod-[a-z]+$/", tight).ok());
}

// ---- entity JSON --------------------------------------------------------------------------------

TEST(Json, HundredThousandDeepIsE302) {
  for (const std::string& deep : {std::string(100000, '[') + std::string(100000, ']'),
                                  repeat("{\"a\":", 100000) + "1" + std::string(100000, '}'),
                                  "{\"type\":\"T\",\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}"}) {
    EXPECT_EQ(json_error(deep), diag_code::json_too_deep);
    for (int f = 0; f < kFormats; ++f) {
      auto r = read_mem(deep, static_cast<cgsl::io::input_format>(f));
      ASSERT_FALSE(r.codes.empty()) << "format " << f;
      EXPECT_EQ(r.count("entity "), 0u) << "format " << f;
    }
    // In NDJSON, the line after it is still read.
    auto nd = read_mem(deep + "\n" + R"({"type":"T"})" + "\n", cgsl::io::input_format::ndjson);
    EXPECT_EQ(nd.codes, std::vector<diag_code>{diag_code::json_too_deep});
    EXPECT_EQ(nd.count("entity "), 1u);
  }
  // The limit is exact and can be lowered.
  cgsl::parse_options o;
  o.max_depth = 10;
  EXPECT_TRUE(cgsl::document::parse(std::string(10, '[') + std::string(10, ']'), o).ok());
  EXPECT_EQ(json_error(std::string(11, '[') + std::string(11, ']'), o), diag_code::json_too_deep);
  // At the default limit, evaluation over the deepest accepted document stays within the stack.
  const std::string deepest = "{\"type\":\"T\",\"a\":" + std::string(1022, '[') + "1" + std::string(1022, ']') + "}";
  EXPECT_EQ(outcome_of("T should have a = 1", deepest), outcome::passed);
  EXPECT_EQ(outcome_of("T should have a contain [ $ contain [ $ = 2 ] ]", deepest), outcome::failed);
  EXPECT_EQ(outcome_of("T should have a.b.c length() > 0", deepest), outcome::failed);
}

TEST(Json, HundredMegabyteStringValue) {
  const std::string big(100u << 20, 'a');
  const std::string json = R"({"type":"T","s":")" + big + R"(","n":1})";
  auto doc = parse_ok(json);
  cgsl::evaluator ev;
  auto run = [&](const std::string& rule) { return ev.evaluate(compile_ok(rule), doc).result; };
  EXPECT_EQ(run("T should have s length() = 104857600"), outcome::passed);
  EXPECT_EQ(run("T should have s like 'a%a'"), outcome::passed);
  EXPECT_EQ(run("T should have s like '%b%'"), outcome::failed);
  // Regex work is charged to the step budget (n bytes x program size / 16, docs/security.md):
  // over 100 MB it does not fit the default 10,000,000 steps, so it is E403 (an error, never a
  // guess); with a budget that covers it, the verdicts.
  for (const char* rule : {"T should have s regexMatch /^a+$/", "T should have s regexMatch /(a+)+b/"}) {
    auto e = ev.evaluate(compile_ok(rule), doc);
    EXPECT_EQ(e.result, outcome::error) << rule;
    EXPECT_TRUE(e.error && e.error->code == diag_code::step_limit) << rule;
  }
  cgsl::eval_options roomy;
  roomy.max_steps = 1'000'000'000;
  EXPECT_EQ(ev.evaluate(compile_ok("T should have s regexMatch /^a+$/"), doc, roomy).result, outcome::passed);
  EXPECT_EQ(ev.evaluate(compile_ok("T should have s regexMatch /(a+)+b/"), doc, roomy).result, outcome::failed);
  EXPECT_EQ(run("T should have s = 'a'"), outcome::failed);
  EXPECT_EQ(run("T should have s > 'a'"), outcome::passed);
  EXPECT_EQ(run("T should have s = 5"), outcome::failed);
  EXPECT_EQ(run("T should have s in ('a', 'b')"), outcome::failed);
  EXPECT_EQ(run("T should not have s isPublic()"), outcome::passed);
  EXPECT_EQ(run("T should not have s before(1, 'days')"), outcome::passed);
  EXPECT_EQ(run("T should have s isFilterPatternEqual('a')"), outcome::failed);
  EXPECT_EQ(run("T should not have s isEmpty()"), outcome::passed);
  // Through the input adapters: the big line and the line after it.
  for (auto f : {cgsl::io::input_format::automatic, cgsl::io::input_format::ndjson}) {
    auto r = read_mem(json + "\n" + R"({"type":"T"})" + "\n", f);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.count("entity "), 2u);
  }
  // Under a lower document size limit, it is E303 (and the next line is still read).
  cgsl::parse_options small;
  small.max_bytes = 10u << 20;
  EXPECT_EQ(json_error(json, small), diag_code::json_too_large);
  cgsl::io::reader_options ro;
  ro.json = small;
  auto r = read_mem(json + "\n" + R"({"type":"T"})" + "\n", cgsl::io::input_format::ndjson, ro);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.codes, std::vector<diag_code>{diag_code::json_too_large});
  EXPECT_EQ(r.count("entity "), 1u);
  EXPECT_EQ(read_mem(json, cgsl::io::input_format::json, ro).codes, std::vector<diag_code>{diag_code::json_too_large});
}

TEST(Json, InvalidUtf8IsE306) {
  for (const char* bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
                          "\x80", "\xc3", "\xe2\x82", "a\xfe" "b"}) {
    EXPECT_EQ(json_error(std::string(R"({"type":"T","v":")") + bad + "\"}"), diag_code::json_invalid_utf8) << bad;
    EXPECT_EQ(json_error(std::string(R"({"type":"T",")") + bad + "\":1}"), diag_code::json_invalid_utf8) << bad;
    // One bad line of NDJSON does not hide the others.
    auto r = read_mem(std::string(R"({"type":"T","v":")") + bad + "\"}\n{\"type\":\"T\"}\n", cgsl::io::input_format::ndjson);
    EXPECT_EQ(r.codes, std::vector<diag_code>{diag_code::json_invalid_utf8}) << bad;
    EXPECT_EQ(r.count("entity "), 1u);
  }
  // An escaped lone surrogate is not a character either.
  EXPECT_EQ(json_error(R"({"v":"\ud800"})"), diag_code::json_invalid);
  // Valid multi-byte text is fine, and length() counts code points.
  EXPECT_EQ(outcome_of("T should have v length() = 3", R"({"type":"T","v":"é😀\u00e9"})"), outcome::passed);
}

TEST(Json, NulBytes) {
  using namespace std::string_literals;
  EXPECT_EQ(json_error("{\"type\":\"T\",\"v\":\"a\0b\"}"s), diag_code::json_invalid);  // unescaped
  EXPECT_EQ(json_error("{\"type\":\"T\"}\0"s), diag_code::json_invalid);
  EXPECT_EQ(json_error("\0{\"type\":\"T\"}"s), diag_code::json_invalid);
  EXPECT_EQ(json_error(std::string(1000, '\0')), diag_code::json_invalid);
  // Escaped, NUL is an ordinary character, in values and in keys.
  EXPECT_EQ(outcome_of("T should have v = 'a'", R"({"type":"T","v":"a\u0000"})"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have v length() = 3", R"({"type":"T","v":"a\u0000b"})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should not have v", R"({"type":"T","v\u0000":1})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have v like 'a%'", R"({"type":"T","v":"a\u0000"})"), outcome::passed);
  // A type with a NUL in it is another type.
  EXPECT_EQ(outcome_of("T should have a", R"({"type":"T\u0000","a":1})"), outcome::not_relevant);
  for (int f = 0; f < kFormats; ++f) {
    auto r = read_mem("{\"type\":\"T\"}\n\0\0\0\n{\"type\":\"T\",\"v\":\"\0\"}\n{\"type\":\"T\"}\n"s,
                      static_cast<cgsl::io::input_format>(f));
    EXPECT_FALSE(r.codes.empty()) << "format " << f;
  }
  auto nd = read_mem("{\"type\":\"T\"}\n\0\0\0\n{\"type\":\"T\",\"v\":\"\0\"}\n{\"type\":\"T\"}\n"s,
                     cgsl::io::input_format::ndjson);
  EXPECT_EQ(nd.count("entity "), 2u);
  EXPECT_EQ(nd.count("error "), 2u);
}

// A UTF-8 byte order mark is not JSON (RFC 8259 section 8.1 lets parsers reject it or skip it).
// cgsl::document refuses it (E301); the input adapters may skip a leading one. Either way nothing
// is read as something else, and no entity is silently lost.
TEST(Json, ByteOrderMark) {
  EXPECT_EQ(json_error("\xEF\xBB\xBF{\"type\":\"T\",\"a\":1}"), diag_code::json_invalid);
  EXPECT_EQ(json_error("{\"type\":\"T\",\"a\":1}\xEF\xBB\xBF"), diag_code::json_invalid);
  EXPECT_EQ(json_error("\xEF\xBB\xBF\xEF\xBB\xBF{}"), diag_code::json_invalid);
  // Inside a string it is an ordinary character.
  EXPECT_EQ(outcome_of("T should have a length() = 1", "{\"type\":\"T\",\"a\":\"\xEF\xBB\xBF\"}"), outcome::passed);
  for (int f = 0; f < kFormats; ++f) {
    for (const char* in : {"\xEF\xBB\xBF{\"type\":\"T\"}\n{\"type\":\"T\"}\n", "\xEF\xBB\xBF[{\"type\":\"T\"},{\"type\":\"T\"}]",
                           "\xEF\xBB\xBF\xEF\xBB\xBF{\"type\":\"T\"}\n{\"type\":\"T\"}\n"}) {
      auto r = read_mem(in, static_cast<cgsl::io::input_format>(f));
      EXPECT_TRUE(r.count("entity ") == 2 || !r.codes.empty()) << "format " << f << ": an entity was dropped silently";
    }
  }
  // In NDJSON only the first line is lost, and reported.
  auto nd = read_mem("\xEF\xBB\xBF{\"type\":\"T\"}\n{\"type\":\"T\"}\n", cgsl::io::input_format::ndjson);
  EXPECT_EQ(nd.codes, std::vector<diag_code>{diag_code::json_invalid});
  EXPECT_EQ(nd.count("entity "), 1u);
}

// Duplicate keys: the first occurrence is the one rules see, always (simdjson's lookup). An
// attacker can therefore show cgsl one value and a last-wins consumer another; docs/security.md.
TEST(Json, DuplicateKeysFirstWins) {
  EXPECT_EQ(outcome_of("T should have x = 1", R"({"type":"T","x":1,"x":2})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = 2", R"({"type":"T","x":1,"x":2})"), outcome::failed);
  EXPECT_EQ(outcome_of("T should have x", R"({"type":"T","x":"a","type":"U"})"), outcome::passed);
  EXPECT_EQ(outcome_of("U should have x", R"({"type":"T","x":"a","type":"U"})"), outcome::not_relevant);
  const std::string dup_effect = R"({"type":"EcrRepository","policy":{"document":{"Statement":[
      {"Effect":"Allow","Effect":"Deny","Principal":"*"},{"Effect":"Deny","Effect":"Allow","Principal":"*"}]}}})";
  auto e = eval("EcrRepository should not have policy.document.Statement contain [ Effect='Allow' and Principal='*' ]", dup_effect);
  EXPECT_EQ(e.result, outcome::failed);
  EXPECT_EQ(e.evidence, std::vector<std::string>{"policy.document.Statement[0]"});
  // Many duplicates of one key cost nothing special.
  std::string many = R"({"type":"T")";
  for (int i = 0; i < 100000; ++i) many += R"(,"x":)" + std::to_string(i);
  EXPECT_EQ(outcome_of("T should have x = 0", many + "}"), outcome::passed);
}

TEST(Json, HugeAndNegativeZeroNumbers) {
  for (const char* n : {"1e400", "-1e400", "1e999999999", "18446744073709551616", "123456789012345678901234567890"}) {
    EXPECT_EQ(json_error(std::string(R"({"type":"T","x":)") + n + "}"), diag_code::json_invalid) << n;
  }
  // Underflow is zero; the extremes of each integer type compare exactly.
  EXPECT_EQ(outcome_of("T should have x = 0", R"({"type":"T","x":1e-400})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = -0", R"({"type":"T","x":-0})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = 0", R"({"type":"T","x":-0})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x > -1 and x < 1 and x like '0'", R"({"type":"T","x":-0.0})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = '0'", R"({"type":"T","x":-0})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x like '18446744073709551615'", R"({"type":"T","x":18446744073709551615})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = -9223372036854775808", R"({"type":"T","x":-9223372036854775808})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x > 1e308", R"({"type":"T","x":1.7976931348623157e308})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x < 1e-300", R"({"type":"T","x":5e-324})"), outcome::passed);
  // Strings holding out-of-range numbers saturate (docs/language.md): compared as numbers, no UB.
  EXPECT_EQ(outcome_of("T should have x > 1e308", R"({"type":"T","x":"1e400"})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x < -1e308", R"({"type":"T","x":"-1e400"})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x = 0", R"({"type":"T","x":"-1e-400"})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x before(0, 'days')", R"({"type":"T","x":-1.7976931348623157e308})"), outcome::passed);
  EXPECT_EQ(outcome_of("T should have x after(0, 'days')", R"({"type":"T","x":"1e400"})"), outcome::failed);
}

// ---- evaluation ---------------------------------------------------------------------------------

// Deep `contain` nesting over wide arrays: the work grows with width^depth, the step budget
// bounds it, and the answer is either right or `error` (E403), never a pass it did not earn.
TEST(Evaluation, DeepContainOverWideArrays) {
  // A rule nested as deep as allowed (256), over 100,000 elements: every element is visited 256
  // levels deep, past the default budget.
  std::string json = R"({"type":"T","a":[)";
  for (int i = 0; i < 100000; ++i) json += i ? ",1" : "1";
  json += "]}";
  const std::string deep_rule = "T should not have a" + repeat(" contain [ $", 256) + " = 2" + std::string(256, ']');
  auto e = eval(deep_rule, json);
  EXPECT_EQ(e.result, outcome::error);
  ASSERT_TRUE(e.error.has_value());
  EXPECT_EQ(e.error->code, diag_code::step_limit);
  EXPECT_EQ(compile_error("T should not have a" + repeat(" contain [ $", 257) + " = 2" + std::string(257, ']')),
            diag_code::rule_too_deep);

  // A tree 8 wide and 7 deep (2 million leaves); each contain level maps over every element below.
  std::string tree = "0";
  for (int level = 0; level < 7; ++level) {
    std::string arr = "[";
    for (int i = 0; i < 8; ++i) arr += (i ? "," : "") + tree;
    tree = arr + "]";
  }
  const std::string wide = R"({"type":"T","a":)" + tree + "}";
  const std::string rule = "T should not have a" + repeat(" contain-any [ $", 7) + " = 1" + std::string(7, ']');
  EXPECT_EQ(outcome_of(rule, wide), outcome::passed);
  cgsl::eval_options tight;
  tight.max_steps = 100000;
  e = eval(rule, wide, tight);
  EXPECT_EQ(e.result, outcome::error);
  EXPECT_EQ(e.error->code, diag_code::step_limit);
  // Whatever the operator, the tight budget gives the unlimited answer or E403.
  for (const char* op : {"contain", "contain-all", "contain-none", "contain-single", "with"}) {
    const std::string r = std::string("T should not have a") + repeat(std::string(" ") + op + " [ $", 7) + " = 0" + std::string(7, ']');
    const outcome unlimited = outcome_of(r, wide);
    e = eval(r, wide, tight);
    if (e.result != unlimited) {
      EXPECT_EQ(e.result, outcome::error) << op;
      EXPECT_EQ(e.error->code, diag_code::step_limit) << op;
    }
  }
}

// Evidence costs no more than the evaluation it explains: each path is listed once, and a
// hostile entity cannot make the list grow past the step budget.
TEST(Evaluation, EvidenceIsDeduplicatedAndBounded) {
  EXPECT_EQ(eval("T should have a = 1 or a = 2", R"({"type":"T","a":3})").evidence, std::vector<std::string>{"a"});
  EXPECT_EQ(eval("T should not have l.b = 1 and l.b > 0", R"({"type":"T","l":[{"b":1},{"b":1}]})").evidence,
            (std::vector<std::string>{"l[0].b", "l[1].b"}));

  // 200,000 matching elements: 200,000 evidence paths, found in linear time.
  std::string wide = R"({"type":"T","a":[)";
  for (int i = 0; i < 200000; ++i) wide += i ? R"(,{"b":1})" : R"({"b":1})";
  wide += "]}";
  auto e = eval("T should not have a.b = 1", wide);
  EXPECT_EQ(e.result, outcome::failed);
  EXPECT_EQ(e.evidence.size(), 200000u);
  EXPECT_EQ(e.evidence.back(), "a[199999].b");

  // The same 200,000 elements at the bottom of 1,000 nested arrays: every path would be ~3 KB
  // long (600 MB of evidence). Rendering is charged to the step budget, so the list stops early.
  const std::string deep_wide = R"({"type":"T","a":)" + std::string(1000, '[') + wide.substr(wide.find('[') + 1, wide.size() - wide.find('[') - 3) +
                                std::string(1000, ']') + "}";
  e = eval("T should not have a.b = 1", deep_wide);
  EXPECT_EQ(e.result, outcome::failed);
  ASSERT_FALSE(e.evidence.empty());
  EXPECT_LT(e.evidence.size(), 200000u);
  std::size_t bytes = 0;
  for (const auto& p : e.evidence) bytes += p.size();
  EXPECT_LT(bytes, std::size_t{64} << 20);
  EXPECT_EQ(e.evidence.front().substr(0, 8), "a[0][0][");
}

// ---- fail closed --------------------------------------------------------------------------------

struct bundled_case {
  std::string rule_id;
  std::string entity;
};

// Every bundled rule over every entity of its test file, with every step budget from 0 up to what
// the evaluation needs: the result is the right answer or E403, never anything else; with a
// budget of 0 or 1 it is always E403.
TEST(FailClosed, StepBudgetsNeverChangeTheAnswer) {
  auto bundled = cgsl::load_rules(std::string(CGSL_SOURCE_DIR) + "/gsl_rules");
  ASSERT_TRUE(bundled.ok());
  ASSERT_GE(bundled.value.rules.size(), 4u);
  const std::string tests = read_file(std::string(CGSL_SOURCE_DIR) + "/gsl_rules/aws/ecr.tests.json");
  simdjson::dom::parser parser;
  simdjson::dom::element cases = parser.parse(tests).value();
  cgsl::evaluator ev;
  std::size_t checked = 0;
  const simdjson::dom::array case_list = cases.get_array().value();
  for (simdjson::dom::element c : case_list) {
    const simdjson::dom::element entity = c["entity"].value();
    for (const auto& r : bundled.value.rules) {
      for (bool evidence : {true, false}) {
        cgsl::eval_options o;
        o.now = 1.7e9;
        o.evidence = evidence;
        const cgsl::evaluation full = cgsl::evaluate(ev, r.compiled, entity, o);
        ASSERT_NE(full.result, outcome::error) << r.info.id;
        if (full.result == outcome::not_relevant && cgsl::entity_type(entity, o) != r.compiled.target_type()) continue;
        for (std::uint64_t budget = 0;; ++budget) {
          o.max_steps = budget;
          const cgsl::evaluation limited = cgsl::evaluate(ev, r.compiled, entity, o);
          ++checked;
          if (limited.result == full.result) {
            EXPECT_GE(budget, 2u) << r.info.id << ": a real rule decided within " << budget << " steps";
            break;
          }
          ASSERT_EQ(limited.result, outcome::error) << r.info.id << " budget " << budget;
          ASSERT_TRUE(limited.error.has_value());
          ASSERT_EQ(limited.error->code, diag_code::step_limit);
          EXPECT_TRUE(limited.evidence.empty());
          ASSERT_LT(budget, 100000u);
        }
      }
    }
  }
  EXPECT_GT(checked, 500u);
}

// Failures injected into caller functions, wherever they sit in the rule, make the outcome
// `error`; so do entities the rule cannot be applied to.
TEST(FailClosed, InjectedFailuresAreErrors) {
  auto registry = std::make_shared<cgsl::function_registry>();
  registry->add("throwsStd", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) -> cgsl::function_result {
    throw std::runtime_error("injected");
  });
  registry->add("throwsInt", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) -> cgsl::function_result {
    throw 42;
  });
  registry->add("throwsAlloc", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) -> cgsl::function_result {
    throw std::length_error("injected");
  });
  cgsl::compile_options co;
  co.functions = registry;
  const std::string entity = R"({"type":"T","a":[1,2,3],"b":true})";
  for (const char* fn : {"throwsStd()", "throwsInt()", "throwsAlloc()"}) {
    for (const std::string& rule :
         {"T should have " + std::string(fn), "T should not have " + std::string(fn), "T should have not " + std::string(fn),
          "T where " + std::string(fn) + " should have b", "T should have b and a contain [ " + std::string(fn) + " ]",
          "T should not have a contain-all [ $ > 1 or " + std::string(fn) + " ]",
          // Decided `failed` by the fast pass at a[0]; the evidence pass meets the throw at a[1].
          "T should not have a contain [ $ = 1 or " + std::string(fn) + " ]",
          "T should have (b or a) and a length() > 2 and a " + std::string(fn) + " = 1"}) {
      auto e = cgsl::evaluate(compile_ok(rule, co), parse_ok(entity));
      EXPECT_EQ(e.result, outcome::error) << rule;
      ASSERT_TRUE(e.error.has_value()) << rule;
      EXPECT_EQ(e.error->code, diag_code::internal_error) << rule;
    }
  }
  // Entities a rule cannot be applied to.
  auto rule = compile_ok("T should not have a");
  struct { const char* json; diag_code code; } bad[] = {
      {"[1]", diag_code::entity_not_object}, {"\"T\"", diag_code::entity_not_object}, {"null", diag_code::entity_not_object},
      {R"({"a":1})", diag_code::entity_no_type}, {R"({"type":"","a":1})", diag_code::entity_no_type},
      {R"({"type":5,"a":1})", diag_code::entity_no_type}, {R"({"type":["T"],"a":1})", diag_code::entity_no_type},
  };
  for (const auto& b : bad) {
    auto e = cgsl::evaluate(rule, parse_ok(b.json));
    EXPECT_EQ(e.result, outcome::error) << b.json;
    ASSERT_TRUE(e.error.has_value());
    EXPECT_EQ(e.error->code, b.code) << b.json;
  }
  // List<T> rules over a single entity, and List<T> documents too deep once wrapped.
  auto list = compile_ok("List<T> should have items length() < 5");
  EXPECT_EQ(cgsl::evaluate(list, parse_ok(R"({"type":"T"})")).result, outcome::error);
  cgsl::evaluator ev;
  auto deep = parse_ok(R"({"type":"T","a":)" + std::string(1022, '[') + std::string(1022, ']') + "}");
  const std::vector<const cgsl::document*> docs{&deep};
  auto e = ev.evaluate_list(list, docs);
  EXPECT_EQ(e.result, outcome::error);
  EXPECT_EQ(e.error->code, diag_code::json_too_deep);
  EXPECT_EQ(ev.evaluate_list(rule, docs).result, outcome::error);
}

// ---- input adapters -----------------------------------------------------------------------------

// Every format survives hostile bytes: each input ends in entities and E3xx errors, never a crash,
// and an input with nothing in it is an error, not a clean run.
TEST(Input, EveryFormatSurvivesHostileBytes) {
  using namespace std::string_literals;
  const std::string inputs[] = {
      ""s, "\n\n \r\n"s, "\0"s, "\xEF\xBB\xBF"s, "{"s, "}"s, "[[[[[[[["s, "\"\\"s, "{\"a\":\"\xff\"}"s,
      "{\"type\":\"T\"}\r\n{\"type\":"s, "1\n2\n3"s, "[{\"type\":\"T\"},"s, "{\"entities\":5}"s,
      "{\"items\":[1,[2],{\"type\":\"T\"}]}"s, "{\"assets\":{}}"s, "\"\\ud800\""s, "{\"a\":1e400}\n{\"a\":1}"s,
      std::string(100000, '{'), std::string(2000, '\n'), repeat("{\"type\":\"T\"}\n", 10000),
      "{\"resource_changes\":[{\"change\":{\"after\":{\"a\":1}}}]}"s, "{\"repositories\":[{\"repositoryName\":\"r\"}]}"s,
  };
  for (int f = 0; f < kFormats; ++f) {
    for (std::size_t window : {std::size_t{1}, std::size_t{5}, std::size_t{4} << 20}) {
      for (const std::string& in : inputs) {
        cgsl::io::reader_options o;
        o.window_bytes = window;
        auto r = read_mem(in, static_cast<cgsl::io::input_format>(f), o);
        if (in.find_first_not_of(" \r\n"s + '\0') == std::string::npos) {
          EXPECT_FALSE(r.codes.empty()) << "format " << f << ": empty input must be an error";
        }
      }
    }
  }
}

// An input that is nothing but a byte order mark (and blank lines) is empty, and an empty input
// is an error, not a clean run (docs/architecture.md).
TEST(Input, ByteOrderMarkAloneIsAnEmptyInput) {
  for (int f = 0; f < kFormats; ++f) {
    for (const char* in : {"\xEF\xBB\xBF", "\xEF\xBB\xBF\n\n", "\xEF\xBB\xBF  \r\n"}) {
      auto r = read_mem(in, static_cast<cgsl::io::input_format>(f));
      EXPECT_FALSE(r.codes.empty()) << "format " << f << ": an empty input looks like a clean run";
    }
  }
}

// The same with the byte order mark anywhere among the blanks, or twice: a document input that
// holds no JSON value at all is empty. The first input is the one fuzz_input found
// (fuzz/regressions/input/bom-between-blank-lines, format byte '0').
TEST(Input, ByteOrderMarksAmongBlanksAreAnEmptyInput) {
  for (int f = 0; f < kFormats; ++f) {
    for (const char* in : {"\n\t\r\xEF\xBB\xBF\n\n\r\n", " \xEF\xBB\xBF", "\xEF\xBB\xBF\xEF\xBB\xBF", "\xEF\xBB\xBF\n\xEF\xBB\xBF\n"}) {
      auto r = read_mem(in, static_cast<cgsl::io::input_format>(f));
      EXPECT_FALSE(r.codes.empty()) << "format " << f << ": an empty input looks like a clean run";
    }
  }
}

// Blank lines before the first entity are skipped in linear time (sniffing once re-scanned
// everything read so far at every newline: 1,000,000 blank lines took minutes).
TEST(Input, LeadingBlankLinesAreLinear) {
  const std::string input = std::string(1'000'000, '\n') + R"({"type":"T"})" + "\n" + R"({"type":"T"})" + "\n";
  for (auto f : {cgsl::io::input_format::automatic, cgsl::io::input_format::json, cgsl::io::input_format::ndjson}) {
    const auto start = std::chrono::steady_clock::now();
    auto r = read_mem(input, f);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_FALSE(r.events.empty());
    EXPECT_LT(seconds, 5.0) << "format " << static_cast<int>(f);
  }
}

// ---- concurrency (also run under ThreadSanitizer) -----------------------------------------------

// Many threads share one compiled rule set and documents while limits fire: step limits, a regex
// that exhausts RE2's shared DFA cache, caller functions that throw. Each thread's results equal
// the single-threaded ones.
TEST(Concurrency, LimitsFireIdenticallyUnderManyThreads) {
  auto registry = std::make_shared<cgsl::function_registry>();
  registry->add("flaky", 1, [](const cgsl::json_view& v, const std::vector<cgsl::literal>&) -> cgsl::function_result {
    if (v.size() > 3) throw std::runtime_error("too many");
    return static_cast<double>(v.size());
  });
  cgsl::compile_options co;
  co.functions = registry;
  std::vector<cgsl::rule> rules;
  auto bundled = cgsl::load_rules(std::string(CGSL_SOURCE_DIR) + "/gsl_rules");
  ASSERT_TRUE(bundled.ok());
  for (const auto& r : bundled.value.rules) rules.push_back(r.compiled);
  for (const char* text : {"T should not have v regexMatch /a[ab]{16}c/", "T should have a contain-all [ $ contain [ $ > 0 ] ]",
                           "T should have a flaky(1) < 3", "T should not have l.b = 1",
                           "T should have a contain-all [ $ contain-none [ $ = 9 ] ]",
                           "T where v like '%ab%ba%' should have a length() > 2"}) {
    rules.push_back(compile_ok(text, co));
  }
  std::mt19937 gen(11);
  std::vector<cgsl::document> docs;
  for (int i = 0; i < 12; ++i) {
    std::string v(20000, 'a');
    for (char& ch : v) ch = gen() % 2 ? 'a' : 'b';
    std::string a = "[";
    for (int j = 0; j < i * 40; ++j) a += (j ? ",[" : "[") + std::to_string(j % 7) + "]";
    a += "]";
    std::string l = "[";
    for (int j = 0; j < i * 10; ++j) l += std::string(j ? "," : "") + R"({"b":)" + std::to_string(j % 2) + "}";
    l += "]";
    docs.push_back(parse_ok(R"({"type":")" + std::string(i % 4 == 0 ? "EcrRepository" : "T") + R"(","v":")" + v +
                            R"(","a":)" + a + R"(,"l":)" + l +
                            R"(,"policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}})"));
  }
  cgsl::eval_options o;
  o.now = 1.7e9;
  o.max_steps = 1000;
  auto run_all = [&](cgsl::evaluator& ev) {
    std::vector<std::string> out;
    for (const auto& d : docs) {
      for (const auto& r : rules) {
        auto e = ev.evaluate(r, d, o);
        std::string line(cgsl::to_string(e.result));
        if (e.error) line += " " + cgsl::code_name(e.error->code);
        for (const auto& p : e.evidence) line += " " + p;
        out.push_back(std::move(line));
      }
    }
    return out;
  };
  cgsl::evaluator reference;
  const std::vector<std::string> expected = run_all(reference);
  for (const char* kind : {"E403", "E901", "failed", "passed"}) {
    EXPECT_NE(std::count_if(expected.begin(), expected.end(), [&](const std::string& s) { return s.find(kind) != std::string::npos; }), 0)
        << "the workload should include " << kind;
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      cgsl::evaluator mine;
      for (int round = 0; round < 3; ++round) {
        if (run_all(mine) != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// Compiling hostile rules from many threads at once (the parser keeps no shared state).
TEST(Concurrency, HostileRulesCompileFromManyThreads) {
  const std::string deep = "T should have " + std::string(5000, '(') + "a" + std::string(5000, ')');
  const std::string bad_regex = "T should have v regexMatch /" + repeat("(abc|def)[a-z]{1,20}", 400) + "/";
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      cgsl::compile_options tight;
      tight.regex_max_mem = 64 << 10;
      for (int i = 0; i < 10; ++i) {
        auto a = cgsl::compile(deep);
        auto b = cgsl::compile(bad_regex, tight);
        auto c = cgsl::compile("T should have v regexMatch /^(a+)+$/ and w like '%x%y%'");
        if (a.ok() || a.diagnostics.at(0).code != diag_code::rule_too_deep) ++wrong;
        if (b.ok() || b.diagnostics.at(0).code != diag_code::regex_too_large) ++wrong;
        if (!c.ok()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
