// SPDX-License-Identifier: Apache-2.0
// Writing JSON text: string literals with escapes, UTF-8.
#ifndef CGSL_COMMON_JSON_TEXT_HPP
#define CGSL_COMMON_JSON_TEXT_HPP

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cgsl::detail {

// Appends the code point c (at most 0x10FFFF, not a surrogate) encoded as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Appends s as a JSON string literal (quoted; ", \ and control characters escaped).
// True for the bytes a JSON string literal must escape: control characters, '"' and '\'.
inline constexpr bool json_needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    // Copy the longest run that needs no escape in one append, 8 bytes at a time while no byte
    // of the word is a control character, '"' or '\'.
    const char* run = p;
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
      const std::uint64_t special = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
      if (special & highs) break;
      p += 8;
    }
    while (p < end && !json_needs_escape(static_cast<unsigned char>(*p))) ++p;
    out.append(run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(esc, 6);
      }
    }
  }
  out += '"';
}

// Appends the strings of items (a range of strings) as a JSON array of string literals.
template <typename Strings>
void append_json_string_array(std::string& out, const Strings& items) {
  out += '[';
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, item);
  }
  out += ']';
}

}  // namespace cgsl::detail

#endif  // CGSL_COMMON_JSON_TEXT_HPP
