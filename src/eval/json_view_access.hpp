// SPDX-License-Identifier: Apache-2.0
// Building cgsl::json_view objects from the evaluator's values (internal).
#ifndef CGSL_EVAL_JSON_VIEW_ACCESS_HPP
#define CGSL_EVAL_JSON_VIEW_ACCESS_HPP

#include "cgsl/value.hpp"
#include "eval/context.hpp"

namespace cgsl::detail {

struct json_view_access {
  [[nodiscard]] static json_view make(const value& v, const eval_context& ctx);
  [[nodiscard]] static json_view from_element(element e);
};

}  // namespace cgsl::detail

#endif  // CGSL_EVAL_JSON_VIEW_ACCESS_HPP
