// SPDX-License-Identifier: Apache-2.0
// Unit tests for the GSL time helpers (unit names, ISO-8601 parsing, calendar arithmetic).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "functions/time.hpp"

namespace {

using cgsl::detail::add_time;
using cgsl::detail::civil_date;
using cgsl::detail::civil_from_days;
using cgsl::detail::days_from_civil;
using cgsl::detail::days_in_month;
using cgsl::detail::is_leap_year;
using cgsl::detail::parse_iso8601;
using cgsl::detail::parse_time_unit;
using cgsl::detail::time_unit;

// Epoch seconds of a UTC civil date-time, via days_from_civil (itself pinned by known values).
double utc(std::int64_t y, unsigned mo, unsigned d, unsigned h = 0, unsigned mi = 0,
           double s = 0.0) {
    return static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

// ----------------------------------------------------------------------------------------------
// Units

TEST(Time, ParseTimeUnitSingularPluralAnyCase) {
    struct row {
        std::string_view text;
        time_unit expected;
    };
    const row rows[] = {
        {"second", time_unit::seconds}, {"seconds", time_unit::seconds},
        {"SECOND", time_unit::seconds}, {"Seconds", time_unit::seconds},
        {"minute", time_unit::minutes}, {"minutes", time_unit::minutes},
        {"MiNuTeS", time_unit::minutes}, {"hour", time_unit::hours},
        {"Hours", time_unit::hours},    {"day", time_unit::days},
        {"days", time_unit::days},      {"DAYS", time_unit::days},
        {"week", time_unit::weeks},     {"Weeks", time_unit::weeks},
        {"month", time_unit::months},   {"Months", time_unit::months},
        {"MONTH", time_unit::months},   {"year", time_unit::years},
        {"YEARS", time_unit::years},    {"Year", time_unit::years},
    };
    for (const row& r : rows) {
        const auto u = parse_time_unit(r.text);
        ASSERT_TRUE(u.has_value()) << "input: " << r.text;
        EXPECT_EQ(*u, r.expected) << "input: " << r.text;
    }
}

TEST(Time, ParseTimeUnitRejectsOthers) {
    const std::string_view rejected[] = {
        "", "s", "ss", "sec", "secs", "min", "mins", "h", "hr", "d", "w", "m", "y", "yr",
        "dayss", "day s", " day", "days ", "fortnight", "millisecond", "months.", "daysS",
    };
    for (const std::string_view s : rejected) {
        EXPECT_FALSE(parse_time_unit(s).has_value()) << "input: " << s;
    }
}

// ----------------------------------------------------------------------------------------------
// Civil calendar

TEST(Time, DaysFromCivilKnownValues) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
    EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
    EXPECT_EQ(days_from_civil(2000, 1, 1), 10957);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(days_from_civil(2024, 5, 1), 19844);
    EXPECT_EQ(days_from_civil(0, 3, 1), -719468);
    EXPECT_EQ(days_from_civil(0, 1, 1), -719528);
    EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
    EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1); // 1900 not leap
    EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2); // 2000 leap
    EXPECT_EQ(days_from_civil(-1, 12, 31), -719529);
}

TEST(Time, CivilRoundTripOverManyCenturies) {
    // Every day from about 220 BCE to 4160 CE: inverse functions, consecutive dates.
    civil_date prev = civil_from_days(-800001);
    for (std::int64_t day = -800000; day <= 800000; ++day) {
        const civil_date c = civil_from_days(day);
        ASSERT_GE(c.month, 1U);
        ASSERT_LE(c.month, 12U);
        ASSERT_GE(c.day, 1U);
        ASSERT_LE(c.day, days_in_month(c.year, c.month));
        ASSERT_EQ(days_from_civil(c.year, c.month, c.day), day);
        if (c.day == 1) {
            ASSERT_EQ(prev.day, days_in_month(prev.year, prev.month));
        } else {
            ASSERT_EQ(prev.day + 1, c.day);
        }
        prev = c;
    }
}

