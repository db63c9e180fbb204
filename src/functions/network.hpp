// SPDX-License-Identifier: Apache-2.0
// Network helpers behind GSL isPublic(): strict IPv4/IPv6 address and CIDR parsing and
// classification against the private/special ranges.
#ifndef CGSL_FUNCTIONS_NETWORK_HPP
#define CGSL_FUNCTIONS_NETWORK_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cgsl::detail {

enum class address_class { not_an_address, public_address, non_public };

// A parsed address or CIDR range. IPv4 values use the low 32 bits of `lo` (hi = 0) and prefix
// 0..32; IPv6 values use all 128 bits (hi = first 64) and prefix 0..128. Host bits are kept as
// written; classification masks them.
struct ip_range {
    bool is_v6;
    std::uint64_t hi;
    std::uint64_t lo;
    unsigned prefix; // 32 / 128 when no "/n" was given
};

// Parses an IPv4 or IPv6 address, optionally followed by "/n".
//
// IPv4: four dot-separated decimal octets 0..255 of 1..3 digits; a leading zero is rejected
// ("010.0.0.1") because it is ambiguous (octal in inet_aton).
// IPv6 (RFC 4291 text form): one to eight groups of 1..4 hex digits (either case) separated by
// ':', at most one "::" standing for one or more zero groups, and optionally a dotted IPv4 in
// place of the last two groups ("::ffff:10.0.0.1", "64:ff9b::1.2.3.4"). Zone ids
// ("fe80::1%eth0") are rejected.
// Prefix: decimal 0..32 (IPv4) or 0..128 (IPv6), 1..3 digits, no leading zero ("/08" rejected),
// no sign. No whitespace anywhere. Does not allocate.
[[nodiscard]] std::optional<ip_range> parse_ip_range(std::string_view s) noexcept;

// Classifies a GSL isPublic() operand.
//
// `*`, `any` and `internet` (ASCII case-insensitive) are public_address. Otherwise the value
// must parse with parse_ip_range, else not_an_address. A range is non_public only when it lies
// wholly inside one of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 127.0.0.0/8, 169.254.0.0/16,
// 100.64.0.0/10 (IPv4) or fc00::/7, fe80::/10, ::1/128 (IPv6); every other range is
// public_address (including 0.0.0.0/0, ::/0, the unspecified addresses 0.0.0.0 and ::, and any
// range that merely overlaps a private one, e.g. 10.0.0.0/7). IPv6 ranges inside the IPv4-mapped
// block ::ffff:0:0/96 are judged as the IPv4 range formed by their low 32 bits and prefix - 96;
// other IPv6 forms with embedded IPv4 (IPv4-compatible "::10.0.0.1", NAT64 "64:ff9b::") are
// judged as plain IPv6 and so are public.
[[nodiscard]] address_class classify_address(std::string_view s) noexcept;

// ---- Exact address arithmetic, for allowedHostsForPort() and allowedPublicHostsForPort() ----

// 128-bit unsigned addresses (IPv4 addresses use the low 32 bits).
__extension__ typedef unsigned __int128 address_t;

// The closed interval [lo, hi] of addresses of one family.
struct address_interval {
    address_t lo;
    address_t hi;
};

// The addresses of r: host bits masked, so "10.0.0.5/24" is [10.0.0.0, 10.0.0.255].
[[nodiscard]] address_interval interval_of(const ip_range& r) noexcept;

// The private and special ranges of classify_address() as sorted, disjoint intervals of one
// family. For IPv6 this includes the IPv4-mapped images (::ffff:10.0.0.0/104, ...) of the IPv4
// ones, which classify_address() judges as IPv4.
[[nodiscard]] const std::vector<address_interval>& non_public_intervals(bool v6);

// A number of addresses, exact up to and including 2^128.
struct address_count {
    address_t n = 0;   // the count when !all
    bool all = false;  // the whole 128-bit space: 2^128
    // The count as a double: exact below 2^53, the nearest double above.
    [[nodiscard]] double to_double() const noexcept;
};

// Addresses named by one firewall rule element: `rank` is its place in evaluation order (lower
// first), `allow` its action.
struct ranked_interval {
    address_interval addresses;
    std::size_t rank;
    bool allow;
};

// First-match semantics over one family: an address is allowed when the lowest-ranked interval
// that contains it allows. Returns the allowed addresses as sorted, disjoint, non-adjacent
// intervals. O(n log n) in the number of intervals.
[[nodiscard]] std::vector<address_interval> first_match_allowed(std::vector<ranked_interval> blocks);

// The number of addresses in sorted, disjoint, non-adjacent intervals.
[[nodiscard]] address_count count_addresses(const std::vector<address_interval>& set) noexcept;

// The number of addresses in `set` (as above) that are not in `excluded` (sorted, disjoint).
[[nodiscard]] address_count count_addresses_outside(const std::vector<address_interval>& set,
                                                    const std::vector<address_interval>& excluded) noexcept;

} // namespace cgsl::detail

#endif // CGSL_FUNCTIONS_NETWORK_HPP
