// SPDX-License-Identifier: Apache-2.0
// The compiled form of a rule: the checked tree with names resolved, paths pre-split, literals
// pre-parsed for loose comparison and regexes compiled. Immutable once built.
#ifndef CGSL_COMPILER_PROGRAM_HPP
#define CGSL_COMPILER_PROGRAM_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "cgsl/value.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"
#include "functions/time.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace cgsl::detail {

// A literal prepared for the loose comparisons of docs/language.md.
struct lit_value {
  enum class kind : std::uint8_t { string, number, boolean };
  kind type = kind::string;
  std::string str;           // string: the value; number/boolean: its JSON text
  double num = 0;            // number, or the value of a numeric string (num_valid)
  bool num_valid = false;    // a number, or a string that is a complete number
  bool boolean = false;      // boolean, or the value of a 'true'/'false' string (bool_valid)
  bool bool_valid = false;
  exact_number exact;        // num_valid: the value, exact when written as an integer
};

[[nodiscard]] lit_value make_lit(const literal& l);
// The same for a literal of rule text: an integer literal keeps its exact value (no rounding
// through double), so `v = 9007199254740993` holds for exactly that JSON integer.
[[nodiscard]] lit_value make_lit(const ast::literal& l);

struct node;

struct step_plan {
  enum class kind : std::uint8_t { array, function };
  kind type = kind::array;
  ast::array_op op = ast::array_op::contain;
  std::unique_ptr<node> body;  // array: condition per element
  std::shared_ptr<const function_descriptor> fn;  // function: what is called
  bound_call call;             // function: its checked arguments
  std::string name;            // the function name as written, for messages
};

struct test_plan {
  ast::test_op op = ast::test_op::eq;
  std::vector<lit_value> values;          // comparison: one; in: the list
  std::optional<like_pattern> like;
  std::shared_ptr<const re2::RE2> regex;
  std::uint64_t regex_size = 0;  // RE2 program size (instructions): the cost factor of a match
};

// The steps one regex match is charged (docs/security.md, "Regex cost"): RE2 is linear in the
// text, but with a factor of the program size when its DFA gives up (up to ~7 ns per byte and
// instruction), so a match over n bytes costs 1 + n * program_size / regex_units_per_step
// steps of eval_options::max_steps, charged before it runs.
inline constexpr std::uint64_t regex_units_per_step = 16;

struct chain_plan {
  enum class head_kind : std::uint8_t { path, self, literal };
  head_kind head = head_kind::path;
  std::vector<std::string> path;  // pre-split path
  lit_value literal;              // literal head
  std::vector<step_plan> steps;
  std::optional<test_plan> test;
};

struct node {
  enum class kind : std::uint8_t { or_, and_, not_, chain };
  kind type = kind::chain;
  std::vector<node> children;
  chain_plan chain;
};

struct program {
  std::string text;
  std::string source_name;
  ast::rule tree;            // kept for explain()
  std::string type;          // target entity type
  bool is_list = false;
  bool is_query = false;
  bool negated = false;      // should not
  std::optional<node> where;
  std::optional<node> body;
};

}  // namespace cgsl::detail

#endif  // CGSL_COMPILER_PROGRAM_HPP