TEST(Time, LeapYearsAndMonthLengths) {
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(0));
    EXPECT_TRUE(is_leap_year(-4));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_EQ(days_in_month(2024, 2), 29U);
    EXPECT_EQ(days_in_month(2023, 2), 28U);
    EXPECT_EQ(days_in_month(2023, 1), 31U);
    EXPECT_EQ(days_in_month(2023, 4), 30U);
    EXPECT_EQ(days_in_month(2023, 12), 31U);
    EXPECT_EQ(days_in_month(2023, 0), 0U);
    EXPECT_EQ(days_in_month(2023, 13), 0U);
}

// ----------------------------------------------------------------------------------------------
// ISO-8601

TEST(Time, ParseIso8601Accepted) {
    struct row {
        std::string_view text;
        double expected;
    };
    const row rows[] = {
        {"1970-01-01", 0.0},
        {"2024-05-01", 1714521600.0},
        {"2024-05-01T10:00:00Z", 1714557600.0},
        {"2024-05-01T10:00:00z", 1714557600.0},
        {"2024-05-01t10:00:00Z", 1714557600.0},
        {"2024-05-01 10:00:00Z", 1714557600.0},
        {"2024-05-01T10:00:00", 1714557600.0},
        {"2024-05-01T10:00", 1714557600.0},
        {"2024-05-01T10:00Z", 1714557600.0},
        {"2024-05-01T10:00:00+02:00", 1714550400.0},
        {"2024-05-01T10:00:00+0200", 1714550400.0},
        {"2024-05-01T10:00:00+02", 1714550400.0},
        {"2024-05-01T10:00+02:00", 1714550400.0},
        {"2024-05-01T10:00:00-02:00", 1714564800.0},
        {"2024-05-01T10:00:00-0230", 1714566600.0},
        {"2024-05-01T10:00:00-02", 1714564800.0},
        {"2024-05-01T10:00:00+05:30", 1714537800.0},
        {"2024-05-01T10:00:00+00:00", 1714557600.0},
        {"2024-05-01T10:00:00-00:00", 1714557600.0},
        {"2024-05-01T00:00:00+23:59", 1714521600.0 - 86340.0},
        {"2024-05-01T00:00:00-23:59", 1714521600.0 + 86340.0},
        {"2024-05-01T10:00:00.5Z", 1714557600.5},
        {"2024-05-01T10:00:00,5Z", 1714557600.5},
        {"2024-05-01T10:00:00.25", 1714557600.25},
        {"2024-05-01T10:00:00.000Z", 1714557600.0},
        {"2024-05-01T10:00:00.123+02:00", 1714550400.123},
        {"1970-01-01T00:00:00.123456789Z", 0.123456789},
        {"1970-01-01T00:00:00.1234567890123456789012345Z", 0.12345678901234568},
        {"1970-01-01T00:00:00.999999999999999999999Z", 1.0},
        {"2024-02-29", utc(2024, 2, 29)},
        {"2000-02-29", utc(2000, 2, 29)},
        {"2024-12-31T23:59:59Z", utc(2024, 12, 31, 23, 59, 59)},
        {"1969-12-31T23:59:59Z", -1.0},
        {"1900-01-01", -2208988800.0},
        {"0000-01-01", -62167219200.0},
        {"0000-02-29", utc(0, 2, 29)},
        {"9999-12-31T23:59:59Z", 253402300799.0},
        {"2016-12-31T23:59:60Z", 1483228800.0}, // leap second == next midnight
        {"2016-12-31T23:59:60.5Z", 1483228800.5},
        {"2024-01-31", utc(2024, 1, 31)},
        {"2024-04-30", utc(2024, 4, 30)},
        {"2024-06-30", utc(2024, 6, 30)},
        {"2024-09-30", utc(2024, 9, 30)},
        {"2024-11-30", utc(2024, 11, 30)},
        {"2024-12-31", utc(2024, 12, 31)},
    };
    for (const row& r : rows) {
        const auto v = parse_iso8601(r.text);
        ASSERT_TRUE(v.has_value()) << "input: " << r.text;
        EXPECT_DOUBLE_EQ(*v, r.expected) << "input: " << r.text;
    }
}

