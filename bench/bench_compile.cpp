// SPDX-License-Identifier: Apache-2.0
// Compiling rules: each bundled and corpus-like rule, and loading a ruleset of 100 rules.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_util.hpp"
#include "cgsl/cgsl.hpp"

namespace {

const std::vector<std::pair<const char*, const char*>> kRules = {
    {"D9.AWS.IAM.103", cgsl::bench::kRule103},
    {"D9.AWS.OPE.24", "EcrRepository should not have lifecyclePolicy.document isEmpty()"},
    {"SG_admin_ports", "SecurityGroup should not have inboundRules with [scope =  '0.0.0.0/0' and port in (20, 21, 22, 23, 115, 137, 138, 139, 2049, 3389)]"},
    {"IAM_regex_time", "IamUser where name regexMatch /^<root_account>$/i should not have passwordLastUsed after(-90, 'days')"},
    {"CloudTrail_list", "List<CloudTrail> should have items with [hasSNSSubscriber='true' and metricFilters with [filterPattern isFilterPatternEqual('{($.eventName=CreateAccessKey)||($.eventName=CreateLoginProfile)}')] length() > 0]"},
};

void BM_CompileRule(benchmark::State& state) {
  const char* text = kRules[static_cast<std::size_t>(state.range(0))].second;
  state.SetLabel(kRules[static_cast<std::size_t>(state.range(0))].first);
  for (auto _ : state) {
    auto r = cgsl::compile(text);
    if (!r.ok()) state.SkipWithError("does not compile");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompileRule)->DenseRange(0, static_cast<int>(kRules.size()) - 1)->Unit(benchmark::kMicrosecond);

// A ruleset file of 100 rules (the five above, twenty times, with distinct ids).
void BM_LoadRuleset100(benchmark::State& state) {
  std::string file = "{\"rules\":[";
  for (int i = 0; i < 100; ++i) {
    std::string logic = kRules[static_cast<std::size_t>(i) % kRules.size()].second;
    std::string escaped;
    for (char c : logic) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    file += std::string(i ? "," : "") + "{\"ruleId\":\"R" + std::to_string(i) + "\",\"name\":\"rule " +
            std::to_string(i) + "\",\"severity\":\"High\",\"logic\":\"" + escaped + "\"}";
  }
  file += "]}";
  for (auto _ : state) {
    auto r = cgsl::parse_rule_file(file, "bench.json");
    if (!r.ok() || r.value.rules.size() != 100) state.SkipWithError("ruleset does not load");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_LoadRuleset100)->Unit(benchmark::kMillisecond);

void BM_LoadBundledRules(benchmark::State& state) {
  for (auto _ : state) {
    auto r = cgsl::load_rules(CGSL_SOURCE_RULES_DIR_FOR_BENCH);
    if (!r.ok()) state.SkipWithError("bundled rules do not load");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LoadBundledRules)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
