// SPDX-License-Identifier: Apache-2.0
// Evaluating compiled rules over entities: outcomes and evidence.
#ifndef CGSL_EVALUATE_HPP
#define CGSL_EVALUATE_HPP

#include "cgsl/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/document.hpp"
#include "cgsl/options.hpp"
#include "cgsl/rule.hpp"

namespace cgsl {

// passed / failed: the `should` condition held / did not hold.
// not_relevant: another entity type, or the `where` condition was false (or a query did not match).
// error: the entity could not be evaluated (no type, a limit hit); never counted as passed.
// matched: a query (a rule without `should`) matched the entity.
// excepted: it failed, but an exception or the baseline (scan_options::exceptions) accepts the
// failure; the finding's message is the reason. Never produced by evaluate(), only by a scan.
enum class outcome : std::uint8_t { passed, failed, not_relevant, error, matched, excepted };

// "passed", "failed", "not_relevant", "error", "matched", "excepted": the one list of outcome
// names (every output, the C API and the bindings use it).
[[nodiscard]] CGSL_EXPORT std::string_view to_string(outcome o) noexcept;

// The result of one rule over one entity (or, for List<T>, over the whole set). A plain value:
// it owns its strings and refers to nothing else.
struct evaluation {
  outcome result = outcome::error;
  // For failed: the JSON paths of the elements that made the rule fail, e.g.
  // "policy.document.Statement[1]". Empty for other outcomes or when evidence is off.
  std::vector<std::string> evidence;
  // For error: why.
  std::optional<diagnostic> error;
};

namespace detail {
struct eval_context;
}  // namespace detail

// Reusable evaluation scratch space. Evaluating many entities with one evaluator allocates nothing
// per entity once warmed up. Not thread-safe: use one evaluator per thread (the rules and
// documents themselves may be shared). Evaluations it returns do not refer to it. Movable, not
// copyable.
class CGSL_EXPORT evaluator {
 public:
  evaluator();
  ~evaluator();
  evaluator(evaluator&&) noexcept;
  evaluator& operator=(evaluator&&) noexcept;

  // Evaluates r over one entity: not_relevant for another type (compared ignoring ASCII case)
  // or a false `where`, else passed / failed (with evidence) or matched for a query. Never throws
  // for bad input: an entity that is not an object (E304) or has no type and no
  // options.entity_type (E305), the step limit (E403), a caller function that throws (E901, with
  // its message) and a List<T> rule (use evaluate_list) give outcome::error with the diagnostic
  // in evaluation::error. Only std::bad_alloc may propagate. With the default options argument,
  // "now" is the clock at the call.
  [[nodiscard]] evaluation evaluate(const rule& r, const document& entity,
                                    const eval_options& options = {});
  // Evaluates a List<T> rule once over {"items": [the entities of type T]}; entities of other
  // types (and null pointers) are ignored. For a rule that is not List<T>, the result is an error
  // (E308). The documents are only read, during the call.
  [[nodiscard]] evaluation evaluate_list(const rule& r, const std::vector<const document*>& entities,
                                         const eval_options& options = {});

  // Not part of the API.
  [[nodiscard]] detail::eval_context& internal_context() noexcept { return *ctx_; }

 private:
  std::unique_ptr<detail::eval_context> ctx_;
};

// Convenience: evaluate with a temporary evaluator (which allocates; keep an evaluator to
// evaluate many entities). Thread-safe as long as nobody modifies r or entity.
[[nodiscard]] CGSL_EXPORT evaluation evaluate(const rule& r, const document& entity,
                                              const eval_options& options = {});

}  // namespace cgsl

#endif  // CGSL_EVALUATE_HPP
