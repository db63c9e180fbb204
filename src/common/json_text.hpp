// SPDX-License-Identifier: Apache-2.0
// Writing JSON text: string literals with escapes.
#ifndef CGSL_COMMON_JSON_TEXT_HPP
#define CGSL_COMMON_JSON_TEXT_HPP

#include <string>
#include <string_view>

namespace cgsl::detail {

// Appends s as a JSON string literal (quoted; ", \ and control characters escaped).
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
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
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}


}  // namespace cgsl::detail

#endif  // CGSL_COMMON_JSON_TEXT_HPP
