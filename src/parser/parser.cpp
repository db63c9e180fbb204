// SPDX-License-Identifier: Apache-2.0
// Parses GSL text with the PEGTL grammar into a parse tree, then converts that tree into the
// typed AST. This is the only translation unit that includes the grammar.
#include "parser/parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include <tao/pegtl/contrib/analyze.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "common/source.hpp"
#include "functions/text.hpp"
#include "parser/errors.hpp"
#include "parser/grammar.hpp"

namespace cgsl::parser {
namespace {

namespace g = cgsl::grammar;
namespace pt = tao::pegtl::parse_tree;
using node = pt::node;

// The rules kept in the parse tree; everything else is folded away.
template <typename Rule>
using selector = pt::selector<
    Rule,
    pt::store_content::on<g::type_name, g::list_type, g::where_clause, g::should_clause, g::should_not,
                          g::expr, g::and_expr, g::not_expr, g::chain, g::sq_string, g::dq_string,
                          g::number, g::true_lit, g::false_lit, g::self, g::path, g::call, g::fn_name,
                          g::list_ref, g::array_step, g::array_op, g::literal_body, g::cmp_test,
                          g::cmp_op, g::in_test, g::like_test, g::regex_test, g::regex_body,
                          g::regex_flags>>;

// A conversion failure that the grammar cannot see (a number out of range).
struct build_error {
  diag_code code;
  std::string message;
  std::uint32_t offset;
};

class builder {
 public:
  explicit builder(std::string_view text) : text_(text) {}

  ast::rule build_rule(const node& root) {
    ast::rule r;
    for (const auto& c : root.children) {
      if (c->is_type<g::list_type>()) {
        r.is_list = true;
        const node& t = *c->children.at(0);
        r.type = std::string(t.string_view());
        r.type_span = span_of(t);
      } else if (c->is_type<g::type_name>()) {
        r.type = std::string(c->string_view());
        r.type_span = span_of(*c);
      } else if (c->is_type<g::where_clause>()) {
        r.where = build_expr(*c->children.at(0));
        r.where_span = span_of(*c);
      } else if (c->is_type<g::should_clause>()) {
        r.has_should = true;
        r.should_span = span_of(*c);
        for (const auto& s : c->children) {
          if (s->is_type<g::should_not>()) {
            r.negated = true;
          } else {
            r.body = build_expr(*s);
          }
        }
      }
    }
    return r;
  }

 private:
  ast::span span_of(const node& n) const {
    return {static_cast<std::uint32_t>(n.m_begin.byte), static_cast<std::uint32_t>(n.m_end.byte)};
  }

  std::unique_ptr<ast::expr> build_expr(const node& n) {
    if (n.is_type<g::expr>() || n.is_type<g::and_expr>()) {
      if (n.children.size() == 1) return build_expr(*n.children.front());
      auto e = std::make_unique<ast::expr>();
      e->type = n.is_type<g::expr>() ? ast::expr::kind::or_ : ast::expr::kind::and_;
      e->where = span_of(n);
      for (const auto& c : n.children) e->children.push_back(build_expr(*c));
      return e;
    }
    if (n.is_type<g::not_expr>()) {
      auto e = std::make_unique<ast::expr>();
      e->type = ast::expr::kind::not_;
      e->where = span_of(n);
      e->children.push_back(build_expr(*n.children.at(0)));
      return e;
    }
    if (n.is_type<g::chain>()) {
      auto e = std::make_unique<ast::expr>();
      e->type = ast::expr::kind::chain;
      e->where = span_of(n);
      e->value = build_chain(n);
      return e;
    }
    // A bare literal body `[ 'x' ]`: the chain `$ = 'x'`.
    if (n.is_type<g::literal_body>()) {
      auto e = std::make_unique<ast::expr>();
      e->type = ast::expr::kind::chain;
      e->where = span_of(n);
      e->value.where = e->where;
      e->value.head.type = ast::operand::kind::self;
      e->value.head.where = {e->where.begin, e->where.begin};
      ast::test t;
      t.op = ast::test_op::eq;
      t.values.push_back(build_literal(*n.children.at(0)));
      t.where = e->where;
      t.value_span = e->where;
      e->value.test = std::move(t);
      return e;
    }
    throw build_error{diag_code::internal_error,
                      "unexpected parse tree node " + std::string(n.type), span_of(n).begin};
  }

