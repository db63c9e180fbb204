// SPDX-License-Identifier: Apache-2.0
// cgsl::json_view: a read-only view of a JSON element, a computed value or a list.
#include <cstring>
#include <type_traits>

#include "cgsl/value.hpp"
#include "common/json_text.hpp"
#include "eval/json_view_access.hpp"

namespace cgsl {

// The view's tag: what the storage holds.
enum class view_tag : std::uint8_t { missing = 0, element, boolean, number, string, list };

struct json_view::internal {
  static_assert(sizeof(simdjson::dom::element) <= sizeof(json_view::element_));
  static_assert(std::is_trivially_copyable_v<simdjson::dom::element>);

  static json_view of_element(simdjson::dom::element e) {
    json_view v;
    v.tag_ = static_cast<std::uint8_t>(view_tag::element);
    std::memcpy(v.element_, &e, sizeof e);
    return v;
  }
  static simdjson::dom::element element_of(const json_view& v) {
    simdjson::dom::element e;
    std::memcpy(static_cast<void*>(&e), v.element_, sizeof e);
    return e;
  }
  static view_tag tag(const json_view& v) { return static_cast<view_tag>(v.tag_); }
  static json_view make(const detail::value& val, const detail::eval_context& ctx) {
    json_view v;
    switch (val.k) {
      case detail::value::kind::missing:
        break;
      case detail::value::kind::element:
        return of_element(val.e);
      case detail::value::kind::boolean:
        v.tag_ = static_cast<std::uint8_t>(view_tag::boolean);
        v.boolean_ = val.boolean;
        break;
      case detail::value::kind::number:
        v.tag_ = static_cast<std::uint8_t>(view_tag::number);
        v.number_ = val.number;
        break;
      case detail::value::kind::string:
        v.tag_ = static_cast<std::uint8_t>(view_tag::string);
        v.string_ = val.string;
        break;
      case detail::value::kind::list:
        v.tag_ = static_cast<std::uint8_t>(view_tag::list);
        v.items_ = ctx.items.data() + val.begin;
        v.item_count_ = val.end - val.begin;
        break;
    }
    return v;
  }
  static const detail::item* items(const json_view& v) {
    return static_cast<const detail::item*>(v.items_);
  }
};

namespace detail {
json_view json_view_access::make(const value& v, const eval_context& ctx) {
  return json_view::internal::make(v, ctx);
}
json_view json_view_access::from_element(element e) { return json_view::internal::of_element(e); }
}  // namespace detail

using simdjson::dom::element_type;

json_view::kind json_view::type() const noexcept {
  switch (internal::tag(*this)) {
    case view_tag::missing:
      return kind::missing;
    case view_tag::boolean:
      return kind::boolean;
    case view_tag::number:
      return kind::number;
    case view_tag::string:
      return kind::string;
    case view_tag::list:
      return kind::array;
    case view_tag::element:
      break;
  }
  switch (internal::element_of(*this).type()) {
    case element_type::NULL_VALUE:
      return kind::null;
    case element_type::BOOL:
      return kind::boolean;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return kind::number;
    case element_type::STRING:
      return kind::string;
    case element_type::ARRAY:
      return kind::array;
    case element_type::OBJECT:
      return kind::object;
  }
  return kind::missing;
}

std::optional<bool> json_view::as_bool() const noexcept {
  if (internal::tag(*this) == view_tag::boolean) return boolean_;
  if (internal::tag(*this) != view_tag::element) return std::nullopt;
  bool b = false;
  if (internal::element_of(*this).get_bool().get(b) == simdjson::SUCCESS) return b;
  return std::nullopt;
}

std::optional<double> json_view::as_number() const noexcept {
  if (internal::tag(*this) == view_tag::number) return number_;
  if (internal::tag(*this) != view_tag::element) return std::nullopt;
  auto e = internal::element_of(*this);
  switch (e.type()) {
    case element_type::INT64:
      return static_cast<double>(e.get_int64().value_unsafe());
    case element_type::UINT64:
      return static_cast<double>(e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return e.get_double().value_unsafe();
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> json_view::as_string() const noexcept {
  if (internal::tag(*this) == view_tag::string) return string_;
  if (internal::tag(*this) != view_tag::element) return std::nullopt;
  std::string_view s;
  if (internal::element_of(*this).get_string().get(s) == simdjson::SUCCESS) return s;
  return std::nullopt;
}

std::size_t json_view::size() const noexcept {
  if (internal::tag(*this) == view_tag::list) return item_count_;
  if (internal::tag(*this) != view_tag::element) return 0;
  auto e = internal::element_of(*this);
  std::size_t n = 0;
  if (e.type() == element_type::ARRAY) {
    for ([[maybe_unused]] auto x : detail::array_of(e)) ++n;
  } else if (e.type() == element_type::OBJECT) {
    for ([[maybe_unused]] auto x : detail::object_of(e)) ++n;
  }
  return n;
}

json_view json_view::get(std::string_view key) const noexcept {
  if (internal::tag(*this) != view_tag::element) return json_view{};
  simdjson::dom::element child;
  if (internal::element_of(*this).at_key(key).get(child) != simdjson::SUCCESS) return json_view{};
  return internal::of_element(child);
}

void json_view::visit_elements(void (*fn)(void*, const json_view&), void* user) const {
  if (internal::tag(*this) == view_tag::list) {
    const detail::item* it = internal::items(*this);
    for (std::size_t i = 0; i < item_count_; ++i) fn(user, internal::of_element(it[i].e));
    return;
  }
  if (internal::tag(*this) != view_tag::element) return;
  auto e = internal::element_of(*this);
  if (e.type() != element_type::ARRAY) return;
  simdjson::dom::array a = e.get_array().value_unsafe();
  for (simdjson::dom::element x : a) fn(user, internal::of_element(x));
}

void json_view::visit_members(void (*fn)(void*, std::string_view, const json_view&),
                              void* user) const {
  if (internal::tag(*this) != view_tag::element) return;
  auto e = internal::element_of(*this);
  if (e.type() != element_type::OBJECT) return;
  simdjson::dom::object o = e.get_object().value_unsafe();
  for (auto kv : o) fn(user, kv.key, internal::of_element(kv.value));
}

std::string json_view::to_json() const {
  switch (internal::tag(*this)) {
    case view_tag::missing:
      return {};
    case view_tag::boolean:
      return boolean_ ? "true" : "false";
    case view_tag::number: {
      std::string s;
      detail::append_json_number_text(s, number_);
      return s;
    }
    case view_tag::string: {
      std::string out;
      detail::append_json_string(out, string_);
      return out;
    }
    case view_tag::list: {
      std::string out = "[";
      const detail::item* it = internal::items(*this);
      for (std::size_t i = 0; i < item_count_; ++i) {
        if (i) out += ',';
        out += simdjson::to_string(it[i].e);
      }
      return out + "]";
    }
    case view_tag::element:
      break;
  }
  return simdjson::to_string(internal::element_of(*this));
}

}  // namespace cgsl
