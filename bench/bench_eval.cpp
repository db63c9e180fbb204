// SPDX-License-Identifier: Apache-2.0
// One entity (small, typical, huge policy): simdjson parsing it (the baseline, BM_Parse) and
// parsing plus evaluating D9.AWS.IAM.103 (BM_ParseEvaluate), so evaluation reads as a ratio.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_util.hpp"
#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"

namespace {

std::string entity_of_size(int statements) {
  cgsl::bench::rng r;
  return cgsl::bench::entity(r, 1, statements);
}

// 0: small (1 statement), 1: typical (3), 2: huge (2000 statements)
int statements_for(std::int64_t size) { return size == 0 ? 1 : size == 1 ? 3 : 2000; }
const char* label_for(std::int64_t size) { return size == 0 ? "small" : size == 1 ? "typical" : "huge"; }

void BM_Parse(benchmark::State& state) {
  const std::string json = entity_of_size(statements_for(state.range(0)));
  simdjson::padded_string padded(json);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element e;
    if (parser.parse(padded).get(e)) state.SkipWithError("parse");
    benchmark::DoNotOptimize(e);
  }
  state.SetLabel(label_for(state.range(0)));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(json.size()));
}
BENCHMARK(BM_Parse)->DenseRange(0, 2);

void BM_ParseEvaluate(benchmark::State& state) {
  const std::string json = entity_of_size(statements_for(state.range(0)));
  simdjson::padded_string padded(json);
  simdjson::dom::parser parser;
  auto rule = cgsl::compile(cgsl::bench::kRule103);
  cgsl::evaluator ev;
  cgsl::evaluation out;
  cgsl::eval_options opts;
  // Check the verdict once before timing (simdjson's harness does the same).
  simdjson::dom::element e0 = parser.parse(padded).value();
  if (cgsl::evaluate_into(ev, *rule.value, e0, opts, out) == cgsl::outcome::error) state.SkipWithError("error outcome");
  for (auto _ : state) {
    simdjson::dom::element e;
    if (parser.parse(padded).get(e)) state.SkipWithError("parse");
    benchmark::DoNotOptimize(cgsl::evaluate_into(ev, *rule.value, e, opts, out));
  }
  state.SetLabel(label_for(state.range(0)));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(json.size()));
}
BENCHMARK(BM_ParseEvaluate)->DenseRange(0, 2);

// Evaluation alone over an already parsed entity.
void BM_EvaluateOnly(benchmark::State& state) {
  const std::string json = entity_of_size(statements_for(state.range(0)));
  simdjson::dom::parser parser;
  simdjson::dom::element e = parser.parse(json).value();
  auto rule = cgsl::compile(cgsl::bench::kRule103);
  cgsl::evaluator ev;
  cgsl::evaluation out;
  cgsl::eval_options opts;
  for (auto _ : state) benchmark::DoNotOptimize(cgsl::evaluate_into(ev, *rule.value, e, opts, out));
  state.SetLabel(label_for(state.range(0)));
}
BENCHMARK(BM_EvaluateOnly)->DenseRange(0, 2);

}  // namespace

BENCHMARK_MAIN();
