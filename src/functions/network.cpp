// SPDX-License-Identifier: Apache-2.0
// Implementation of the isPublic() helpers: allocation-free IPv4/IPv6/CIDR parsing and range
// classification.
#include "functions/network.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "functions/text.hpp"

namespace cgsl::detail {

namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Value of a hex digit, or -1.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Parses a dotted-quad IPv4 address that must cover all of `s`.
std::optional<std::uint32_t> parse_ipv4(std::string_view s) noexcept {
    std::uint32_t value = 0;
    std::size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (pos >= s.size() || s[pos] != '.') {
                return std::nullopt;
            }
            ++pos;
        }
        const std::size_t begin = pos;
        unsigned part = 0;
        while (pos < s.size() && is_digit(s[pos]) && pos - begin < 3) {
            part = part * 10U + static_cast<unsigned>(s[pos] - '0');
            ++pos;
        }
        const std::size_t len = pos - begin;
        if (len == 0 || part > 255 || (len > 1 && s[begin] == '0')) {
            return std::nullopt; // empty, too large or leading zero
        }
        value = (value << 8U) | part;
    }
    if (pos != s.size()) {
        return std::nullopt; // a fourth digit, a fifth octet or other trailing text
    }
    return value;
}

// Parses an IPv6 address that must cover all of `s`; returns the 8 groups.
std::optional<std::array<std::uint16_t, 8>> parse_ipv6(std::string_view s) noexcept {
    std::array<std::uint16_t, 8> groups{};
    std::size_t count = 0;             // groups written so far
    constexpr std::size_t no_gap = static_cast<std::size_t>(-1);
    std::size_t gap = no_gap;          // index in `groups` where "::" occurred
    std::size_t pos = 0;
    const std::size_t n = s.size();

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        pos = 2;
    } else if (n >= 1 && s[0] == ':') {
        return std::nullopt; // a single leading colon
    }

    while (pos < n) {
        if (count == 8) {
            return std::nullopt; // more than eight groups
        }
        const std::size_t begin = pos;
        unsigned group = 0;
        while (pos < n && hex_value(s[pos]) >= 0) {
            if (pos - begin == 4) {
                return std::nullopt; // five or more hex digits
            }
            group = (group << 4U) | static_cast<unsigned>(hex_value(s[pos]));
            ++pos;
        }
        if (pos < n && s[pos] == '.') {
            // Embedded IPv4: it must be the last part and fill two groups.
            if (count > 6) {
                return std::nullopt;
            }
            const auto v4 = parse_ipv4(s.substr(begin));
            if (!v4) {
                return std::nullopt;
            }
            groups[count++] = static_cast<std::uint16_t>(*v4 >> 16U);
            groups[count++] = static_cast<std::uint16_t>(*v4 & 0xFFFFU);
            pos = n;
            break;
        }
        if (pos == begin) {
            return std::nullopt; // empty group or an invalid character
        }
        groups[count++] = static_cast<std::uint16_t>(group);
        if (pos == n) {
            break;
        }
        if (s[pos] != ':') {
            return std::nullopt; // invalid character (including '%' zone ids)
        }
        ++pos;
        if (pos < n && s[pos] == ':') {
            if (gap != no_gap) {
                return std::nullopt; // a second "::"
            }
            gap = count;
            ++pos;
        } else if (pos == n) {
            return std::nullopt; // a single trailing colon
        }
    }

    if (gap == no_gap) {
        if (count != 8) {
            return std::nullopt; // too few groups and no "::"
        }
        return groups;
    }
    if (count > 7) {
        return std::nullopt; // "::" must stand for at least one zero group
    }
    // Move the groups written after the gap to the end; zeros fill the middle.
    std::array<std::uint16_t, 8> expanded{};
    const std::size_t tail = count - gap;
    for (std::size_t i = 0; i < gap; ++i) {
        expanded[i] = groups[i];
    }
    for (std::size_t i = 0; i < tail; ++i) {
        expanded[8 - tail + i] = groups[gap + i];
    }
    return expanded;
}

// Parses the "n" of "/n": 1..3 decimal digits, no leading zero, at most `max`.
std::optional<unsigned> parse_prefix(std::string_view s, unsigned max) noexcept {
    if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : s) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        value = value * 10U + static_cast<unsigned>(c - '0');
    }
    if (value > max) {
        return std::nullopt;
    }
    return value;
}

// Mask with the top `prefix` bits of a 64-bit word set (prefix may be 0..64).
constexpr std::uint64_t top_bits64(unsigned prefix) noexcept {
    return prefix == 0 ? 0 : (prefix >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64U - prefix));
}

// Mask with the top `prefix` bits of a 32-bit word set (prefix may be 0..32).
constexpr std::uint32_t top_bits32(unsigned prefix) noexcept {
    return prefix == 0 ? 0 : (prefix >= 32 ? ~std::uint32_t{0} : ~std::uint32_t{0} << (32U - prefix));
}

