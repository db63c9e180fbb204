// SPDX-License-Identifier: Apache-2.0
// Implementation of the GSL time helpers: unit names, ISO-8601 parsing and calendar arithmetic.
#include "functions/time.hpp"

#include <cmath>

#include "functions/text.hpp"

namespace cgsl::detail {

namespace {

constexpr double seconds_per_minute = 60.0;
constexpr double seconds_per_hour = 3600.0;
constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_week = 604800.0;
constexpr double mean_seconds_per_year = 31556952.0;  // 365.2425 days
constexpr double mean_seconds_per_month = 2629746.0;  // 1/12 of the mean year

// Floor division for a positive divisor (C++ '/' truncates toward zero).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at s[pos..] into `out`; advances pos on success.
bool read_fixed_digits(std::string_view s, std::size_t& pos, std::size_t count,
                       unsigned& out) noexcept {
    if (s.size() - pos < count) {
        return false;
    }
    unsigned value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = s[pos + i];
        if (!is_digit(c)) {
            return false;
        }
        value = value * 10U + static_cast<unsigned>(c - '0');
    }
    out = value;
    pos += count;
    return true;
}

// Consumes `c` at s[pos] when present.
bool consume(std::string_view s, std::size_t& pos, char c) noexcept {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

} // namespace

std::optional<time_unit> parse_time_unit(std::string_view s) noexcept {
    // Drop one trailing 's' / 'S' so singular and plural share a table.
    if (!s.empty() && to_lower_ascii(s.back()) == 's') {
        s.remove_suffix(1);
    }
    struct entry {
        std::string_view name;
        time_unit unit;
    };
    static constexpr entry table[] = {
        {"second", time_unit::seconds}, {"minute", time_unit::minutes},
        {"hour", time_unit::hours},     {"day", time_unit::days},
        {"week", time_unit::weeks},     {"month", time_unit::months},
        {"year", time_unit::years},
    };
    for (const entry& e : table) {
        if (equal_ignore_ascii_case(s, e.name)) {
            return e.unit;
        }
    }
    return std::nullopt;
}

// Civil <-> day-number conversion. The calendar is treated as starting in March, so the leap
// day is the last day of the (shifted) year and month lengths repeat in a 5-month pattern
// (31 30 31 30 31 | 31 30 31 30 31 | 31 28/29): the day-of-year of the first day of shifted month
// mp (March = 0) is (153 * mp + 2) / 5. Years are grouped into 400-year eras of exactly 146097
// days, so everything reduces to arithmetic inside one era.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    const std::int64_t shifted_year = m <= 2 ? y - 1 : y; // Jan/Feb belong to the previous year
    const std::int64_t era = floor_div(shifted_year, 400);
    const std::int64_t year_of_era = shifted_year - era * 400;                   // [0, 399]
    const std::int64_t shifted_month = m > 2 ? m - 3 : m + 9;                    // [0, 11]
    const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + d - 1;      // [0, 365]
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;   // [0, 146096]
    constexpr std::int64_t epoch_offset = 719468; // day number of 1970-01-01 from 0000-03-01
    return era * 146097 + day_of_era - epoch_offset;
}

civil_date civil_from_days(std::int64_t days) noexcept {
    const std::int64_t z = days + 719468; // days since 0000-03-01
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t day_of_era = z - era * 146097; // [0, 146096]
    // Remove the leap days accumulated so far (one per 4 years, minus centuries, plus the single
    // extra day at the very end of the era) to get the year within the era.
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;            // [0, 11]
    const auto day = static_cast<unsigned>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
    const auto month = static_cast<unsigned>(shifted_month < 10 ? shifted_month + 3
                                                                : shifted_month - 9);
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return civil_date{year, month, day};
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    static constexpr unsigned lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) {
        return 0;
    }
    return (m == 2 && is_leap_year(y)) ? 29U : lengths[m - 1];
}

