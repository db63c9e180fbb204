// SPDX-License-Identifier: Apache-2.0
// The table of built-in GSL functions: name, argument count, usage text.
#ifndef CGSL_FUNCTIONS_BUILTINS_HPP
#define CGSL_FUNCTIONS_BUILTINS_HPP

#include <cstddef>
#include <string_view>

#include "compiler/program.hpp"

namespace cgsl::detail {

struct builtin_function {
  std::string_view name;     // lower case
  std::string_view display;  // as documented: "before()"
  std::size_t arity;
  fn_kind kind;
  std::string_view usage;
};

// The built-in with this lower-case name, or nullptr.
[[nodiscard]] const builtin_function* find_builtin(std::string_view lower_name) noexcept;

// Every built-in, in table order (for suggestions: "did you mean 'length()'?").
struct builtin_table {
  const builtin_function* first;
  std::size_t size;
};
[[nodiscard]] builtin_table all_builtins() noexcept;

}  // namespace cgsl::detail

#endif  // CGSL_FUNCTIONS_BUILTINS_HPP