// True when the IPv4 range addr/prefix lies wholly inside net/net_prefix.
constexpr bool v4_inside(std::uint32_t addr, unsigned prefix, std::uint32_t net,
                         unsigned net_prefix) noexcept {
    return prefix >= net_prefix && (addr & top_bits32(net_prefix)) == net;
}

// True when the IPv6 range (hi,lo)/prefix lies wholly inside (net_hi,net_lo)/net_prefix.
constexpr bool v6_inside(std::uint64_t hi, std::uint64_t lo, unsigned prefix, std::uint64_t net_hi,
                         std::uint64_t net_lo, unsigned net_prefix) noexcept {
    if (prefix < net_prefix) {
        return false;
    }
    const std::uint64_t mask_hi = top_bits64(net_prefix);
    const std::uint64_t mask_lo = net_prefix > 64 ? top_bits64(net_prefix - 64) : 0;
    return (hi & mask_hi) == net_hi && (lo & mask_lo) == net_lo;
}

struct v4_net {
    std::uint32_t base;
    unsigned prefix;
};
// The IPv4 private and special ranges (docs/language.md, isPublic()).
constexpr v4_net v4_private_nets[] = {
    {0x0A000000U, 8},  // 10.0.0.0/8
    {0xAC100000U, 12}, // 172.16.0.0/12
    {0xC0A80000U, 16}, // 192.168.0.0/16
    {0x7F000000U, 8},  // 127.0.0.0/8 loopback
    {0xA9FE0000U, 16}, // 169.254.0.0/16 link-local
    {0x64400000U, 10}, // 100.64.0.0/10 carrier-grade NAT
};

bool v4_non_public(std::uint32_t addr, unsigned prefix) noexcept {
    for (const v4_net& p : v4_private_nets) {
        if (v4_inside(addr, prefix, p.base, p.prefix)) {
            return true;
        }
    }
    return false;
}

bool v6_non_public(std::uint64_t hi, std::uint64_t lo, unsigned prefix) noexcept {
    // IPv4-mapped ::ffff:a.b.c.d, judged by the IPv4 rules.
    if (v6_inside(hi, lo, prefix, 0, 0x0000FFFF00000000ULL, 96)) {
        return v4_non_public(static_cast<std::uint32_t>(lo & 0xFFFFFFFFULL), prefix - 96);
    }
    return v6_inside(hi, lo, prefix, 0xFC00000000000000ULL, 0, 7) ||  // fc00::/7 unique local
           v6_inside(hi, lo, prefix, 0xFE80000000000000ULL, 0, 10) || // fe80::/10 link-local
           v6_inside(hi, lo, prefix, 0, 1, 128);                       // ::1 loopback
}

} // namespace

std::optional<ip_range> parse_ip_range(std::string_view s) noexcept {
    std::string_view address = s;
    std::string_view prefix_text;
    bool has_prefix = false;
    const std::size_t slash = s.find('/');
    if (slash != std::string_view::npos) {
        address = s.substr(0, slash);
        prefix_text = s.substr(slash + 1);
        has_prefix = true;
    }

    if (address.find(':') != std::string_view::npos) {
        const auto groups = parse_ipv6(address);
        if (!groups) {
            return std::nullopt;
        }
        ip_range r{true, 0, 0, 128};
        for (std::size_t i = 0; i < 4; ++i) {
            r.hi = (r.hi << 16U) | (*groups)[i];
            r.lo = (r.lo << 16U) | (*groups)[i + 4];
        }
        if (has_prefix) {
            const auto p = parse_prefix(prefix_text, 128);
            if (!p) {
                return std::nullopt;
            }
            r.prefix = *p;
        }
        return r;
    }

    const auto v4 = parse_ipv4(address);
    if (!v4) {
        return std::nullopt;
    }
    ip_range r{false, 0, *v4, 32};
    if (has_prefix) {
        const auto p = parse_prefix(prefix_text, 32);
        if (!p) {
            return std::nullopt;
        }
        r.prefix = *p;
    }
    return r;
}

address_class classify_address(std::string_view s) noexcept {
    if (s == "*" || equal_ignore_ascii_case(s, "any") || equal_ignore_ascii_case(s, "internet")) {
        return address_class::public_address;
    }
    const auto r = parse_ip_range(s);
    if (!r) {
        return address_class::not_an_address;
    }
    const bool non_public = r->is_v6 ? v6_non_public(r->hi, r->lo, r->prefix)
                                     : v4_non_public(static_cast<std::uint32_t>(r->lo), r->prefix);
    return non_public ? address_class::non_public : address_class::public_address;
}

namespace {

constexpr address_t address_max = ~address_t{0};

// A position between addresses: (x, false) is just before x, (x, true) just after x.
struct sweep_event {
    address_t x;
    bool after;
    bool start;
    std::size_t rank;
};

} // namespace

