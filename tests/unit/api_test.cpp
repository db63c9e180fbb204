// SPDX-License-Identifier: Apache-2.0
// The public API around documents and values: bad JSON becomes diagnostics, views read values.
#include <gtest/gtest.h>

#include "cgsl/cgsl.hpp"

namespace {

TEST(Document, BadJsonIsADiagnosticNotACrash) {
  struct { const char* json; cgsl::diag_code code; } cases[] = {
      {"{\"a\":", cgsl::diag_code::json_invalid},
      {"", cgsl::diag_code::json_invalid},
      {"{\"a\":\"\xff\"}", cgsl::diag_code::json_invalid_utf8},
      {"[1,2", cgsl::diag_code::json_invalid},
  };
  for (const auto& c : cases) {
    auto d = cgsl::document::parse(c.json);
    EXPECT_FALSE(d.ok()) << c.json;
    EXPECT_EQ(d.error.code, c.code) << c.json << ": " << d.error.message;
  }
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto d = cgsl::document::parse(deep);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error.code, cgsl::diag_code::json_too_deep);
  cgsl::parse_options small;
  small.max_bytes = 4;
  EXPECT_EQ(cgsl::document::parse("[1,2,3]", small).error.code, cgsl::diag_code::json_too_large);
}

TEST(Document, OddButValidJson) {
  // A BOM, duplicate keys, huge and negative-zero numbers: parsed or rejected, never a crash.
  auto bom = cgsl::document::parse("\xEF\xBB\xBF{\"type\":\"T\"}");
  auto dup = cgsl::document::parse(R"({"type":"T","x":1,"x":2})");
  ASSERT_TRUE(dup.ok());
  auto rule = cgsl::compile("T should x = 1");
  ASSERT_TRUE(rule.ok());
  // Duplicate keys: simdjson's lookup finds the first; the rule sees x = 1.
  EXPECT_EQ(cgsl::evaluate(*rule.value, *dup.value).result, cgsl::outcome::passed);
  (void)bom;
  auto big = cgsl::document::parse(R"({"type":"T","x":1e400})");
  EXPECT_FALSE(big.ok());  // simdjson rejects numbers out of double range
  auto negzero = cgsl::document::parse(R"({"type":"T","x":-0})");
  ASSERT_TRUE(negzero.ok());
  auto zero = cgsl::compile("T should x = 0");
  EXPECT_EQ(cgsl::evaluate(*zero.value, *negzero.value).result, cgsl::outcome::passed);
}

TEST(JsonView, ReadsValues) {
  auto d = cgsl::document::parse(R"({"s":"x","n":2.5,"b":true,"z":null,"a":[1,2],"o":{"k":"v"}})");
  ASSERT_TRUE(d.ok());
  cgsl::json_view root = d.value->root();
  EXPECT_EQ(root.type(), cgsl::json_view::kind::object);
  EXPECT_EQ(root.size(), 6u);
  EXPECT_EQ(root.get("s").as_string().value(), "x");
  EXPECT_EQ(root.get("n").as_number().value(), 2.5);
  EXPECT_EQ(root.get("b").as_bool().value(), true);
  EXPECT_EQ(root.get("z").type(), cgsl::json_view::kind::null);
  EXPECT_TRUE(root.get("missing").is_missing());
  EXPECT_EQ(root.get("a").size(), 2u);
  double sum = 0;
  root.get("a").for_each_element([&](const cgsl::json_view& v) { sum += v.as_number().value_or(0); });
  EXPECT_EQ(sum, 3.0);
  std::string keys;
  root.for_each_member([&](std::string_view k, const cgsl::json_view&) { keys += k; });
  EXPECT_EQ(keys, "snbzao");
  EXPECT_EQ(root.get("o").to_json(), R"({"k":"v"})");
}

TEST(Outcome, Names) {
  EXPECT_EQ(cgsl::to_string(cgsl::outcome::not_relevant), "not_relevant");
  EXPECT_EQ(cgsl::to_string(cgsl::outcome::matched), "matched");
}

}  // namespace

#include <random>

#include "common/json_text.hpp"

namespace {

// The word-at-a-time escaper agrees with a byte-by-byte reference on random text.
TEST(JsonText, EscapesLikeTheReference) {
  auto reference = [](std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else out += static_cast<char>(c);
    }
    return out + "\"";
  };
  std::mt19937 rng(42);
  static constexpr char kAlphabet[] = "abcXYZ019 \"\\\n\r\t\x01\x1f\x7f\x80\xff\xc3\xa9";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);  // every byte but the final NUL
  ASSERT_EQ(alphabet.size(), 22u);
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = (rng() % 4 == 0) ? alphabet[rng() % alphabet.size()] : static_cast<char>('a' + rng() % 26);
    std::string got;
    cgsl::detail::append_json_string(got, s);
    ASSERT_EQ(got, reference(s)) << s;
  }
}

}  // namespace

namespace {

// Callables passed as lvalues (named lambdas, functors) work as well as temporaries.
TEST(JsonView, LvalueCallables) {
  auto d = cgsl::document::parse(R"({"a":[1,2,3],"o":{"x":1,"y":2}})");
  ASSERT_TRUE(d.ok());
  int n = 0;
  auto count = [&n](const cgsl::json_view&) { ++n; };
  d.value->root().get("a").for_each_element(count);
  auto count_members = [&n](std::string_view, const cgsl::json_view&) { ++n; };
  d.value->root().get("o").for_each_member(count_members);
  EXPECT_EQ(n, 5);
}

}  // namespace
