// SPDX-License-Identifier: Apache-2.0
// What a cgsl::document holds, and simdjson error codes mapped to diagnostics (internal).
#ifndef CGSL_JSON_DOCUMENT_IMPL_HPP
#define CGSL_JSON_DOCUMENT_IMPL_HPP

#include <string>
#include <string_view>

#include <simdjson.h>

#include "cgsl/diagnostic.hpp"

namespace cgsl::detail {

struct document_impl {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

// A diagnostic for a simdjson error: E302 depth, E303 capacity, E306 UTF-8, else E301. The
// message names simdjson's reason; simdjson's DOM parser gives no byte offset, so the position is
// left to the caller (the line or index of the entity in its file).
[[nodiscard]] diagnostic json_error(simdjson::error_code code, std::string_view source_name);

}  // namespace cgsl::detail

#endif  // CGSL_JSON_DOCUMENT_IMPL_HPP
