// SPDX-License-Identifier: Apache-2.0
// The function table, the built-in families registered into it, and the caller's registry
// (function_registry, include/cgsl/value.hpp), whose entries the compiler sees as descriptors.
#include "functions/registry.hpp"

#include <algorithm>
#include <exception>

#include "eval/context.hpp"
#include "functions/text.hpp"

namespace cgsl {
namespace detail {

bool function_table::add(function_descriptor d) {
  if (find(d.name) != nullptr) return false;
  entries_.push_back(std::make_shared<const function_descriptor>(std::move(d)));
  return true;
}

std::shared_ptr<const function_descriptor> function_table::find(std::string_view name) const noexcept {
  for (const auto& e : entries_) {
    if (equal_ignore_ascii_case(e->name, name)) return e;
  }
  return nullptr;
}

const function_table& builtin_functions() {
  static const function_table table = [] {
    function_table t;
    register_core_functions(t);
    register_network_functions(t);
    return t;
  }();
  return table;
}

std::string builtin_function_list() {
  std::string out;
  for (const auto& d : builtin_functions().all()) {
    if (!out.empty()) out += ", ";
    out += d->signature;
  }
  return out;
}

std::shared_ptr<const function_descriptor> resolve_function(std::string_view name,
                                                            const function_registry* callers) {
  if (auto b = builtin_functions().find(name)) return b;
  const function_registry::entry* e = callers ? callers->find(name) : nullptr;
  if (e == nullptr) return nullptr;
  auto d = std::make_shared<function_descriptor>();
  d->name = e->name;
  d->arity = e->arity;
  d->caller_registered = true;
  d->signature = e->name + "(...)";
  d->usage = e->name + "(...)";
  // The compiled rule keeps its own handle on the function: the registry may go away.
  d->eval = [fn = std::make_shared<const custom_function>(e->fn), name = e->name](
                function_frame& frame, const value& subject, const bound_call& call) -> eval_result {
    json_view view = frame.view_of(subject);
    try {
      return (*fn)(view, call.args);
    } catch (const std::exception& ex) {
      throw custom_function_failed{"function '" + name + "' failed: " + ex.what()};
    } catch (...) {
      throw custom_function_failed{"function '" + name + "' failed"};
    }
  };
  return d;
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
  // A built-in cannot be overridden: the same table the compiler resolves names in says which.
  if (detail::builtin_functions().find(name) != nullptr || lower == "groupby" || find(name) != nullptr) {
    return false;
  }
  entries_.push_back(entry{std::string(name), arity, std::move(fn)});
  return true;
}

const function_registry::entry* function_registry::find(std::string_view name) const noexcept {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const entry& e) { return detail::equal_ignore_ascii_case(e.name, name); });
  return it == entries_.end() ? nullptr : &*it;
}

}  // namespace cgsl
