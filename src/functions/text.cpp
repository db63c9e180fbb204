// SPDX-License-Identifier: Apache-2.0
// Implementation of the GSL text helpers: number/boolean coercion, `like`, UTF-8 length,
// filter-pattern equality and JSON number text.
#include "functions/text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace cgsl::detail {

namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Whitespace removed by filter_pattern_equal: space, \t, \n, \v, \f, \r.
constexpr bool is_filter_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Appends the decimal text of any integer with std::to_chars.
template <typename Int>
void append_integer(std::string& out, Int v) {
    std::array<char, 24> buf{}; // 20 digits + sign fit comfortably
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    out.append(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
}

} // namespace

exact_number exact_of(std::int64_t v) noexcept {
    exact_number r;
    r.is_integer = true;
    r.negative = v < 0;
    r.magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    r.d = static_cast<double>(v);
    return r;
}

exact_number exact_of(std::uint64_t v) noexcept {
    exact_number r;
    r.is_integer = true;
    r.magnitude = v;
    r.d = static_cast<double>(v);
    return r;
}

exact_number exact_of(double v) noexcept {
    exact_number r;
    r.d = v;
    return r;
}

std::optional<exact_number> parse_exact_number(std::string_view s) noexcept {
    auto d = parse_complete_number(s);
    if (!d) {
        return std::nullopt;
    }
    exact_number r = exact_of(*d);
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
    }
    if (i == s.size()) {
        return r;
    }
    std::uint64_t m = 0;
    for (; i < s.size(); ++i) {
        if (!is_digit(s[i])) {
            return r; // a fraction or an exponent: the double
        }
        const auto digit = static_cast<std::uint64_t>(s[i] - '0');
        if (m > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return r; // beyond 64 bits: the double
        }
        m = m * 10 + digit;
    }
    r.is_integer = true;
    r.magnitude = m;
    r.negative = negative && m != 0;
    return r;
}

namespace {

// Compares an integer with a double exactly: -1, 0, 1, or 2 for NaN.
int compare_integer_double(bool negative, std::uint64_t magnitude, double d) noexcept {
    if (std::isnan(d)) {
        return 2;
    }
    constexpr double two64 = 18446744073709551616.0;
    if (d >= two64) {
        return -1;
    }
    if (d <= -two64) {
        return 1;
    }
    const double t = std::trunc(d);  // |t| < 2^64: exactly representable as sign + magnitude
    const bool t_negative = t < 0;
    const auto t_magnitude = static_cast<std::uint64_t>(t_negative ? -t : t);
    int c = 0;
    if (magnitude == 0 && t_magnitude == 0) {
        c = 0;
    } else if (negative != t_negative) {
        c = negative ? -1 : 1;
    } else if (magnitude != t_magnitude) {
        c = (magnitude < t_magnitude) != negative ? -1 : 1;
    }
    if (c != 0) {
        return c;
    }
    // The integer parts agree: the fraction of d decides.
    const double frac = d - t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

} // namespace

int compare_numbers(const exact_number& a, const exact_number& b) noexcept {
    if (a.is_integer && b.is_integer) {
        const bool an = a.negative && a.magnitude != 0;
        const bool bn = b.negative && b.magnitude != 0;
        if (an != bn) {
            return an ? -1 : 1;
        }
        if (a.magnitude == b.magnitude) {
            return 0;
        }
        return (a.magnitude < b.magnitude) != an ? -1 : 1;
    }
    if (a.is_integer) {
        return compare_integer_double(a.negative, a.magnitude, b.d);
    }
    if (b.is_integer) {
        const int c = compare_integer_double(b.negative, b.magnitude, a.d);
        return c == 2 ? 2 : -c;
    }
    if (std::isnan(a.d) || std::isnan(b.d)) {
        return 2;
    }
    return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
}

void append_exact_number_text(std::string& out, const exact_number& v) {
    if (!v.is_integer) {
        append_json_number_text(out, v.d);
        return;
    }
    if (v.negative && v.magnitude != 0) {
        out += '-';
    }
    append_json_number_text(out, v.magnitude);
}

std::optional<double> parse_complete_number(std::string_view s) noexcept {
    // Validate the grammar ourselves: std::from_chars would also accept "inf", "nan" and hex-like
    // forms in other modes, and rejects a leading '+', which we allow.
    std::size_t i = 0;
    const std::size_t n = s.size();
    bool negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
    }
    const std::size_t mantissa_begin = i;

    std::size_t int_digits = 0;
    while (i < n && is_digit(s[i])) {
        ++i;
        ++int_digits;
    }
    std::size_t frac_digits = 0;
    std::size_t point = std::string_view::npos; // index of '.', if any
    if (i < n && s[i] == '.') {
        point = i;
        ++i;
        while (i < n && is_digit(s[i])) {
            ++i;
            ++frac_digits;
        }
    }
    if (int_digits + frac_digits == 0) {
        return std::nullopt; // "", "+", ".", "e5", ...
    }
    const std::size_t mantissa_end = i;