  static bool is_literal(const node& n) {
    return n.is_type<g::sq_string>() || n.is_type<g::dq_string>() || n.is_type<g::number>() ||
           n.is_type<g::true_lit>() || n.is_type<g::false_lit>();
  }

  ast::literal build_literal(const node& n) {
    ast::literal l;
    l.where = span_of(n);
    if (n.is_type<g::sq_string>() || n.is_type<g::dq_string>()) {
      l.type = ast::literal::kind::string;
      l.text = unescape(n.string_view());
    } else if (n.is_type<g::number>()) {
      l.type = ast::literal::kind::number;
      l.text = std::string(n.string_view());
      std::string_view s = n.string_view();
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      double v = 0;
      auto res = std::from_chars(s.data(), s.data() + s.size(), v);
      if (res.ec != std::errc() || !std::isfinite(v)) {
        throw build_error{diag_code::bad_number, "number '" + l.text + "' is out of range",
                          l.where.begin};
      }
      l.number = v;
    } else {
      l.type = ast::literal::kind::boolean;
      l.boolean = n.is_type<g::true_lit>();
      l.text = l.boolean ? "true" : "false";
    }
    return l;
  }

  // Strips the quotes; `\x` becomes x for the quote character and the backslash. Any other
  // backslash is kept as written, so patterns like 'a\d' reach the function unchanged.
  static std::string unescape(std::string_view quoted) {
    const char q = quoted.front();
    std::string_view s = quoted.substr(1, quoted.size() - 2);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == q || s[i + 1] == '\\')) {
        out.push_back(s[++i]);
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }

  ast::call build_call(const node& n) {
    ast::call c;
    c.where = span_of(n);
    const node& name = *n.children.at(0);
    c.name = std::string(name.string_view());
    c.name_span = span_of(name);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& a = *n.children[i];
      ast::argument arg;
      arg.where = span_of(a);
      if (a.is_type<g::list_ref>()) {
        arg.list_name = std::string(a.string_view().substr(1));
      } else {
        arg.value = build_literal(a);
      }
      c.args.push_back(std::move(arg));
    }
    return c;
  }

  static std::vector<std::string> split_path(std::string_view p) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = p.find('.', start);
      out.emplace_back(p.substr(start, dot == std::string_view::npos ? p.npos : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return out;
  }

  static ast::array_op array_op_of(std::string_view s) {
    const std::string lower = detail::ascii_lower(s);
    if (lower == "contain-any") return ast::array_op::contain_any;
    if (lower == "contain-all") return ast::array_op::contain_all;
    if (lower == "contain-none") return ast::array_op::contain_none;
    if (lower == "contain-single") return ast::array_op::contain_single;
    if (lower == "with") return ast::array_op::with;
    return ast::array_op::contain;
  }

  ast::chain build_chain(const node& n) {
    ast::chain ch;
    ch.where = span_of(n);
    const node& head = *n.children.at(0);
    ch.head.where = span_of(head);
    if (head.is_type<g::path>()) {
      ch.head.type = ast::operand::kind::path;
      ch.head.path = split_path(head.string_view());
    } else if (head.is_type<g::self>()) {
      ch.head.type = ast::operand::kind::self;
    } else if (head.is_type<g::call>()) {
      ch.head.type = ast::operand::kind::call;
      ch.head.fn = build_call(head);
    } else {
      ch.head.type = ast::operand::kind::literal;
      ch.head.value = build_literal(head);
    }
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::array_step>()) {
        ast::step s;
        s.type = ast::step::kind::array;
        s.where = span_of(c);
        s.op = array_op_of(c.children.at(0)->string_view());
        s.body = build_expr(*c.children.at(1));
        ch.steps.push_back(std::move(s));
      } else if (c.is_type<g::call>()) {
        ast::step s;
        s.type = ast::step::kind::function;
        s.where = span_of(c);
        s.fn = build_call(c);
        ch.steps.push_back(std::move(s));
      } else {
        ch.test = build_test(c);
      }
    }
    return ch;
  }

  ast::test build_test(const node& n) {
    ast::test t;
    t.where = span_of(n);
    if (n.is_type<g::cmp_test>()) {
      std::string_view op = n.children.at(0)->string_view();
      t.op = op == "=" ? ast::test_op::eq
           : op == "!=" ? ast::test_op::ne
           : op == "<" ? ast::test_op::lt
           : op == ">" ? ast::test_op::gt
           : op == "<=" ? ast::test_op::le
                        : ast::test_op::ge;
      const node& v = *n.children.at(1);
      t.values.push_back(build_literal(v));
      t.value_span = span_of(v);
    } else if (n.is_type<g::in_test>()) {
      t.op = ast::test_op::in;
      t.value_span = {span_of(*n.children.front()).begin, span_of(*n.children.back()).end};
      for (const auto& c : n.children) {
        if (c->is_type<g::list_ref>()) {
          t.list_name = std::string(c->string_view().substr(1));
        } else if (is_literal(*c)) {
          t.values.push_back(build_literal(*c));
        }
      }
    } else if (n.is_type<g::like_test>()) {
      t.op = ast::test_op::like;
      const node& v = *n.children.at(0);
      t.values.push_back(build_literal(v));
      t.value_span = span_of(v);
    } else {
      t.op = ast::test_op::regex;
      const node& body = *n.children.at(0);
      t.value_span = {span_of(body).begin - 1, span_of(*n.children.back()).end};
      std::string_view raw = body.string_view();
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '/') {
          t.regex.push_back('/');
          ++i;
        } else {
          t.regex.push_back(raw[i]);
        }
      }
      if (n.children.size() > 1) t.regex_flags = std::string(n.children[1]->string_view());
    }
    return t;
  }

  std::string_view text_;
};

