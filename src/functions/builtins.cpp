// SPDX-License-Identifier: Apache-2.0
// The table of built-in GSL functions, and the caller's function registry.
#include "functions/builtins.hpp"

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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace

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
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  if (detail::find_builtin(lower) != nullptr || lower == "groupby" || find(name) != nullptr) return false;
  entries_.push_back(entry{std::string(name), arity, std::move(fn)});
  return true;
}

const function_registry::entry* function_registry::find(std::string_view name) const noexcept {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const entry& e) { return detail::iequals(e.name, name); });
  return it == entries_.end() ? nullptr : &*it;
}

}  // namespace cgsl