    // Exponent, saturated so that absurdly long exponents cannot overflow the accumulator.
    constexpr long long exponent_cap = 1'000'000;
    long long exponent = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            ++i;
        }
        std::size_t exp_digits = 0;
        while (i < n && is_digit(s[i])) {
            if (exponent < exponent_cap) {
                exponent = exponent * 10 + (s[i] - '0');
            }
            ++i;
            ++exp_digits;
        }
        if (exp_digits == 0) {
            return std::nullopt; // "5e", "5e+"
        }
        if (exp_negative) {
            exponent = -exponent;
        }
    }
    if (i != n) {
        return std::nullopt; // trailing garbage
    }

    // from_chars handles '-' itself but not '+': skip a leading '+'.
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    const char* last = s.data() + n;
    double value = 0.0;
    const auto res = std::from_chars(first, last, value, std::chars_format::general);
    if (res.ec == std::errc() && res.ptr == last) {
        return value;
    }
    if (res.ec != std::errc::result_out_of_range || res.ptr != last) {
        return std::nullopt; // cannot happen for text that passed the grammar above
    }

    // Out of range: decide between overflow and underflow from the decimal magnitude. Write the
    // number as 0.dddd * 10^m; with the first non-zero mantissa digit at position p (counting the
    // digits before the point as positions 0..int_digits-1), m = int_digits - p + exponent.
    long long position = 0;
    long long first_nonzero = -1;
    for (std::size_t k = mantissa_begin; k < mantissa_end; ++k) {
        if (k == point) {
            continue;
        }
        if (s[k] != '0') {
            first_nonzero = position;
            break;
        }
        ++position;
    }
    if (first_nonzero < 0) {
        return negative ? -0.0 : 0.0; // all zeros never overflows; defensive only
    }
    const long long magnitude = static_cast<long long>(int_digits) - first_nonzero + exponent;
    if (magnitude > 0) {
        const double inf = std::numeric_limits<double>::infinity();
        return negative ? -inf : inf;
    }
    return negative ? -0.0 : 0.0;
}

std::optional<bool> parse_bool_text(std::string_view s) noexcept {
    if (equal_ignore_ascii_case(s, "true")) {
        return true;
    }
    if (equal_ignore_ascii_case(s, "false")) {
        return false;
    }
    return std::nullopt;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower_ascii(c);
  return out;
}

bool equal_ignore_ascii_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// like_pattern

like_pattern like_pattern::compile(std::string_view pattern) {
    like_pattern result;
    std::size_t start = 0;
    for (;;) {
        const std::size_t percent = pattern.find('%', start);
        const std::size_t stop = percent == std::string_view::npos ? pattern.size() : percent;
        segment seg;
        seg.text.reserve(stop - start);
        for (std::size_t i = start; i < stop; ++i) {
            seg.text.push_back(to_lower_ascii(pattern[i]));
        }
        result.segments_.push_back(std::move(seg));
        if (percent == std::string_view::npos) {
            break;
        }
        start = percent + 1;
    }

    // KMP failure tables for the middle segments (the only ones searched for):
    // failure[i] = length of the longest proper prefix of text[0..i] that is also its suffix.
    for (std::size_t s = 1; s + 1 < result.segments_.size(); ++s) {
        segment& seg = result.segments_[s];
        const std::string& t = seg.text;
        seg.failure.assign(t.size(), 0);
        std::size_t k = 0;
        for (std::size_t i = 1; i < t.size(); ++i) {
            while (k > 0 && t[i] != t[k]) {
                k = seg.failure[k - 1];
            }
            if (t[i] == t[k]) {
                ++k;
            }
            seg.failure[i] = k;
        }
    }
    return result;
}

std::size_t like_pattern::find_segment(const segment& seg, std::string_view text,
                                       std::size_t from) noexcept {
    const std::string& p = seg.text;
    if (p.empty()) {
        return from;
    }
    std::size_t k = 0; // number of pattern characters currently matched
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = to_lower_ascii(text[i]);
        while (k > 0 && c != p[k]) {
            k = seg.failure[k - 1];
        }
        if (c == p[k]) {
            ++k;
        }
        if (k == p.size()) {
            return i + 1 - p.size();
        }
    }
    return std::string_view::npos;
}

