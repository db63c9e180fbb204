// SPDX-License-Identifier: Apache-2.0
// Walks a compiled program over a simdjson DOM element. The fast pass records nothing; when the
// outcome is a failure (or a match) a second pass in explain mode records evidence paths.
#include <algorithm>
#include <iterator>
#include <cmath>
#include <cstring>
#include <optional>
#include <unordered_set>

#include <re2/re2.h>

#include "eval/context.hpp"
#include "eval/json_view_access.hpp"
#include "functions/network.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"
#include "functions/time.hpp"

namespace cgsl::detail {
namespace {

using simdjson::dom::element_type;

// A JSON scalar or a computed one, for the comparison functions.
struct scalar {
  enum class kind : std::uint8_t { missing, null, boolean, int64, uint64, dbl, string, object, array };
  kind k = kind::missing;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  std::string_view s;
};

scalar to_scalar(element e) noexcept {
  scalar r;
  switch (e.type()) {
    case element_type::NULL_VALUE:
      r.k = scalar::kind::null;
      break;
    case element_type::BOOL:
      r.k = scalar::kind::boolean;
      r.b = e.get_bool().value_unsafe();
      break;
    case element_type::INT64:
      r.k = scalar::kind::int64;
      r.i = e.get_int64().value_unsafe();
      break;
    case element_type::UINT64:
      r.k = scalar::kind::uint64;
      r.u = e.get_uint64().value_unsafe();
      break;
    case element_type::DOUBLE:
      r.k = scalar::kind::dbl;
      r.d = e.get_double().value_unsafe();
      break;
    case element_type::STRING:
      r.k = scalar::kind::string;
      r.s = e.get_string().value_unsafe();
      break;
    case element_type::OBJECT:
      r.k = scalar::kind::object;
      break;
    case element_type::ARRAY:
      r.k = scalar::kind::array;
      break;
  }
  return r;
}

bool is_number(const scalar& s) {
  return s.k == scalar::kind::int64 || s.k == scalar::kind::uint64 || s.k == scalar::kind::dbl;
}

double as_double(const scalar& s) {
  switch (s.k) {
    case scalar::kind::int64:
      return static_cast<double>(s.i);
    case scalar::kind::uint64:
      return static_cast<double>(s.u);
    default:
      return s.d;
  }
}

// The exact value of a JSON number (int64 / uint64 stay integers).
exact_number exact_value(const scalar& s) {
  switch (s.k) {
    case scalar::kind::int64:
      return exact_of(s.i);
    case scalar::kind::uint64:
      return exact_of(s.u);
    default:
      return exact_of(s.d);
  }
}

// The number a scalar stands for in a comparison: a JSON number, or a string that is a complete
// number (exact when it is an integer).
std::optional<exact_number> numeric_value(const scalar& s) {
  if (is_number(s)) return exact_value(s);
  if (s.k == scalar::kind::string) return parse_exact_number(s.s);
  return std::nullopt;
}

// Loose equality (docs/language.md, "Equality"). Numbers compare by exact value: two integers
// never round through double.
bool loose_equal(const scalar& s, const lit_value& l) {
  switch (s.k) {
    case scalar::kind::string:
      switch (l.type) {
        case lit_value::kind::string:
          return s.s == l.str;
        case lit_value::kind::number: {
          auto n = parse_exact_number(s.s);
          return n && compare_numbers(*n, l.exact) == 0;
        }
        case lit_value::kind::boolean: {
          auto b = parse_bool_text(s.s);
          return b && *b == l.boolean;
        }
      }
      return false;
    case scalar::kind::int64:
    case scalar::kind::uint64:
    case scalar::kind::dbl:
      if (l.type == lit_value::kind::boolean) return false;
      return l.num_valid && compare_numbers(exact_value(s), l.exact) == 0;
    case scalar::kind::boolean:
      if (l.type == lit_value::kind::number) return false;
      return l.bool_valid && l.boolean == s.b;
    default:
      return false;
  }
}

// Ordering: numeric (exact) when both sides are numbers or numeric strings, byte order when both
// are non-numeric strings, otherwise false.
bool ordered(const scalar& s, const lit_value& l, ast::test_op op) {
  int cmp = 0;
  if (s.k != scalar::kind::string && !is_number(s)) return false;
  const std::optional<exact_number> left = numeric_value(s);
  if (left && l.num_valid) {
    cmp = compare_numbers(*left, l.exact);
    if (cmp == 2) return false;  // NaN: unordered
  } else if (!left && s.k == scalar::kind::string && l.type == lit_value::kind::string && !l.num_valid) {
    int c = s.s.compare(l.str);
    cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    return false;
  }
  switch (op) {
    case ast::test_op::lt:
      return cmp < 0;
    case ast::test_op::gt:
      return cmp > 0;
    case ast::test_op::le:
      return cmp <= 0;
    case ast::test_op::ge:
      return cmp >= 0;
    default:
      return false;
  }
}

// The text `like` and `regexMatch` see: strings as they are, numbers and booleans as JSON text.
bool text_of(const scalar& s, std::string& buf, std::string_view& out) {
  switch (s.k) {
    case scalar::kind::string:
      out = s.s;
      return true;
    case scalar::kind::boolean:
      out = s.b ? "true" : "false";
      return true;
    case scalar::kind::int64:
      buf.clear();
      append_json_number_text(buf, s.i);
      out = buf;
      return true;
    case scalar::kind::uint64:
      buf.clear();
      append_json_number_text(buf, s.u);
      out = buf;
      return true;
    case scalar::kind::dbl:
      buf.clear();
      append_json_number_text(buf, s.d);
      out = buf;
      return true;
    default:
      return false;
  }
}

std::size_t count_elements(simdjson::dom::array a) {
  std::size_t n = a.size();
  if (n < 0xFFFFFF) return n;
  n = 0;
  for ([[maybe_unused]] element x : a) ++n;
  return n;
}

std::size_t count_members(simdjson::dom::object o) {
  std::size_t n = o.size();
  if (n < 0xFFFFFF) return n;
  n = 0;
  for ([[maybe_unused]] auto kv : o) ++n;
  return n;
}

bool element_empty(element e) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return true;
    case element_type::STRING:
      return e.get_string().value_unsafe().empty();
    case element_type::ARRAY: {
      auto a = e.get_array().value_unsafe();
      return !(a.begin() != a.end());
    }
    case element_type::OBJECT: {
      auto o = e.get_object().value_unsafe();
      return !(o.begin() != o.end());
    }
    default:
      return false;
  }
}

