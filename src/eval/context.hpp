// SPDX-License-Identifier: Apache-2.0
// The evaluator's internal value model and per-thread scratch space.
#ifndef CGSL_EVAL_CONTEXT_HPP
#define CGSL_EVAL_CONTEXT_HPP

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "cgsl/evaluate.hpp"
#include "compiler/program.hpp"

namespace cgsl::detail {

using simdjson::dom::element;

// The array / object behind an element of that type, as a value. Range-for over
// `e.get_array().value_unsafe()` would iterate a dead temporary; bind through these instead.
[[nodiscard]] inline simdjson::dom::array array_of(element e) noexcept {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}
[[nodiscard]] inline simdjson::dom::object object_of(element e) noexcept {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

// One value of a list: a JSON element and (in explain mode) its path.
struct item {
  element e;
  std::uint32_t path = 0;
};

// A step of a JSON path, for evidence: a key or an index under a parent (node 0 is the root).
struct path_node {
  std::uint32_t parent = 0;
  std::uint32_t index = 0;
  std::string_view key;
  bool is_index = false;
};

// What a condition operates on. Lists live in eval_context::items as [begin, end).
struct value {
  enum class kind : std::uint8_t { missing, element, boolean, number, string, list };
  kind k = kind::missing;
  bool selection = false;  // a list made by `with` (truthy when non-empty)
  bool boolean = false;
  std::uint32_t path = 0;  // explain mode: where the value came from
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  double number = 0;
  const exact_number* exact = nullptr;  // number from an integer literal: its exact value
  std::string_view string;
  element e;
};

// Thrown inside the evaluator when eval_options::max_steps is exceeded.
struct step_limit_exceeded {};
// Thrown inside the evaluator when a verdict depends on a value that is not known: an input adapter
// wrote an unknown marker ({"$cgsl_unknown": reason}, see unknown_marker_key) in its place (a
// Terraform value known only after apply, a CloudFormation intrinsic, a policy text that is not
// JSON). `and`, `or` and the array operators catch it and decide as three-valued (Kleene) logic
// does; one that reaches the top makes the outcome `error` (E309).
struct unknown_value {
  std::string reason;
};
// What run_program throws for an unknown_value that decides the outcome (E309).
struct input_unknown {
  std::string message;
};
// The one member of an unknown marker object; its value (a string) says what is unknown.
inline constexpr std::string_view unknown_marker_key = "$cgsl_unknown";

// Whether e is an unknown marker: an object whose first member is unknown_marker_key.
[[nodiscard]] inline bool is_unknown_marker(element e) noexcept {
  if (e.type() != simdjson::dom::element_type::OBJECT) return false;
  for (auto kv : object_of(e)) return kv.key == unknown_marker_key;
  return false;
}
// The reason an unknown marker holds.
[[nodiscard]] inline std::string unknown_reason(element e) {
  std::string_view s;
  for (auto kv : object_of(e)) {
    if (kv.value.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    break;
  }
  return "a value is unknown";
}

// Thrown inside the evaluator when a caller function fails.
struct custom_function_failed {
  std::string message;
};

// A regex match result of the decision pass, kept so that the evidence pass does not run the
// same regex over the same entity string again (a hostile one would cost twice).
struct regex_key {
  const void* test = nullptr;
  const char* data = nullptr;
  std::size_t size = 0;
  bool operator==(const regex_key& o) const noexcept { return test == o.test && data == o.data && size == o.size; }
};
struct regex_key_hash {
  std::size_t operator()(const regex_key& k) const noexcept {
    return std::hash<const void*>()(k.test) ^ (std::hash<const void*>()(k.data) * 31) ^ (k.size * 131);
  }
};

struct eval_context {
  std::vector<item> items;
  std::vector<path_node> paths;
  std::vector<std::uint32_t> evidence;
  std::deque<std::string> strings;  // results of caller functions (stable addresses)
  bool explain = false;     // record paths (for evidence and for error messages)
  bool exhaustive = false;  // array operators visit every element (the evidence pass)
  std::uint64_t steps = 0;
  std::uint64_t max_steps = 0;
  double now = 0;
  // Regex results over entity strings, for the whole evaluation of one entity by one rule (both
  // passes); cleared by run_program, not by reset().
  std::unordered_map<regex_key, bool, regex_key_hash> regex_results;
  simdjson::dom::parser list_parser;  // for List<T> documents
  std::string list_buffer;

  void reset(const eval_options& o) {
    items.clear();
    evidence.clear();
    strings.clear();
    paths.clear();
    paths.push_back(path_node{});
    exhaustive = false;
    steps = 0;
    max_steps = o.max_steps;
    now = o.now;
  }
};

// Evaluates p over root (an entity that passed the type check, or a List<T> object).
[[nodiscard]] outcome run_program(eval_context& ctx, const program& p, element root,
                                  const eval_options& o, evaluation& out);

// "policy.document.Statement[1]" for a path node.
[[nodiscard]] std::string path_string(const eval_context& ctx, std::uint32_t node);

}  // namespace cgsl::detail

#endif  // CGSL_EVAL_CONTEXT_HPP