TEST(Time, ParseIso8601FractionIsExactForMilliseconds) {
    const auto v = parse_iso8601("2024-05-01T10:00:00.001Z");
    ASSERT_TRUE(v.has_value());
    EXPECT_NEAR(*v - 1714557600.0, 0.001, 1e-6);
}

TEST(Time, ParseIso8601Rejected) {
    const std::string_view rejected[] = {
        "",
        "2024",
        "2024-05",
        "24-05-01",
        "02024-05-01",
        "-2024-05-01",
        "+2024-05-01",
        "2024-5-01",
        "2024-05-1",
        "2024/05/01",
        "20240501",
        "20240501T100000Z",
        "2024-13-01",
        "2024-00-10",
        "2024-05-00",
        "2024-05-32",
        "2024-04-31",
        "2024-06-31",
        "2023-02-29",
        "1900-02-29",
        "2100-02-29",
        "2024-02-30",
        " 2024-05-01",
        "2024-05-01 ",
        "2024-05-01T",
        "2024-05-01 T10:00",
        "2024-05-01  10:00",
        "2024-05-01X10:00",
        "2024-05-01_10:00",
        "2024-05-01Z",
        "2024-05-01+02:00",
        "2024-05-01T10",
        "2024-05-01T10Z",
        "2024-05-01T1000",
        "2024-05-01T100000",
        "2024-05-01T1:00",
        "2024-05-01T10:0",
        "2024-05-01T10:00:0",
        "2024-05-01T10:00:",
        "2024-05-01T24:00:00",
        "2024-05-01T25:00",
        "2024-05-01T10:60",
        "2024-05-01T10:00:61",
        "2024-05-01T10:00:99",
        "2024-05-01T10:00.5",
        "2024-05-01T10:00:00.",
        "2024-05-01T10:00:00,",
        "2024-05-01T10:00:00.Z",
        "2024-05-01T10:00:00.5.5",
        "2024-05-01T10:00:00.5x",
        "2024-05-01T10:00:00Zjunk",
        "2024-05-01T10:00:00ZZ",
        "2024-05-01T10:00:00 Z",
        "2024-05-01T10:00:00UTC",
        "2024-05-01T10:00:00GMT",
        "2024-05-01T10:00:00+24:00",
        "2024-05-01T10:00:00+02:60",
        "2024-05-01T10:00:00+2",
        "2024-05-01T10:00:00+020",
        "2024-05-01T10:00:00+02:0",
        "2024-05-01T10:00:00+02:",
        "2024-05-01T10:00:00+02:00:00",
        "2024-05-01T10:00:00+02:00Z",
        "2024-05-01T10:00:00+",
        "2024-05-01T10:00:00-",
        "2024-05-01T10:00:00+-02",
        "2024-05-01T10:00:00+ab:cd",
        "2024-05-01T10:00:00\n",
        "yesterday",
        "1714557600",
    };
    for (const std::string_view s : rejected) {
        EXPECT_FALSE(parse_iso8601(s).has_value()) << "input: " << s;
    }
    EXPECT_FALSE(parse_iso8601(std::string_view("2024-05-01\0", 11)).has_value());
}

// ----------------------------------------------------------------------------------------------
// add_time: fixed units

TEST(Time, AddTimeFixedUnits) {
    const double t = 1714557600.0; // 2024-05-01T10:00:00Z
    EXPECT_DOUBLE_EQ(add_time(t, 1.5, time_unit::seconds), t + 1.5);
    EXPECT_DOUBLE_EQ(add_time(t, -30.0, time_unit::seconds), t - 30.0);
    EXPECT_DOUBLE_EQ(add_time(t, 2.0, time_unit::minutes), t + 120.0);
    EXPECT_DOUBLE_EQ(add_time(t, 0.5, time_unit::minutes), t + 30.0);
    EXPECT_DOUBLE_EQ(add_time(t, 3.0, time_unit::hours), t + 10800.0);
    EXPECT_DOUBLE_EQ(add_time(t, -1.0, time_unit::hours), t - 3600.0);
    EXPECT_DOUBLE_EQ(add_time(t, 90.0, time_unit::days), t + 90.0 * 86400.0);
    EXPECT_DOUBLE_EQ(add_time(t, -90.0, time_unit::days), t - 90.0 * 86400.0);
    EXPECT_DOUBLE_EQ(add_time(t, 0.5, time_unit::days), t + 43200.0);
    EXPECT_DOUBLE_EQ(add_time(t, 1.0, time_unit::weeks), t + 604800.0);
    EXPECT_DOUBLE_EQ(add_time(t, -2.0, time_unit::weeks), t - 1209600.0);
    EXPECT_DOUBLE_EQ(add_time(t, 0.0, time_unit::days), t);
    // Fixed units ignore the calendar: 1 day across a month end is just 86400 s.
    EXPECT_DOUBLE_EQ(add_time(utc(2024, 2, 28), 1.0, time_unit::days), utc(2024, 2, 29));
}