bool element_truthy(element e) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return false;
    case element_type::BOOL:
      return e.get_bool().value_unsafe();
    case element_type::STRING:
      return !e.get_string().value_unsafe().empty();
    case element_type::ARRAY:
    case element_type::OBJECT:
      return !element_empty(e);
    default:
      return true;
  }
}

class machine final : public function_frame {
 public:
  machine(eval_context& ctx) : ctx_(ctx) {}

  // Small on purpose: the hot path (a chain, mostly on the fast path) keeps a small frame; the
  // connectives, with their evidence marks and unknown handling, are functions of their own.
  bool eval(const node& n, const value& self) {
    tick();
    switch (n.type) {
      case node::kind::chain:
        return eval_chain(n.chain, self);
      case node::kind::not_:
        return !eval(n.children.front(), self);
      case node::kind::and_:
        return eval_connective(n, self, false);
      case node::kind::or_:
        return eval_connective(n, self, true);
    }
    return false;
  }

 private:
  // `and` (decisive = false) and `or` (decisive = true), three-valued: the first child whose value
  // is the decisive one decides (the other children's evidence is dropped: it decided alone);
  // otherwise unknown if any child is unknown, else the other value.
  [[gnu::noinline]] bool eval_connective(const node& n, const value& self, bool decisive) {
    const std::size_t start = ctx_.evidence.size();
    std::optional<unknown_value> unknown;
    for (const node& c : n.children) {
      const std::size_t mark = ctx_.evidence.size();
      const std::size_t items_mark = ctx_.items.size();
      try {
        if (eval(c, self) == decisive) {
          erase_evidence(start, mark);
          return decisive;
        }
      } catch (unknown_value& u) {
        restore(mark, items_mark);
        if (!unknown) unknown = std::move(u);
      }
    }
    if (unknown) throw std::move(*unknown);
    return !decisive;
  }

  void restore(std::size_t evidence_mark, std::size_t items_mark) {
    if (ctx_.evidence.size() > evidence_mark) ctx_.evidence.resize(evidence_mark);
    if (ctx_.items.size() > items_mark) ctx_.items.resize(items_mark);
  }

  [[noreturn]] static void unknown_at(element marker) { throw unknown_value{unknown_reason(marker)}; }

  // Whether v is, or (a list or array) holds, an unknown marker; its element in `marker`.
  bool holds_unknown(const value& v, element& marker) {
    if (v.k == value::kind::element) {
      if (is_unknown_marker(v.e)) {
        marker = v.e;
        return true;
      }
      if (v.e.type() == element_type::ARRAY) {
        for (element x : array_of(v.e)) {
          // Not charged to the step budget: the function that follows reads the array anyway.
          if (is_unknown_marker(x)) {
            marker = x;
            return true;
          }
        }
      }
      return false;
    }
    if (v.k == value::kind::list) {
      for (std::uint32_t i = v.begin; i < v.end; ++i) {
        if (is_unknown_marker(ctx_.items[i].e)) {
          marker = ctx_.items[i].e;
          return true;
        }
      }
    }
    return false;
  }

  void erase_evidence(std::size_t from, std::size_t to) {
    if (to > from) {
      ctx_.evidence.erase(ctx_.evidence.begin() + static_cast<std::ptrdiff_t>(from),
                          ctx_.evidence.begin() + static_cast<std::ptrdiff_t>(to));
    }
  }

