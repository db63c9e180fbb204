// SPDX-License-Identifier: Apache-2.0
// Byte offsets to line/column, and rendering diagnostics.
#include "common/source.hpp"

#include <algorithm>

namespace cgsl {

source_location locate(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  source_location loc;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      line_start = i + 1;
    }
  }
  std::uint32_t col = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  loc.column = col;
  return loc;
}

std::string_view line_at(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  std::size_t begin = 0;
  if (offset > 0) {
    std::size_t nl = text.rfind('\n', offset - 1);
    if (nl != std::string_view::npos) begin = nl + 1;
  }
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

diagnostic make_diagnostic(diag_code code, std::string message, std::string_view source_name,
                           std::string_view text, std::size_t offset) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = std::string(source_name);
  d.offset = static_cast<std::uint32_t>(std::min(offset, text.size()));
  source_location loc = locate(text, offset);
  d.line = loc.line;
  d.column = loc.column;
  d.source_line = std::string(line_at(text, offset));
  return d;
}

std::string code_name(diag_code code) {
  std::string s = std::to_string(static_cast<unsigned>(code));
  return "E" + s;
}

std::string format(const diagnostic& d) {
  std::string out = d.source_name.empty() ? std::string("<input>") : d.source_name;
  if (d.line > 0) {
    out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
  }
  out += d.level == severity::error ? ": error[" : d.level == severity::warning ? ": warning[" : ": note[";
  out += code_name(d.code) + "]: ";
  if (!d.rule.empty()) out += "rule " + d.rule + ": ";
  out += d.message + "\n";
  if (d.line > 0) {
    // Tabs stay tabs in the caret line so the caret lines up under the same character.
    out += "  | " + d.source_line + "\n  | ";
    std::uint32_t col = 1;
    for (std::size_t i = 0; i < d.source_line.size() && col < d.column; ++i) {
      const unsigned char c = static_cast<unsigned char>(d.source_line[i]);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
      ++col;
    }
    for (; col < d.column; ++col) out += ' ';
    out += "^\n";
  }
  if (!d.hint.empty()) out += "  = hint: " + d.hint + "\n";
  return out;
}

}  // namespace cgsl
