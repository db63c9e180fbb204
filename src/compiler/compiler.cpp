// SPDX-License-Identifier: Apache-2.0
// compile(): parse, check names and arguments, precompile regexes, build the immutable program.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <re2/re2.h>

#include "cgsl/rule.hpp"
#include "common/source.hpp"
#include "compiler/program.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"
#include "parser/parser.hpp"

namespace cgsl {
namespace detail {

lit_value make_lit(const literal& l) {
  lit_value v;
  if (const bool* b = std::get_if<bool>(&l)) {
    v.type = lit_value::kind::boolean;
    v.boolean = *b;
    v.bool_valid = true;
    v.str = *b ? "true" : "false";
  } else if (const double* d = std::get_if<double>(&l)) {
    v.type = lit_value::kind::number;
    v.num = *d;
    v.num_valid = true;
    v.exact = exact_of(*d);  // a double is its own exact value (compare_numbers is exact)
    append_json_number_text(v.str, *d);
  } else {
    v.type = lit_value::kind::string;
    v.str = std::get<std::string>(l);
    if (auto n = parse_exact_number(v.str)) {
      v.num = n->d;
      v.num_valid = true;
      v.exact = *n;
    }
    if (auto parsed = parse_bool_text(v.str)) {
      v.boolean = *parsed;
      v.bool_valid = true;
    }
  }
  return v;
}

namespace {

literal to_literal(const ast::literal& l) {
  switch (l.type) {
    case ast::literal::kind::boolean:
      return literal{l.boolean};
    case ast::literal::kind::number:
      return literal{l.number};
    case ast::literal::kind::string:
      break;
  }
  return literal{l.text};
}

}  // namespace

lit_value make_lit(const ast::literal& l) {
  lit_value v = make_lit(to_literal(l));
  if (l.type == ast::literal::kind::number) {
    if (auto n = parse_exact_number(l.text); n && n->is_integer) {
      v.exact = *n;
      v.str.clear();
      append_exact_number_text(v.str, *n);
    }
  }
  return v;
}

namespace {

class checker {
 public:
  checker(std::string_view text, std::string_view source_name, const compile_options& options)
      : text_(text), source_name_(source_name), options_(options) {}

  std::vector<diagnostic>& diagnostics() { return diags_; }

  node build(const ast::expr& e) {
    node n;
    switch (e.type) {
      case ast::expr::kind::or_:
        n.type = node::kind::or_;
        break;
      case ast::expr::kind::and_:
        n.type = node::kind::and_;
        break;
      case ast::expr::kind::not_:
        n.type = node::kind::not_;
        break;
      case ast::expr::kind::chain:
        n.type = node::kind::chain;
        n.chain = build_chain(e.value);
        return n;
    }
    n.children.reserve(e.children.size());
    for (const auto& c : e.children) n.children.push_back(build(*c));
    return n;
  }

 private:
  // The built-in a misspelt name is closest to (at most 2 edits, and fewer than half its
  // letters), in its documented spelling, or "".
  static std::string nearest_builtin(std::string_view lower) {
    auto distance = [](std::string_view a, std::string_view b) {
      std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
      for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
      for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
          cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        }
        std::swap(prev, cur);
      }
      return prev[b.size()];
    };
    std::string best;
    std::size_t best_d = 3;
    std::string folded;
    for (const auto& d : builtin_functions().all()) {
      folded.assign(d->name);
      for (char& ch : folded) ch = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      const std::size_t dist = distance(lower, folded);
      if (dist < best_d && 2 * dist < folded.size()) {
        best_d = dist;
        best = d->name + "()";
      }
    }
    return best;
  }

  void error(diag_code code, std::string message, std::uint32_t offset, std::string hint = {}) {
    diagnostic d = make_diagnostic(code, std::move(message), source_name_, text_, offset);
    d.hint = std::move(hint);
    diags_.push_back(std::move(d));
  }

