// SPDX-License-Identifier: Apache-2.0
// Compiled rules are immutable: many threads evaluate the same rules at once with identical
// results (run under ThreadSanitizer in CI).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cgsl/cgsl.hpp"

namespace {

TEST(Threads, SharedRulesEvaluateConcurrently) {
  auto bundled = cgsl::load_rules(cgsl::bundled_rules_dir());
  ASSERT_TRUE(bundled.ok());
  ASSERT_GE(bundled.value.rules.size(), 4u);
  auto regex_rule = cgsl::compile("EcrRepository should not have name regexMatch /^(prod|stage)-.*$/i and name like '%-x%'");
  ASSERT_TRUE(regex_rule.ok());

  std::vector<cgsl::document> docs;
  for (int i = 0; i < 64; ++i) {
    const bool bad = i % 3 == 0;
    std::string json = R"({"type":"EcrRepository","name":"prod-x)" + std::to_string(i) +
                       R"(","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":)" +
                       (bad ? R"("*","Condition":{"a":1})" : R"({"AWS":"arn:aws:iam::1:root"})") + "}]}}}";
    docs.push_back(std::move(*cgsl::document::parse(json).value));
  }
  cgsl::eval_options opts;
  opts.now = 1.7e9;
  // Reference results from one thread.
  std::vector<std::string> expected;
  cgsl::evaluator ev;
  auto run_all = [&](cgsl::evaluator& e, std::vector<std::string>& out) {
    for (const auto& d : docs) {
      for (const auto& r : bundled.value.rules) {
        auto res = e.evaluate(r.compiled, d, opts);
        std::string line(cgsl::to_string(res.result));
        for (const auto& p : res.evidence) line += " " + p;
        out.push_back(line);
      }
      out.emplace_back(cgsl::to_string(e.evaluate(*regex_rule.value, d, opts).result));
    }
  };
  run_all(ev, expected);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      cgsl::evaluator mine;
      for (int round = 0; round < 20; ++round) {
        std::vector<std::string> got;
        run_all(mine, got);
        if (got != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_NE(std::count(expected.begin(), expected.end(), "failed policy.document.Statement[0]"), 0);
}

TEST(Threads, CompileFromManyThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (!cgsl::compile("T where a regexMatch /x+/ should b contain [ c like '%d%' ]").ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