  std::uint32_t push_key(std::uint32_t parent, std::string_view key) {
    ctx_.paths.push_back(path_node{parent, 0, key, false});
    return static_cast<std::uint32_t>(ctx_.paths.size() - 1);
  }
  std::uint32_t push_index(std::uint32_t parent, std::uint32_t index) {
    ctx_.paths.push_back(path_node{parent, index, {}, true});
    return static_cast<std::uint32_t>(ctx_.paths.size() - 1);
  }

  value missing_at(std::uint32_t parent, const std::vector<std::string>& keys, std::size_t from) {
    value v;
    if (ctx_.explain) {
      std::uint32_t p = parent;
      for (std::size_t i = from; i < keys.size(); ++i) p = push_key(p, keys[i]);
      v.path = p;
    }
    return v;
  }

  // Looks keys up from self; crossing an array maps over its elements (docs/language.md).
  value lookup(const std::vector<std::string>& keys, const value& self) {
    if (self.k != value::kind::element) return missing_at(self.path, keys, 0);
    element cur = self.e;
    std::uint32_t pid = self.path;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      switch (cur.type()) {
        case element_type::OBJECT: {
          element next;
          if (cur.get_object().value_unsafe().at_key(keys[i]).get(next) != simdjson::SUCCESS) {
            if (is_unknown_marker(cur)) {
              // Below an unknown value everything is unknown: the marker stands for the path.
              value u;
              u.k = value::kind::element;
              u.e = cur;
              u.path = pid;
              return u;
            }
            return missing_at(pid, keys, i);
          }
          cur = next;
          if (ctx_.explain) pid = push_key(pid, keys[i]);
          break;
        }
        case element_type::ARRAY: {
          value list;
          list.k = value::kind::list;
          list.path = pid;
          list.begin = static_cast<std::uint32_t>(ctx_.items.size());
          map_array(cur.get_array().value_unsafe(), pid, keys, i);
          list.end = static_cast<std::uint32_t>(ctx_.items.size());
          return list;
        }
        default:
          return missing_at(pid, keys, i);
      }
    }
    value v;
    v.k = value::kind::element;
    v.e = cur;
    v.path = pid;
    return v;
  }

  void map_array(simdjson::dom::array a, std::uint32_t pid, const std::vector<std::string>& keys,
                 std::size_t from) {
    std::uint32_t idx = 0;
    for (element x : a) {
      tick();
      const std::uint32_t xp = ctx_.explain ? push_index(pid, idx) : 0;
      ++idx;
      walk(x, xp, keys, from);
    }
  }

  void walk(element x, std::uint32_t pid, const std::vector<std::string>& keys, std::size_t from) {
    for (std::size_t j = from; j < keys.size(); ++j) {
      const element_type t = x.type();
      if (t == element_type::OBJECT) {
        element next;
        if (x.get_object().value_unsafe().at_key(keys[j]).get(next) != simdjson::SUCCESS) {
          if (is_unknown_marker(x)) ctx_.items.push_back(item{x, pid});
          return;
        }
        x = next;
        if (ctx_.explain) pid = push_key(pid, keys[j]);
      } else if (t == element_type::ARRAY) {
        map_array(x.get_array().value_unsafe(), pid, keys, j);
        return;
      } else {
        return;
      }
    }
    if (x.type() == element_type::ARRAY) {
      // A path that mapped over an array yields a flat list: arrays found at its end are spliced.
      std::uint32_t idx = 0;
      for (element y : array_of(x)) {
        tick();
        ctx_.items.push_back(item{y, ctx_.explain ? push_index(pid, idx) : 0});
        ++idx;
      }
    } else {
      ctx_.items.push_back(item{x, pid});
    }
  }

  value head(const chain_plan& c, const value& self) {
    switch (c.head) {
      case chain_plan::head_kind::path:
        return lookup(c.path, self);
      case chain_plan::head_kind::self:
        return self;
      case chain_plan::head_kind::literal:
        break;
    }
    value v;
    v.path = self.path;
    switch (c.literal.type) {
      case lit_value::kind::string:
        v.k = value::kind::string;
        v.string = c.literal.str;
        break;
      case lit_value::kind::number:
        v.k = value::kind::number;
        v.number = c.literal.num;
        if (c.literal.exact.is_integer) v.exact = &c.literal.exact;
        break;
      case lit_value::kind::boolean:
        v.k = value::kind::boolean;
        v.boolean = c.literal.boolean;
        break;
    }
    return v;
  }

  static value element_value(const item& it) {
    value v;
    v.k = value::kind::element;
    v.e = it.e;
    v.path = it.path;
    return v;
  }

  // Calls f(value) for each element of v seen as a list (docs/language.md, "Array operators"):
  // missing/null -> none; array -> its elements; list -> its items; anything else -> itself.
  // f returns false to stop.
  template <typename F>
  void for_each_value(const value& v, F&& f) {
    switch (v.k) {
      case value::kind::missing:
        return;
      case value::kind::element: {
        const element_type t = v.e.type();
        if (t == element_type::NULL_VALUE) return;
        if (t == element_type::ARRAY) {
          std::uint32_t idx = 0;
          for (element x : array_of(v.e)) {
            tick();
            if (!f(element_value(item{x, ctx_.explain ? push_index(v.path, idx) : 0}))) return;
            ++idx;
          }
          return;
        }
        f(v);
        return;
      }
      case value::kind::list:
        for (std::uint32_t i = v.begin; i < v.end; ++i) {
          tick();
          const item it = ctx_.items[i];
          if (!f(element_value(it))) return;
        }
        return;
      default:
        f(v);
        return;
    }
  }

  // Per-element tests: true when any element (arrays and lists looked into) satisfies pred.
  // A test over the scalars of v: true when one satisfies pred; when none does and one of them is
  // unknown, the answer is unknown (thrown).
  template <typename Pred>
  bool any_scalar_of(const value& v, Pred&& pred) {
    unknown_seen_ = false;
    const bool r = any_scalar_raw(v, pred);
    if (!r && unknown_seen_) {
      unknown_seen_ = false;
      unknown_at(unknown_marker_);
    }
    unknown_seen_ = false;
    return r;
  }

  template <typename Pred>
  bool any_scalar_raw(const value& v, Pred&& pred) {
    switch (v.k) {
      case value::kind::missing:
        return pred(scalar{});
      case value::kind::element:
        return any_element(v.e, pred);
      case value::kind::list:
        for (std::uint32_t i = v.begin; i < v.end; ++i) {
          tick();
          if (any_element(ctx_.items[i].e, pred)) return true;
        }
        return false;
      case value::kind::boolean: {
        scalar s;
        s.k = scalar::kind::boolean;
        s.b = v.boolean;
        return pred(s);
      }
      case value::kind::number: {
        scalar s;
        s.k = scalar::kind::dbl;
        s.d = v.number;
        if (v.exact != nullptr) {
          // An integer literal as the subject: compared by its exact value.
          const exact_number& x = *v.exact;
          if (!x.negative) {
            s.k = scalar::kind::uint64;
            s.u = x.magnitude;
          } else if (x.magnitude <= (std::uint64_t{1} << 63)) {
            s.k = scalar::kind::int64;
            s.i = x.magnitude == (std::uint64_t{1} << 63) ? INT64_MIN : -static_cast<std::int64_t>(x.magnitude);
          }
        }
        return pred(s);
      }
      case value::kind::string: {
        scalar s;
        s.k = scalar::kind::string;
        s.s = v.string;
        return pred(s);
      }
    }
    return false;
  }

  template <typename Pred>
  bool any_element(element e, Pred& pred) {
    if (e.type() == element_type::OBJECT && is_unknown_marker(e)) {
      if (!unknown_seen_) {
        unknown_marker_ = e;
        unknown_seen_ = true;
      }
      return false;
    }
    if (e.type() == element_type::ARRAY) {
      for (element x : array_of(e)) {
        tick();
        if (any_element(x, pred)) return true;
      }
      return false;
    }
    return pred(to_scalar(e));
  }

  bool truthy(const value& v) {
    switch (v.k) {
      case value::kind::missing:
        return false;
      case value::kind::element:
        if (is_unknown_marker(v.e)) unknown_at(v.e);
        return element_truthy(v.e);
      case value::kind::boolean:
        return v.boolean;
      case value::kind::number:
        return true;
      case value::kind::string:
        return !v.string.empty();
      case value::kind::list:
        if (v.selection) return v.end > v.begin;
        for (std::uint32_t i = v.begin; i < v.end; ++i) {
          if (!is_unknown_marker(ctx_.items[i].e) && element_truthy(ctx_.items[i].e)) return true;
        }
        if (element m; holds_unknown(v, m)) unknown_at(m);
        return false;
    }
    return false;
  }

  bool empty_value(const value& v) {
    switch (v.k) {
      case value::kind::missing:
        return true;
      case value::kind::element:
        if (is_unknown_marker(v.e)) unknown_at(v.e);
        return element_empty(v.e);
      case value::kind::boolean:
      case value::kind::number:
        return false;
      case value::kind::string:
        return v.string.empty();
      case value::kind::list:
        if (v.selection) return v.end == v.begin;
        for (std::uint32_t i = v.begin; i < v.end; ++i) {
          if (!is_unknown_marker(ctx_.items[i].e) && !element_empty(ctx_.items[i].e)) return false;
        }
        if (element m; holds_unknown(v, m)) unknown_at(m);
        return true;
    }
    return true;
  }

  value length_value(const value& v) {
    value r;
    r.path = v.path;
    if (v.k == value::kind::list || v.k == value::kind::element) {
      // A list with an unknown element (it may stand for a whole unknown array) has no known length.
      if (element m; (v.k == value::kind::list || is_unknown_marker(v.e)) && holds_unknown(v, m)) unknown_at(m);
    }
    switch (v.k) {
      case value::kind::missing:
        r.k = value::kind::number;
        r.number = 0;
        return r;
      case value::kind::element:
        switch (v.e.type()) {
          case element_type::ARRAY:
            r.k = value::kind::number;
            r.number = static_cast<double>(count_elements(v.e.get_array().value_unsafe()));
            return r;
          case element_type::OBJECT:
            r.k = value::kind::number;
            r.number = static_cast<double>(count_members(v.e.get_object().value_unsafe()));
            return r;
          case element_type::STRING:
            r.k = value::kind::number;
            r.number = static_cast<double>(utf8_length(v.e.get_string().value_unsafe()));
            return r;
          case element_type::NULL_VALUE:
            r.k = value::kind::number;
            r.number = 0;
            return r;
          default:
            return r;  // numbers and booleans have no length: missing
        }
      case value::kind::list:
        r.k = value::kind::number;
        r.number = static_cast<double>(v.end - v.begin);
        return r;
      case value::kind::string:
        r.k = value::kind::number;
        r.number = static_cast<double>(utf8_length(v.string));
        return r;
      default:
        return r;
    }
  }

  static value boolean_value(bool b, std::uint32_t path) {
    value r;
    r.k = value::kind::boolean;
    r.boolean = b;
    r.path = path;
    return r;
  }

  value call_function(const step_plan& s, const value& v) {
    const function_descriptor& fn = *s.fn;
    if (element m; holds_unknown(v, m)) unknown_at(m);
    eval_result res = fn.eval(*this, v, s.call);
    value r;
    r.path = v.path;
    if (const bool* b = std::get_if<bool>(&res)) {
      r.k = value::kind::boolean;
      r.boolean = *b;
    } else if (const double* d = std::get_if<double>(&res)) {
      r.k = value::kind::number;
      r.number = *d;
    } else if (std::string* str = std::get_if<std::string>(&res)) {
      r.k = value::kind::string;
      r.string = keep(std::move(*str));
    }
    return r;
  }

  // function_frame, for functions evaluated through their descriptor.
  void for_each_item(const value& v, const std::function<bool(const value&)>& f) override {
    for_each_value(v, f);
  }
  void tick() override {
    if (++ctx_.steps > ctx_.max_steps) throw step_limit_exceeded{};
  }
  [[nodiscard]] std::string path_of(const value& v) const override {
    return ctx_.explain ? path_string(ctx_, v.path) : std::string();
  }
  [[nodiscard]] json_view view_of(const value& v) override { return json_view_access::make(v, ctx_); }
  std::string_view keep(std::string s) override {
    ctx_.strings.push_back(std::move(s));
    return ctx_.strings.back();
  }
  bool any_scalar(const value& v, const std::function<bool(const scalar_view&)>& pred) override {
    return any_scalar_of(v, [&](const scalar& x) {
      scalar_view sv;
      switch (x.k) {
        case scalar::kind::missing:
          break;
        case scalar::kind::null:
          sv.type = scalar_view::kind::null;
          break;
        case scalar::kind::boolean:
          sv.type = scalar_view::kind::boolean;
          sv.boolean = x.b;
          break;
        case scalar::kind::int64:
        case scalar::kind::uint64:
        case scalar::kind::dbl:
          sv.type = scalar_view::kind::number;
          sv.number = as_double(x);
          break;
        case scalar::kind::string:
          sv.type = scalar_view::kind::string;
          sv.string = x.s;
          break;
        case scalar::kind::object:
        case scalar::kind::array:
          sv.type = scalar_view::kind::object;
          break;
      }
      return pred(sv);
    });
  }
  [[nodiscard]] eval_result length_of(const value& v) override {
    const value r = length_value(v);
    if (r.k == value::kind::number) return eval_result{r.number};
    return eval_result{};
  }
  [[nodiscard]] bool is_empty(const value& v) override { return empty_value(v); }
  [[nodiscard]] double now() const override { return ctx_.now; }

  // Runs an array operator. In explain mode, pushes the evidence for its result.
  value apply_array(const step_plan& s, const value& v) {
    const bool explain = ctx_.explain;
    const std::size_t ev_start = ctx_.evidence.size();
    std::size_t matches = 0;
    std::size_t misses = 0;
    // Evidence candidates are collected on the evidence stack above ev_start: matched elements
    // first, with non-matching ones kept aside for contain-all.
    std::vector<std::uint32_t>* misses_paths = nullptr;
    std::vector<std::uint32_t> miss_buf;
    if (explain && s.op == ast::array_op::contain_all) misses_paths = &miss_buf;
    value out;
    if (s.op == ast::array_op::with) {
      out.k = value::kind::list;
      out.selection = true;
      out.path = v.path;
    }
    std::vector<item> selected;  // `with` results, appended after the loop
    std::optional<unknown_value> unknown;  // the first element whose body is unknown
    for_each_value(v, [&](const value& element_self) {
      const std::size_t ev_mark = ctx_.evidence.size();
      const std::size_t items_mark = ctx_.items.size();
      bool ok = false;
      try {
        ok = eval(*s.body, element_self);
      } catch (unknown_value& u) {
        restore(ev_mark, items_mark);
        if (!unknown) unknown = std::move(u);
        return true;  // neither a match nor a miss: the others may still decide
      }
      if (ctx_.evidence.size() != ev_mark) ctx_.evidence.resize(ev_mark);
      if (ctx_.items.size() != items_mark) ctx_.items.resize(items_mark);
      if (ok) {
        ++matches;
        if (explain) ctx_.evidence.push_back(element_self.path);
        if (s.op == ast::array_op::with && element_self.k == value::kind::element) {
          selected.push_back(item{element_self.e, element_self.path});
        }
      } else {
        ++misses;
        if (misses_paths) misses_paths->push_back(element_self.path);
      }
      if (ctx_.exhaustive || s.op == ast::array_op::with) return true;
      switch (s.op) {
        case ast::array_op::contain:
        case ast::array_op::contain_any:
        case ast::array_op::contain_none:
          return matches == 0;
        case ast::array_op::contain_all:
          return misses == 0;
        case ast::array_op::contain_single:
          return matches < 2;
        default:
          return true;
      }
    });
    bool result = false;
    switch (s.op) {
      case ast::array_op::contain:
      case ast::array_op::contain_any:
        result = matches > 0;
        break;
      case ast::array_op::contain_all:
        result = misses == 0;
        break;
      case ast::array_op::contain_none:
        result = matches == 0;
        break;
      case ast::array_op::contain_single:
        result = matches == 1;
        break;
      case ast::array_op::with:
        if (unknown) throw std::move(*unknown);  // the selection itself is unknown
        out.begin = static_cast<std::uint32_t>(ctx_.items.size());
        ctx_.items.insert(ctx_.items.end(), selected.begin(), selected.end());
        out.end = static_cast<std::uint32_t>(ctx_.items.size());
        result = matches > 0;
        break;
    }
    if (unknown) {
      // Three-valued: the known elements decide, or the result is unknown.
      bool decided = false;
      switch (s.op) {
        case ast::array_op::contain:
        case ast::array_op::contain_any:
          decided = matches > 0;
          break;
        case ast::array_op::contain_all:
          decided = misses > 0;
          break;
        case ast::array_op::contain_none:
          decided = matches > 0;
          break;
        case ast::array_op::contain_single:
          decided = matches > 1;
          break;
        case ast::array_op::with:
          break;
      }
      if (!decided) throw std::move(*unknown);
    }
    if (explain) {
      // Keep the matched elements when they explain the result; otherwise point at the
      // non-matching elements (contain-all) or at the array itself.
      const bool matched_explain =
          (result && (s.op == ast::array_op::contain || s.op == ast::array_op::contain_any ||
                      s.op == ast::array_op::with || s.op == ast::array_op::contain_single)) ||
          (!result && (s.op == ast::array_op::contain_none ||
                       (s.op == ast::array_op::contain_single && matches > 1)));
      if (!matched_explain) {
        ctx_.evidence.resize(ev_start);
        if (!result && s.op == ast::array_op::contain_all) {
          ctx_.evidence.insert(ctx_.evidence.end(), miss_buf.begin(), miss_buf.end());
        } else {
          push_value_paths(v);
        }
      }
    }
    if (s.op == ast::array_op::with) return out;
    return boolean_value(result, v.path);
  }

  void push_value_paths(const value& v) {
    if (v.k == value::kind::list && v.end > v.begin) {
      for (std::uint32_t i = v.begin; i < v.end; ++i) ctx_.evidence.push_back(ctx_.items[i].path);
    } else {
      ctx_.evidence.push_back(v.path);
    }
  }

  bool run_test(const test_plan& t, const value& v) {
    // The most common test, `path = 'string'` on a JSON string, without the general machinery.
    if (t.op == ast::test_op::eq && v.k == value::kind::element &&
        t.values[0].type == lit_value::kind::string && v.e.type() == element_type::STRING) {
      return v.e.get_string().value_unsafe() == t.values[0].str;
    }
    // `path = 'string'` (or `!=`) on an object, or on an array of strings: what the general path
    // below decides (an object equals no string; an array holds it if one element is it), without
    // a scalar per element. Anything else (numbers, nested arrays, unknown markers) goes below.
    if ((t.op == ast::test_op::eq || t.op == ast::test_op::ne) && v.k == value::kind::element &&
        t.values[0].type == lit_value::kind::string) {
      const element_type et = v.e.type();
      if (et == element_type::OBJECT && !is_unknown_marker(v.e)) return t.op == ast::test_op::ne;
      if (et == element_type::ARRAY) {
        const std::string_view lit = t.values[0].str;
        bool strings = true;
        bool hit = false;
        std::uint64_t visited = 0;
        const simdjson::dom::array items = array_of(v.e);  // bound: not a temporary's range
        for (element x : items) {
          ++visited;
          if (x.type() != element_type::STRING) {
            strings = false;
            break;
          }
          if (x.get_string().value_unsafe() == lit) {
            hit = true;
            break;
          }
        }
        if (strings) {
          // The steps the general path charges: one per element it visits.
          for (std::uint64_t i = 0; i < visited; ++i) tick();
          return t.op == ast::test_op::eq ? hit : !hit;
        }
      }
    }
    switch (t.op) {
      case ast::test_op::eq:
        return any_scalar_of(v, [&](const scalar& x) { return loose_equal(x, t.values[0]); });
      case ast::test_op::ne:
        return !any_scalar_of(v, [&](const scalar& x) { return loose_equal(x, t.values[0]); });
      case ast::test_op::lt:
      case ast::test_op::gt:
      case ast::test_op::le:
      case ast::test_op::ge:
        return any_scalar_of(v, [&](const scalar& x) { return ordered(x, t.values[0], t.op); });
      case ast::test_op::in:
        return any_scalar_of(v, [&](const scalar& x) {
          for (const lit_value& l : t.values) {
            if (loose_equal(x, l)) return true;
          }
          return false;
        });
      case ast::test_op::like:
        return any_scalar_of(v, [&](const scalar& x) {
          std::string_view text;
          return text_of(x, text_buf_, text) && t.like->match(text);
        });
      case ast::test_op::regex:
        return any_scalar_of(v, [&](const scalar& x) {
          std::string_view text;
          return text_of(x, text_buf_, text) && regex_match(t, text, x.k == scalar::kind::string);
        });
    }
    return false;
  }

  // One regex match, charged to the step budget before it runs (program.hpp: a match over n
  // bytes is 1 + n * program size / regex_units_per_step steps), so that a hostile regex over a
  // large string ends in E403 instead of running for minutes. The result over an entity string
  // is kept for the evidence pass, which then does not run it again.
  bool regex_match(const test_plan& t, std::string_view text, bool entity_string) {
    const bool cacheable = entity_string && text.size() >= 64;
    const regex_key key{&t, text.data(), text.size()};
    if (cacheable) {
      if (auto it = ctx_.regex_results.find(key); it != ctx_.regex_results.end()) {
        tick();
        return it->second;
      }
    }
    const std::uint64_t units = static_cast<std::uint64_t>(text.size()) * t.regex_size;
    const std::uint64_t cost = 1 + units / regex_units_per_step;
    if (cost > ctx_.max_steps - std::min(ctx_.steps, ctx_.max_steps)) {
      ctx_.steps = ctx_.max_steps + 1;
      throw step_limit_exceeded{};
    }
    ctx_.steps += cost;
    const bool matched = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *t.regex);
    if (cacheable) ctx_.regex_results.emplace(key, matched);
    return matched;
  }

  // The common shape, `a.b.c [test]` with no steps, looked up directly through objects. Returns
  // false when the general path is needed (an array on the way, a computed self, explain mode).
  bool fast_chain(const chain_plan& c, const value& self, bool& result) {
    if (ctx_.explain || !c.steps.empty() || c.head != chain_plan::head_kind::path ||
        self.k != value::kind::element) {
      return false;
    }
    element cur = self.e;
    for (const std::string& key : c.path) {
      const element_type t = cur.type();
      if (t == element_type::ARRAY) return false;  // mapping: the general path
      element next;
      if (t != element_type::OBJECT || cur.get_object().value_unsafe().at_key(key).get(next) != simdjson::SUCCESS) {
        if (t == element_type::OBJECT && is_unknown_marker(cur)) return false;  // unknown: the general path
        // Missing: `!=` holds, every other test and truthiness fail.
        result = c.test && c.test->op == ast::test_op::ne;
        return true;
      }
      cur = next;
    }
    if (!c.test) {
      if (is_unknown_marker(cur)) return false;
      result = element_truthy(cur);
      return true;
    }
    value v;
    v.k = value::kind::element;
    v.e = cur;
    result = run_test(*c.test, v);
    return true;
  }

  bool eval_chain(const chain_plan& c, const value& self) {
    if (bool fast = false; fast_chain(c, self, fast)) return fast;
    return eval_chain_general(c, self);
  }

  [[gnu::noinline]] bool eval_chain_general(const chain_plan& c, const value& self) {
    const std::size_t items_mark = ctx_.items.size();
    const std::size_t ev_mark = ctx_.evidence.size();
    value v = head(c, self);
    std::size_t last_array_mark = ev_mark;
    bool last_is_array = false;
    for (const step_plan& s : c.steps) {
      tick();
      if (s.type == step_plan::kind::array) {
        last_array_mark = ctx_.evidence.size();
        v = apply_array(s, v);
        last_is_array = true;
      } else {
        v = call_function(s, v);
        last_is_array = false;
      }
    }
    bool result;
    if (c.test) {
      result = run_test(*c.test, v);
    } else {
      result = truthy(v);
    }
    if (ctx_.explain) {
      if (last_is_array && !c.test) {
        erase_evidence(ev_mark, last_array_mark);
      } else if (result && c.test && v.k == value::kind::list && c.test->op != ast::test_op::ne) {
        // A test that held on a list: the values that satisfy it.
        ctx_.evidence.resize(ev_mark);
        for (std::uint32_t i = v.begin; i < v.end; ++i) {
          if (run_test(*c.test, element_value(ctx_.items[i]))) ctx_.evidence.push_back(ctx_.items[i].path);
        }
      } else {
        ctx_.evidence.resize(ev_mark);
        push_value_paths(v);
      }
    }
    if (ctx_.items.size() != items_mark) ctx_.items.resize(items_mark);
    return result;
  }

  eval_context& ctx_;
  std::string text_buf_;
  element unknown_marker_;
  bool unknown_seen_ = false;  // a test met an unknown marker (the first in unknown_marker_)
};

