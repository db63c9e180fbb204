// SPDX-License-Identifier: Apache-2.0
// The PEGTL grammar of the GSL subset (docs/language.md). Rules only: no actions, no AST.
// Every production is a named struct preceded by the line of the grammar it implements. Error
// points (must<...>) name dedicated rules so that parser/errors.hpp can give each a message.
#ifndef CGSL_PARSER_GRAMMAR_HPP
#define CGSL_PARSER_GRAMMAR_HPP

#include <cstddef>
#include <string>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace cgsl::grammar {

namespace pegtl = tao::pegtl;
using namespace tao::pegtl;  // NOLINT(google-build-using-namespace): grammar DSL

// The input the grammar runs on: PEGTL's memory input plus the nesting counter that nested<>
// uses to bound recursion (compile_options::max_nesting).
struct rule_input : pegtl::memory_input<> {
  rule_input(const char* begin, const char* end, const std::string& source, std::size_t max_nesting)
      : pegtl::memory_input<>(begin, end, source), max_depth(max_nesting) {}
  std::size_t depth = 0;
  std::size_t max_depth;
};

// Thrown when nesting exceeds rule_input::max_depth (reported as E402).
struct too_deep : pegtl::parse_error {
  using pegtl::parse_error::parse_error;
};

// nested<R> matches R one level deeper; past the limit it throws too_deep. Wraps every rule
// through which the grammar recurses, so no input can exhaust the stack.
template <typename R>
struct nested {
  using rule_t = nested;
  using subs_t = pegtl::type_list<R>;

  template <apply_mode A, rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    struct guard {
      std::size_t& d;
      ~guard() { --d; }
    } g{++in.depth};
    if (in.depth > in.max_depth) {
      throw too_deep("rule nesting is deeper than the limit", in);
    }
    return Control<R>::template match<A, M, Action, Control>(in, st...);
  }
};

// clang-format off

// ws := ' ' | '\t' | '\r' | '\n' | '\f' | '\v'   -- optional between tokens
struct ws : one<' ', '\t', '\r', '\n', '\f', '\v'> {};
struct sp : star<ws> {};

// seg_char := letter | digit | '_' | '-' | ':' | '@'
struct seg_char : sor<alnum, one<'_', '-', ':', '@'>> {};

// A keyword is case-insensitive and must not run on into a name (`contain` is not `contain-any`).
template <typename S> struct keyword : seq<S, not_at<seg_char>> {};

struct kw_should : keyword<TAO_PEGTL_ISTRING("should")> {};
struct kw_not : keyword<TAO_PEGTL_ISTRING("not")> {};
struct kw_have : keyword<TAO_PEGTL_ISTRING("have")> {};
struct kw_where : keyword<TAO_PEGTL_ISTRING("where")> {};
struct kw_and : keyword<TAO_PEGTL_ISTRING("and")> {};
struct kw_or : keyword<TAO_PEGTL_ISTRING("or")> {};
struct kw_in : keyword<TAO_PEGTL_ISTRING("in")> {};
struct kw_like : keyword<TAO_PEGTL_ISTRING("like")> {};
struct kw_regex : keyword<TAO_PEGTL_ISTRING("regexMatch")> {};
struct kw_true : keyword<TAO_PEGTL_ISTRING("true")> {};
struct kw_false : keyword<TAO_PEGTL_ISTRING("false")> {};
struct kw_list : TAO_PEGTL_ISTRING("List") {};
struct kw_contain : keyword<TAO_PEGTL_ISTRING("contain")> {};
struct kw_contain_any : keyword<TAO_PEGTL_ISTRING("contain-any")> {};
struct kw_contain_all : keyword<TAO_PEGTL_ISTRING("contain-all")> {};
struct kw_contain_none : keyword<TAO_PEGTL_ISTRING("contain-none")> {};
struct kw_contain_single : keyword<TAO_PEGTL_ISTRING("contain-single")> {};
struct kw_with : keyword<TAO_PEGTL_ISTRING("with")> {};

