// SPDX-License-Identifier: Apache-2.0
// The baseline cgsl is measured against: the fastest honest hand-written implementation of
// D9.AWS.IAM.103 over NDJSON. It reads the file in windows of a few MiB with one reused padded
// buffer and one reused simdjson::dom::parser (parse_many), evaluates the rule in plain C++, and
// prints the number of failing entities (and, with --ids, their ids).
//
//   EcrRepository should not have policy.document.Statement contain
//     [ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using simdjson::dom::element;

bool is_star(element e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return s == "*";
  simdjson::dom::array a;
  if (e.get_array().get(a) == simdjson::SUCCESS) {
    for (element x : a) {
      if (x.get_string().get(s) == simdjson::SUCCESS && s == "*") return true;
    }
  }
  return false;
}

bool truthy(element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return false;
    case simdjson::dom::element_type::BOOL:
      return e.get_bool().value_unsafe();
    case simdjson::dom::element_type::STRING:
      return !e.get_string().value_unsafe().empty();
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array a = e.get_array().value_unsafe();
      return a.begin() != a.end();
    }
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object o = e.get_object().value_unsafe();
      return o.begin() != o.end();
    }
    default:
      return true;
  }
}

bool bad_statement(element s) {
  std::string_view effect;
  if (s.at_key("Effect").get(effect) != simdjson::SUCCESS || effect != "Allow") return false;
  element principal, aws, condition;
  if (s.at_key("Principal").get(principal) != simdjson::SUCCESS) return false;
  const bool public_principal =
      is_star(principal) || (principal.at_key("AWS").get(aws) == simdjson::SUCCESS && is_star(aws));
  if (!public_principal) return false;
  return s.at_key("Condition").get(condition) == simdjson::SUCCESS && truthy(condition);
}

// True when the entity fails the rule.
bool fails(element entity) {
  std::string_view type;
  if (entity.at_key("type").get(type) != simdjson::SUCCESS || type != "EcrRepository") return false;
  element statements;
  if (entity.at_pointer("/policy/document/Statement").get(statements) != simdjson::SUCCESS) return false;
  simdjson::dom::array list;
  if (statements.get_array().get(list) == simdjson::SUCCESS) {
    for (element s : list) {
      if (bad_statement(s)) return true;
    }
    return false;
  }
  return statements.type() == simdjson::dom::element_type::OBJECT && bad_statement(statements);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: baseline FILE.ndjson [--ids]\n");
    return 2;
  }
  const bool ids = argc > 2 && std::strcmp(argv[2], "--ids") == 0;
  std::FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) return 2;
  constexpr std::size_t window = 4u << 20;
  std::string buf(window * 2 + simdjson::SIMDJSON_PADDING, '\0');
  std::size_t carry = 0;
  simdjson::dom::parser parser;
  std::size_t entities = 0, failing = 0;
  bool eof = false;
  while (!eof) {
    const std::size_t got = std::fread(buf.data() + carry, 1, window, f);
    std::size_t size = carry + got;
    eof = got < window;
    std::size_t cut = size;
    if (!eof) {
      while (cut > 0 && buf[cut - 1] != '\n') --cut;
    }
    simdjson::dom::document_stream docs;
    if (parser.parse_many(reinterpret_cast<const uint8_t*>(buf.data()), cut, cut).get(docs)) return 3;
    for (auto doc : docs) {
      element e;
      if (doc.get(e)) return 3;  // the generated input is valid; a baseline need not recover
      ++entities;
      if (fails(e)) {
        ++failing;
        if (ids) {
          std::string_view id;
          if (e.at_key("id").get(id) == simdjson::SUCCESS) std::printf("%.*s\n", static_cast<int>(id.size()), id.data());
        }
      }
    }
    carry = size - cut;
    std::memmove(buf.data(), buf.data() + cut, carry);
  }
  std::fclose(f);
  std::fprintf(stderr, "%zu entities, %zu failing\n", entities, failing);
  return 0;
}
