// SPDX-License-Identifier: Apache-2.0
// The document formats' readers and shared helpers (internal to src/input).
#ifndef CGSL_INPUT_FORMATS_HPP
#define CGSL_INPUT_FORMATS_HPP

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "input/input.hpp"

namespace cgsl::io {

// Blank, or only a UTF-8 byte order mark and white space.
[[nodiscard]] bool is_empty_input(std::string_view text) noexcept;

[[nodiscard]] diagnostic input_error(diag_code code, std::string message, const position& pos);

// The top-level JSON values of text (concatenated documents), as (offset, length).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> split_values(std::string_view text);

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
