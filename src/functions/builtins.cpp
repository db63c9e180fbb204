// SPDX-License-Identifier: Apache-2.0
// The table of built-in GSL functions, and the caller's function registry.
#include "functions/builtins.hpp"

#include "functions/text.hpp"

#include <algorithm>
#include <string>

namespace cgsl {
namespace detail {
namespace {

constexpr builtin_function builtins[] = {
    {"length", "length()", 0, fn_kind::length, "x length() > 0"},
    {"isempty", "isEmpty()", 0, fn_kind::is_empty, "x isEmpty()"},
    {"before", "before()", 2, fn_kind::before, "x before(-90, 'days')"},
    {"after", "after()", 2, fn_kind::after, "x after(-90, 'days')"},
    {"ispublic", "isPublic()", 0, fn_kind::is_public, "scope isPublic()"},
    {"isfilterpatternequal", "isFilterPatternEqual()", 1, fn_kind::filter_eq,
     "filterPattern isFilterPatternEqual('{ $.eventName = X }')"},
};

}  // namespace

builtin_table all_builtins() noexcept { return {builtins, sizeof builtins / sizeof builtins[0]}; }

const builtin_function* find_builtin(std::string_view lower_name) noexcept {
  for (const auto& b : builtins) {
    if (b.name == lower_name) return &b;
  }
  return nullptr;
}

}  // namespace detail

bool function_registry::add(std::string_view name, std::size_t arity, custom_function fn) {
  if (!fn || name.empty()) return false;
  const auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!is_alpha(name.front())) return false;
  for (char c : name) {
    if (!is_alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  const std::string lower = detail::ascii_lower(name);
  // Words of the language itself could never be called.
  static constexpr std::string_view keywords[] = {"and", "or", "not", "should", "where", "have", "in",
                                                  "like", "regexmatch", "with", "contain", "true", "false"};
  for (std::string_view k : keywords) {
    if (lower == k) return false;
  }
  if (detail::find_builtin(lower) != nullptr || lower == "groupby" || find(name) != nullptr) return false;
  entries_.push_back(entry{std::string(name), arity, std::move(fn)});
  return true;
}

const function_registry::entry* function_registry::find(std::string_view name) const noexcept {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const entry& e) { return detail::equal_ignore_ascii_case(e.name, name); });
  return it == entries_.end() ? nullptr : &*it;
}

}  // namespace cgsl
