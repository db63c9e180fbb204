// SPDX-License-Identifier: Apache-2.0
// Messages for the grammar's error points (the rules used inside must<>), PEGTL's must_if style.
// Each message starts with its diagnostic code, "E103|", which parser.cpp splits off.
#ifndef CGSL_PARSER_ERRORS_HPP
#define CGSL_PARSER_ERRORS_HPP

#include "parser/grammar.hpp"

namespace cgsl::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr auto error_message<sq_close> = "E105|unterminated string: the closing ' is missing";
template <> inline constexpr auto error_message<dq_close> = "E105|unterminated string: the closing \" is missing";
template <> inline constexpr auto error_message<regex_close> = "E106|unterminated regex: the closing '/' is missing";
template <> inline constexpr auto error_message<regex_flags_end> = "E112|unknown regex flag (the flags are i, m and s)";
template <> inline constexpr auto error_message<arg_expected> = "E111|expected a function argument (a string, a number, true, false or a $list) after ','";
template <> inline constexpr auto error_message<call_close> = "E111|expected ',' or ')' in the function's argument list";
template <> inline constexpr auto error_message<cond_expected> = "E102|expected a condition";
template <> inline constexpr auto error_message<body_expected> = "E102|expected a condition or a value inside '[ ]'";
template <> inline constexpr auto error_message<open_bracket> = "E110|expected '[' after the array operator";
template <> inline constexpr auto error_message<close_bracket> = "E104|expected ']' to close '['";
template <> inline constexpr auto error_message<value_expected> = "E107|expected a value: a 'string', a number, true or false";
template <> inline constexpr auto error_message<list_open> = "E113|expected '(' after 'in'";
template <> inline constexpr auto error_message<in_items_expected> = "E113|expected a value or a $list inside 'in ( )'";
template <> inline constexpr auto error_message<list_close> = "E113|expected ',' or ')' in the 'in' list";
template <> inline constexpr auto error_message<pattern_expected> = "E107|expected a quoted pattern after 'like'";
template <> inline constexpr auto error_message<regex_expected> = "E107|expected a regex /.../ after 'regexMatch'";
template <> inline constexpr auto error_message<close_paren> = "E103|expected ')' to close '('";
template <> inline constexpr auto error_message<unary_expected> = "E102|expected a condition";
template <> inline constexpr auto error_message<and_expected> = "E102|expected a condition after 'or'";
template <> inline constexpr auto error_message<list_type_expected> = "E108|expected an entity type inside List< >";
template <> inline constexpr auto error_message<type_close> = "E108|expected '>' to close 'List<'";
template <> inline constexpr auto error_message<target_expected> = "E108|expected an entity type at the start of the rule (e.g. EcrRepository)";
template <> inline constexpr auto error_message<end_of_rule> = "E101|unexpected text after the end of the rule";
// clang-format on

struct error_messages {
  template <typename Rule>
  static constexpr auto message = error_message<Rule>;
};

template <typename Rule>
using control = tao::pegtl::must_if<error_messages>::control<Rule>;

}  // namespace cgsl::grammar

#endif  // CGSL_PARSER_ERRORS_HPP