  chain_plan build_chain(const ast::chain& c) {
    chain_plan p;
    switch (c.head.type) {
      case ast::operand::kind::path:
        p.head = chain_plan::head_kind::path;
        p.path = c.head.path;
        break;
      case ast::operand::kind::self:
        p.head = chain_plan::head_kind::self;
        break;
      case ast::operand::kind::literal:
        p.head = chain_plan::head_kind::literal;
        p.literal = make_lit(c.head.value);
        break;
      case ast::operand::kind::call:
        // A call that starts a condition applies to `$`.
        p.head = chain_plan::head_kind::self;
        p.steps.push_back(build_call(c.head.fn));
        break;
    }
    for (const auto& s : c.steps) {
      if (s.type == ast::step::kind::array) {
        step_plan sp;
        sp.type = step_plan::kind::array;
        sp.op = s.op;
        sp.body = std::make_unique<node>(build(*s.body));
        p.steps.push_back(std::move(sp));
      } else {
        p.steps.push_back(build_call(s.fn));
      }
    }
    if (c.test) p.test = build_test(*c.test);
    return p;
  }

  // Resolves a call through the one function table (built-ins, then the caller's registry),
  // checks its argument count and literals, and binds them.
  step_plan build_call(const ast::call& c) {
    step_plan sp;
    sp.type = step_plan::kind::function;
    sp.name = c.name;
    std::shared_ptr<const function_descriptor> d = resolve_function(c.name, options_.functions.get());
    if (d == nullptr) {
      if (equal_ignore_ascii_case(c.name, "groupby")) {
        error(diag_code::unsupported_construct,
              "'groupBy' is not supported by cgsl (its syntax is not public)", c.name_span.begin,
              "see docs/language.md, \"What is left out\"");
        return sp;
      }
      std::string hint = "built-in functions: " + builtin_function_list() +
                         "; others must be registered by the embedding application";
      std::string lower(c.name);
      for (char& ch : lower) ch = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      if (auto near = nearest_builtin(lower); !near.empty()) hint = "did you mean '" + near + "'?";
      error(diag_code::unknown_function, "unknown function '" + c.name + "'", c.name_span.begin, std::move(hint));
      return sp;
    }
    const std::string display = d->caller_registered ? "function '" + c.name + "'" : d->name + "()";
    const std::string usage = d->caller_registered ? std::string() : "usage: " + d->usage;
    if (d->arity != c.args.size()) {
      error(diag_code::wrong_arity,
            display + " takes " + std::to_string(d->arity) + " argument(s), not " +
                std::to_string(c.args.size()),
            c.name_span.begin, usage);
      return sp;
    }
    bool lists_ok = true;
    for (const auto& a : c.args) {
      if (!a.value) {
        error(diag_code::bad_argument,
              "a $list cannot be passed to " + (d->caller_registered ? "'" + c.name + "'" : display) +
                  "; lists are used with 'in ( )'",
              a.where.begin);
        lists_ok = false;
        continue;
      }
      sp.call.args.push_back(to_literal(*a.value));
    }
    if (!lists_ok) return sp;
    if (d->check) {
      for (arg_problem& p : d->check(sp.call.args, sp.call)) {
        const std::uint32_t at =
            p.index < c.args.size() ? c.args[p.index].value->where.begin : c.name_span.begin;
        error(p.code, std::move(p.message), at, std::move(p.hint));
      }
    }
    sp.fn = std::move(d);
    return sp;
  }