void append_key(std::string& out, std::string_view key) {
  bool plain = !key.empty();
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == ':' || c == '@' || c == '$';
    if (!ok) {
      plain = false;
      break;
    }
  }
  if (plain) {
    if (!out.empty()) out += '.';
    out += key;
    return;
  }
  out += "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
}

}  // namespace

std::string path_string(const eval_context& ctx, std::uint32_t node) {
  // The nodes from the root down; a path of ordinary depth needs no allocation for them.
  std::uint32_t local[32];
  std::vector<std::uint32_t> deep;
  std::size_t depth = 0;
  for (std::uint32_t n = node; n != 0 && n < ctx.paths.size(); n = ctx.paths[n].parent) ++depth;
  std::uint32_t* chain = local;
  if (depth > std::size(local)) {
    deep.resize(depth);
    chain = deep.data();
  }
  std::size_t k = 0;
  for (std::uint32_t n = node; n != 0 && n < ctx.paths.size(); n = ctx.paths[n].parent) chain[k++] = n;
  std::string out;
  for (std::size_t i = depth; i-- > 0;) {
    const path_node& p = ctx.paths[chain[i]];
    if (p.is_index) {
      out += '[';
      out += std::to_string(p.index);
      out += ']';
    } else {
      append_key(out, p.key);
    }
  }
  return out.empty() ? "$" : out;
}

