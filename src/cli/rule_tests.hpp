// SPDX-License-Identifier: Apache-2.0
// `cgsl test`: run the tests that accompany rule files (X.tests.json beside X.json).
#ifndef CGSL_CLI_RULE_TESTS_HPP
#define CGSL_CLI_RULE_TESTS_HPP

#include <string>
#include <vector>

#include "cgsl/cgsl.hpp"

namespace cgsl::cli {

// Runs the tests of the given rule files, test files or folders (default: the bundled rules).
// Text: one line per failing case and a summary "N passed, M failed". A rule that does not
// compile fails its own cases (its diagnostics on stderr); the other rules of the file still run.
// A case's "expect" must be an outcome name; "expectEvidence" (optional) is the exact list of
// evidence paths. Returns 0 when every case passes, 1 when any fails (or a rule file has no
// tests), 2 on unusable input (or an output that cannot be written: 4).
struct rule_test_options {
  rule_selection selection;    // --only, --skip, --min-severity: cases of other rules are not run
  std::string format = "text"; // text, json (JSON Lines, one object per case), junit
  std::string output;          // "" or "-": standard output
};

[[nodiscard]] int run_rule_tests(const std::vector<std::string>& paths, const compile_options& copts,
                                 const eval_options& eopts, const rule_test_options& options = {});

}  // namespace cgsl::cli

#endif  // CGSL_CLI_RULE_TESTS_HPP
