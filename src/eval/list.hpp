// SPDX-License-Identifier: Apache-2.0
// Evaluating a List<T> rule over an already built {"items": [...]} document (the scan engine
// builds it once from the entities it collected).
#ifndef CGSL_EVAL_LIST_HPP
#define CGSL_EVAL_LIST_HPP

#include <simdjson.h>

#include "cgsl/evaluate.hpp"

namespace cgsl::detail {

// Evaluates the List<T> rule r over items_root; errors (not a List<T> rule, limits, throwing
// functions) become outcome::error with the diagnostic in out.error.
outcome evaluate_list_root(evaluator& ev, const rule& r, simdjson::dom::element items_root,
                           const eval_options& options, evaluation& out);

}  // namespace cgsl::detail

#endif  // CGSL_EVAL_LIST_HPP
