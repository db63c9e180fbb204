// SPDX-License-Identifier: Apache-2.0
// The core built-in family (docs/language.md, "Functions"):
//   length()                   count of elements, members or characters
//   isEmpty()                  missing, null, "", [] or {}
//   before(n, 'unit')          a time earlier than now + n units
//   after(n, 'unit')           a time later than now + n units
//   isPublic()                 an address or CIDR outside the private and special ranges
//   isFilterPatternEqual('p')  CloudWatch Logs filter patterns equal but for whitespace
// Their arguments are checked here; the evaluator runs them inline (inline_kind), because they
// work on its internal value lists element by element.
#include <cmath>

#include "functions/registry.hpp"
#include "functions/time.hpp"

namespace cgsl::detail {
namespace {

std::vector<arg_problem> check_time(std::string_view display, std::string_view usage,
                                    const std::vector<literal>& args, bound_call& call) {
  std::vector<arg_problem> problems;
  const double* n = std::get_if<double>(&args[0]);
  if (n == nullptr) {
    problems.push_back({0, diag_code::bad_argument,
                        "the first argument of " + std::string(display) + " must be a number",
                        "usage: " + std::string(usage)});
  }
  const std::string* u = std::get_if<std::string>(&args[1]);
  if (u == nullptr) {
    problems.push_back({1, diag_code::bad_argument,
                        "the second argument of " + std::string(display) +
                            " must be a quoted time unit",
                        "usage: " + std::string(usage)});
    return problems;
  }
  auto unit = parse_time_unit(*u);
  if (!unit) {
    problems.push_back({1, diag_code::unknown_time_unit, "unknown time unit '" + *u + "'",
                        "units: seconds, minutes, hours, days, weeks, months, years (singular too)"});
    return problems;
  }
  call.unit = *unit;
  call.number = n ? *n : 0;
  if (n && (*unit == time_unit::months || *unit == time_unit::years) && std::trunc(*n) != *n) {
    problems.push_back({0, diag_code::bad_argument, "months and years must be a whole number", ""});
  }
  return problems;
}

function_descriptor inline_function(std::string name, std::size_t arity, std::string signature,
                                    std::string usage, inline_kind kind) {
  function_descriptor d;
  d.name = std::move(name);
  d.arity = arity;
  d.signature = std::move(signature);
  d.usage = std::move(usage);
  d.kind = kind;
  return d;
}

}  // namespace

void register_core_functions(function_table& table) {
  table.add(inline_function("length", 0, "length()", "x length() > 0", inline_kind::length));
  table.add(inline_function("isEmpty", 0, "isEmpty()", "x isEmpty()", inline_kind::is_empty));
  for (auto kind : {inline_kind::before, inline_kind::after}) {
    const bool before = kind == inline_kind::before;
    function_descriptor d = inline_function(before ? "before" : "after", 2,
                                            before ? "before(n, 'unit')" : "after(n, 'unit')",
                                            before ? "x before(-90, 'days')" : "x after(-90, 'days')", kind);
    d.check = [display = std::string(before ? "before()" : "after()"), usage = d.usage](
                  const std::vector<literal>& args, bound_call& call) {
      return check_time(display, usage, args, call);
    };
    table.add(std::move(d));
  }
  table.add(inline_function("isPublic", 0, "isPublic()", "scope isPublic()", inline_kind::is_public));
  function_descriptor filter =
      inline_function("isFilterPatternEqual", 1, "isFilterPatternEqual('pattern')",
                      "filterPattern isFilterPatternEqual('{ $.eventName = X }')", inline_kind::filter_eq);
  filter.check = [](const std::vector<literal>& args, bound_call& call) {
    std::vector<arg_problem> problems;
    if (const std::string* p = std::get_if<std::string>(&args[0])) {
      call.text = *p;
    } else {
      problems.push_back({0, diag_code::bad_argument, "isFilterPatternEqual() takes a quoted filter pattern", ""});
    }
    return problems;
  };
  table.add(std::move(filter));
}

}  // namespace cgsl::detail