// Splits "E103|message" into its code and message.
std::pair<diag_code, std::string> split_message(std::string_view m) {
  if (m.size() > 5 && m[0] == 'E' && m[4] == '|') {
    int code = 0;
    std::from_chars(m.data() + 1, m.data() + 4, code);
    return {static_cast<diag_code>(code), std::string(m.substr(5))};
  }
  return {diag_code::syntax_error, std::string(m)};
}

bool starts_with_curly_quote(std::string_view s) {
  // U+2018 ‘ U+2019 ’ U+201C “ U+201D ” U+00B4 ´ U+2032 ′
  static constexpr std::string_view quotes[] = {"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
                                                "\xE2\x80\x9D", "\xC2\xB4", "\xE2\x80\xB2"};
  for (auto q : quotes) {
    if (s.substr(0, q.size()) == q) return true;
  }
  return false;
}

// The index of the quote closing the string literal that opens at text[open] (text.size() when
// the string is not closed); `\x` escapes are stepped over.
std::size_t skip_string(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  for (; i < text.size() && text[i] != text[open]; ++i) {
    if (text[i] == '\\') ++i;
  }
  return std::min(i, text.size());
}

// The innermost '(' or '[' still open at `offset`, skipping string literals; npos if none.
std::size_t find_unclosed(std::string_view text, std::size_t offset, char open) {
  std::vector<std::pair<char, std::size_t>> stack;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      i = skip_string(text, i);
    } else if (c == '(' || c == '[') {
      stack.emplace_back(c, i);
    } else if ((c == ')' || c == ']') && !stack.empty()) {
      stack.pop_back();
    }
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    if (it->first == open) return it->second;
  }
  return std::string_view::npos;
}

// The word (or single character) at offset, for messages.
std::string_view token_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  std::size_t end = offset;
  auto is_word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || c == '@';
  };
  while (end < text.size() && is_word(text[end]) && end - offset < 40) ++end;
  if (end == offset) end = offset + 1;
  return text.substr(offset, end - offset);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      char x = static_cast<char>(a[i - 1] | 0x20), y = static_cast<char>(b[j - 1] | 0x20);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A keyword that `word` is probably a misspelling of, or "".
