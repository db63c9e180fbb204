// SPDX-License-Identifier: Apache-2.0
// The typed syntax tree of one GSL rule: plain data with a source span on every node.
#ifndef CGSL_AST_AST_HPP
#define CGSL_AST_AST_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cgsl::ast {

// Byte offsets into the rule text, [begin, end).
struct span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct literal {
  enum class kind : std::uint8_t { string, number, boolean };
  kind type = kind::string;
  std::string text;   // string: unescaped value; number: as written; boolean: "true"/"false"
  double number = 0;  // number value
  bool boolean = false;
  span where;
};

// A function argument: a literal, or a `$name` list reference.
struct argument {
  std::optional<literal> value;
  std::string list_name;  // set for `$name`
  span where;
};

struct call {
  std::string name;  // as written
  std::vector<argument> args;
  span where;
  span name_span;
};

struct expr;

enum class array_op : std::uint8_t { contain, contain_any, contain_all, contain_none, contain_single, with };

struct step {
  enum class kind : std::uint8_t { array, function };
  kind type = kind::array;
  array_op op = array_op::contain;
  std::unique_ptr<expr> body;         // array: the condition inside [ ] (a bare literal L is `$ = L`)
  call fn;                            // function
  span where;
};

enum class test_op : std::uint8_t { eq, ne, lt, gt, le, ge, in, like, regex };

struct test {
  test_op op = test_op::eq;
  std::vector<literal> values;  // comparison: one value; in: the list; like: the pattern
  std::string list_name;        // in ($name)
  std::string regex;            // regex body (with \/ unescaped to /)
  std::string regex_flags;      // i, m, s
  span where;
  span value_span;              // the value / list / pattern / regex, for diagnostics
};

struct operand {
  enum class kind : std::uint8_t { path, self, literal, call };
  kind type = kind::path;
  std::vector<std::string> path;  // path segments
  ast::literal value;             // literal operand
  call fn;                        // function call with `$` as its subject
  span where;
};

struct chain {
  operand head;
  std::vector<step> steps;
  std::optional<ast::test> test;
  span where;
};

struct expr {
  enum class kind : std::uint8_t { or_, and_, not_, chain };
  kind type = kind::chain;
  std::vector<std::unique_ptr<expr>> children;  // or/and: 2+; not: 1
  ast::chain value;                             // chain
  span where;
};

struct rule {
  bool is_list = false;
  std::string type;
  span type_span;
  std::unique_ptr<expr> where;   // optional
  bool has_should = false;
  bool negated = false;          // should not
  std::unique_ptr<expr> body;    // the condition after should [not] [have]
  span where_span;
  span should_span;
};

// An indented, readable tree (used by `cgsl explain` and golden tests).
[[nodiscard]] std::string dump(const rule& r);

}  // namespace cgsl::ast

#endif  // CGSL_AST_AST_HPP