// ----------------------------------------------------------------------------------------------
// add_time: months and years

struct calendar_row {
    double start;
    double n;
    time_unit unit;
    double expected;
};

TEST(Time, AddTimeMonthsAndYears) {
    const calendar_row rows[] = {
        // plain month steps keep day and time of day
        {utc(2024, 1, 15, 10, 20, 30.25), 1, time_unit::months, utc(2024, 2, 15, 10, 20, 30.25)},
        {utc(2024, 5, 1), 3, time_unit::months, utc(2024, 8, 1)},
        {utc(2024, 5, 1), 12, time_unit::months, utc(2025, 5, 1)},
        {utc(2024, 5, 1), 0, time_unit::months, utc(2024, 5, 1)},
        // clamping to the target month's length
        {utc(2024, 1, 31), 1, time_unit::months, utc(2024, 2, 29)},
        {utc(2023, 1, 31), 1, time_unit::months, utc(2023, 2, 28)},
        {utc(2024, 1, 31, 23, 59, 59), 1, time_unit::months, utc(2024, 2, 29, 23, 59, 59)},
        {utc(2024, 3, 31), 1, time_unit::months, utc(2024, 4, 30)},
        {utc(2024, 3, 31), -1, time_unit::months, utc(2024, 2, 29)},
        {utc(2023, 3, 31), -1, time_unit::months, utc(2023, 2, 28)},
        {utc(2024, 5, 31), -1, time_unit::months, utc(2024, 4, 30)},
        {utc(2024, 11, 30), 3, time_unit::months, utc(2025, 2, 28)},
        {utc(2024, 8, 31), 6, time_unit::months, utc(2025, 2, 28)},
        {utc(2024, 1, 30), 1, time_unit::months, utc(2024, 2, 29)},
        {utc(2024, 1, 29), 1, time_unit::months, utc(2024, 2, 29)},
        {utc(2024, 1, 28), 1, time_unit::months, utc(2024, 2, 28)},
        // clamping does not accumulate: two single steps differ from one double step
        {utc(2024, 2, 29), 1, time_unit::months, utc(2024, 3, 29)},
        {utc(2024, 1, 31), 2, time_unit::months, utc(2024, 3, 31)},
        // negative months across year boundaries
        {utc(2024, 1, 15), -1, time_unit::months, utc(2023, 12, 15)},
        {utc(2024, 1, 15), -13, time_unit::months, utc(2022, 12, 15)},
        {utc(2024, 3, 10), -3, time_unit::months, utc(2023, 12, 10)},
        {utc(2024, 12, 31), -10, time_unit::months, utc(2024, 2, 29)},
        {utc(2024, 2, 15), -24, time_unit::months, utc(2022, 2, 15)},
        {utc(2024, 1, 1), -120, time_unit::months, utc(2014, 1, 1)},
        // positive months across year boundaries
        {utc(2024, 12, 15), 1, time_unit::months, utc(2025, 1, 15)},
        {utc(2024, 10, 31), 4, time_unit::months, utc(2025, 2, 28)},
        {utc(2024, 1, 1), 25, time_unit::months, utc(2026, 2, 1)},
        // years
        {utc(2024, 2, 29), 1, time_unit::years, utc(2025, 2, 28)},
        {utc(2024, 2, 29), 4, time_unit::years, utc(2028, 2, 29)},
        {utc(2024, 2, 29), -1, time_unit::years, utc(2023, 2, 28)},
        {utc(2024, 2, 29), -4, time_unit::years, utc(2020, 2, 29)},
        {utc(2024, 2, 29), 76, time_unit::years, utc(2100, 2, 28)},
        {utc(2024, 5, 1, 10), 1, time_unit::years, utc(2025, 5, 1, 10)},
        {utc(2024, 5, 1, 10), -2, time_unit::years, utc(2022, 5, 1, 10)},
        // non-integral n truncates toward zero
        {utc(2024, 5, 1), 1.9, time_unit::months, utc(2024, 6, 1)},
        {utc(2024, 5, 1), -1.9, time_unit::months, utc(2024, 4, 1)},
        {utc(2024, 5, 1), 0.5, time_unit::months, utc(2024, 5, 1)},
        {utc(2024, 5, 1), -0.5, time_unit::months, utc(2024, 5, 1)},
        {utc(2024, 5, 1), 1.5, time_unit::years, utc(2025, 5, 1)},
        {utc(2024, 5, 1), -1.5, time_unit::years, utc(2023, 5, 1)},
        // before the epoch and around year 0
        {utc(1969, 12, 31, 23), 1, time_unit::months, utc(1970, 1, 31, 23)},
        {utc(1960, 3, 31), -1, time_unit::months, utc(1960, 2, 29)},
        {-0.5, 1, time_unit::months, utc(1970, 1, 31, 23, 59, 59.5)},
        {utc(1970, 1, 1), -1, time_unit::months, utc(1969, 12, 1)},
        {utc(0, 1, 31), 1, time_unit::months, utc(0, 2, 29)},
        {utc(0, 1, 1), -1, time_unit::months, utc(-1, 12, 1)},
        {utc(1, 3, 31), -1, time_unit::years, utc(0, 3, 31)},
        {utc(9999, 12, 31), 1, time_unit::months, utc(10000, 1, 31)},
    };
    for (const calendar_row& r : rows) {
        EXPECT_DOUBLE_EQ(add_time(r.start, r.n, r.unit), r.expected)
            << "start " << r.start << " n " << r.n << " unit " << static_cast<int>(r.unit);
    }
}

