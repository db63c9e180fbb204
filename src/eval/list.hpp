// SPDX-License-Identifier: Apache-2.0
// The scan engine's entry points into evaluation: a List<T> rule over an already built
// {"items": [...]} document (built once from the entities it collected), and a plain rule over an
// entity the engine's type index has already matched to it.
#ifndef CGSL_EVAL_LIST_HPP
#define CGSL_EVAL_LIST_HPP

#include <simdjson.h>

#include "cgsl/evaluate.hpp"

namespace cgsl::detail {

// Evaluates the List<T> rule r over items_root; errors (not a List<T> rule, limits, throwing
// functions) become outcome::error with the diagnostic in out.error.
outcome evaluate_list_root(evaluator& ev, const rule& r, simdjson::dom::element items_root,
                           const eval_options& options, evaluation& out);

// Evaluates the plain rule r over entity, an object whose type the caller has matched to r's
// target type (case-insensitively): the same as evaluate_into without reading "type" again.
outcome evaluate_matched(evaluator& ev, const rule& r, simdjson::dom::element entity,
                         const eval_options& options, evaluation& out);

}  // namespace cgsl::detail

#endif  // CGSL_EVAL_LIST_HPP
