// SPDX-License-Identifier: Apache-2.0
// Unit tests for the network helpers: IPv4/IPv6/CIDR parsing and classification (isPublic()),
// and the exact address-set arithmetic of allowedHostsForPort() / allowedPublicHostsForPort().
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

#include "functions/network.hpp"

namespace {

using cgsl::detail::address_class;
using cgsl::detail::classify_address;
using cgsl::detail::parse_ip_range;

const char* name_of(address_class c) {
    switch (c) {
    case address_class::not_an_address:
        return "not_an_address";
    case address_class::public_address:
        return "public_address";
    case address_class::non_public:
        return "non_public";
    }
    return "?";
}

void expect_all(const std::string_view* begin, const std::string_view* end,
                address_class expected) {
    for (const std::string_view* it = begin; it != end; ++it) {
        EXPECT_EQ(classify_address(*it), expected)
            << "input: '" << *it << "' got " << name_of(classify_address(*it)) << " expected "
            << name_of(expected);
    }
}

TEST(Network, PublicAddresses) {
    const std::string_view rows[] = {
        // keywords, any ASCII case
        "*", "any", "ANY", "Any", "internet", "INTERNET", "Internet",
        // IPv4
        "8.8.8.8", "1.1.1.1", "1.2.3.4/32", "0.0.0.0", "0.0.0.0/0", "255.255.255.255",
        "11.0.0.0", "9.255.255.255", "172.15.255.255", "172.32.0.1", "172.32.0.0/16",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
        "128.0.0.0", "169.253.255.255", "169.255.0.0", "224.0.0.1", "52.95.110.1/24",
        // ranges that only overlap a private range are public
        "10.0.0.0/7", "172.16.0.0/11", "192.168.0.0/15", "126.0.0.0/7", "169.254.0.0/15",
        "100.64.0.0/9", "0.0.0.0/1", "8.0.0.0/6",
        // IPv6
        "::", "::/0", "2001:db8::/32", "2001:db8::1", "2001:4860:4860::8888", "2600::/16",
        "fc00::/6", "fe80::/9", "fec0::1", "ff02::1", "fbff:ffff::1", "fe7f:ffff::1",
        "::2", "::1/127", "::0/128", "8000::/1",
        // IPv4-mapped public addresses and the whole mapped block
        "::ffff:8.8.8.8", "::FFFF:172.32.0.1", "::ffff:808:808", "::ffff:0:0/96",
        "::ffff:10.0.0.0/103", "::ffff:0.0.0.0/95",
        // other IPv4-embedding IPv6 forms are plain IPv6
        "::10.0.0.1", "::192.168.1.1", "64:ff9b::10.0.0.1", "::fffe:10.0.0.1",
        "1:0:0:0:0:ffff:10.0.0.1",
    };
    expect_all(std::begin(rows), std::end(rows), address_class::public_address);
}

TEST(Network, NonPublicAddresses) {
    const std::string_view rows[] = {
        // 10.0.0.0/8
        "10.0.0.0", "10.0.0.1", "10.255.255.255", "10.0.0.0/8", "10.1.2.3/8", "10.1.0.0/16",
        "10.0.0.0/32", "10.0.0.0/31",
        // 172.16.0.0/12
        "172.16.0.1", "172.31.255.255", "172.16.0.0/12", "172.16.0.0/13", "172.20.0.0/16",
        "172.31.255.255/12",
        // 192.168.0.0/16
        "192.168.1.1", "192.168.0.0/16", "192.168.255.255", "192.168.10.0/24",
        // 127.0.0.0/8
        "127.0.0.1", "127.0.0.0/8", "127.255.255.255",
        // 169.254.0.0/16
        "169.254.169.254", "169.254.0.0/16",
        // 100.64.0.0/10
        "100.64.0.0", "100.64.0.0/10", "100.127.255.255", "100.100.0.0/16",
        // fc00::/7
        "fc00::/7", "fc00::", "fd00::/8", "fd12:3456:789a::1", "FD12::1",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fc00::/64",
        // fe80::/10
        "fe80::1", "FE80::1", "fe80::/10", "fe80::1/64", "febf:ffff::1", "fe80::1:2:3:4",
        // ::1
        "::1", "::1/128", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001",
        // IPv4-mapped private addresses
        "::ffff:192.168.1.1", "::FFFF:10.0.0.1", "::ffff:c0a8:101", "::ffff:127.0.0.1/128",
        "::ffff:10.0.0.0/104", "0:0:0:0:0:ffff:10.0.0.1", "0:0:0:0:0:ffff:a00:1",
        "::ffff:100.64.0.0/106", "::ffff:169.254.1.1",
    };
    expect_all(std::begin(rows), std::end(rows), address_class::non_public);
}

TEST(Network, NotAnAddress) {
    const std::string_view rows[] = {
        // empty, whitespace, names
        "", " ", "10.0.0.1 ", " 10.0.0.1", "10.0.0.1\n", "10.0.0.1\t", "1.2.3.4/32 ",
        "example.com", "localhost", "anything", "internets", "any ", " any", "**", "all",
        "0x0A000000", "10", "167772161",
        // bad IPv4
        "256.0.0.1", "1.2.3.256", "999.1.1.1", "1.2.3", "1.2", "1.2.3.4.5", "1.2.3.", ".1.2.3",
        "1..2.3", "01.2.3.4", "1.2.3.04", "00.0.0.0", "1234.1.1.1", "1.2.3.4a", "-1.2.3.4",
        "+1.2.3.4", "1.2.3.0x1", "1,2,3,4",
        // bad prefixes
        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0.0/8/8",
        "10.0.0.0/ 8", "10.0.0.0 /8", "/8", "/", "10.0.0.0/1000", "10.0.0.0/8a",
        "10.0.0.0/255.0.0.0", "::/129", "::/", "::/0128", "fe80::/-10",
        // bad IPv6
        ":", ":::", "::::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "12345::", "::12345", "g::1",
        ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:256.1.1.1", "::ffff:1.2.3", "::1.2.3.4:5", "1.2.3.4::", "::1.2.3.4.5",
        "::ffff:01.2.3.4", "::ffff:1.2.3.4/", "fe80::1%eth0", "fe80::1%1", "[::1]",
        "::1 ", " ::1", "1:2:3:4:5:6:1.2.3.4:1", "1::2:3:4:5:6:7:1.2.3.4", "::-1",
        "fe80:::1", "1:2:3:4:5:6:7::8",
    };
    expect_all(std::begin(rows), std::end(rows), address_class::not_an_address);
    EXPECT_EQ(classify_address(std::string_view("10.0.0.1\0", 9)), address_class::not_an_address);
}

TEST(Network, ParseIpv4Range) {
    const auto r = parse_ip_range("10.1.2.3/8");
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->is_v6);
    EXPECT_EQ(r->hi, 0U);
    EXPECT_EQ(r->lo, 0x0A010203U);
    EXPECT_EQ(r->prefix, 8U);