std::optional<double> parse_iso8601(std::string_view s) noexcept {
    std::size_t pos = 0;
    unsigned year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (!read_fixed_digits(s, pos, 4, year) || !consume(s, pos, '-') ||
        !read_fixed_digits(s, pos, 2, month) || !consume(s, pos, '-') ||
        !read_fixed_digits(s, pos, 2, day)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        return std::nullopt;
    }
    const double date_seconds =
        static_cast<double>(days_from_civil(year, month, day)) * seconds_per_day;
    if (pos == s.size()) {
        return date_seconds; // date only: midnight UTC
    }

    // Time part.
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
        return std::nullopt;
    }
    ++pos;
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    if (!read_fixed_digits(s, pos, 2, hour) || !consume(s, pos, ':') ||
        !read_fixed_digits(s, pos, 2, minute)) {
        return std::nullopt;
    }
    double fraction = 0.0;
    if (consume(s, pos, ':')) {
        if (!read_fixed_digits(s, pos, 2, second)) {
            return std::nullopt;
        }
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            // Accumulate at most 18 digits exactly in an integer, then scale once.
            constexpr std::size_t max_used_digits = 18;
            std::uint64_t numerator = 0;
            std::uint64_t denominator = 1;
            std::size_t digit_count = 0;
            while (pos < s.size() && is_digit(s[pos])) {
                if (digit_count < max_used_digits) {
                    numerator = numerator * 10U + static_cast<std::uint64_t>(s[pos] - '0');
                    denominator *= 10U;
                }
                ++digit_count;
                ++pos;
            }
            if (digit_count == 0) {
                return std::nullopt; // "10:00:00." has no fraction digits
            }
            fraction = static_cast<double>(numerator) / static_cast<double>(denominator);
        }
    }
    if (hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }

    // Zone.
    double offset_seconds = 0.0;
    if (pos < s.size()) {
        const char z = s[pos];
        if (z == 'Z' || z == 'z') {
            ++pos;
        } else if (z == '+' || z == '-') {
            ++pos;
            unsigned off_hour = 0;
            unsigned off_minute = 0;
            if (!read_fixed_digits(s, pos, 2, off_hour)) {
                return std::nullopt;
            }
            if (pos < s.size()) {
                consume(s, pos, ':'); // +HH:MM and +HHMM
                if (!read_fixed_digits(s, pos, 2, off_minute)) {
                    return std::nullopt;
                }
            }
            if (off_hour > 23 || off_minute > 59) {
                return std::nullopt;
            }
            offset_seconds = off_hour * seconds_per_hour + off_minute * seconds_per_minute;
            if (z == '-') {
                offset_seconds = -offset_seconds;
            }
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size()) {
        return std::nullopt; // trailing garbage
    }

    // Local time = UTC + offset, so UTC = local - offset.
    const double time_seconds =
        hour * seconds_per_hour + minute * seconds_per_minute + second + fraction;
    return date_seconds + time_seconds - offset_seconds;
}

double add_time(double epoch_seconds, double n, time_unit unit) noexcept {
    switch (unit) {
    case time_unit::seconds:
        return epoch_seconds + n;
    case time_unit::minutes:
        return epoch_seconds + n * seconds_per_minute;
    case time_unit::hours:
        return epoch_seconds + n * seconds_per_hour;
    case time_unit::days:
        return epoch_seconds + n * seconds_per_day;
    case time_unit::weeks:
        return epoch_seconds + n * seconds_per_week;
    case time_unit::months:
    case time_unit::years:
        break;
    }

    if (!std::isfinite(epoch_seconds) || !std::isfinite(n)) {
        return epoch_seconds + n; // NaN propagates; infinities win
    }
    const bool years = unit == time_unit::years;
    const double whole_months = std::trunc(n) * (years ? 12.0 : 1.0);
    if (whole_months == 0.0) {
        return epoch_seconds;
    }
    constexpr double max_exact_epoch = 1e15;
    constexpr double max_exact_months = 1e12;
    if (std::fabs(epoch_seconds) > max_exact_epoch || std::fabs(whole_months) > max_exact_months) {
        return epoch_seconds + (years ? std::trunc(n) * mean_seconds_per_year
                                      : whole_months * mean_seconds_per_month);
    }

    // Split into whole days and the time of day (exact: both parts are representable).
    auto day_number = static_cast<std::int64_t>(std::floor(epoch_seconds / seconds_per_day));
    double time_of_day = epoch_seconds - static_cast<double>(day_number) * seconds_per_day;
    // The division can round across a day boundary; move the remainder back into [0, 86400).
    if (time_of_day < 0.0) {
        --day_number;
        time_of_day += seconds_per_day;
    } else if (time_of_day >= seconds_per_day) {
        ++day_number;
        time_of_day -= seconds_per_day;
    }

    const civil_date date = civil_from_days(day_number);
    const std::int64_t month_index = date.year * 12 + static_cast<std::int64_t>(date.month - 1) +
                                     static_cast<std::int64_t>(whole_months);
    const std::int64_t new_year = floor_div(month_index, 12);
    const auto new_month = static_cast<unsigned>(month_index - new_year * 12 + 1);
    const unsigned max_day = days_in_month(new_year, new_month);
    const unsigned new_day = date.day < max_day ? date.day : max_day;
    const std::int64_t new_day_number = days_from_civil(new_year, new_month, new_day);
    return static_cast<double>(new_day_number) * seconds_per_day + time_of_day;
}

} // namespace cgsl::detail
