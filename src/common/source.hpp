// SPDX-License-Identifier: Apache-2.0
// Byte offsets to line/column, and building positioned diagnostics from them.
#ifndef CGSL_COMMON_SOURCE_HPP
#define CGSL_COMMON_SOURCE_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cgsl/diagnostic.hpp"

namespace cgsl {

struct source_location {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in UTF-8 code points
};

// The line and column of a byte offset in text (offsets past the end point just past it).
[[nodiscard]] source_location locate(std::string_view text, std::size_t offset) noexcept;

// The whole line of text containing offset (without its line break).
[[nodiscard]] std::string_view line_at(std::string_view text, std::size_t offset) noexcept;

// A diagnostic positioned at offset in text.
[[nodiscard]] diagnostic make_diagnostic(diag_code code, std::string message,
                                         std::string_view source_name, std::string_view text,
                                         std::size_t offset);

}  // namespace cgsl

#endif  // CGSL_COMMON_SOURCE_HPP
