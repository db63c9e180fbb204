// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary JSON evaluated by a fixed set of real rules. The rules are the bundled
// ones (gsl_rules/), every rule of the corpus that compiles without caller-supplied lists
// (tests/data/corpus: the GSL logic index, the CloudGuard rule pages, the exported rulesets), the
// exposure rules that call the networking functions (tests/data/network: the corpus has none),
// and a few rules that apply those functions to every list shape they read. The input is parsed
// as one document; an array is a list of entities (as the JSON
// input adapter reads it). Each rule is evaluated over each entity with the checks of
// fuzz_common.hpp (evidence on and off, small step budgets); List<T> rules run over the document.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "fuzz_common.hpp"
#include "json/document_impl.hpp"

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<cgsl::rule> load_real_rules() {
  std::vector<cgsl::rule> rules;
  std::set<std::string> seen;
  auto add = [&](const std::string& logic) {
    if (!seen.insert(logic).second) return;
    if (auto c = cgsl::compile(logic)) rules.push_back(*c.value);
  };
  auto bundled = cgsl::load_rules(CGSL_FUZZ_RULES_DIR);
  for (const auto& r : bundled.value.rules) add(r.info.logic);
  auto network = cgsl::load_rules(CGSL_FUZZ_NETWORK_RULES);
  if (network.value.rules.empty()) cgsl_fuzz::broken("no network rules", CGSL_FUZZ_NETWORK_RULES);
  for (const auto& r : network.value.rules) add(r.info.logic);
  // allowedHostsForPort() / allowedPublicHostsForPort() on the lists of every provider's shape
  // (entities without "type" are evaluated as each rule's type), at the root and per element.
  for (const char* logic : {
           "T should not have inboundRules allowedHostsForPort(22) > 0",
           "T should not have securityRules allowedPublicHostsForPort(3389) > 32",
           "T should not have inbound allowedHostsForPort(0) >= 4294967296",
           "T should not have firewallRules allowedPublicHostsForPort(65535) < 1",
           "T should not have nics.inboundRules allowedHostsForPort(443) = 256",
           "T should not have nics contain-any [ subnet.nacl.inbound allowedPublicHostsForPort(22) > 32 ]",
           "T should not have $ allowedHostsForPort(22) > 0",
           "T should not have items contain [ allowedPublicHostsForPort(80) > 1e30 ]",
       }) {
    add(logic);
  }
  const std::filesystem::path corpus = CGSL_FUZZ_CORPUS_DIR;
  simdjson::dom::parser parser;
  for (const char* file : {"gsl-logic-index.json", "cloudguard-rule-pages/rules.json",
                           "CG-CSPM-TagRuleset/ExampleRule.json", "dome9-cloud-bots/sample_bundle.json",
                           "dome9-cloud-bots/sample_bundle.c17aa11.json",
                           "dome9-cloud-bots/sample_bundle.dfd7d12.json"}) {
    const std::string text = read_file(corpus / file);
    simdjson::dom::element root;
    // A missing or unreadable corpus file is a broken setup, not fewer rules.
    if (text.empty() || parser.parse(text).get(root) != simdjson::SUCCESS) cgsl_fuzz::broken("corpus file unreadable", (corpus / file).c_str());
    simdjson::dom::array list;
    if (root.get_array().get(list) != simdjson::SUCCESS && root["rules"].get_array().get(list) != simdjson::SUCCESS) cgsl_fuzz::broken("corpus file has no rules", (corpus / file).c_str());
    for (simdjson::dom::element r : list) {
      std::string_view logic;
      if (r["logic"].get_string().get(logic) == simdjson::SUCCESS) add(std::string(logic));
    }
  }
  if (rules.empty()) cgsl_fuzz::broken("no rules to evaluate", CGSL_FUZZ_RULES_DIR);
  std::fprintf(stderr, "fuzz_evaluate: %zu real rules (bundled %zu; corpus at %s)\n", rules.size(),
               bundled.value.rules.size(), corpus.c_str());
  return rules;
}

const std::vector<cgsl::rule>& real_rules() {
  static const std::vector<cgsl::rule>* rules = new std::vector<cgsl::rule>(load_real_rules());
  return *rules;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)real_rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  cgsl::document_result doc = cgsl::document::parse(json);
  if (!doc) {
    cgsl_fuzz::check(cgsl_fuzz::is_code_in(doc.error, 300, 399), "a JSON error outside E3xx", doc.error.message);
    cgsl_fuzz::check(!doc.error.message.empty(), "a JSON error without a message");
    return 0;
  }
  const simdjson::dom::element root = doc.value->internal_impl().root;
  std::vector<simdjson::dom::element> entities;
  simdjson::dom::array list;
  if (root.get_array().get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : list) entities.push_back(e);
  } else {
    entities.push_back(root);
  }
  (void)doc.value->root().to_json();

  static cgsl::evaluator ev;
  const std::vector<const cgsl::document*> docs{&*doc.value};
  for (const cgsl::rule& r : real_rules()) {
    if (r.is_list()) {
      cgsl::eval_options o;
      o.now = cgsl_fuzz::kNow;
      o.max_steps = cgsl_fuzz::kSteps;
      cgsl_fuzz::check_evaluation(ev.evaluate_list(r, docs, o), r.text());
      continue;
    }
    for (simdjson::dom::element e : entities) (void)cgsl_fuzz::evaluate_checked(ev, r, e);
  }
  return 0;
}