std::string_view suggest_keyword(std::string_view word) {
  static constexpr std::string_view keywords[] = {
      "should", "where", "have", "and", "or", "not", "contain", "contain-any", "contain-all",
      "contain-none", "contain-single", "with", "like", "regexMatch", "in"};
  if (word.size() < 3) return {};
  for (auto k : keywords) {
    const std::size_t d = edit_distance(word, k);
    if (d == 0) return {};  // the keyword itself, misplaced: a suggestion would not help
    if (k.size() >= 3 && d <= (k.size() > 5 ? 2u : 1u)) return k;
  }
  return {};
}

// The offset of the word `groupBy` (any case, outside strings) before `limit`, or npos.
std::size_t find_group_by(std::string_view text, std::size_t limit) {
  for (std::size_t i = 0; i < text.size() && i <= limit; ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      i = skip_string(text, i);
      continue;
    }
    if (i + 7 <= text.size() && detail::equal_ignore_ascii_case(text.substr(i, 7), "groupby") &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The offset of the quote that opens a string still open at the end of text, or npos.
std::size_t find_open_string(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\'' && c != '"') continue;
    const std::size_t start = i;
    i = skip_string(text, i);
    if (i >= text.size()) return start;
  }
  return std::string_view::npos;
}

diagnostic make_syntax_diagnostic(std::string_view text, std::string_view source_name,
                                  std::size_t offset, diag_code code, std::string message) {
  std::string hint;
  if (std::size_t g = find_group_by(text, offset); g != std::string_view::npos) {
    diagnostic d = make_diagnostic(diag_code::unsupported_construct,
                                   "'groupBy' is not supported by cgsl (its syntax is not public)",
                                   source_name, text, g);
    d.hint = "see docs/language.md, \"What is left out\"";
    return d;
  }
  std::string_view rest = offset < text.size() ? text.substr(offset) : std::string_view{};
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const auto ends_with_word = [&](std::string_view w) {
    std::string_view b = before;
    while (!b.empty() && b.back() == ' ') b.remove_suffix(1);
    return b.size() >= w.size() && detail::equal_ignore_ascii_case(b.substr(b.size() - w.size()), w) &&
           (b.size() == w.size() || !std::isalnum(static_cast<unsigned char>(b[b.size() - w.size() - 1])));
  };
  const auto starts_with_word = [&](std::string_view w) {
    return rest.size() >= w.size() && detail::equal_ignore_ascii_case(rest.substr(0, w.size()), w) &&
           (rest.size() == w.size() || !std::isalnum(static_cast<unsigned char>(rest[w.size()])));
  };
  // Habits from other languages, each with the GSL way to say it.
  std::string habit;
  if (rest.rfind("==", 0) == 0 || (!rest.empty() && rest[0] == '=' && !before.empty() && before.back() == '=')) {
    habit = "GSL compares with a single '=': a = 1 (and a != 1)";
  } else if (rest.rfind("&&", 0) == 0) {
    habit = "GSL joins conditions with 'and': a = 1 and b = 2";
  } else if (rest.rfind("||", 0) == 0) {
    habit = "GSL joins conditions with 'or': a = 1 or b = 2";
  } else if (starts_with_word("not")) {
    std::string_view after = rest.substr(3);
    while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
    if (after.size() >= 2 && detail::equal_ignore_ascii_case(after.substr(0, 2), "in") &&
        (after.size() == 2 || !std::isalnum(static_cast<unsigned char>(after[2])))) {
      habit = "'not' goes before the condition: not a in ('x', 'y')";
    }
  } else if (starts_with_word("null") && ends_with_word("=")) {
    habit = "there is no null literal: a missing or null value is false, so write 'should not have a' "
            "(or 'a isEmpty()')";
  } else if (starts_with_word("null")) {
    habit = "there is no null literal: a missing or null value is false ('should have a' fails for it)";
  } else if (!rest.empty() && rest[0] == '[' && !before.empty() &&
             (std::isalnum(static_cast<unsigned char>(before.back())) || before.back() == '_')) {
    habit = "there is no indexing: test the elements with 'a contain [ condition ]' (or contain-all, "
            "contain-none, ...)";
  } else if (code == diag_code::trailing_text) {
    for (std::string_view fn : {"isEmpty", "length", "isPublic"}) {
      if (starts_with_word(fn) && (rest.size() == fn.size() || rest[fn.size()] != '(')) {
        habit = "functions are called with parentheses: " + std::string(fn) + "()";
      }
    }
  }
  if (starts_with_curly_quote(rest)) {
    code = diag_code::curly_quote;
    message = "typographic quote " + std::string(rest.substr(0, rest[0] == '\xC2' ? 2 : 3)) +
              " where a straight quote belongs";
    hint = "GSL strings use straight quotes: 'value' or \"value\" (word processors and web pages "
           "often replace them)";
  } else if (code == diag_code::trailing_text && !rest.empty() && rest[0] == ')') {
    code = diag_code::unclosed_paren;
    message = "')' without a matching '('";
  } else if (code == diag_code::trailing_text && !rest.empty() && rest[0] == ']') {
    code = diag_code::unclosed_bracket;
    message = "']' without a matching '['";
  } else if (code == diag_code::trailing_text) {
    std::string_view tok = token_at(text, offset);
    message = "unexpected '" + std::string(tok) + "' after the end of the rule";
    if (auto k = suggest_keyword(tok); !k.empty()) {
      hint = "did you mean '" + std::string(k) + "'?";
    } else {
      hint = "a rule is: Type [where condition] [should [not] [have] condition]; conditions are "
             "joined with 'and' / 'or'";
    }
  } else if (code == diag_code::unclosed_paren || code == diag_code::unclosed_bracket) {
    const char open = code == diag_code::unclosed_paren ? '(' : '[';
    std::size_t at = find_unclosed(text, offset, open);
    if (at != std::string_view::npos) {
      source_location loc = locate(text, at);
      hint = std::string("the '") + open + "' at " + std::to_string(loc.line) + ":" +
             std::to_string(loc.column) + " is not closed";
    }
  } else if (code == diag_code::unterminated_string) {
    if (std::size_t q = find_open_string(text); q != std::string_view::npos) {
      source_location loc = locate(text, q);
      hint = "the string starts at " + std::to_string(loc.line) + ":" + std::to_string(loc.column);
    }
  } else if (code == diag_code::expected_expression && !rest.empty() && rest[0] == '$') {
    hint = "'$name' lists are allowed only inside 'in ( )'; '$' alone is the current element";
  }
  if (hint.empty() && !rest.empty() &&
      (code == diag_code::expected_expression || code == diag_code::expected_value)) {
    if (auto k = suggest_keyword(token_at(text, offset)); !k.empty()) {
      hint = "did you mean '" + std::string(k) + "'?";
    }
  }
  if (!habit.empty() && code != diag_code::curly_quote) hint = std::move(habit);
  diagnostic d = make_diagnostic(code, std::move(message), source_name, text, offset);
  d.hint = std::move(hint);
  return d;
}

}  // namespace

