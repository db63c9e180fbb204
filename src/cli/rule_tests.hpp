// SPDX-License-Identifier: Apache-2.0
// `cgsl test`: run the tests that accompany rule files (X.tests.json beside X.json).
#ifndef CGSL_CLI_RULE_TESTS_HPP
#define CGSL_CLI_RULE_TESTS_HPP

#include <string>
#include <vector>

#include "cgsl/cgsl.hpp"

namespace cgsl::cli {

// Runs the tests of the given rule files, test files or folders (default: the bundled rules).
// Prints one line per failing case and a summary "N passed, M failed"; returns 0 when every case
// passes, 1 when any fails (or a rule file has no tests), 2 on unusable input.
[[nodiscard]] int run_rule_tests(const std::vector<std::string>& paths, const compile_options& copts,
                                 const eval_options& eopts);

}  // namespace cgsl::cli

#endif  // CGSL_CLI_RULE_TESTS_HPP
