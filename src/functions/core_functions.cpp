// SPDX-License-Identifier: Apache-2.0
// The core built-in family (docs/language.md, "Functions"):
//   length()                   count of elements, members or characters
//   isEmpty()                  missing, null, "", [] or {}
//   before(n, 'unit')          a time earlier than now + n units
//   after(n, 'unit')           a time later than now + n units
//   isPublic()                 an address or CIDR outside the private and special ranges
//   isFilterPatternEqual('p')  CloudWatch Logs filter patterns equal but for whitespace
// Each is checked and evaluated here, through the evaluator's function_frame (its value model:
// any_scalar for per-element tests, length_of, is_empty).
#include <cmath>

#include "functions/network.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"
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

using eval_fn = std::function<eval_result(function_frame&, const value&, const bound_call&)>;

function_descriptor describe(std::string name, std::size_t arity, std::string signature, std::string usage,
                             eval_fn eval) {
  function_descriptor d;
  d.name = std::move(name);
  d.arity = arity;
  d.signature = std::move(signature);
  d.usage = std::move(usage);
  d.eval = std::move(eval);
  return d;
}

// A time: a number of epoch seconds or an ISO-8601 string.
std::optional<double> time_of(const scalar_view& s) {
  if (s.type == scalar_view::kind::number) return s.number;
  if (s.type == scalar_view::kind::string) return parse_iso8601(s.string);
  return std::nullopt;
}

}  // namespace

void register_core_functions(function_table& table) {
  table.add(describe("length", 0, "length()", "x length() > 0",
                     [](function_frame& f, const value& v, const bound_call&) { return f.length_of(v); }));
  table.add(describe("isEmpty", 0, "isEmpty()", "x isEmpty()", [](function_frame& f, const value& v, const bound_call&) {
    return eval_result{f.is_empty(v)};
  }));
  for (const bool before : {true, false}) {
    function_descriptor d = describe(
        before ? "before" : "after", 2, before ? "before(n, 'unit')" : "after(n, 'unit')",
        before ? "x before(-90, 'days')" : "x after(-90, 'days')",
        [before](function_frame& f, const value& v, const bound_call& call) {
          const double threshold = add_time(f.now(), call.number, call.unit);
          return eval_result{f.any_scalar(v, [&](const scalar_view& x) {
            auto t = time_of(x);
            return t && (before ? *t < threshold : *t > threshold);
          })};
        });
    d.check = [display = std::string(before ? "before()" : "after()"), usage = d.usage](
                  const std::vector<literal>& args, bound_call& call) {
      return check_time(display, usage, args, call);
    };
    table.add(std::move(d));
  }
  table.add(describe("isPublic", 0, "isPublic()", "scope isPublic()", [](function_frame& f, const value& v, const bound_call&) {
    return eval_result{f.any_scalar(v, [](const scalar_view& x) {
      return x.type == scalar_view::kind::string && classify_address(x.string) == address_class::public_address;
    })};
  }));
  function_descriptor filter = describe(
      "isFilterPatternEqual", 1, "isFilterPatternEqual('pattern')",
      "filterPattern isFilterPatternEqual('{ $.eventName = X }')",
      [](function_frame& f, const value& v, const bound_call& call) {
        return eval_result{f.any_scalar(v, [&](const scalar_view& x) {
          return x.type == scalar_view::kind::string && filter_pattern_equal(x.string, call.text);
        })};
      });
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
