// SPDX-License-Identifier: Apache-2.0
#include "input/iac.hpp"

#include "common/json_text.hpp"

namespace cgsl::io {

void append_unknown(std::string& out, std::string_view reason) {
  out += "{\"";
  out += unknown_key;
  out += "\":";
  detail::append_json_string(out, reason);
  out += '}';
}

bool is_policy_key(std::string_view key) noexcept {
  auto ends = [&](std::string_view suffix) {
    if (key.size() < suffix.size()) return false;
    const std::string_view tail = key.substr(key.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
      char c = tail[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != suffix[i]) return false;
    }
    return true;
  };
  return ends("policy") || ends("policies") || ends("policydocument") || ends("policytext");
}

void append_policy_text(std::string& out, std::string_view text, const std::string& what,
                        simdjson::dom::parser& parser) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  if (i == text.size() || text[i] != '{') {
    detail::append_json_string(out, text);
    return;
  }
  simdjson::dom::element doc;
  if (parser.parse(text.data(), text.size(), true).get(doc) != simdjson::SUCCESS ||
      doc.type() != simdjson::dom::element_type::OBJECT) {
    append_unknown(out, what + ": the policy text is not JSON, so the document it should hold cannot be read");
    return;
  }
  out += simdjson::to_string(doc);
}

std::string join_path(const std::string& base, std::string_view key) {
  if (base.empty()) return std::string(key);
  if (!key.empty() && key[0] == '[') return base + std::string(key);
  return base + "." + std::string(key);
}

}  // namespace cgsl::io