TEST(Time, AddTimeMonthsComposesWithParse) {
    const auto start = parse_iso8601("2024-01-31T12:30:00+02:00"); // 10:30Z
    ASSERT_TRUE(start.has_value());
    const auto expected = parse_iso8601("2024-02-29T10:30:00Z");
    ASSERT_TRUE(expected.has_value());
    EXPECT_DOUBLE_EQ(add_time(*start, 1, time_unit::months), *expected);
}

TEST(Time, AddTimeNonFinite) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_TRUE(std::isnan(add_time(nan, 1, time_unit::months)));
    EXPECT_TRUE(std::isnan(add_time(0, nan, time_unit::months)));
    EXPECT_TRUE(std::isnan(add_time(0, nan, time_unit::days)));
    EXPECT_EQ(add_time(0, inf, time_unit::months), inf);
    EXPECT_EQ(add_time(0, -inf, time_unit::years), -inf);
    EXPECT_EQ(add_time(inf, 1, time_unit::months), inf);
    EXPECT_EQ(add_time(-inf, 1, time_unit::years), -inf);
    EXPECT_EQ(add_time(0, inf, time_unit::days), inf);
}

TEST(Time, AddTimeHugeValuesFallBackToMeanLengths) {
    EXPECT_DOUBLE_EQ(add_time(0, 1e13, time_unit::months), 1e13 * 2629746.0);
    EXPECT_DOUBLE_EQ(add_time(0, -1e13, time_unit::years), -1e13 * 31556952.0);
    EXPECT_DOUBLE_EQ(add_time(1e16, 1, time_unit::months), 1e16 + 2629746.0);
    EXPECT_DOUBLE_EQ(add_time(-1e16, 2, time_unit::years), -1e16 + 2.0 * 31556952.0);
    // Just inside the exact range, the calendar is still used.
    const double start = utc(2024, 1, 31);
    EXPECT_DOUBLE_EQ(add_time(start, 12000000, time_unit::months), utc(1002024, 1, 31));
}

} // namespace
