// SPDX-License-Identifier: Apache-2.0
// The cgsl program: check, lint, test, explain. Argument parsing, I/O and exit codes only; the
// work is done by the library, the input adapters and the reporters.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "cli/check.hpp"
#include "cli/rule_tests.hpp"
#include "functions/text.hpp"
#include "functions/time.hpp"
#include "input/input.hpp"

namespace {

using namespace cgsl;

// --now: ISO-8601 text or epoch seconds.
std::optional<double> parse_now(const std::string& text) {
  if (auto t = detail::parse_iso8601(text)) return t;
  if (auto n = detail::parse_complete_number(text)) return n;
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cgsl: evaluate CloudGuard GSL rules over cloud entities (JSON)", "cgsl"};
  app.set_version_flag("--version", std::string("cgsl ") + CGSL_VERSION_STRING);
  app.require_subcommand(1);

  cli::check_options chk;
  std::string input_name = "auto";
  std::string format_name = "text";
  std::string now_text;
  std::vector<std::string> list_args;
  auto* check = app.add_subcommand("check", "Evaluate rules over entities; exit 0 (no failure), 1 (failures), 2 (usage or rule error), 3 (unreadable entities), 4 (output not written)");
  check->add_option("--rules", chk.rule_paths, "Rule file or folder (repeatable; default: the bundled rules)")->allow_extra_args(false);
  check->add_option("--rule", chk.inline_rules, "GSL rule text (repeatable)")->allow_extra_args(false);
  check->add_option("--type", chk.eval.entity_type, "Entity type for input without a \"type\" member");
  check->add_option("--input", input_name, "Input format: auto, ndjson, json, cloudguard, aws-ecr, terraform-plan, cloudformation")
      ->check(CLI::IsMember({"auto", "ndjson", "jsonl", "json", "cloudguard", "aws-ecr", "terraform-plan", "cloudformation"}));
  check->add_option("--format", format_name, "Output format: text, json (JSON Lines), sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
  std::string show_text;
  check->add_option("--show", show_text,
                    "Outcomes to report: comma list of passed, failed, error, not_relevant, matched (default: all but not_relevant; text and SARIF detail failures and errors, and text lists the others named here)");
  check->add_option("--max-failures", chk.max_failures, "Text: findings shown per rule in detail (default 20; 0 = all)");
  check->add_option("--summary", chk.summary_file, "Write the summary (counts per type, rule and outcome) as JSON to FILE");
  check->add_option("--threads", chk.threads, "Worker threads (default: all cores)")->check(CLI::Range(0u, 1024u));
  check->add_option("--now", now_text, "Evaluation time for before()/after(): ISO-8601 or epoch seconds (default: now)");
  check->add_option("--list", list_args, "Named list for 'in ($NAME)': NAME=FILE (a JSON array, or one value per line)")->allow_extra_args(false);
  check->add_flag("--no-evidence", chk.no_evidence, "Do not compute evidence paths");
  check->add_option("--window-bytes", chk.window_bytes, "NDJSON read window (tuning and tests)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->group("");
  bool no_progress = false, force_progress = false;
  check->add_flag("--no-progress", no_progress, "No progress line on stderr (shown only when stderr is a terminal)");
  check->add_flag("--progress", force_progress, "Progress line on stderr even when it is not a terminal")->group("");
  check->add_option("files", chk.files, "Entity files ('-' or none: standard input)");

  std::vector<std::string> lint_files;
  std::vector<std::string> lint_rules;
  auto* lint = app.add_subcommand("lint", "Compile rules and print diagnostics; exit 0 (clean) or 2");
  lint->add_option("files", lint_files, "Rule files or folders");
  lint->add_option("--rule", lint_rules, "GSL rule text (repeatable)")->allow_extra_args(false);
  lint->add_option("--list", list_args, "Named list NAME=FILE, so rules using $NAME compile")->allow_extra_args(false);

  std::vector<std::string> test_files;
  auto* test = app.add_subcommand("test", "Run rule files' tests (X.tests.json beside X.json); default: the bundled rules");
  test->add_option("files", test_files, "Rule files, test files or folders");
  test->add_option("--now", now_text, "Evaluation time (ISO-8601 or epoch seconds)");

  std::string explain_text;
  auto* explain = app.add_subcommand("explain", "Print the parsed rule (its syntax tree)");
  explain->add_option("rule", explain_text, "GSL rule text")->required();
  explain->add_option("--list", list_args, "Named list NAME=FILE, so rules using $NAME compile")->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : cli::exit_usage;
  }

  compile_options copts;
  for (const std::string& arg : list_args) {
    std::string error;
    if (!cli::load_named_list(arg, copts.lists, error)) {
      std::fprintf(stderr, "cgsl: --list %s: %s\n", arg.c_str(), error.c_str());
      return cli::exit_usage;
    }
  }
  if (!now_text.empty()) {
    auto now = parse_now(now_text);
    if (!now) {
      std::fprintf(stderr, "cgsl: --now '%s' is neither an ISO-8601 time nor epoch seconds\n", now_text.c_str());
      return cli::exit_usage;
    }
    chk.eval.now = *now;
  }

  if (*explain) {
    compile_result r = compile(explain_text, copts);
    if (!r) {
      cli::print_diagnostics(r.diagnostics);
      return cli::exit_usage;
    }
    std::fputs(r.value->explain().c_str(), stdout);
    return 0;
  }

  if (*lint) {
    std::size_t rules = 0;
    std::vector<diagnostic> diags;
    if (lint_files.empty() && lint_rules.empty()) lint_files.push_back(bundled_rules_dir().string());
    ruleset_result loaded;  // merged: a ruleId in two of the files is E308
    for (const auto& f : lint_files) merge_rules(loaded, load_rules(f, copts));
    rules += loaded.value.rules.size();
    diags = std::move(loaded.diagnostics);
    for (std::size_t i = 0; i < lint_rules.size(); ++i) {
      compile_result r = compile(lint_rules[i], copts, "--rule#" + std::to_string(i + 1));
      rules += r.ok() ? 1u : 0u;
      diags.insert(diags.end(), r.diagnostics.begin(), r.diagnostics.end());
    }
    cli::print_diagnostics(diags);
    const bool ok = std::none_of(diags.begin(), diags.end(), [](const diagnostic& d) { return d.level == severity::error; });
    std::fprintf(stderr, "%zu rule(s) compiled, %zu problem(s)\n", rules, diags.size());
    return ok ? 0 : cli::exit_usage;
  }

  if (*test) {
    eval_options eo;
    eo.now = chk.eval.now;
    return cli::run_rule_tests(test_files, copts, eo);
  }

  if (!show_text.empty()) {
    std::string bad;
    chk.show = outcome_set::parse(show_text, &bad);
    if (!chk.show) {
      std::fprintf(stderr, "cgsl: --show: unknown outcome '%s' (passed, failed, error, not_relevant, matched)\n", bad.c_str());
      return cli::exit_usage;
    }
  }
  chk.input = *parse_input_format(input_name);
  chk.format = format_name;
  chk.compile = copts;
  chk.color = isatty(fileno(stdout)) != 0 && std::getenv("NO_COLOR") == nullptr;
  chk.progress = !no_progress && (force_progress || isatty(fileno(stderr)) != 0);
  chk.progress_delay = force_progress ? 0.0 : 1.0;
  return cli::run_check(chk);
}
