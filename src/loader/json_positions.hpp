// SPDX-License-Identifier: Apache-2.0
// Positions in JSON text, which simdjson's DOM does not give: where each rule's "logic" string
// starts in a rule file, the byte in the file of a byte of a decoded string, and where a JSON
// syntax error is. Each is one linear pass over the text (internal).
#ifndef CGSL_LOADER_JSON_POSITIONS_HPP
#define CGSL_LOADER_JSON_POSITIONS_HPP

#include <cstddef>
#include <string_view>
#include <vector>

namespace cgsl::detail {

// For each element of the rule list (the root array, or the array under the root object's
// "rules"), the offset of the opening quote of its "logic" string; npos when it has none.
[[nodiscard]] std::vector<std::size_t> logic_offsets(std::string_view json);

// The offset in the file of byte `decoded` of the JSON string whose opening quote is at `quote`
// (escapes such as \" and \u00e9 are several bytes in the file).
[[nodiscard]] std::size_t raw_offset(std::string_view json, std::size_t quote, std::size_t decoded);

// The offset of the first byte that makes `json` invalid (json.size() when it ends too early);
// npos when no error is found (the text is valid as far as this checker sees).
[[nodiscard]] std::size_t json_error_offset(std::string_view json);

// 1-based line and column (in UTF-8 code points) of an offset, and the text of its line.
struct text_position {
  std::size_t line = 0, column = 0;
  std::string_view line_text;
};
[[nodiscard]] text_position position_of(std::string_view text, std::size_t offset);

// The same for many offsets of one text: the line starts are found once (one pass), then each
// position costs a binary search and a walk over its own line.
class line_index {
 public:
  explicit line_index(std::string_view text);
  [[nodiscard]] text_position at(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace cgsl::detail

#endif  // CGSL_LOADER_JSON_POSITIONS_HPP