// Words that never start a path: they join, negate or end conditions.
struct reserved : sor<kw_and, kw_or, kw_not, kw_should, kw_where> {};

// ---- literals ---------------------------------------------------------------------------------

// string := "'" { "\'" | "\\" | other } "'"  |  '"' ... '"'
struct escaped : seq<one<'\\'>, any> {};
struct sq_close : one<'\''> {};
struct dq_close : one<'"'> {};
struct sq_string : seq<one<'\''>, star<sor<escaped, not_one<'\'', '\\'>>>, must<sq_close>> {};
struct dq_string : seq<one<'"'>, star<sor<escaped, not_one<'"', '\\'>>>, must<dq_close>> {};
struct string_lit : sor<sq_string, dq_string> {};

// number := ['-'|'+'] digits ['.' digits] [('e'|'E') ['+'|'-'] digits]
struct number : seq<opt<one<'-', '+'>>, plus<digit>, opt<one<'.'>, plus<digit>>,
                    opt<one<'e', 'E'>, opt<one<'+', '-'>>, plus<digit>>, not_at<seg_char>> {};

struct true_lit : kw_true {};
struct false_lit : kw_false {};

// value := string | number | 'true' | 'false'
struct value : sor<string_lit, number, true_lit, false_lit> {};

// regex := '/' body '/' flags        -- body: any characters but newline; '\/' is a '/'
struct regex_close : one<'/'> {};
struct regex_body : star<sor<seq<one<'\\'>, not_one<'\n'>>, not_one<'/', '\\', '\n'>>> {};
struct regex_flags : star<one<'i', 'm', 's'>> {};
struct regex_flags_end : not_at<seg_char> {};
struct regex_lit : seq<one<'/'>, regex_body, must<regex_close>, regex_flags, must<regex_flags_end>> {};

// list_ref := '$' name         -- a caller-supplied named list
struct list_name : seq<sor<alpha, one<'_'>>, star<seg_char>> {};
struct list_ref : seq<one<'$'>, list_name> {};

// ---- paths and calls --------------------------------------------------------------------------

// path := segment { '.' segment }
struct segment : plus<seg_char> {};
struct path : seq<not_at<reserved>, segment, star<one<'.'>, segment>> {};

// '$': the current element (the entity, or the array element inside [ ])
struct self : seq<one<'$'>, not_at<seg_char>> {};

// call := name '(' [ arg { ',' arg } ] ')'
struct fn_reserved : sor<reserved, kw_in, kw_like, kw_regex, kw_with, kw_contain, kw_contain_any,
                         kw_contain_all, kw_contain_none, kw_contain_single, kw_have> {};
struct fn_name : seq<not_at<fn_reserved>, sor<alpha, one<'_'>>, star<sor<alnum, one<'_'>>>> {};
struct arg : sor<value, list_ref> {};
struct arg_expected : seq<arg> {};
struct call_close : one<')'> {};
struct call : seq<fn_name, sp, one<'('>, sp,
                  opt<arg, star<sp, one<','>, sp, must<arg_expected>>>, sp, must<call_close>> {};

// operand := value | '$' | call | path
struct operand : sor<value, self, call, path> {};

// ---- conditions -------------------------------------------------------------------------------

struct expr;
struct cond_expected : seq<expr> {};

// array_op := 'contain-any' | 'contain-all' | 'contain-none' | 'contain-single' | 'contain' | 'with'
struct array_op : sor<kw_contain_any, kw_contain_all, kw_contain_none, kw_contain_single,
                      kw_contain, kw_with> {};
// body := literal | expr          -- a bare literal L means  $ = L
struct literal_body : seq<value, sp, at<one<']'>>> {};
struct body_expected : sor<literal_body, expr> {};
struct open_bracket : one<'['> {};
struct close_bracket : one<']'> {};
struct array_body : seq<sp, must<body_expected>, sp, must<close_bracket>> {};
// array_step := array_op '[' body ']'
struct array_step : seq<array_op, sp, must<open_bracket>, nested<array_body>> {};