    const auto a = parse_ip_range("255.255.255.255");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->lo, 0xFFFFFFFFU);
    EXPECT_EQ(a->prefix, 32U);

    const auto z = parse_ip_range("0.0.0.0/0");
    ASSERT_TRUE(z.has_value());
    EXPECT_EQ(z->lo, 0U);
    EXPECT_EQ(z->prefix, 0U);
}

TEST(Network, ParseIpv6Range) {
    struct row {
        std::string_view text;
        std::uint64_t hi;
        std::uint64_t lo;
        unsigned prefix;
    };
    const row rows[] = {
        {"::", 0, 0, 128},
        {"::/0", 0, 0, 0},
        {"::1", 0, 1, 128},
        {"1::", 0x0001000000000000ULL, 0, 128},
        {"1::8", 0x0001000000000000ULL, 8, 128},
        {"1:2:3:4:5:6:7:8", 0x0001000200030004ULL, 0x0005000600070008ULL, 128},
        {"1:2:3:4:5:6:7::", 0x0001000200030004ULL, 0x0005000600070000ULL, 128},
        {"::2:3:4:5:6:7:8", 0x0000000200030004ULL, 0x0005000600070008ULL, 128},
        {"1:2::7:8", 0x0001000200000000ULL, 0x0000000000070008ULL, 128},
        {"abcd:EF01::/32", 0xABCDEF0100000000ULL, 0, 32},
        {"2001:db8::/32", 0x20010DB800000000ULL, 0, 32},
        {"::ffff:192.168.1.1", 0, 0x0000FFFFC0A80101ULL, 128},
        {"::ffff:10.0.0.0/104", 0, 0x0000FFFF0A000000ULL, 104},
        {"1:2:3:4:5:6:1.2.3.4", 0x0001000200030004ULL, 0x0005000601020304ULL, 128},
        {"1::6:1.2.3.4", 0x0001000000000000ULL, 0x0000000601020304ULL, 128},
        {"fe80::1/10", 0xFE80000000000000ULL, 1, 10},
        {"0:0:0:0:0:0:0:0/128", 0, 0, 128},
    };
    for (const row& r : rows) {
        const auto v = parse_ip_range(r.text);
        ASSERT_TRUE(v.has_value()) << "input: " << r.text;
        EXPECT_TRUE(v->is_v6) << "input: " << r.text;
        EXPECT_EQ(v->hi, r.hi) << "input: " << r.text;
        EXPECT_EQ(v->lo, r.lo) << "input: " << r.text;
        EXPECT_EQ(v->prefix, r.prefix) << "input: " << r.text;
    }
}

