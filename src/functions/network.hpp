// SPDX-License-Identifier: Apache-2.0
// Network helpers behind GSL isPublic(): strict IPv4/IPv6 address and CIDR parsing and
// classification against the private/special ranges.
#ifndef CGSL_FUNCTIONS_NETWORK_HPP
#define CGSL_FUNCTIONS_NETWORK_HPP

#include <cstdint>
#include <optional>
#include <string_view>

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

} // namespace cgsl::detail

#endif // CGSL_FUNCTIONS_NETWORK_HPP