  test_plan build_test(const ast::test& t) {
    test_plan p;
    p.op = t.op;
    switch (t.op) {
      case ast::test_op::eq:
      case ast::test_op::ne:
        p.values.push_back(make_lit(t.values.at(0)));
        break;
      case ast::test_op::lt:
      case ast::test_op::gt:
      case ast::test_op::le:
      case ast::test_op::ge: {
        const ast::literal& v = t.values.at(0);
        if (v.type == ast::literal::kind::boolean) {
          error(diag_code::bad_argument, "'<', '>', '<=' and '>=' cannot compare with true or false",
                v.where.begin, "ordering applies to numbers and strings; use '=' or '!='");
        }
        p.values.push_back(make_lit(v));
        break;
      }
      case ast::test_op::in:
        if (!t.list_name.empty()) {
          auto it = options_.lists.find(t.list_name);
          if (it == options_.lists.end()) {
            std::string known;
            for (const auto& [k, _] : options_.lists) known += (known.empty() ? "" : ", ") + ("$" + k);
            error(diag_code::unknown_list, "unknown list '$" + t.list_name + "'", t.value_span.begin,
                  known.empty() ? "no named lists were supplied (CLI: --list NAME=FILE)"
                                : "supplied lists: " + known);
            break;
          }
          for (const auto& l : it->second) p.values.push_back(make_lit(l));
        } else {
          for (const auto& v : t.values) p.values.push_back(make_lit(v));
        }
        break;
      case ast::test_op::like: {
        const std::string& pattern = t.values.at(0).text;
        p.like = like_pattern::compile(pattern);
        if (pattern.find('*') != std::string::npos && pattern.find('%') == std::string::npos) {
          std::string fixed = pattern;
          for (char& ch : fixed) ch = ch == '*' ? '%' : ch;
          diagnostic d = make_diagnostic(diag_code::like_star,
                                         "'*' in a like pattern matches only a '*' character", source_name_,
                                         text_, t.value_span.begin);
          d.level = severity::warning;
          d.hint = "like uses '%' for any run of characters and '_' for one: like '" + fixed +
                   "' (or regexMatch /.../ for more)";
          diags_.push_back(std::move(d));
        }
        break;
      }
      case ast::test_op::regex: {
        RE2::Options o;
        o.set_log_errors(false);
        o.set_max_mem(options_.regex_max_mem);
        o.set_case_sensitive(t.regex_flags.find('i') == std::string::npos);
        o.set_dot_nl(t.regex_flags.find('s') != std::string::npos);
        std::string pattern = t.regex;
        if (t.regex_flags.find('m') != std::string::npos) pattern = "(?m)" + pattern;
        auto re = std::make_shared<const RE2>(pattern, o);
        if (!re->ok()) {
          const bool too_big = re->error_code() == RE2::ErrorPatternTooLarge;
          error(too_big ? diag_code::regex_too_large : diag_code::bad_regex,
                too_big ? "regex is too large for the memory budget"
                        : "invalid regex: " + re->error(),
                t.value_span.begin,
                too_big ? "raise compile_options::regex_max_mem or simplify the regex"
                        : "regexes use RE2 syntax (no backreferences or lookaround)");
          break;
        }
        p.regex_size = static_cast<std::uint64_t>(std::max(re->ProgramSize(), 1));
        p.regex = std::move(re);
        break;
      }
    }
    return p;
  }

  std::string_view text_;
  std::string_view source_name_;
  const compile_options& options_;
  std::vector<diagnostic> diags_;
};

}  // namespace
}  // namespace detail

std::string compile_result::format_errors() const {
  std::string out;
  for (const auto& d : diagnostics) out += format(d);
  return out;
}

compile_result compile(std::string_view text, const compile_options& options,
                       std::string_view source_name) {
  compile_result result;
  try {
    if (text.size() > options.max_rule_bytes) {
      diagnostic d;
      d.code = diag_code::rule_too_large;
      d.message = "the rule text is " + std::to_string(text.size()) + " bytes, over the limit of " +
                  std::to_string(options.max_rule_bytes);
      d.source_name = std::string(source_name);
      result.diagnostics.push_back(std::move(d));
      return result;
    }
    parser::parse_result parsed = parser::parse(text, source_name, options.max_nesting);
    if (!parsed.rule) {
      result.diagnostics = std::move(parsed.diagnostics);
      return result;
    }
    auto prog = std::make_shared<detail::program>();
    prog->text = std::string(text);
    prog->source_name = std::string(source_name);
    prog->type = parsed.rule->type;
    prog->is_list = parsed.rule->is_list;
    prog->is_query = !parsed.rule->has_should;
    prog->negated = parsed.rule->negated;
    detail::checker check(text, source_name, options);
    if (parsed.rule->where) prog->where = check.build(*parsed.rule->where);
    if (parsed.rule->body) prog->body = check.build(*parsed.rule->body);
    prog->tree = std::move(*parsed.rule);
    auto& diags = check.diagnostics();
    std::stable_sort(diags.begin(), diags.end(),
                     [](const diagnostic& a, const diagnostic& b) { return a.offset < b.offset; });
    const bool failed = std::any_of(diags.begin(), diags.end(), [](const diagnostic& d) {
      return d.level == severity::error;
    });
    result.diagnostics = std::move(diags);
    if (!failed) result.value.emplace(std::move(prog));
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    diagnostic d;
    d.code = diag_code::internal_error;
    d.message = std::string("internal error while compiling: ") + e.what();
    d.source_name = std::string(source_name);
    result.diagnostics.push_back(std::move(d));
    result.value.reset();
  }
  return result;
}

const std::string& rule::text() const noexcept { return program_->text; }
const std::string& rule::target_type() const noexcept { return program_->type; }
bool rule::is_list() const noexcept { return program_->is_list; }
bool rule::is_query() const noexcept { return program_->is_query; }
std::string rule::explain() const { return ast::dump(program_->tree); }

}  // namespace cgsl