bool like_pattern::match(std::string_view text) const noexcept {
    if (segments_.empty()) {
        return text.empty(); // default-constructed pattern behaves like the empty pattern
    }
    const std::string& head = segments_.front().text;
    if (segments_.size() == 1) {
        return equal_ignore_ascii_case(text, head); // no '%': exact, case-insensitive
    }
    const std::string& tail = segments_.back().text;
    if (text.size() < head.size() + tail.size()) {
        return false; // prefix and suffix may not overlap
    }
    if (!equal_ignore_ascii_case(text.substr(0, head.size()), head) ||
        !equal_ignore_ascii_case(text.substr(text.size() - tail.size()), tail)) {
        return false;
    }
    // Middle segments must appear in order, without overlap, between prefix and suffix.
    const std::string_view window = text.substr(head.size(), text.size() - head.size() - tail.size());
    std::size_t pos = 0;
    for (std::size_t s = 1; s + 1 < segments_.size(); ++s) {
        const segment& seg = segments_[s];
        if (seg.text.empty()) {
            continue; // produced by "%%": matches nothing extra
        }
        const std::size_t found = find_segment(seg, window, pos);
        if (found == std::string_view::npos) {
            return false;
        }
        pos = found + seg.text.size();
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// UTF-8 length

std::size_t utf8_length(std::string_view s) noexcept {
    std::size_t count = 0;
    std::size_t i = 0;
    const std::size_t n = s.size();
    const auto byte_at = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const auto is_cont = [](unsigned char b) { return (b & 0xC0U) == 0x80U; };
    while (i < n) {
        const unsigned char b = byte_at(i);
        ++count;
        // Expected sequence length and the allowed range of the second byte (Unicode Table 3-7),
        // which excludes overlong forms, surrogates and code points above U+10FFFF.
        std::size_t len = 1;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (b < 0x80) {
            len = 1;
        } else if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0) {
                lo = 0xA0;
            } else if (b == 0xED) {
                hi = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0) {
                lo = 0x90;
            } else if (b == 0xF4) {
                hi = 0x8F;
            }
        } else {
            ++i; // stray continuation byte or a byte that never starts a sequence
            continue;
        }
        bool well_formed = i + len <= n;
        for (std::size_t k = 1; well_formed && k < len; ++k) {
            const unsigned char c = byte_at(i + k);
            well_formed = k == 1 ? (c >= lo && c <= hi) : is_cont(c);
        }
        i += well_formed ? len : 1; // an ill-formed lead byte counts alone
    }
    return count;
}

// ---------------------------------------------------------------------------------------------
// Filter pattern equality

bool filter_pattern_equal(std::string_view a, std::string_view b) noexcept {
    std::size_t i = 0;
    std::size_t j = 0;
    for (;;) {
        while (i < a.size() && is_filter_space(a[i])) {
            ++i;
        }
        while (j < b.size() && is_filter_space(b[j])) {
            ++j;
        }
        const bool a_done = i == a.size();
        const bool b_done = j == b.size();
        if (a_done || b_done) {
            return a_done && b_done;
        }
        if (a[i] != b[j]) {
            return false;
        }
        ++i;
        ++j;
    }
}

// ---------------------------------------------------------------------------------------------
// JSON number text

void append_json_number_text(std::string& out, std::int64_t v) { append_integer(out, v); }

void append_json_number_text(std::string& out, std::uint64_t v) { append_integer(out, v); }

void append_json_number_text(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    if (v == 0.0) {
        out += '0'; // also for -0.0
        return;
    }
    if (v < 0) {
        out += '-';
        v = -v;
    }

    // Shortest round-trip digits in scientific form: "d[.ddd]e(+|-)XX".
    std::array<char, 40> buf{};
    const auto res =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    const std::string_view sci(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    const std::size_t e_pos = sci.find('e');

    // Collect the significant digits (without the point) and the exponent.
    std::array<char, 24> digits{};
    std::size_t k = 0; // digit count
    for (std::size_t i = 0; i < e_pos; ++i) {
        if (sci[i] != '.' && k < digits.size()) {
            digits[k++] = sci[i];
        }
    }
    int exp10 = 0;
    std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0),
                    sci.data() + sci.size(), exp10);
    const int n = exp10 + 1; // value = 0.d1d2...dk * 10^n
    const int kk = static_cast<int>(k);
    const std::string_view d(digits.data(), k);

    if (kk <= n && n <= 21) {
        out += d; // integer: digits then zeros
        out.append(static_cast<std::size_t>(n - kk), '0');
    } else if (0 < n && n <= 21) {
        const auto split = static_cast<std::size_t>(n);
        out += d.substr(0, split);
        out += '.';
        out += d.substr(split);
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += d;
    } else {
        out += d[0];
        if (k > 1) {
            out += '.';
            out += d.substr(1);
        }
        out += 'e';
        const int shown = n - 1;
        out += shown < 0 ? '-' : '+';
        append_integer(out, shown < 0 ? -shown : shown);
    }
}

} // namespace cgsl::detail
