// SPDX-License-Identifier: Apache-2.0
// Values crossing the API: literals from rule text, read-only views of entity JSON, and the
// results of caller-registered functions.
#ifndef CGSL_VALUE_HPP
#define CGSL_VALUE_HPP

#include "cgsl/export.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace cgsl {

// A literal from rule text or a caller-supplied list entry: boolean, number or string.
using literal = std::variant<bool, double, std::string>;

// Named lists for `x in ($name)`, supplied by the caller at compile time (compile_options::lists).
using named_lists = std::map<std::string, std::vector<literal>, std::less<>>;

// A read-only view of one value during evaluation: a JSON value of the entity, a value computed by
// the rule (a number from length(), a boolean), a list of values (a path that crossed an array, or
// the result of `with`, presented as an array), or "missing" (a path that does not exist).
//
// Lifetime: a view is valid only while the call that received it runs (it points into the entity
// and the evaluator's scratch space). Copy out what you need. Cheap to copy; no allocation.
class CGSL_EXPORT json_view {
 public:
  enum class kind : std::uint8_t { missing, null, boolean, number, string, array, object };

  json_view() noexcept = default;  // missing

  [[nodiscard]] kind type() const noexcept;
  [[nodiscard]] bool is_missing() const noexcept { return type() == kind::missing; }
  [[nodiscard]] std::optional<bool> as_bool() const noexcept;               // booleans only
  [[nodiscard]] std::optional<double> as_number() const noexcept;           // numbers only
  [[nodiscard]] std::optional<std::string_view> as_string() const noexcept; // strings only
  // Arrays: element count; objects: member count; anything else: 0.
  [[nodiscard]] std::size_t size() const noexcept;
  // Calls f(json_view element) for each array element in order (nothing for non-arrays).
  template <class F>
  void for_each_element(F&& f) const {
    visit_elements([](void* user, const json_view& v) { (*static_cast<std::remove_reference_t<F>*>(user))(v); }, &f);
  }
  // Calls f(std::string_view key, json_view value) for each object member in order.
  template <class F>
  void for_each_member(F&& f) const {
    visit_members(
        [](void* user, std::string_view k, const json_view& v) { (*static_cast<std::remove_reference_t<F>*>(user))(k, v); },
        &f);
  }
  // The member `key` of an object, or missing.
  [[nodiscard]] json_view get(std::string_view key) const noexcept;
  // Compact JSON text of the value ("" for missing).
  [[nodiscard]] std::string to_json() const;

  // Not part of the API: used by the evaluator to build views.
  struct internal;

 private:
  friend struct internal;
  void visit_elements(void (*fn)(void*, const json_view&), void* user) const;
  void visit_members(void (*fn)(void*, std::string_view, const json_view&), void* user) const;

  std::uint8_t tag_ = 0;                  // internal value kind
  bool boolean_ = false;                  // computed boolean
  double number_ = 0;                     // computed number
  std::string_view string_;               // computed string
  alignas(8) unsigned char element_[16]{}; // a JSON element (opaque)
  const void* items_ = nullptr;           // a list of values (opaque)
  std::size_t item_count_ = 0;
};

// What a caller-registered function returns: missing (std::monostate), a boolean, a number or a
// string. A boolean result in a condition is used as is; any result can be followed by a test
// (`myFunc(1) > 3`) and is truthy by the rules of docs/language.md.
using function_result = std::variant<std::monostate, bool, double, std::string>;

// A caller-registered function: receives the value it is applied to (`x myFunc(1, 'a')`; `$` when
// the call starts a condition) and the literal arguments. It must be thread-safe (compiled rules
// are shared by threads) and must not throw; an exception it throws makes the entity's outcome
// `error`, never a pass.
using custom_function =
    std::function<function_result(const json_view& subject, const std::vector<literal>& args)>;

// Caller-supplied functions by name (matched case-insensitively, like built-in ones) and exact
// argument count. Fill it before compiling (pass it through compile_options::functions as a
// shared_ptr); compiled rules keep shared handles on the functions they use, so the registry may
// be destroyed afterwards. Not synchronized: do not add() while another thread compiles with it.
class CGSL_EXPORT function_registry {
 public:
  struct entry {
    std::string name;
    std::size_t arity = 0;
    custom_function fn;
  };
  // Registers fn. Returns false (and changes nothing) when the name is a built-in function, is
  // already registered, is not an identifier, or fn is empty.
  bool add(std::string_view name, std::size_t arity, custom_function fn);
  // The entry for name (case-insensitive), or nullptr.
  [[nodiscard]] const entry* find(std::string_view name) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::vector<entry> entries_;
};

}  // namespace cgsl

#endif  // CGSL_VALUE_HPP
