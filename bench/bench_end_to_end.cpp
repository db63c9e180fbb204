// SPDX-License-Identifier: Apache-2.0
// End to end over NDJSON in memory (deterministic, 20,000 entities by default; set
// CGSL_BENCH_FILE to use a file, e.g. the output of bench/gen_ecr.py):
//   BM_ParseLines      simdjson parsing every line (the baseline)
//   BM_CgslCheckLines  the same parse plus cgsl evaluating D9.AWS.IAM.103 with evidence
// Both on one thread; cgsl's cost beyond parsing is the ratio of the two.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "bench_util.hpp"
#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"

namespace {

const simdjson::padded_string& input() {
  static const simdjson::padded_string data = [] {
    if (const char* f = std::getenv("CGSL_BENCH_FILE")) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      return simdjson::padded_string(ss.str());
    }
    return simdjson::padded_string(cgsl::bench::ndjson(20000));
  }();
  return data;
}

template <typename F>
std::size_t for_each_line(simdjson::dom::parser& parser, F&& f) {
  const simdjson::padded_string& in = input();
  const char* p = in.data();
  const char* end = p + in.size();
  std::size_t n = 0;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    simdjson::dom::element e;
    if (line_end > p && parser.parse(p, static_cast<std::size_t>(line_end - p), false).get(e) == simdjson::SUCCESS) {
      f(e);
      ++n;
    }
    p = line_end + 1;
  }
  return n;
}

void BM_ParseLines(benchmark::State& state) {
  simdjson::dom::parser parser;
  std::size_t n = 0;
  for (auto _ : state) n = for_each_line(parser, [](simdjson::dom::element e) { benchmark::DoNotOptimize(e); });
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(input().size()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_ParseLines)->Unit(benchmark::kMillisecond);

void BM_CgslCheckLines(benchmark::State& state) {
  simdjson::dom::parser parser;
  auto rule = cgsl::compile(cgsl::bench::kRule103);
  cgsl::evaluator ev;
  cgsl::evaluation out;
  cgsl::eval_options opts;
  std::size_t n = 0, failed = 0;
  for (auto _ : state) {
    failed = 0;
    n = for_each_line(parser, [&](simdjson::dom::element e) {
      if (cgsl::evaluate_into(ev, *rule.value, e, opts, out) == cgsl::outcome::failed) ++failed;
    });
  }
  if (failed == 0) state.SkipWithError("no entity failed: the input is not what the benchmark expects");
  state.counters["failed"] = static_cast<double>(failed);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(input().size()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_CgslCheckLines)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
