// SPDX-License-Identifier: Apache-2.0
// Consumer of an installed cgsl: the bundled rules are found without configuration (at the
// installation's share/cgsl/gsl_rules) and evaluate an entity.
#include <cgsl/cgsl.hpp>

#include <filesystem>
#include <iostream>

int main() {
  const std::filesystem::path dir = cgsl::bundled_rules_dir();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::equivalent(dir, EXPECTED_RULES_DIR, ec)) {
    std::cerr << "bundled_rules_dir() is '" << dir.string() << "', expected " << EXPECTED_RULES_DIR << "\n";
    return 1;
  }
  const cgsl::ruleset_result loaded = cgsl::load_rules(cgsl::bundled_rules_dir());
  if (!loaded.ok() || loaded.value.rules.empty()) {
    for (const auto& d : loaded.diagnostics) std::cerr << cgsl::format(d);
    return 1;
  }
  std::cout << "bundled rules: " << dir.string() << " (" << loaded.value.rules.size() << " rules)\n";
  auto entity = cgsl::document::parse(R"({"type":"EcrRepository","id":"r","policy":{"document":{"Statement":[
      {"Effect":"Allow","Principal":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}}})");
  if (!entity) return 1;
  cgsl::evaluator ev;
  bool seen = false;
  for (const cgsl::ruleset_entry& entry : loaded.value.rules) {
    const cgsl::evaluation e = ev.evaluate(entry.compiled, *entity.value);
    std::cout << entry.info.id << ": " << cgsl::to_string(e.result);
    for (const std::string& path : e.evidence) std::cout << " " << path;
    std::cout << "\n";
    if (entry.info.id == "D9.AWS.IAM.103") {
      seen = true;
      if (e.result != cgsl::outcome::failed) return 1;
    }
  }
  std::cout << "cgsl " << CGSL_VERSION_STRING << "\n";
  return seen ? 0 : 1;
}
