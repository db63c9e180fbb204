// SPDX-License-Identifier: Apache-2.0
// The document formats' readers and shared helpers (internal to src/input).
#ifndef CGSL_INPUT_FORMATS_HPP
#define CGSL_INPUT_FORMATS_HPP

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "input/input.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {

// Appends the rest of f to out; false on a read error.
[[nodiscard]] bool read_rest(std::FILE* f, std::string& out);

// Blank, or only a UTF-8 byte order mark and white space.
[[nodiscard]] bool is_empty_input(std::string_view text) noexcept;

[[nodiscard]] diagnostic input_error(diag_code code, std::string message, const position& pos);

// The top-level JSON values of text (concatenated documents), as (offset, length).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> split_values(std::string_view text);

// Parses each top-level JSON value of text with parser and calls on_value(root) for it. An input
// without any value, a value over the size limit and a malformed value are reported to sink at
// file#index; index counts the values (on_value may advance it for what it finds inside).
template <typename OnValue>
void for_each_value(std::string_view text, const std::string& file, simdjson::dom::parser& parser,
                    const reader_options& options, entity_sink& sink, std::size_t& index,
                    OnValue&& on_value) {
  const auto values = split_values(text);
  if (values.empty()) {
    // Only white space and byte order marks: no entity at all, which must not look clean.
    position pos{file, 0, 0, {}};
    sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
    return;
  }
  for (const auto& [offset, length] : values) {
    if (length > options.json.max_bytes) {
      position pos{file, 0, index++, {}};
      sink.error(input_error(diag_code::json_too_large, "the document is larger than the limit", pos), pos);
      continue;
    }
    simdjson::dom::element root;
    if (auto err = parser.parse(text.data() + offset, length, true).get(root); err) {
      position pos{file, 0, index++, {}};
      sink.error(detail::json_error(err, pos.to_string()), pos);
      continue;
    }
    on_value(root);
  }
}

// JSON: one entity, an array of entities, an object holding one under entities/assets/items, or
// several such documents concatenated. With notifications: CloudGuard notifications, whose
// `entity` member is the entity.
void read_json_values(std::string_view text, const std::string& file, bool notifications,
                      entity_sink& sink, const reader_options& options);

// `terraform show -json PLAN`: aws_ecr_repository (+ _policy, _lifecycle_policy) resources,
// child modules included, as EcrRepository entities positioned at their resource addresses.
void read_terraform_plan(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options);

}  // namespace cgsl::io

#endif  // CGSL_INPUT_FORMATS_HPP