TEST(Network, HostBitsAreMasked) {
    // Host bits never move a range into or out of a private block on their own.
    EXPECT_EQ(classify_address("10.255.255.255/8"), address_class::non_public);
    EXPECT_EQ(classify_address("11.255.255.255/7"), address_class::public_address);
    EXPECT_EQ(classify_address("172.31.1.1/12"), address_class::non_public);
    EXPECT_EQ(classify_address("172.31.1.1/11"), address_class::public_address);
    EXPECT_EQ(classify_address("fdff::1/7"), address_class::non_public);
    EXPECT_EQ(classify_address("fdff::1/6"), address_class::public_address);
    EXPECT_EQ(classify_address("8.8.8.8/0"), address_class::public_address);
    EXPECT_EQ(classify_address("fe80::1/0"), address_class::public_address);
}

TEST(Network, PrefixBoundaries) {
    EXPECT_EQ(classify_address("10.0.0.0/32"), address_class::non_public);
    EXPECT_EQ(classify_address("10.0.0.0/33"), address_class::not_an_address);
    EXPECT_EQ(classify_address("::1/128"), address_class::non_public);
    EXPECT_EQ(classify_address("::1/129"), address_class::not_an_address);
    EXPECT_EQ(classify_address("100.64.0.0/10"), address_class::non_public);
    EXPECT_EQ(classify_address("100.64.0.0/9"), address_class::public_address);
    EXPECT_EQ(classify_address("fe80::/10"), address_class::non_public);
    EXPECT_EQ(classify_address("fe80::/9"), address_class::public_address);
    EXPECT_EQ(classify_address("fc00::/7"), address_class::non_public);
    EXPECT_EQ(classify_address("fc00::/6"), address_class::public_address);
}

// ---- Exact address arithmetic behind allowedHostsForPort() / allowedPublicHostsForPort() ----

using cgsl::detail::address_count;
using cgsl::detail::address_interval;
using cgsl::detail::address_t;
using cgsl::detail::count_addresses;
using cgsl::detail::count_addresses_outside;
using cgsl::detail::first_match_allowed;
using cgsl::detail::interval_of;
using cgsl::detail::non_public_intervals;
using cgsl::detail::ranked_interval;

