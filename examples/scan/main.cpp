// SPDX-License-Identifier: Apache-2.0
// Scanning whole inventories from C++: the bundled rules (or a rule file) over files in any
// supported format, with every core, findings to a JSON Lines file and to your own sink, and the
// summary at the end. This is the same engine `cgsl check` runs.
//
//   scan [RULES] FILE...        e.g. scan examples/inventory.ndjson
#include <cgsl/cgsl.hpp>

#include <cstdio>
#include <map>
#include <string>

// A sink of your own: counts failures per severity (in input order, on the calling thread).
class severity_counter final : public cgsl::finding_sink {
 public:
  // Only failures are built and delivered to this sink.
  cgsl::outcome_set accepts() const noexcept override { return {cgsl::outcome::failed}; }
  void add(const cgsl::finding& f) override { ++per_severity[f.rule->severity]; }
  std::map<std::string, std::size_t> per_severity;
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s [--rules PATH] FILE...\n", argv[0]);
    return 2;
  }
  int first = 1;
  std::string rules_path = cgsl::bundled_rules_dir().string();
  if (argc > 3 && std::string(argv[1]) == "--rules") {
    rules_path = argv[2];
    first = 3;
  }
  cgsl::ruleset_result loaded = cgsl::load_rules(rules_path);
  for (const auto& d : loaded.diagnostics) std::fputs(cgsl::format(d).c_str(), stderr);
  if (!loaded.ok()) return 2;

  std::vector<cgsl::input_source> inputs;
  for (int i = first; i < argc; ++i) inputs.push_back(cgsl::input_source::file(argv[i]));

  std::FILE* out = std::fopen("findings.jsonl", "wb");
  if (out == nullptr) return 4;
  auto jsonl = cgsl::make_jsonl_reporter(cgsl::file_writer(out));
  severity_counter counter;

  cgsl::scan_options options;  // every core, every outcome but not_relevant, format sniffed
  const cgsl::scan_summary s = cgsl::scan(loaded.value, inputs, {jsonl.get(), &counter}, options);
  std::fclose(out);

  std::printf("%zu entities, %zu unreadable, %zu failed findings\n", s.entities, s.unreadable, s.failed);
  for (const auto& [severity, n] : counter.per_severity) std::printf("  %s: %zu\n", severity.c_str(), n);
  for (std::size_t i : s.rules_without_entities)
    std::printf("warning: %s applied to no entity\n", loaded.value.rules[i].info.id.c_str());
  std::printf("cgsl check would exit with %d\n", s.exit_code());  // 0, 1 (failures) or 3 (unreadable)
  return s.output_failed ? 4 : 0;
}
