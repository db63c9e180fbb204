// SPDX-License-Identifier: Apache-2.0
// `cgsl check`: load rules, read entities, evaluate, report.
#ifndef CGSL_CLI_CHECK_HPP
#define CGSL_CLI_CHECK_HPP

#include <optional>
#include <string>
#include <vector>

#include "cgsl/cgsl.hpp"
#include "cgsl/scan.hpp"

namespace cgsl::cli {

// Exit codes (README.md, "Quick start").
inline constexpr int exit_ok = 0;          // nothing failed
inline constexpr int exit_failed = 1;      // at least one rule failed
inline constexpr int exit_usage = 2;       // usage error, or a rule that does not compile
inline constexpr int exit_unreadable = 3;  // at least one entity could not be evaluated
inline constexpr int exit_write = 4;       // the report (or the summary file) could not be written

struct check_options {
  std::vector<std::string> rule_paths;
  std::vector<std::string> inline_rules;
  std::vector<std::string> files;
  input_format input = input_format::automatic;
  std::vector<std::string> formats = {"text"};  // --format: text, json, sarif, junit, github
  std::vector<std::string> outputs;  // --output, paired with formats in order ("-": stdout); empty: stdout
  bool compact = false;              // --compact: text, one line per failure
  rule_selection selection;          // --only, --skip, --min-severity
  rule_severity fail_on = rule_severity::low;  // --fail-on
  std::vector<std::string> exception_files;    // --exceptions (JSON or YAML)
  std::string baseline_file;                   // --baseline
  std::string write_baseline_file;             // --write-baseline
  std::optional<outcome_set> show;   // --show; unset: the format's default
  std::size_t max_failures = 20;     // text: findings detailed per rule (0: all)
  std::string summary_file;          // --summary FILE: the summary as JSON
  unsigned threads = 0;              // 0: one per core
  std::size_t window_bytes = 1u << 19;
  bool progress = false;             // a progress line on stderr (when it is a terminal)
  double progress_delay = 1.0;       // seconds before the first progress line
  bool no_evidence = false;
  bool color = false;
  compile_options compile;
  eval_options eval;
  parse_options eval_limits;          // JSON depth and size per entity
};

[[nodiscard]] int run_check(const check_options& options);

// The formats `--format` accepts, and whether `name` is one.
inline constexpr const char* check_formats[] = {"text", "json", "sarif", "junit", "github"};
[[nodiscard]] bool known_format(const std::string& name);

// Warns on stderr about --only globs that selected no rule; returns the selected rules.
[[nodiscard]] ruleset select_or_warn(const ruleset& rules, const rule_selection& selection);

// Prints each diagnostic, rendered by cgsl::format(), to standard error.
void print_diagnostics(const std::vector<diagnostic>& diags);

// Parses NAME=FILE into lists[NAME]: FILE is a JSON array of strings/numbers/booleans, or text
// with one value per line. Returns false with a message on error.
[[nodiscard]] bool load_named_list(const std::string& arg, named_lists& lists, std::string& error);

}  // namespace cgsl::cli

#endif  // CGSL_CLI_CHECK_HPP
