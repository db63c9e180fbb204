// SPDX-License-Identifier: Apache-2.0
// Reporters: sinks of the scan engine (cgsl/scan.hpp) that render findings as JSON Lines, text
// for people, or SARIF 2.1.0. Each writes through a writer (a function that takes text and says
// whether it was written) and runs in bounded memory, whatever the number of findings.
#ifndef CGSL_REPORT_HPP
#define CGSL_REPORT_HPP

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cgsl/export.hpp"
#include "cgsl/scan.hpp"

namespace cgsl {

// Writes text; returns false when it could not (the reporter then reports failed()).
using writer = std::function<bool(std::string_view text)>;

// A writer to a C stream (buffered by the reporter; not closed).
[[nodiscard]] CGSL_EXPORT writer file_writer(std::FILE* f);
// A writer that appends to a string (which must outlive the reporter).
[[nodiscard]] CGSL_EXPORT writer string_writer(std::string& out);

// JSON Lines: one object per finding it receives, formatted by the scan's worker threads:
// {"ruleId","ruleName","severity","entity","entityType","outcome","evidence","source","message",
//  "code","exception"} (evidence, message, code and exception only where they apply; an excepted
// finding's message is the reason and exception where the entry is; the rule fields null for an
// unreadable entity).
[[nodiscard]] CGSL_EXPORT std::unique_ptr<formatting_sink> make_jsonl_reporter(writer out);

struct text_report_options {
  bool color = false;              // ANSI colours
  std::size_t max_failures = 20;   // findings detailed per rule and outcome (0: all), then "and N more"
  // Outcomes listed one line per finding besides failures and errors (passed, matched,
  // not_relevant): only those named here; the default lists none of them.
  outcome_set list_outcomes{};
  // One line per failure, error and excepted failure as they arrive ("SOURCE: failed SEVERITY
  // RULE ENTITY (TYPE): NAME [EVIDENCE]"), no remediation, then one summary line: for logs.
  // Keeps nothing per finding.
  bool compact = false;
};

// For people: failures grouped by rule (most severe first) with their evidence, at most
// max_failures per rule, then "... and N more"; each rule's remediation once; the entities that
// could not be evaluated; then the summary (entities per type, a row per rule, warnings for rules
// that applied to no entity). Memory: at most max_failures findings per rule are kept.
[[nodiscard]] CGSL_EXPORT std::unique_ptr<finding_sink> make_text_reporter(writer out,
                                                                          text_report_options options = {});

// SARIF 2.1.0, streamed: the rules in the tool's driver, one result per failure as it arrives
// (passed findings, when delivered, become results of kind "pass"), unreadable entities and
// evaluation errors as tool execution notifications, the summary counts in the run's properties.
// Memory does not grow with the number of results (notifications are kept up to 1,000; the rest
// are counted).
// Excepted failures are results with a suppression ({"kind":"external","status":"accepted",
// "justification": REASON}), so code scanning shows them as dismissed, never as fixed.
[[nodiscard]] CGSL_EXPORT std::unique_ptr<finding_sink> make_sarif_reporter(writer out);

struct junit_report_options {
  std::size_t max_failures = 20;  // findings detailed per rule and outcome (0: all); the rest counted
  std::string suite_name = "cgsl";
};

// JUnit XML, as CI dashboards read it (GitLab, Jenkins, Azure, CircleCI): one <testsuite>, one
// <testcase> per rule (classname = the rule id, file = its rule file): a <failure> when it failed
// on any entity (type = the severity; the text lists the entities with evidence, at most
// max_failures, then how many more), an <error> for evaluation errors, <skipped> when no entity
// of its type was read; excepted failures in <system-out> with their reasons. Unreadable input is
// one more testcase with an <error>. Text is XML-escaped (control characters shown as \xNN).
// Memory: at most max_failures findings per rule and outcome are kept.
[[nodiscard]] CGSL_EXPORT std::unique_ptr<finding_sink> make_junit_reporter(writer out, junit_report_options options = {});

struct github_report_options {
  std::size_t max_per_rule = 20;  // annotations per rule (0: all); then one notice with the count
};

// GitHub Actions workflow commands, one line per failure or error as it arrives:
// `::error file=F,line=L,title=RULE (SEVERITY)::ENTITY (TYPE) at SOURCE fails RULE: NAME.
// Evidence: ...` (error for Critical and High, warning for Medium, notice for Low and
// Informational; file and line when the finding has them, values escaped as the runner
// requires), then a notice with the totals. Excepted failures give no annotation. Keeps one
// counter per rule.
[[nodiscard]] CGSL_EXPORT std::unique_ptr<finding_sink> make_github_reporter(writer out,
                                                                            github_report_options options = {});

// A baseline (cgsl/exceptions.hpp, parse_baseline): every failure, and every failure the
// baseline given to the scan accepted, as {"cgslBaseline":1,"failures":[{"ruleId","entity"},...]},
// streamed. Failures excepted by an exceptions entry are left out (the entry covers them).
[[nodiscard]] CGSL_EXPORT std::unique_ptr<finding_sink> make_baseline_writer(writer out);

}  // namespace cgsl

#endif  // CGSL_REPORT_HPP