address_interval block(std::string_view cidr) {
    auto r = parse_ip_range(cidr);
    EXPECT_TRUE(r.has_value()) << cidr;
    return r ? interval_of(*r) : address_interval{0, 0};
}

std::uint64_t small(const address_count& c) {
    EXPECT_FALSE(c.all);
    return static_cast<std::uint64_t>(c.n);
}

TEST(AddressSet, IntervalOfMasksHostBits) {
    const address_interval iv = block("10.0.0.5/24");
    EXPECT_EQ(static_cast<std::uint64_t>(iv.lo), 0x0A000000U);
    EXPECT_EQ(static_cast<std::uint64_t>(iv.hi), 0x0A0000FFU);
    const address_interval all4 = block("0.0.0.0/0");
    EXPECT_EQ(static_cast<std::uint64_t>(all4.lo), 0U);
    EXPECT_EQ(static_cast<std::uint64_t>(all4.hi), 0xFFFFFFFFU);
    const address_interval all6 = block("::/0");
    EXPECT_TRUE(all6.lo == 0 && all6.hi == ~address_t{0});
    const address_interval one6 = block("2001:db8::1");
    EXPECT_TRUE(one6.lo == one6.hi);
}

TEST(AddressSet, UnionCountsOverlapOnce) {
    const auto allowed = first_match_allowed({{block("10.0.0.0/16"), 0, true},
                                              {block("10.0.5.0/24"), 1, true},
                                              {block("10.0.0.0/16"), 2, true},
                                              {block("10.1.0.0/16"), 3, true}});
    // 10.0/16 and 10.1/16 are adjacent: one merged interval.
    ASSERT_EQ(allowed.size(), 1U);
    EXPECT_EQ(small(count_addresses(allowed)), 131072U);
}

TEST(AddressSet, FirstMatchDenyCarvesLaterAllow) {
    const auto allowed = first_match_allowed({{block("10.0.0.0/24"), 1, true}, {block("10.0.0.64/26"), 0, false}});
    EXPECT_EQ(small(count_addresses(allowed)), 192U);
    ASSERT_EQ(allowed.size(), 2U);  // [0, 63] and [128, 255]
    EXPECT_EQ(static_cast<std::uint64_t>(allowed[0].hi), 0x0A00003FU);
    EXPECT_EQ(static_cast<std::uint64_t>(allowed[1].lo), 0x0A000080U);
}

TEST(AddressSet, LaterDenyDoesNotRemove) {
    const auto allowed = first_match_allowed({{block("10.0.0.0/24"), 0, true}, {block("0.0.0.0/0"), 1, false}});
    EXPECT_EQ(small(count_addresses(allowed)), 256U);
}

TEST(AddressSet, WholeIpv6SpaceIsExactly2To128) {
    const auto allowed = first_match_allowed({{block("::/0"), 0, true}, {block("2001:db8::/32"), 1, true}});
    const address_count c = count_addresses(allowed);
    EXPECT_TRUE(c.all);
    EXPECT_EQ(c.to_double(), std::ldexp(1.0, 128));
    // One address less is not the whole space, and is exact in 128 bits.
    const auto carved = first_match_allowed({{block("::/0"), 1, true}, {block("::1"), 0, false}});
    const address_count d = count_addresses(carved);
    EXPECT_FALSE(d.all);
    EXPECT_TRUE(d.n == ~address_t{0});
}

