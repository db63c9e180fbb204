// SPDX-License-Identifier: Apache-2.0
// Opt-in interop: evaluate rules directly over simdjson DOM elements you already parsed, without
// copying. Include this header only where simdjson is available; link simdjson::simdjson.
#ifndef CGSL_SIMDJSON_INTEROP_HPP
#define CGSL_SIMDJSON_INTEROP_HPP

#include <simdjson.h>

#include "cgsl/evaluate.hpp"

namespace cgsl {

// Evaluates r over entity (which must stay alive, with its parser, during the call; nothing is
// kept after it). Outcomes and errors as for evaluator::evaluate; never throws for bad input.
// Thread-safety as for evaluator::evaluate: one evaluator per thread, the rule and the element
// may be shared.
[[nodiscard]] CGSL_EXPORT evaluation evaluate(evaluator& ev, const rule& r, simdjson::dom::element entity,
                                  const eval_options& options = {});

// Same, reusing `out` (its evidence vector keeps its capacity): no allocation per entity once warm
// unless the entity fails. Returns out.result.
CGSL_EXPORT outcome evaluate_into(evaluator& ev, const rule& r, simdjson::dom::element entity,
                      const eval_options& options, evaluation& out);

// The entity's type as evaluation sees it: its `type` member, else options.entity_type. The view
// points into the entity or into options.
[[nodiscard]] CGSL_EXPORT std::string_view entity_type(simdjson::dom::element entity,
                                           const eval_options& options) noexcept;

}  // namespace cgsl

#endif  // CGSL_SIMDJSON_INTEROP_HPP