outcome run_program(eval_context& ctx, const program& p, element root, const eval_options& o,
                    evaluation& out) {
  ctx.reset(o);
  ctx.regex_results.clear();
  ctx.explain = false;
  machine m(ctx);
  value self;
  self.k = value::kind::element;
  self.e = root;
  // The fast pass: no paths recorded, array operators stop as soon as their result is known.
  const auto decide = [&](bool& relevant, bool& holds) {
    relevant = !p.where || m.eval(*p.where, self);
    if (relevant && !p.is_query) holds = m.eval(*p.body, self);
  };
  bool relevant = false;
  bool holds = false;
  try {
    decide(relevant, holds);
  } catch (const unknown_value& u) {
    throw input_unknown{"the verdict depends on a value that is not known: " + u.reason};
  } catch (const function_error&) {
    // A function met a value it cannot read. Run again the same way (not exhaustively, so the
    // same first error is met) with paths recorded, so that the error names the element; if the
    // rerun cannot reproduce it, the error stands without the path.
    ctx.reset(o);
    ctx.explain = true;
    ctx.exhaustive = false;
    try {
      decide(relevant, holds);
    } catch (const function_error&) {
      ctx.explain = false;
      throw;
    } catch (const step_limit_exceeded&) {
    } catch (const unknown_value&) {
    }
    ctx.explain = false;
    throw;
  }
  if (!relevant) return out.result = outcome::not_relevant;
  if (p.is_query) {
    out.result = outcome::matched;
    return out.result;
  }
  const bool passed = p.negated ? !holds : holds;
  if (passed) return out.result = outcome::passed;
  out.result = outcome::failed;
  if (o.evidence) {
    // Second pass with paths recorded. The outcome is already decided (evaluation is
    // deterministic); this pass only explains it. It visits every element instead of stopping at
    // the first match, so it may run out of steps, or meet an unreadable value in an element the
    // first pass did not need: the failure then stands with the evidence found so far.
    ctx.reset(o);
    ctx.explain = true;
    ctx.exhaustive = true;
    try {
      (void)m.eval(*p.body, self);
    } catch (const step_limit_exceeded&) {
    } catch (const function_error&) {
    } catch (const unknown_value&) {
    }
    ctx.exhaustive = false;
    // Each distinct path once, in order (a linear pass: there can be as many paths as steps).
    // Rendering has a budget of its own, max_steps path nodes, so that a hostile entity cannot
    // make the evidence outgrow the work it took to find; past it, the paths rendered so far stand.
    // A few paths (the usual case) are compared directly; a set is built only for many.
    constexpr std::size_t few = 16;
    std::unordered_set<std::string> seen;
    std::uint64_t render_budget = o.max_steps;
    for (std::uint32_t id : ctx.evidence) {
      std::uint64_t nodes = 0;
      for (std::uint32_t n = id; n != 0 && n < ctx.paths.size(); n = ctx.paths[n].parent) ++nodes;
      if (nodes > render_budget) break;
      render_budget -= nodes;
      std::string path = path_string(ctx, id);
      if (out.evidence.size() < few) {
        if (std::find(out.evidence.begin(), out.evidence.end(), path) != out.evidence.end()) continue;
      } else {
        if (seen.empty()) seen.insert(out.evidence.begin(), out.evidence.end());
        if (!seen.insert(path).second) continue;
      }
      out.evidence.push_back(std::move(path));
    }
    ctx.explain = false;
  }
  return out.result;
}

}  // namespace cgsl::detail
