// SPDX-License-Identifier: Apache-2.0
// Diagnostics: what went wrong, where, with a stable code; rendered the same way everywhere.
#ifndef CGSL_DIAGNOSTIC_HPP
#define CGSL_DIAGNOSTIC_HPP

#include "cgsl/export.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace cgsl {

enum class severity : std::uint8_t { error, warning, note };

// Stable diagnostic codes. The number is part of the API (docs/language.md, "Compile errors",
// shows examples); the text of a message may improve over time. E1xx: rule syntax. E2xx: rule meaning.
// E3xx: input JSON and entities. E4xx: limits. E9xx: internal invariants (a bug; fail closed).
enum class diag_code : std::uint16_t {
  syntax_error = 100,            ///< generic syntax error
  trailing_text = 101,           ///< text after a complete rule
  expected_expression = 102,     ///< a condition was expected (after should/where/and/or/not/'[')
  unclosed_paren = 103,          ///< '(' without its ')'
  unclosed_bracket = 104,        ///< '[' without its ']'
  unterminated_string = 105,     ///< a string literal without its closing quote
  unterminated_regex = 106,      ///< a regex literal without its closing '/'
  expected_value = 107,          ///< a literal value was expected (after '=', in a list, ...)
  expected_type = 108,           ///< the rule does not start with an entity type
  curly_quote = 109,             ///< a typographic quote where a straight quote belongs
  expected_bracket = 110,        ///< an array operator not followed by '['
  expected_argument = 111,       ///< a malformed function argument list
  bad_regex_flag = 112,          ///< a regex flag other than i, m, s
  expected_list = 113,           ///< 'in' not followed by '(' list ')'
  unknown_function = 201,        ///< a function name that is neither built in nor registered
  wrong_arity = 202,             ///< a function called with the wrong number of arguments
  bad_argument = 203,            ///< a function argument of the wrong kind
  bad_regex = 204,               ///< RE2 rejected the regular expression
  unknown_list = 205,            ///< '$name' list not supplied by the caller
  unknown_time_unit = 206,       ///< before()/after() with a unit that is not a time unit
  unsupported_construct = 207,   ///< GSL that this subset leaves out (groupBy)
  bad_number = 208,              ///< a numeric literal that is not a finite number
  like_star = 209,               ///< warning: '*' in a like pattern, which is a literal '*' (like uses '%')
  json_invalid = 301,            ///< the input is not valid JSON
  json_too_deep = 302,           ///< JSON nesting deeper than the limit
  json_too_large = 303,          ///< a JSON document larger than the limit
  entity_not_object = 304,       ///< an entity that is not a JSON object
  entity_no_type = 305,          ///< an entity without a type (and no type given by the caller)
  json_invalid_utf8 = 306,       ///< the input is not valid UTF-8
  input_unreadable = 307,        ///< a file that cannot be opened or read
  input_format = 308,            ///< input that does not have the shape its format requires
  input_unknown_value = 309,     ///< a value unknown at plan time (Terraform) that a rule needs
  unreadable_value = 310,        ///< an entity value a function needs is present but unreadable
                                 ///< (a malformed address or port in allowedHostsForPort())
  rule_too_large = 401,          ///< rule text larger than compile_options::max_rule_bytes
  rule_too_deep = 402,           ///< rule nesting deeper than compile_options::max_nesting
  step_limit = 403,              ///< evaluation exceeded eval_options::max_steps
  regex_too_large = 404,         ///< a regex whose compiled program exceeds the memory budget
  internal_error = 901,          ///< an internal invariant failed (please report it)
};

// "E101" for diag_code::trailing_text.
[[nodiscard]] CGSL_EXPORT std::string code_name(diag_code code);

// One finding about rule text or input. Positions are 1-based; line == 0 means "no position"
// (simdjson's DOM parser reports no byte offset for JSON errors, so input errors carry the line or
// index of the entity instead, in source_name).
struct diagnostic {
  severity level = severity::error;
  diag_code code = diag_code::syntax_error;
  std::string message;           // one sentence, no trailing period
  std::string hint;              // optional advice ("use straight quotes ' '")
  std::string source_name;       // "<rule>", "rules.json(D9.AWS.IAM.103)", "inventory.ndjson:12"
  std::uint32_t offset = 0;      // byte offset into the source text
  std::uint32_t line = 0;        // 1-based line in the source text, 0 when unknown
  std::uint32_t column = 0;      // 1-based column, counted in characters (UTF-8 code points)
  std::string source_line;       // the text of that line, for the caret display
  // The rule it is about, for diagnostics of rules in rule files ("D9.AWS.IAM.103"); then
  // source_name is the file and line/column are positions in the file (an editor can jump
  // there), and format() names the rule before the message.
  std::string rule;
};

// Renders a diagnostic:
//   <rule>:1:23: error[E107]: expected a value after '='
//     | S3Bucket should have x =
//     |                         ^
//     = hint: ...
// The snippet and caret appear only when the position is known; the hint line only when set.
[[nodiscard]] CGSL_EXPORT std::string format(const diagnostic& d);

}  // namespace cgsl

#endif  // CGSL_DIAGNOSTIC_HPP
