// SPDX-License-Identifier: Apache-2.0
// Shared by the infrastructure-as-code readers (Terraform, CloudFormation): writing resource
// values as entity JSON, unknown markers, and policy documents given as JSON text.
#ifndef CGSL_INPUT_IAC_HPP
#define CGSL_INPUT_IAC_HPP

#include <string>
#include <string_view>

#include <simdjson.h>

namespace cgsl::io {

// The array / object behind an element of that type, or an empty one (a range-for over
// `e.get_array().value_unsafe()` would iterate a dead temporary).
inline simdjson::dom::array array_of(simdjson::dom::element e) noexcept {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}
inline simdjson::dom::object object_of(simdjson::dom::element e) noexcept {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

// The member of an unknown marker (the evaluator's detail::unknown_marker_key): an object
// {"$cgsl_unknown": "reason"} stands where a value is not known (a Terraform value known only
// after apply, a CloudFormation intrinsic that cannot be resolved, a policy text that is not
// JSON). A rule whose verdict depends on it gives `error` (E309), never `passed`.
inline constexpr std::string_view unknown_key = "$cgsl_unknown";

// Appends an unknown marker with reason.
void append_unknown(std::string& out, std::string_view reason);

// Whether a property named `key` holds a policy document when its value is a string: its name
// ends (ASCII case ignored) in "policy", "policies", "policydocument" or "policytext"
// (Terraform `policy`, `assume_role_policy`, `access_policies`; CloudFormation `KeyPolicy`,
// `PolicyDocument`, `AssumeRolePolicyDocument`, `RepositoryPolicyText`).
[[nodiscard]] bool is_policy_key(std::string_view key) noexcept;

// Appends the value of a policy property given as text: the JSON object it holds (minified), or,
// when the text starts with '{' but is not JSON, an unknown marker that says so (`what` names
// the property); any other text stays the string it is.
void append_policy_text(std::string& out, std::string_view text, const std::string& what,
                        simdjson::dom::parser& parser);

// "name.sub[0].x": a path for messages.
[[nodiscard]] std::string join_path(const std::string& base, std::string_view key);

}  // namespace cgsl::io

#endif  // CGSL_INPUT_IAC_HPP
