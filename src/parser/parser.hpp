// SPDX-License-Identifier: Apache-2.0
// Rule text -> typed AST, or a syntax diagnostic. The only user of the PEGTL grammar.
#ifndef CGSL_PARSER_PARSER_HPP
#define CGSL_PARSER_PARSER_HPP

#include <optional>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "cgsl/diagnostic.hpp"

namespace cgsl::parser {

struct parse_result {
  std::optional<ast::rule> rule;
  std::vector<diagnostic> diagnostics;
};

// Parses text. Syntax errors stop at the first one (PEGTL); the diagnostic carries the position,
// the code and, where the parser can tell, a hint (a typographic quote, an unbalanced bracket).
[[nodiscard]] parse_result parse(std::string_view text, std::string_view source_name,
                                 std::size_t max_nesting);

// Runs PEGTL's analyze() on the grammar; returns the number of problems (0 = sound).
[[nodiscard]] std::size_t analyze_grammar();

}  // namespace cgsl::parser

#endif  // CGSL_PARSER_PARSER_HPP
