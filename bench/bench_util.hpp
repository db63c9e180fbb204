// SPDX-License-Identifier: Apache-2.0
// Deterministic EcrRepository entities for the benchmarks (the shapes of
// bench/gen_ecr.py, in C++ so the suites need no input files).
#ifndef CGSL_BENCH_BENCH_UTIL_HPP
#define CGSL_BENCH_BENCH_UTIL_HPP

#include <cstdint>
#include <string>

namespace cgsl::bench {

inline constexpr const char* kRule103 =
    "EcrRepository should not have policy.document.Statement contain [ Effect='Allow' and "
    "(Principal='*' or Principal.AWS='*') and Condition]";

// xorshift: the same sequence on every machine.
struct rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// One statement; about one in ten entities gets a public Allow statement with a condition.
inline std::string statement(rng& r, int i, bool bad) {
  std::string s = "{\"Sid\":\"Stmt" + std::to_string(i) + "\",\"Effect\":\"";
  s += (bad || r.below(7) != 0) ? "Allow" : "Deny";
  s += "\",\"Principal\":";
  if (bad) {
    s += r.below(2) ? "\"*\"" : "{\"AWS\":[\"arn:aws:iam::123456789012:root\",\"*\"]}";
  } else {
    s += r.below(3) == 0 ? "{\"Service\":\"codebuild.amazonaws.com\"}"
                         : "{\"AWS\":\"arn:aws:iam::" + std::to_string(100000000000 + r.below(899999999999)) + ":root\"}";
  }
  s += ",\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"]";
  if (bad || r.below(3) == 0) s += ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}";
  return s + "}";
}

// An entity with `statements` statements (0: no policy at all).
inline std::string entity(rng& r, int index, int statements) {
  const bool bad = statements > 0 && r.below(10) == 0;
  std::string name = "service-" + std::to_string(index);
  std::string e = "{\"id\":\"arn:aws:ecr:us-east-1:123456789012:repository/" + name +
                  "\",\"type\":\"EcrRepository\",\"name\":\"" + name +
                  "\",\"region\":\"us_east_1\",\"accountNumber\":\"123456789012\",\"imageTagMutability\":\"MUTABLE\","
                  "\"imageScanningConfiguration\":{\"scanOnPush\":true},\"tags\":[{\"key\":\"team\",\"value\":\"platform\"}]";
  if (statements > 0) {
    e += ",\"policy\":{\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[";
    const int bad_at = bad ? static_cast<int>(r.below(static_cast<std::uint64_t>(statements))) : -1;
    for (int i = 0; i < statements; ++i) {
      if (i) e += ',';
      e += statement(r, i, i == bad_at);
    }
    e += "]}}";
  }
  e += ",\"lifecyclePolicy\":{\"document\":{\"rules\":[{\"rulePriority\":1,\"action\":{\"type\":\"expire\"}}]}}}";
  return e;
}

// n entities as NDJSON, 1-5 statements each.
inline std::string ndjson(int n) {
  rng r;
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += entity(r, i, 1 + static_cast<int>(r.below(5)));
    out += '\n';
  }
  return out;
}

}  // namespace cgsl::bench

#endif  // CGSL_BENCH_BENCH_UTIL_HPP
