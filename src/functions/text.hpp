// SPDX-License-Identifier: Apache-2.0
// Text helpers behind GSL comparisons and functions: numeric/boolean string coercion, `like`
// patterns, UTF-8 length, filter-pattern equality and the JSON text of numbers.
#ifndef CGSL_FUNCTIONS_TEXT_HPP
#define CGSL_FUNCTIONS_TEXT_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgsl::detail {

// Parses `s` as a decimal number when the *whole* string is one, else returns nullopt.
//
// Accepted grammar (no surrounding whitespace, no hex, no `inf`/`nan`, not empty):
//     [+|-] ( digits [ "." digits* ] | "." digits ) [ (e|E) [+|-] digits ]
// so `5`, `-5`, `+5`, `5.`, `.5`, `5.25e-3` and `1E+2` are numbers; `.`, `e5`, `5e`, `+`, `0x10`,
// ` 5` and `5 ` are not.
// Magnitudes beyond the double range saturate: overflow (`1e400`) yields +/-infinity with the sign
// of the text, underflow (`1e-400`) yields a zero with the sign of the text.
[[nodiscard]] std::optional<double> parse_complete_number(std::string_view s) noexcept;

// A number as GSL compares it: an integer held exactly (sign and magnitude, |n| <= 2^64-1), or a
// double. JSON integers (simdjson's int64/uint64) and integer literals stay exact, so comparing
// two integers never rounds (9007199254740993 != 9007199254740992); an integer against a double
// is compared by value, exactly, too.
struct exact_number {
    bool is_integer = false;
    bool negative = false;        // integer: the sign (never set for zero)
    std::uint64_t magnitude = 0;  // integer: |n|
    double d = 0;                 // the nearest double (always set)
};
[[nodiscard]] exact_number exact_of(std::int64_t v) noexcept;
[[nodiscard]] exact_number exact_of(std::uint64_t v) noexcept;
[[nodiscard]] exact_number exact_of(double v) noexcept;
// parse_complete_number, kept exact when the text is a plain integer ([+|-] digits) that fits.
[[nodiscard]] std::optional<exact_number> parse_exact_number(std::string_view s) noexcept;
// -1, 0 or 1 as a < b, a == b, a > b by mathematical value; 2 when unordered (a NaN).
[[nodiscard]] int compare_numbers(const exact_number& a, const exact_number& b) noexcept;
// Decimal text of an exact integer, or the JSON text of the double.
void append_exact_number_text(std::string& out, const exact_number& v);

// Parses "true" / "false" in any ASCII letter case ("TRUE", "False"); anything else is nullopt.
[[nodiscard]] std::optional<bool> parse_bool_text(std::string_view s) noexcept;

// ASCII lower-casing of a single byte; bytes outside 'A'..'Z' are returned unchanged.
[[nodiscard]] constexpr char to_lower_ascii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// True when `a` and `b` are equal ignoring ASCII letter case. Does not allocate.
// s with ASCII letters lower-cased.
[[nodiscard]] std::string ascii_lower(std::string_view s);

[[nodiscard]] bool equal_ignore_ascii_case(std::string_view a, std::string_view b) noexcept;

// A compiled GSL `like` pattern.
//
// `%` matches any run of characters (including none); every other character, `_` included, is
// literal. The whole text must match, and letters compare ASCII case-insensitively. The empty
// pattern therefore matches only the empty text.
//
// The pattern is split on `%` once, at compile time, into lower-cased segments. Matching anchors
// the first segment as a prefix and the last as a suffix, then finds each middle segment
// left-most, in order, in the remaining window (greedy left-most placement is optimal for
// patterns of literals separated by `%`). Each middle search is Knuth–Morris–Pratt with a
// failure table built at compile time, so a match costs O(text length + pattern length), never
// exponential backtracking, and `match` never allocates.
class like_pattern {
public:
    // Compiles `pattern`. Allocates (and may therefore throw std::bad_alloc); never throws
    // otherwise.
    [[nodiscard]] static like_pattern compile(std::string_view pattern);

    // True when the whole of `text` matches the pattern.
    [[nodiscard]] bool match(std::string_view text) const noexcept;

    // Number of `%`-separated segments (the count of `%` plus one).
    [[nodiscard]] std::size_t segment_count() const noexcept { return segments_.size(); }

private:
    struct segment {
        std::string text;                 // lower-cased literal characters
        std::vector<std::size_t> failure; // KMP failure table (only filled for middle segments)
    };

    // Left-most occurrence of `seg` in `text` at or after `from` (case-insensitive), or npos.
    [[nodiscard]] static std::size_t find_segment(const segment& seg, std::string_view text,
                                                  std::size_t from) noexcept;

    std::vector<segment> segments_; // always at least one (possibly empty) segment
};

// Number of UTF-8 code points in `s`. Every well-formed UTF-8 sequence (shortest form, no
// surrogates, at most U+10FFFF) counts as one; every byte that is not part of a well-formed
// sequence (stray continuation byte, truncated or overlong sequence, 0xC0/0xC1/0xF5..0xFF)
// counts as one on its own. For valid UTF-8 this equals the number of non-continuation bytes.
[[nodiscard]] std::size_t utf8_length(std::string_view s) noexcept;

// True when `a` and `b` are equal after removing every whitespace byte (space, tab, CR, LF,
// vertical tab, form feed) from both. Comparison is otherwise exact (case-sensitive). Does not
// allocate.
[[nodiscard]] bool filter_pattern_equal(std::string_view a, std::string_view b) noexcept;

// Appends the JSON text of a number to `out`.
//
// Integers print plainly ("-42", "18446744073709551615").
// Doubles print exactly like ECMAScript Number::toString (what JSON.stringify emits): the
// shortest digit string that round-trips, in plain notation when the decimal exponent n
// (value = 0.d1d2... * 10^n) satisfies -6 < n <= 21, otherwise as d[.ddd]e+X / d[.ddd]e-X with no
// leading zeros in the exponent. Hence 22.0 -> "22", 0.1 -> "0.1", 1e21 -> "1e+21",
// 1e20 -> "100000000000000000000", 1e-7 -> "1e-7", 0.000001 -> "0.000001".
// -0.0 prints as "0". NaN and +/-infinity (not representable in JSON) print as "null".
void append_json_number_text(std::string& out, double v);
void append_json_number_text(std::string& out, std::int64_t v);
void append_json_number_text(std::string& out, std::uint64_t v);

} // namespace cgsl::detail

#endif // CGSL_FUNCTIONS_TEXT_HPP
