// SPDX-License-Identifier: Apache-2.0
// Unit tests for the GSL text helpers (number/boolean coercion, like, UTF-8, filter patterns,
// JSON number text).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "functions/text.hpp"

namespace {

using cgsl::detail::append_json_number_text;
using cgsl::detail::equal_ignore_ascii_case;
using cgsl::detail::filter_pattern_equal;
using cgsl::detail::like_pattern;
using cgsl::detail::parse_bool_text;
using cgsl::detail::parse_complete_number;
using cgsl::detail::utf8_length;

// ----------------------------------------------------------------------------------------------
// parse_complete_number

TEST(Text, ParseCompleteNumberAcceptsDecimalForms) {
    struct row {
        std::string_view text;
        double expected;
    };
    const row rows[] = {
        {"0", 0.0},
        {"5", 5.0},
        {"-5", -5.0},
        {"+5", 5.0},
        {"007", 7.0},
        {"5.", 5.0},
        {".5", 0.5},
        {"-.5", -0.5},
        {"+.5", 0.5},
        {"-5.", -5.0},
        {"0.1", 0.1},
        {"3.14159", 3.14159},
        {"1e3", 1000.0},
        {"1E3", 1000.0},
        {"1e+3", 1000.0},
        {"1e-3", 0.001},
        {"2.5E-1", 0.25},
        {".5e1", 5.0},
        {"5.e1", 50.0},
        {"-1.5e2", -150.0},
        {"+1.5E+2", 150.0},
        {"123456789012345678901234567890", 1.2345678901234568e29},
        {"1.7976931348623157e308", std::numeric_limits<double>::max()},
        {"4.9406564584124654e-324", std::numeric_limits<double>::denorm_min()},
        {"0.000001e310", 1e304},
        {"0e99999999999", 0.0},
        {"9007199254740993", 9007199254740992.0},
    };
    for (const row& r : rows) {
        const auto v = parse_complete_number(r.text);
        ASSERT_TRUE(v.has_value()) << "input: " << r.text;
        EXPECT_DOUBLE_EQ(*v, r.expected) << "input: " << r.text;
    }
}

TEST(Text, ParseCompleteNumberKeepsSignOfZero) {
    const auto neg = parse_complete_number("-0");
    ASSERT_TRUE(neg.has_value());
    EXPECT_EQ(*neg, 0.0);
    EXPECT_TRUE(std::signbit(*neg));
    const auto pos = parse_complete_number("+0.0");
    ASSERT_TRUE(pos.has_value());
    EXPECT_FALSE(std::signbit(*pos));
}

TEST(Text, ParseCompleteNumberRejectsNonNumbers) {
    const std::string_view rejected[] = {
        "",       "+",     "-",     ".",      "+.",     "-.",    "e5",    ".e5",    "5e",
        "5e+",    "5e-",   "5E",    " 5",     "5 ",     "\t5",   "5\n",   "0x10",   "0X1A",
        "inf",    "-inf",  "INF",   "nan",    "NaN",    "Infinity",       "1,5",    "1..2",
        "1.2.3",  "--5",   "+-5",   "-+5",    "5-",     "5+",    "1e5.5", "1e+-5",  "5f",
        "5d",     "1_000", "1 000", "abc",    "true",   "e",     "1e",    "0b101",  "+ 5",
    };
    for (const std::string_view s : rejected) {
        EXPECT_FALSE(parse_complete_number(s).has_value()) << "input: " << s;
    }
    // Embedded NUL is not part of a number.
    EXPECT_FALSE(parse_complete_number(std::string_view("5\0", 2)).has_value());
}

TEST(Text, ParseCompleteNumberSaturatesOutOfRange) {
    const double inf = std::numeric_limits<double>::infinity();
    struct row {
        std::string_view text;
        double expected;
        bool negative_sign;
    };
    const row rows[] = {
        {"1e400", inf, false},
        {"+1e400", inf, false},
        {"-1e400", -inf, true},
        {"1000e306", inf, false},
        {"1e99999999999999999999", inf, false},
        {"123456789e99999", inf, false},
        {"1e-400", 0.0, false},
        {"-1e-400", 0.0, true},
        {"123e-500", 0.0, false},
        {"0.001e-321", 0.0, false},
        {"0.000000001e-99999999999999", 0.0, false},
    };
    for (const row& r : rows) {
        const auto v = parse_complete_number(r.text);
        ASSERT_TRUE(v.has_value()) << "input: " << r.text;
        EXPECT_EQ(*v, r.expected) << "input: " << r.text;
        EXPECT_EQ(std::signbit(*v), r.negative_sign) << "input: " << r.text;
    }
}

// ----------------------------------------------------------------------------------------------
// parse_bool_text / equal_ignore_ascii_case

TEST(Text, ParseBoolTextAnyCase) {
    struct row {
        std::string_view text;
        bool expected;
    };
    const row rows[] = {
        {"true", true},   {"TRUE", true},   {"True", true},   {"tRuE", true},
        {"false", false}, {"FALSE", false}, {"False", false}, {"fAlSe", false},
    };
    for (const row& r : rows) {
        const auto v = parse_bool_text(r.text);
        ASSERT_TRUE(v.has_value()) << "input: " << r.text;
        EXPECT_EQ(*v, r.expected) << "input: " << r.text;
    }
}

TEST(Text, ParseBoolTextRejectsOthers) {
    const std::string_view rejected[] = {
        "", "t", "f", "yes", "no", "1", "0", "true ", " true", "truee", "fals", "falsey", "on",
        "null", "tru\xC3\xA9",
    };
    for (const std::string_view s : rejected) {
        EXPECT_FALSE(parse_bool_text(s).has_value()) << "input: " << s;
    }
}

TEST(Text, EqualIgnoreAsciiCase) {
    EXPECT_TRUE(equal_ignore_ascii_case("", ""));
    EXPECT_TRUE(equal_ignore_ascii_case("AbC", "aBc"));
    EXPECT_TRUE(equal_ignore_ascii_case("a_1-Z", "A_1-z"));
    EXPECT_FALSE(equal_ignore_ascii_case("abc", "abcd"));
    EXPECT_FALSE(equal_ignore_ascii_case("abc", "abd"));
    // Only ASCII letters fold: '@' (0x40) and '`' (0x60) differ by 0x20 but are not letters.
    EXPECT_FALSE(equal_ignore_ascii_case("@", "`"));
    EXPECT_FALSE(equal_ignore_ascii_case("[", "{"));
    // Non-ASCII letters are compared byte-for-byte: "É" vs "é".
    EXPECT_FALSE(equal_ignore_ascii_case("\xC3\x89", "\xC3\xA9"));
}

// ----------------------------------------------------------------------------------------------
// utf8_length

TEST(Text, Utf8LengthCountsCodePoints) {
    struct row {
        std::string_view text;
        std::size_t expected;
    };
    const row rows[] = {
        {"", 0},
        {"a", 1},
        {"abc", 3},
        {"h\xC3\xA9llo", 5},                      // héllo
        {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 3}, // 日本語
        {"\xF0\x9F\x98\x80", 1},                  // U+1F600
        {"a\xF0\x9F\x98\x80" "b", 3},
        {"\xC2\x80", 1},                          // U+0080, smallest 2-byte
        {"\xDF\xBF", 1},                          // U+07FF
        {"\xE0\xA0\x80", 1},                      // U+0800, smallest 3-byte
        {"\xED\x9F\xBF", 1},                      // U+D7FF, just below surrogates
        {"\xEE\x80\x80", 1},                      // U+E000
        {"\xEF\xBF\xBF", 1},                      // U+FFFF
        {"\xF0\x90\x80\x80", 1},                  // U+10000
        {"\xF4\x8F\xBF\xBF", 1},                  // U+10FFFF
    };
    for (const row& r : rows) {
        EXPECT_EQ(utf8_length(r.text), r.expected) << "input bytes: " << r.text.size();
    }
    EXPECT_EQ(utf8_length(std::string_view("a\0b", 3)), 3U); // NUL is a code point
}

TEST(Text, Utf8LengthCountsInvalidBytesOneEach) {
    struct row {
        std::string_view text;
        std::size_t expected;
    };
    const row rows[] = {
        {"\x80", 1},                 // stray continuation byte
        {"\x80\x80\x80", 3},         // three stray continuation bytes
        {"\xC3", 1},                 // truncated 2-byte sequence
        {"\xC3(", 2},                // lead byte followed by a non-continuation
        {"\xE2\x82", 2},             // truncated 3-byte sequence: lead + stray continuation
        {"\xE2\x82" "a", 3},
        {"\xC0\xAF", 2},             // overlong '/'
        {"\xC1\xBF", 2},             // overlong
        {"\xE0\x80\xAF", 3},         // overlong 3-byte
        {"\xED\xA0\x80", 3},         // UTF-16 surrogate U+D800
        {"\xF0\x80\x80\xAF", 4},     // overlong 4-byte
        {"\xF4\x90\x80\x80", 4},     // above U+10FFFF
        {"\xF5\x80\x80\x80", 4},     // never a lead byte
        {"\xFE", 1},
        {"\xFF", 1},
        {"a\xFF" "b\xC3\xA9", 4},    // a, invalid, b, é
    };
    for (const row& r : rows) {
        EXPECT_EQ(utf8_length(r.text), r.expected) << "input bytes: " << r.text.size();
    }
}

// ----------------------------------------------------------------------------------------------
// filter_pattern_equal

TEST(Text, FilterPatternEqualIgnoresAllWhitespace) {
    struct row {
        std::string_view a;
        std::string_view b;
        bool expected;
    };
    const row rows[] = {
        {"", "", true},
        {"", " \t\r\n\v\f", true},
        {"{ $.eventName = ConsoleLogin }", "{$.eventName=ConsoleLogin}", true},
        {"{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
         "{($.errorCode=\"*UnauthorizedOperation\")||($.errorCode=\"AccessDenied*\")}", true},
        {"a\tb\nc\rd\ve\ff g", "abcdefg", true},
        {"  abc  ", "abc", true},
        {"a b", "ab", true},
        {"ab", "a    b", true},
        {"abc", "ABC", false},          // case-sensitive
        {"ab", "abc", false},
        {"abc", "ab", false},
        {"ab c", "abd", false},
        {"x", "", false},
        {"", "x", false},
        {"a\xC2\xA0" "b", "ab", false}, // NBSP is not whitespace here
        {"{ $.a = 1 }", "{ $.a = 2 }", false},
    };
    for (const row& r : rows) {
        EXPECT_EQ(filter_pattern_equal(r.a, r.b), r.expected) << r.a << " vs " << r.b;
        EXPECT_EQ(filter_pattern_equal(r.b, r.a), r.expected) << r.b << " vs " << r.a;
    }
}

// ----------------------------------------------------------------------------------------------
// append_json_number_text

std::string json_text(double v) {
    std::string out;
    append_json_number_text(out, v);
    return out;
}

TEST(Text, JsonNumberTextIntegers) {
    std::string out;
    append_json_number_text(out, std::int64_t{0});
    EXPECT_EQ(out, "0");
    out.clear();
    append_json_number_text(out, std::int64_t{-42});
    EXPECT_EQ(out, "-42");
    out.clear();
    append_json_number_text(out, std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(out, "-9223372036854775808");
    out.clear();
    append_json_number_text(out, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(out, "9223372036854775807");
    out.clear();
    append_json_number_text(out, std::uint64_t{7});
    EXPECT_EQ(out, "7");
    out.clear();
    append_json_number_text(out, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(out, "18446744073709551615");
}

TEST(Text, JsonNumberTextAppends) {
    std::string out = "port=";
    append_json_number_text(out, std::int64_t{22});
    out += ',';
    append_json_number_text(out, 2.5);
    EXPECT_EQ(out, "port=22,2.5");
}

TEST(Text, JsonNumberTextDoubles) {
    struct row {
        double value;
        std::string_view expected;
    };
    const row rows[] = {
        {0.0, "0"},
        {-0.0, "0"},
        {22.0, "22"},
        {-22.0, "-22"},
        {100.0, "100"},
        {1.5, "1.5"},
        {-1.5, "-1.5"},
        {0.1, "0.1"},
        {0.30000000000000004, "0.30000000000000004"},
        {123456.789, "123456.789"},
        {1.0 / 3.0, "0.3333333333333333"},
        {9007199254740991.0, "9007199254740991"},
        {9007199254740992.0, "9007199254740992"},
        {1e15, "1000000000000000"},
        {1e20, "100000000000000000000"},
        {1.5e20, "150000000000000000000"},
        {1e21, "1e+21"},
        {1.25e22, "1.25e+22"},
        {-1e21, "-1e+21"},
        {0.000001, "0.000001"},
        {0.000123, "0.000123"},
        {1e-7, "1e-7"},
        {1.5e-7, "1.5e-7"},
        {-1e-7, "-1e-7"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {5e-324, "5e-324"},
        {1e100, "1e+100"},
    };
    for (const row& r : rows) {
        EXPECT_EQ(json_text(r.value), r.expected);
    }
}

TEST(Text, JsonNumberTextNonFiniteIsNull) {
    EXPECT_EQ(json_text(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(json_text(std::numeric_limits<double>::infinity()), "null");
    EXPECT_EQ(json_text(-std::numeric_limits<double>::infinity()), "null");
}

TEST(Text, JsonNumberTextRoundTrips) {
    const double values[] = {0.1, 2.0 / 3.0, 1e-5, 123.456e-10, 6.02214076e23, 1234567.0,
                             -98765.4321, 4.35, 5e-7, 8.5e21};
    for (const double v : values) {
        const std::string text = json_text(v);
        const auto back = parse_complete_number(text);
        ASSERT_TRUE(back.has_value()) << text;
        EXPECT_EQ(*back, v) << text;
    }
}

// ----------------------------------------------------------------------------------------------
// like_pattern

struct like_row {
    std::string_view pattern;
    std::string_view text;
    bool expected;
};

TEST(Like, MatchTable) {
    const like_row rows[] = {
        // '%' alone and doubled
        {"%", "", true},
        {"%", "abc", true},
        {"%%", "", true},
        {"%%", "x", true},
        {"%%%", "xyz", true},
        // empty pattern matches only the empty text
        {"", "", true},
        {"", "a", false},
        {"", " ", false},
        // literal, whole-string, case-insensitive
        {"abc", "abc", true},
        {"abc", "ABC", true},
        {"AbC", "aBc", true},
        {"abc", "abcd", false},
        {"abc", "xabc", false},
        {"abc", "ab", false},
        // a%b%c
        {"a%b%c", "abc", true},
        {"a%b%c", "ab", false},
        {"a%b%c", "aXbYc", true},
        {"a%b%c", "AxByC", true},
        {"a%b%c", "ac", false},
        {"a%b%c", "abbc", true},
        {"a%b%c", "acb", false},
        {"a%b%c", "aXbYcZ", false},
        {"a%b%c", "ZaXbYc", false},
        {"a%b%c", "abcabc", true},
        // '_' and other characters are literal
        {"a_c", "a_c", true},
        {"a_c", "abc", false},
        {"%_%", "x_y", true},
        {"%_%", "xy", false},
        {"%.%", "a.b", true},
        {"%.%", "ab", false},
        {"[a]%", "[a]x", true},
        {"[a]%", "ax", false},
        {"*", "*", true},
        {"*", "x", false},
        {"a?c", "abc", false},
        {"\\%", "\\x", true}, // backslash is not an escape: literal '\' then '%'
        {"\\%", "%", false},
        // prefix / suffix / contains
        {"a%", "a", true},
        {"a%", "abc", true},
        {"a%", "ba", false},
        {"%a", "a", true},
        {"%a", "ba", true},
        {"%a", "ab", false},
        {"%admin%", "SuperAdministrator", true},
        {"%admin%", "adm", false},
        {"%admin%", "ADMIN", true},
        // prefix and suffix may not overlap
        {"a%a", "a", false},
        {"a%a", "aa", true},
        {"a%a", "aba", true},
        {"ab%ba", "aba", false},
        {"ab%ba", "abba", true},
        // middle segments must not overlap each other
        {"%b%b%", "b", false},
        {"%b%b%", "bb", true},
        {"%aa%aa%", "aaa", false},
        {"%aa%aa%", "aaaa", true},
        // searches that need KMP fall-back
        {"%aab%", "aaab", true},
        {"%aab%", "xaaaab", true},
        {"%aab%", "aaa", false},
        {"%abab%", "abaabab", true},
        {"%abab%", "abaaba", false},
        {"x%abcabd%y", "xabcabcabdy", true},
        {"x%abcabd%y", "xabcabcabey", false},
        // realistic GSL patterns
        {"arn:aws:iam::%:root", "arn:aws:iam::123456789012:root", true},
        {"arn:aws:iam::%:root", "arn:aws:iam::123456789012:user/root", false},
        {"%:root", "ARN:AWS:IAM::1:ROOT", true},
        {"%amazonaws.com", "ec2.amazonaws.com", true},
        {"%amazonaws.com", "ec2.amazonaws.com.evil", false},
        // non-ASCII: literal bytes, no case folding
        {"%\xC3\x9F%", "stra\xC3\x9F" "e", true},      // ß
        {"\xC3\x89", "\xC3\xA9", false},              // É vs é
        {"caf\xC3\xA9", "CAF\xC3\xA9", true},          // ASCII part folds
    };
    for (const like_row& r : rows) {
        const like_pattern p = like_pattern::compile(r.pattern);
        EXPECT_EQ(p.match(r.text), r.expected)
            << "pattern '" << r.pattern << "' text '" << r.text << "'";
    }
}

TEST(Like, SegmentCount) {
    EXPECT_EQ(like_pattern::compile("").segment_count(), 1U);
    EXPECT_EQ(like_pattern::compile("abc").segment_count(), 1U);
    EXPECT_EQ(like_pattern::compile("%").segment_count(), 2U);
    EXPECT_EQ(like_pattern::compile("%%").segment_count(), 3U);
    EXPECT_EQ(like_pattern::compile("a%b%c").segment_count(), 3U);
}

TEST(Like, CompiledPatternIsReusable) {
    const like_pattern p = like_pattern::compile("%Prod%");
    EXPECT_TRUE(p.match("my-prod-bucket"));
    EXPECT_FALSE(p.match("my-dev-bucket"));
    EXPECT_TRUE(p.match("PRODUCTION"));
    const like_pattern copy = p; // copyable value type
    EXPECT_TRUE(copy.match("prod"));
}

TEST(Like, PathologicalInputsStayLinear) {
    // A backtracking matcher would take exponential time here.
    const std::string text(200000, 'a');
    const like_pattern p = like_pattern::compile("%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%b");
    EXPECT_FALSE(p.match(text));
    const like_pattern q = like_pattern::compile("%aaaaaaaaaaaaaaaaaaaaaaaaaaaaab%");
    EXPECT_FALSE(q.match(text));
    EXPECT_TRUE(q.match(text + "b"));
    const like_pattern r = like_pattern::compile("%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a");
    EXPECT_TRUE(r.match(text));
}

} // namespace
