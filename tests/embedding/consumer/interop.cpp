// SPDX-License-Identifier: Apache-2.0
// Consumer of an installed cgsl using the opt-in simdjson interop header: the consumer parses
// with its own simdjson parser (found through the cgsl package) and cgsl evaluates the element.
#include <cgsl/cgsl.hpp>
#include <cgsl/simdjson_interop.hpp>

#include <iostream>

int main() {
  auto compiled = cgsl::compile("EcrRepository should have lifecyclePolicy.document");
  if (!compiled) return 2;
  simdjson::dom::parser parser;
  simdjson::padded_string json(std::string_view(R"({"type":"EcrRepository","id":"r"})"));
  simdjson::dom::element entity;
  if (parser.parse(json).get(entity) != simdjson::SUCCESS) return 3;
  cgsl::evaluator ev;
  cgsl::evaluation e = cgsl::evaluate(ev, *compiled.value, entity);
  std::cout << "interop: " << cgsl::to_string(e.result) << " " << cgsl::entity_type(entity, {}) << "\n";
  return e.result == cgsl::outcome::failed ? 0 : 1;
}