TEST(AddressSet, EdgesOfTheSpace) {
    // Blocks touching address 0 and the top address of IPv6.
    const auto allowed = first_match_allowed({{block("::/127"), 0, true},
                                              {block("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"), 0, true}});
    EXPECT_EQ(small(count_addresses(allowed)), 4U);
    const auto top = first_match_allowed({{block("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 0, false},
                                          {block("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124"), 1, true}});
    EXPECT_EQ(small(count_addresses(top)), 15U);
}

TEST(AddressSet, PublicPartOfTheWorld) {
    const auto world4 = first_match_allowed({{block("0.0.0.0/0"), 0, true}});
    EXPECT_EQ(small(count_addresses_outside(world4, non_public_intervals(false))),
              4294967296U - (16777216U + 1048576U + 65536U + 16777216U + 65536U + 4194304U));
    const auto world6 = first_match_allowed({{block("::/0"), 0, true}});
    const address_count pub6 = count_addresses_outside(world6, non_public_intervals(true));
    EXPECT_FALSE(pub6.all);
    // 2^128 - fc00::/7 - fe80::/10 - ::1 - the IPv4-mapped private blocks.
    const address_t expected = ~address_t{0} - (address_t{1} << 121U) - (address_t{1} << 118U) - 1U -
                               (16777216U + 1048576U + 65536U + 16777216U + 65536U + 4194304U) + 1U;
    EXPECT_TRUE(pub6.n == expected);
}

// The tables of count_addresses_outside() and classify_address() agree: the ends of every
// non-public interval are non-public, and the addresses just outside it are public.
TEST(AddressSet, NonPublicIntervalsAgreeWithIsPublic) {
    for (const address_interval& iv : non_public_intervals(false)) {
        const auto text = [](address_t a) {
            const auto v = static_cast<std::uint32_t>(a);
            return std::to_string(v >> 24U) + "." + std::to_string((v >> 16U) & 255U) + "." +
                   std::to_string((v >> 8U) & 255U) + "." + std::to_string(v & 255U);
        };
        EXPECT_EQ(classify_address(text(iv.lo)), address_class::non_public) << text(iv.lo);
        EXPECT_EQ(classify_address(text(iv.hi)), address_class::non_public) << text(iv.hi);
        EXPECT_EQ(classify_address(text(iv.lo - 1U)), address_class::public_address) << text(iv.lo - 1U);
        EXPECT_EQ(classify_address(text(iv.hi + 1U)), address_class::public_address) << text(iv.hi + 1U);
    }
    const auto& v6 = non_public_intervals(true);
    for (std::size_t i = 1; i < v6.size(); ++i) EXPECT_TRUE(v6[i - 1].hi < v6[i].lo) << "sorted, disjoint";
}

// Against brute force: random allow/deny blocks inside 10.0.0.0/24, every address checked by
// walking the blocks in rank order.
TEST(AddressSet, FirstMatchAgreesWithBruteForce) {
    std::uint32_t seed = 12345;
    const auto next = [&seed] {
        seed = seed * 1103515245U + 12345U;
        return (seed >> 16U) & 0x7FFFU;
    };
    for (int round = 0; round < 300; ++round) {
        std::vector<ranked_interval> blocks;
        const unsigned n = 1 + next() % 8;
        for (unsigned i = 0; i < n; ++i) {
            const unsigned prefix = 24 + next() % 9;
            const std::uint32_t addr = 0x0A000000U | (next() & 255U);
            const address_interval iv = interval_of(cgsl::detail::ip_range{false, 0, addr, prefix});
            blocks.push_back({iv, next() % 5, next() % 3 != 0});
        }
        // Equal ranks must agree on the action (one element has one action).
        for (auto& b : blocks) {
            for (const auto& o : blocks) {
                if (o.rank == b.rank) b.allow = o.allow;
            }
        }
        std::uint64_t expected = 0;
        for (std::uint32_t a = 0x0A000000U; a <= 0x0A0000FFU; ++a) {
            std::size_t best = ~std::size_t{0};
            bool allow = false;
            for (const auto& b : blocks) {
                if (b.addresses.lo <= a && a <= b.addresses.hi && b.rank < best) {
                    best = b.rank;
                    allow = b.allow;
                }
            }
            if (allow) ++expected;
        }
        const auto allowed = first_match_allowed(blocks);
        EXPECT_EQ(small(count_addresses(allowed)), expected) << "round " << round;
        for (std::size_t i = 1; i < allowed.size(); ++i) {
            EXPECT_TRUE(allowed[i - 1].hi + 1U < allowed[i].lo) << "sorted, disjoint, merged";
        }
    }
}

}  // namespace
