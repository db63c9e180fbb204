// SPDX-License-Identifier: Apache-2.0
// A readable, indented dump of the AST (`cgsl explain`), stable enough for golden tests.
#include <string>

#include "ast/ast.hpp"

namespace cgsl::ast {
namespace {

std::string quote(const literal& l) {
  if (l.type != literal::kind::string) return l.text;
  std::string out = "'";
  for (char c : l.text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

const char* op_name(array_op op) {
  switch (op) {
    case array_op::contain:
      return "contain";
    case array_op::contain_any:
      return "contain-any";
    case array_op::contain_all:
      return "contain-all";
    case array_op::contain_none:
      return "contain-none";
    case array_op::contain_single:
      return "contain-single";
    case array_op::with:
      return "with";
  }
  return "?";
}

const char* test_name(test_op op) {
  switch (op) {
    case test_op::eq:
      return "=";
    case test_op::ne:
      return "!=";
    case test_op::lt:
      return "<";
    case test_op::gt:
      return ">";
    case test_op::le:
      return "<=";
    case test_op::ge:
      return ">=";
    case test_op::in:
      return "in";
    case test_op::like:
      return "like";
    case test_op::regex:
      return "regexMatch";
  }
  return "?";
}

std::string call_text(const call& c) {
  std::string out = c.name + "(";
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    if (i) out += ", ";
    out += c.args[i].value ? quote(*c.args[i].value) : "$" + c.args[i].list_name;
  }
  return out + ")";
}

void line(std::string& out, int depth, const std::string& text) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += text;
  out += '\n';
}

void dump_expr(std::string& out, const expr& e, int depth);

void dump_chain(std::string& out, const chain& c, int depth) {
  std::string head;
  switch (c.head.type) {
    case operand::kind::path:
      head = "path ";
      for (std::size_t i = 0; i < c.head.path.size(); ++i) head += (i ? "." : "") + c.head.path[i];
      break;
    case operand::kind::self:
      head = "$ (the current element)";
      break;
    case operand::kind::literal:
      head = "literal " + quote(c.head.value);
      break;
    case operand::kind::call:
      head = "$ " + call_text(c.head.fn);
      break;
  }
  line(out, depth, head);
  for (const step& s : c.steps) {
    if (s.type == step::kind::array) {
      line(out, depth + 1, std::string(op_name(s.op)) + " [");
      dump_expr(out, *s.body, depth + 2);
      line(out, depth + 1, "]");
    } else {
      line(out, depth + 1, "call " + call_text(s.fn));
    }
  }
  if (c.test) {
    std::string t = std::string(test_name(c.test->op)) + " ";
    if (c.test->op == test_op::regex) {
      t += "/" + c.test->regex + "/" + c.test->regex_flags;
    } else if (!c.test->list_name.empty()) {
      t += "($" + c.test->list_name + ")";
    } else if (c.test->op == test_op::in) {
      t += "(";
      for (std::size_t i = 0; i < c.test->values.size(); ++i) {
        t += (i ? ", " : "") + quote(c.test->values[i]);
      }
      t += ")";
    } else {
      t += quote(c.test->values.at(0));
    }
    line(out, depth + 1, t);
  } else if (c.steps.empty() || c.steps.back().type == step::kind::function) {
    line(out, depth + 1, "(truthy)");
  }
}

void dump_expr(std::string& out, const expr& e, int depth) {
  switch (e.type) {
    case expr::kind::or_:
      line(out, depth, "or");
      break;
    case expr::kind::and_:
      line(out, depth, "and");
      break;
    case expr::kind::not_:
      line(out, depth, "not");
      break;
    case expr::kind::chain:
      dump_chain(out, e.value, depth);
      return;
  }
  for (const auto& c : e.children) dump_expr(out, *c, depth + 1);
}

}  // namespace

std::string dump(const rule& r) {
  std::string out;
  line(out, 0, std::string("rule") + (r.has_should ? "" : " (query: matches entities)"));
  line(out, 1, (r.is_list ? "target List<" + r.type + "> (evaluated once over {\"items\": [...]})"
                          : "target " + r.type));
  if (r.where) {
    line(out, 1, "where");
    dump_expr(out, *r.where, 2);
  }
  if (r.has_should) {
    line(out, 1, r.negated ? "should not (fails when this holds)" : "should (fails unless this holds)");
    dump_expr(out, *r.body, 2);
  }
  return out;
}

}  // namespace cgsl::ast
