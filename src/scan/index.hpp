// SPDX-License-Identifier: Apache-2.0
// Rules indexed by target type (ASCII case ignored), and the entity helpers the scan shares.
#ifndef CGSL_SCAN_INDEX_HPP
#define CGSL_SCAN_INDEX_HPP

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cgsl/ruleset.hpp"

namespace cgsl::detail {

// Built once per ruleset_evaluator or scan: O(rules).
class type_index {
 public:
  explicit type_index(const ruleset& rules);
  // Non-List rules of `type`, in ruleset order (`lower` is scratch space for the folded type).
  [[nodiscard]] const std::vector<std::size_t>& rules_for(std::string_view type, std::string& lower) const;
  // List<T> rules whose T is `type`.
  [[nodiscard]] const std::vector<std::size_t>& list_rules_for(std::string_view type, std::string& lower) const;
  [[nodiscard]] const std::vector<std::size_t>& plain_rules() const noexcept { return plain_; }
  [[nodiscard]] const std::vector<std::size_t>& list_rules() const noexcept { return lists_; }
  [[nodiscard]] bool has_lists() const noexcept { return !lists_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<std::size_t>> by_type_, lists_by_type_;
  std::vector<std::size_t> plain_, lists_;
  std::vector<std::size_t> none_;
};

void fold_ascii(std::string_view in, std::string& out);

// The entity's identity for reports: the first of id, arn, name (a non-empty string, or a
// number's JSON text in buf); "" when it has none.
[[nodiscard]] std::string_view entity_identity(simdjson::dom::element e, std::string& buf);

}  // namespace cgsl::detail

#endif  // CGSL_SCAN_INDEX_HPP
