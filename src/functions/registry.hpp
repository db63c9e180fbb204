// SPDX-License-Identifier: Apache-2.0
// The one table of GSL functions: every built-in and every caller-registered function is a
// function_descriptor (name, argument count, compile-time argument check, evaluation).
//
// Built-ins are registered by family, one file per family, each with a register_*_functions()
// that lists its functions above it (cel-cpp runtime/standard/*_functions.h):
//   core_functions.cpp     length(), isEmpty(), before(), after(), isPublic(), isFilterPatternEqual()
//   network_functions.cpp  allowedHostsForPort(), allowedPublicHostsForPort()
// Adding a family is one file plus its line in builtin_functions() (registry.cpp).
#ifndef CGSL_FUNCTIONS_REGISTRY_HPP
#define CGSL_FUNCTIONS_REGISTRY_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/value.hpp"
#include "functions/time.hpp"

namespace cgsl::detail {

struct value;  // eval/context.hpp

// One scalar of a value, as function_frame::any_scalar presents it.
struct scalar_view {
  enum class kind : std::uint8_t { missing, null, boolean, number, string, object };
  kind type = kind::missing;
  bool boolean = false;
  double number = 0;
  std::string_view string;
};

// The arguments of one call as the compiler checked them: the literals as written, plus what a
// descriptor's check pre-parsed from them (kept with the compiled rule, immutable afterwards).
struct bound_call {
  std::vector<literal> args;
  double number = 0;                   // before()/after(): n; network functions: the port
  time_unit unit = time_unit::days;    // before()/after()
  std::string text;                    // isFilterPatternEqual(): the pattern
};

// A compile-time problem with one argument (index into the call's arguments).
struct arg_problem {
  std::size_t index = 0;
  diag_code code = diag_code::bad_argument;
  std::string message;
  std::string hint;
};

// Thrown by a function's evaluation when the entity holds a value it cannot read (a malformed
// address, a port that is not a number). The entity's outcome is `error` (E310), never a pass.
struct function_error {
  std::string message;
};

// What the evaluator offers a function while it runs. Not thread-safe; valid during the call.
// What a function's evaluation returns: missing, a boolean, a number or a string.
using eval_result = function_result;

class function_frame {
 public:
  // Calls f for each element of v seen as a list (docs/language.md, "Array operators"):
  // missing/null: none; array or list: its elements; anything else: v itself. f returns false
  // to stop. Counts evaluation steps (eval_options::max_steps).
  virtual void for_each_item(const value& v, const std::function<bool(const value&)>& f) = 0;
  // Counts one evaluation step (throws when the budget is spent).
  virtual void tick() = 0;
  // The JSON path of v ("inboundRules[2]"), or "" when paths are not being recorded (the
  // evaluator records them when it reruns a failed call to report where it failed).
  [[nodiscard]] virtual std::string path_of(const value& v) const = 0;
  // A json_view of v, for caller-registered functions.
  [[nodiscard]] virtual json_view view_of(const value& v) = 0;
  // Keeps s alive for the rest of the evaluation and returns a view of it.
  virtual std::string_view keep(std::string s) = 0;
  // True when pred holds for any scalar of v (docs/language.md, "Tests on arrays and lists":
  // arrays and lists are looked into, nested arrays too; missing is one missing scalar).
  virtual bool any_scalar(const value& v, const std::function<bool(const scalar_view&)>& pred) = 0;
  // length() and isEmpty() of v by the value model of docs/language.md (lists from paths and
  // `with` included).
  [[nodiscard]] virtual eval_result length_of(const value& v) = 0;
  [[nodiscard]] virtual bool is_empty(const value& v) = 0;
  // "Now" of this evaluation (eval_options::now), in epoch seconds.
  [[nodiscard]] virtual double now() const = 0;

 protected:
  ~function_frame() = default;
};

struct function_descriptor {
  std::string name;      // as documented ("allowedHostsForPort"); looked up case-insensitively
  std::size_t arity = 0;
  std::string signature; // as documented, with its parameters ("before(n, 'unit')")
  std::string usage;     // an example call, shown in diagnostics
  // Checks the literal arguments (their count is already checked) and fills the bound call;
  // returns the problems found (none: the call compiles). Empty: any literals.
  std::function<std::vector<arg_problem>(const std::vector<literal>&, bound_call&)> check;
  // Evaluates the call on subject. May throw function_error (E310).
  std::function<eval_result(function_frame&, const value& subject, const bound_call&)> eval;
  bool caller_registered = false;  // a function_registry entry, not a built-in
};

// A table of descriptors by name.
class function_table {
 public:
  // Adds d; returns false (and changes nothing) when its name is already in the table.
  bool add(function_descriptor d);
  // The descriptor named name (ASCII case-insensitive), or nullptr.
  [[nodiscard]] std::shared_ptr<const function_descriptor> find(std::string_view name) const noexcept;
  [[nodiscard]] const std::vector<std::shared_ptr<const function_descriptor>>& all() const noexcept {
    return entries_;
  }

 private:
  std::vector<std::shared_ptr<const function_descriptor>> entries_;
};

// The built-in functions, registered family by family on first use (thread-safe).
[[nodiscard]] const function_table& builtin_functions();

// The function a rule calls by this name: a built-in, else the caller's registered function
// wrapped in a descriptor (nullptr when neither). The result stays valid after the registry dies.
[[nodiscard]] std::shared_ptr<const function_descriptor> resolve_function(
    std::string_view name, const function_registry* callers);

// "length(), isEmpty(), ..., allowedPublicHostsForPort(p)": the built-ins, for hints.
[[nodiscard]] std::string builtin_function_list();

// The families.
void register_core_functions(function_table& table);
void register_network_functions(function_table& table);

}  // namespace cgsl::detail

#endif  // CGSL_FUNCTIONS_REGISTRY_HPP
