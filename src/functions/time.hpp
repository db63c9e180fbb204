// SPDX-License-Identifier: Apache-2.0
// Time helpers behind GSL before()/after(): unit names, ISO-8601 parsing to epoch seconds and
// calendar-aware addition, all in UTC with proleptic Gregorian arithmetic (no libc time calls).
#ifndef CGSL_FUNCTIONS_TIME_HPP
#define CGSL_FUNCTIONS_TIME_HPP

#include <cstdint>
#include <optional>
#include <string_view>

namespace cgsl::detail {

enum class time_unit { seconds, minutes, hours, days, weeks, months, years };

// Parses a unit name, ASCII case-insensitive, singular or plural: "second(s)", "minute(s)",
// "hour(s)", "day(s)", "week(s)", "month(s)", "year(s)". No abbreviations, no whitespace.
[[nodiscard]] std::optional<time_unit> parse_time_unit(std::string_view s) noexcept;

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31; not validated).
// Works for any year representable in int64 without overflow for |y| < 2^50.
[[nodiscard]] std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;

// Proleptic Gregorian date of `days` since 1970-01-01 (inverse of days_from_civil).
struct civil_date {
    std::int64_t year;
    unsigned month; // 1..12
    unsigned day;   // 1..31
};
[[nodiscard]] civil_date civil_from_days(std::int64_t days) noexcept;

// True for Gregorian leap years (year 0 is a leap year).
[[nodiscard]] constexpr bool is_leap_year(std::int64_t y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

// Number of days in month m (1..12) of year y.
[[nodiscard]] unsigned days_in_month(std::int64_t y, unsigned m) noexcept;

// Parses an ISO-8601 date or date-time and returns UTC epoch seconds (fractional).
//
// Accepted forms (whole string, nothing else):
//     YYYY-MM-DD                                  (midnight UTC)
//     YYYY-MM-DD<sep>HH:MM[:SS[<frac>]][<zone>]
// where YYYY is exactly four digits (0000..9999), <sep> is 'T', 't' or one space, <frac> is '.'
// or ',' followed by one or more digits (any count; digits beyond the 18th are checked but do not
// affect the value), and <zone> is 'Z', 'z', +HH:MM, -HH:MM, +HHMM, -HHMM, +HH or -HH with the
// offset at most 23:59. No zone means UTC. A zone requires a time part (no "2024-05-01Z").
// Fields are exactly two digits. Ranges: month 1..12, day within the month (leap years per the
// Gregorian rule), hour 0..23, minute 0..59, second 0..60. Second 60 (a leap second) is accepted
// and counted as a plain extra second, so 23:59:60 equals 00:00:00 of the next day. Hour 24 and
// the basic format (20240501T1000) are rejected. A fraction is only allowed after seconds.
[[nodiscard]] std::optional<double> parse_iso8601(std::string_view s) noexcept;

// Returns epoch_seconds + n units.
//
// seconds, minutes, hours, days and weeks have fixed lengths (1, 60, 3600, 86400 and 604800 s;
// n may be fractional). months and years are calendar arithmetic in UTC: n is truncated toward
// zero to a whole number (1.9 months -> 1 month, -1.9 -> -1), added to the civil month
// (years = 12 months), and the day of month is clamped to the target month's length
// (Jan 31 + 1 month = Feb 28 or 29; Feb 29 2024 + 1 year = Feb 28 2025); the time of day,
// including its fraction, is kept.
// Non-finite inputs propagate (NaN in -> NaN out; an infinite n gives that infinity; an
// infinite epoch stays as is). Calendar arithmetic is exact for |epoch_seconds| up to 1e15 s
// (about 31 million years) and |n| up to 1e12 months; outside that, months and years fall back
// to the mean Gregorian lengths (2629746 s per month, 31556952 s per year).
[[nodiscard]] double add_time(double epoch_seconds, double n, time_unit unit) noexcept;

} // namespace cgsl::detail

#endif // CGSL_FUNCTIONS_TIME_HPP