address_interval interval_of(const ip_range& r) noexcept {
    const unsigned width = r.is_v6 ? 128U : 32U;
    const address_t value = (static_cast<address_t>(r.hi) << 64U) | r.lo;
    const unsigned host_bits = width - r.prefix;
    const address_t host_mask = host_bits >= 128U ? address_max : ((address_t{1} << host_bits) - 1U);
    const address_t lo = value & ~host_mask;
    return {lo, lo | host_mask};
}

const std::vector<address_interval>& non_public_intervals(bool v6) {
    static const std::vector<address_interval> v4 = [] {
        std::vector<address_interval> out;
        for (const v4_net& n : v4_private_nets) {
            out.push_back(interval_of(ip_range{false, 0, n.base, n.prefix}));
        }
        std::sort(out.begin(), out.end(), [](const address_interval& a, const address_interval& b) { return a.lo < b.lo; });
        return out;
    }();
    static const std::vector<address_interval> v6_set = [] {
        std::vector<address_interval> out;
        out.push_back(interval_of(ip_range{true, 0, 1, 128}));                      // ::1
        for (const v4_net& n : v4_private_nets) {                                   // ::ffff:a.b.c.d
            out.push_back(interval_of(ip_range{true, 0, 0x0000FFFF00000000ULL | n.base, 96U + n.prefix}));
        }
        out.push_back(interval_of(ip_range{true, 0xFC00000000000000ULL, 0, 7}));    // fc00::/7
        out.push_back(interval_of(ip_range{true, 0xFE80000000000000ULL, 0, 10}));   // fe80::/10
        std::sort(out.begin(), out.end(), [](const address_interval& a, const address_interval& b) { return a.lo < b.lo; });
        return out;
    }();
    return v6 ? v6_set : v4;
}

double address_count::to_double() const noexcept {
    if (all) {
        return std::ldexp(1.0, 128);
    }
    return static_cast<double>(n);
}

std::vector<address_interval> first_match_allowed(std::vector<ranked_interval> blocks) {
    std::vector<sweep_event> events;
    events.reserve(blocks.size() * 2);
    std::size_t ranks = 0;
    for (const ranked_interval& b : blocks) {
        events.push_back({b.addresses.lo, false, true, b.rank});
        events.push_back({b.addresses.hi, true, false, b.rank});
        ranks = std::max(ranks, b.rank + 1);
    }
    std::vector<char> allow(ranks, 0);
    for (const ranked_interval& b : blocks) {
        allow[b.rank] = b.allow ? 1 : 0;
    }
    std::sort(events.begin(), events.end(), [](const sweep_event& a, const sweep_event& b) {
        return a.x != b.x ? a.x < b.x : (a.after != b.after ? !a.after : a.start > b.start);
    });
    std::vector<address_interval> out;
    std::multiset<std::size_t> active;
    std::size_t i = 0;
    bool have_prev = false;
    address_t prev_x = 0;
    bool prev_after = false;
    while (i < events.size()) {
        const address_t x = events[i].x;
        const bool after = events[i].after;
        // The addresses strictly between the previous position and this one share one decision.
        if (have_prev && !active.empty() && allow[*active.begin()] != 0) {
            const bool empty_start = prev_after && prev_x == address_max;
            const bool empty_end = !after && x == 0;
            if (!empty_start && !empty_end) {
                const address_t s = prev_after ? prev_x + 1U : prev_x;
                const address_t e = after ? x : x - 1U;
                if (s <= e) {
                    if (!out.empty() && out.back().hi + 1U == s) {
                        out.back().hi = e;
                    } else {
                        out.push_back({s, e});
                    }
                }
            }
        }
        for (; i < events.size() && events[i].x == x && events[i].after == after; ++i) {
            if (events[i].start) {
                active.insert(events[i].rank);
            } else {
                active.erase(active.find(events[i].rank));
            }
        }
        have_prev = true;
        prev_x = x;
        prev_after = after;
    }
    return out;
}

address_count count_addresses(const std::vector<address_interval>& set) noexcept {
    address_count c;
    for (const address_interval& iv : set) {
        if (iv.lo == 0 && iv.hi == address_max) {
            c.all = true;
            c.n = 0;
            return c;
        }
        c.n += iv.hi - iv.lo + 1U;
    }
    return c;
}

address_count count_addresses_outside(const std::vector<address_interval>& set,
                                      const std::vector<address_interval>& excluded) noexcept {
    address_count c = count_addresses(set);
    address_t inside = 0;
    for (const address_interval& iv : set) {
        for (const address_interval& ex : excluded) {
            const address_t lo = std::max(iv.lo, ex.lo);
            const address_t hi = std::min(iv.hi, ex.hi);
            if (lo <= hi) {
                inside += hi - lo + 1U;
            }
        }
    }
    if (inside == 0) {
        return c;
    }
    if (c.all) {
        c.all = false;
        c.n = address_max - inside + 1U;
    } else {
        c.n -= inside;
    }
    return c;
}

} // namespace cgsl::detail
