// SPDX-License-Identifier: Apache-2.0
// Rule files: CloudGuard-style exported rulesets (JSON) loaded and compiled as a set.
#ifndef CGSL_RULESET_HPP
#define CGSL_RULESET_HPP

#include "cgsl/export.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/options.hpp"
#include "cgsl/rule.hpp"

namespace cgsl {

// A rule's severity, least severe first, so that they compare: `s >= rule_severity::high`.
enum class rule_severity : std::uint8_t { informational, low, medium, high, critical };
inline constexpr std::size_t rule_severity_count = 5;

// "Informational", "Low", "Medium", "High", "Critical" (ASCII case ignored: "high", "HIGH");
// nullopt for anything else.
[[nodiscard]] CGSL_EXPORT std::optional<rule_severity> parse_severity(std::string_view name) noexcept;
// The CloudGuard spelling: "Informational", "Low", "Medium", "High", "Critical".
[[nodiscard]] CGSL_EXPORT std::string_view to_string(rule_severity s) noexcept;

// A rule's metadata from its rule file. Fields cgsl has no member for (logicHash, domain,
// priority, controlTitle, isDefault, an exported rule's id, and any unknown field) are kept, as
// they are, in `extra`, so that outputs can carry them along; they never change what a rule does.
struct rule_info {
  std::string id;              // ruleId ("D9.AWS.IAM.103")
  std::string name;            // the rule's title
  // Informational | Low | Medium | High | Critical, in this spelling whatever the case in the
  // file ("high" loads as "High"); "" for an inline rule (then it has no severity).
  std::string severity;
  std::string description;
  std::string remediation;
  std::string category;
  std::string compliance_tag;
  std::string logic;           // the GSL text
  std::string file;            // the rule file it came from ("" for inline rules)
  // Every other field of the rule's object, in file order: its name and its value as compact JSON
  // text ({"logicHash", "\"h1\""}, {"priority", "3"}, {"isDefault", "true"}, {"x", "{\"a\":1}"}).
  std::vector<std::pair<std::string, std::string>> extra;
};

struct ruleset_entry {
  rule_info info;
  cgsl::rule compiled;
};

// Compiled rules with their metadata, in file order (files in name order). A plain value; copies
// share the compiled rules. Immutable once loaded: any number of threads may evaluate its rules.
struct ruleset {
  std::vector<ruleset_entry> rules;
};

// The result of loading: every rule that compiled, and every diagnostic (a rule that does not
// compile is left out and reported; ok() is false when anything is reported as an error).
struct ruleset_result {
  ruleset value;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] CGSL_EXPORT bool ok() const noexcept;
};

// Parses one rule file's text: {"rules": [RULE, ...], ...} or [RULE, ...], RULE having ruleId,
// name, logic, severity (and optional fields). Diagnostics for a rule's logic point inside the
// logic text, with source name "FILE(RULE_ID)".
[[nodiscard]] CGSL_EXPORT ruleset_result parse_rule_file(std::string_view json, std::string_view file_name,
                                             const compile_options& options = {});

// Adds the rules and diagnostics of `more` to `into`, in order. A rule whose ruleId is already in
// `into` is left out and reported as E308 naming both files (source_name "FILE(RULE_ID)" of the
// rule left out; the message names the file the first one came from). load_rules() merges the
// files of a folder this way; merge the results of several load_rules() calls with it (the
// program's repeated --rules) so that a ruleId is unique across all of them.
void merge_rules(ruleset_result& into, ruleset_result more);

// Loads a rule file, or every *.json in a folder (recursively, skipping *.tests.json). A file or
// folder that cannot be read is E307; invalid JSON E301; a file or rule of the wrong shape, a
// missing required field, an unknown severity or a duplicate ruleId E308 (source_name names the
// file or the rule: "FILE", "FILE#INDEX", "FILE(RULE_ID)"); errors in a rule's logic are those
// of compile(). Never throws for bad input; thread-safe.
[[nodiscard]] CGSL_EXPORT ruleset_result load_rules(const std::filesystem::path& file_or_dir,
                                        const compile_options& options = {});

// Glob matching for rule ids and entity ids: `*` matches any run of characters (also none),
// `?` any one character, everything else itself (case-sensitive, so "D9.AWS.*" does not match
// "d9.aws.x"). Linear in the text for patterns with one `*`, never exponential.
[[nodiscard]] CGSL_EXPORT bool glob_match(std::string_view pattern, std::string_view text) noexcept;

// Which rules of a ruleset to run (the program's --only, --skip and --min-severity).
struct rule_selection {
  std::vector<std::string> only;  // rule-id globs; empty: every rule, else those matching one
  std::vector<std::string> skip;  // rule-id globs; a rule matching one is left out (wins over only)
  // Rules below it are left out; a rule without a severity (inline) is kept.
  std::optional<rule_severity> min_severity;
  [[nodiscard]] bool empty() const noexcept { return only.empty() && skip.empty() && !min_severity; }
  // Whether the rule is selected.
  [[nodiscard]] CGSL_EXPORT bool selects(const rule_info& rule) const noexcept;
};

// The rules that `selection` selects, in order (a copy that shares the compiled rules). Globs
// of `only` that selected no rule are appended to *unmatched (when given): a mistyped id must
// not make an empty, clean run.
[[nodiscard]] CGSL_EXPORT ruleset select_rules(const ruleset& rules, const rule_selection& selection,
                                               std::vector<std::string>* unmatched = nullptr);

// The folder of the bundled rules: $CGSL_RULES_DIR if set, else share/cgsl/gsl_rules next to the
// running program's bin/ folder (an installed `cgsl`, even after the installation was moved),
// else the folder configured at build time (CMAKE_INSTALL_PREFIX/share/cgsl/gsl_rules: what a
// program linked against an installed library finds), else the source tree's gsl_rules/ (for
// uninstalled builds); "" when none exists. Pass it to load_rules().
[[nodiscard]] CGSL_EXPORT std::filesystem::path bundled_rules_dir();

}  // namespace cgsl

#endif  // CGSL_RULESET_HPP