// step := array_step | call
struct step : sor<array_step, call> {};

// cmp_op := '<=' | '>=' | '!=' | '=' | '<' | '>'
struct cmp_op : sor<string<'<', '='>, string<'>', '='>, string<'!', '='>, one<'='>, one<'<'>, one<'>'>> {};
struct value_expected : seq<value> {};
struct cmp_test : seq<cmp_op, sp, must<value_expected>> {};

// in_test := 'in' '(' ( list_ref | value { ',' value } ) ')'
struct list_open : one<'('> {};
struct list_close : one<')'> {};
struct in_items : sor<list_ref, seq<value, star<sp, one<','>, sp, must<value_expected>>>> {};
struct in_items_expected : seq<in_items> {};
struct in_test : seq<kw_in, sp, must<list_open>, sp, must<in_items_expected>, sp, must<list_close>> {};

// like_test := 'like' string
struct pattern_expected : seq<string_lit> {};
struct like_test : seq<kw_like, sp, must<pattern_expected>> {};

// regex_test := 'regexMatch' regex
struct regex_expected : seq<regex_lit> {};
struct regex_test : seq<kw_regex, sp, must<regex_expected>> {};

// test := cmp_test | in_test | like_test | regex_test
struct test : sor<cmp_test, in_test, like_test, regex_test> {};

// chain := operand { step } [ test ]
struct chain : seq<operand, star<sp, step>, opt<sp, test>> {};

// primary := '(' expr ')' | chain
// (nested<> is entered only once the '(' or 'not' is there: merely trying the alternative must
// not count as a level, or a rule could nest only max_nesting - 1 deep)
struct close_paren : one<')'> {};
struct paren_body : seq<one<'('>, sp, must<cond_expected>, sp, must<close_paren>> {};
struct primary : sor<seq<at<one<'('>>, nested<paren_body>>, chain> {};

// unary := 'not' unary | primary
struct unary;
struct unary_expected : seq<unary> {};
struct not_expr : seq<kw_not, sp, must<unary_expected>> {};
struct unary : sor<seq<at<kw_not>, nested<not_expr>>, primary> {};

// and_expr := unary { 'and' unary }
struct and_expr : seq<unary, star<sp, kw_and, sp, must<unary_expected>>> {};
// expr := and_expr { 'or' and_expr }
struct and_expected : seq<and_expr> {};
struct expr : seq<and_expr, star<sp, kw_or, sp, must<and_expected>>> {};

// ---- the rule ---------------------------------------------------------------------------------

// type := name characters (letters, digits, '_', ':', '.', '-'), not a keyword
struct type_name : seq<not_at<reserved>, plus<sor<alnum, one<'_', ':', '.', '-'>>>> {};
struct type_close : one<'>'> {};
struct list_type_expected : seq<type_name> {};
struct list_type : seq<kw_list, sp, one<'<'>, sp, must<list_type_expected>, sp, must<type_close>> {};
struct target_expected : sor<list_type, type_name> {};

// where_clause := 'where' expr
struct where_clause : seq<kw_where, sp, must<cond_expected>> {};

// should_clause := 'should' [ 'not' ] [ 'have' ] expr
struct should_not : kw_not {};
struct should_clause : seq<kw_should, sp, opt<should_not, sp>, opt<kw_have, sp>, must<cond_expected>> {};

// rule := target [ 'where' expr ] [ 'should' [ 'not' ] [ 'have' ] expr ]
struct end_of_rule : eof {};
struct rule_text : seq<sp, must<target_expected>, sp, opt<where_clause, sp>, opt<should_clause, sp>,
                       must<end_of_rule>> {};

// clang-format on

}  // namespace cgsl::grammar

namespace tao::pegtl {
// analyze() sees nested<R> as R.
template <typename Name, typename R>
struct analyze_traits<Name, cgsl::grammar::nested<R>> : analyze_traits<Name, typename seq<R>::rule_t> {};
}  // namespace tao::pegtl

#endif  // CGSL_PARSER_GRAMMAR_HPP