parse_result parse(std::string_view text, std::string_view source_name, std::size_t max_nesting) {
  parse_result result;
  const std::string name(source_name);
  g::rule_input in(text.data(), text.data() + text.size(), name, max_nesting);
  try {
    auto root = pt::parse<g::rule_text, selector, tao::pegtl::nothing, g::control>(in);
    if (!root) {
      // Only possible if the top rule fails locally, which must<> prevents; fail closed anyway.
      result.diagnostics.push_back(make_diagnostic(diag_code::syntax_error, "the rule does not parse",
                                                   source_name, text, 0));
      return result;
    }
    builder b(text);
    result.rule = b.build_rule(*root);
  } catch (const g::too_deep& e) {
    result.diagnostics.push_back(make_diagnostic(
        diag_code::rule_too_deep,
        "the rule nests deeper than the limit of " + std::to_string(max_nesting) +
            " parentheses, brackets and 'not's",
        source_name, text, e.positions().empty() ? 0 : e.positions().front().byte));
  } catch (const tao::pegtl::parse_error& e) {
    auto [code, message] = split_message(e.message());
    std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
    result.diagnostics.push_back(
        make_syntax_diagnostic(text, source_name, offset, code, std::move(message)));
  } catch (const build_error& e) {
    result.diagnostics.push_back(make_diagnostic(e.code, e.message, source_name, text, e.offset));
  }
  return result;
}

std::size_t analyze_grammar() { return tao::pegtl::analyze<g::rule_text>(-1); }

}  // namespace cgsl::parser
