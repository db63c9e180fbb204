// SPDX-License-Identifier: Apache-2.0
// Compiling GSL text into an immutable rule.
#ifndef CGSL_RULE_HPP
#define CGSL_RULE_HPP

#include "cgsl/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/options.hpp"

namespace cgsl {

namespace detail {
struct program;
}  // namespace detail

// A compiled GSL rule, made by compile() (or loaded from a rule file, see ruleset.hpp).
// Immutable: any number of threads may evaluate one rule at the same time. Cheap to copy (copies
// share the compiled program, which lives as long as its last copy; it keeps the named lists it
// was compiled with and shared handles on the caller functions it calls). Accessors return
// references that are valid as long as the rule.
class CGSL_EXPORT rule {
 public:
  // The rule text as given to compile().
  [[nodiscard]] const std::string& text() const noexcept;
  // The entity type the rule targets (`EcrRepository`; for `List<T>` the T).
  [[nodiscard]] const std::string& target_type() const noexcept;
  // `List<T> ...`: evaluated once over {"items": [every entity of type T]}.
  [[nodiscard]] bool is_list() const noexcept;
  // No `should` clause: a query that matches entities instead of passing or failing them.
  [[nodiscard]] bool is_query() const noexcept;
  // The parsed rule as an indented tree (what `cgsl explain` prints).
  [[nodiscard]] std::string explain() const;

  // Not part of the API.
  [[nodiscard]] const detail::program& internal_program() const noexcept { return *program_; }
  explicit rule(std::shared_ptr<const detail::program> p) noexcept : program_(std::move(p)) {}

 private:
  std::shared_ptr<const detail::program> program_;
};

// The outcome of compile(): a rule when the text is valid, and every diagnostic found (errors
// sorted by position; warnings may accompany a valid rule).
struct compile_result {
  std::optional<cgsl::rule> value;
  std::vector<diagnostic> diagnostics;

  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  // Every diagnostic rendered with format(), one after the other.
  [[nodiscard]] CGSL_EXPORT std::string format_errors() const;
};

// Compiles GSL text. source_name names the text in diagnostics ("<rule>", "ecr.json(D9.AWS.IAM.103)").
// Never throws for bad input: syntax errors (E1xx; parsing stops at the first), errors of meaning
// (E2xx: unknown function or list, wrong argument count, bad regex, ...; all are collected) and
// limits (E401 text too long, E402 nesting too deep, E404 regex too large; see compile_options)
// come back as diagnostics with positions, and the result holds no rule. An unexpected internal
// failure is E901. Only std::bad_alloc may propagate. The text and options are copied or used
// during the call only (the rule keeps the lists and functions it needs). Thread-safe (compile
// from any thread; options.functions must not be modified meanwhile).
[[nodiscard]] CGSL_EXPORT compile_result compile(std::string_view text, const compile_options& options = {},
                                     std::string_view source_name = "<rule>");

}  // namespace cgsl

#endif  // CGSL_RULE_HPP
