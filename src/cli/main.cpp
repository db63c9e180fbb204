// SPDX-License-Identifier: Apache-2.0
// The cgsl program: check, lint, test, explain, version, completion. Argument parsing, the
// configuration file and environment, I/O and exit codes only; the work is done by the library,
// the input adapters and the reporters.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "common/json_text.hpp"
#include "cli/check.hpp"
#include "cli/completion.hpp"
#include "cli/rule_tests.hpp"
#include "functions/text.hpp"
#include "functions/time.hpp"
#include "input/input.hpp"

namespace {

using namespace cgsl;
namespace fs = std::filesystem;

// --now: ISO-8601 text or epoch seconds.
std::optional<double> parse_now(const std::string& text) {
  if (auto t = detail::parse_iso8601(text)) return t;
  if (auto n = detail::parse_complete_number(text)) return n;
  return std::nullopt;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = s.find(',', start);
    std::string word = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!word.empty() && word.front() == ' ') word.erase(0, 1);
    while (!word.empty() && word.back() == ' ') word.pop_back();
    if (!word.empty()) out.push_back(word);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// ---- the configuration file -------------------------------------------------------------------

// Values of the configuration file for one subcommand: key (a long option name) -> values.
struct config_values {
  std::string file;  // "" when there is none
  std::vector<std::pair<std::string, std::vector<std::string>>> values;
};

// Options whose values are paths: in a configuration file they are relative to its folder.
bool is_path_key(const std::string& key) {
  return key == "rules" || key == "exceptions" || key == "baseline" || key == "list";
}

// base / p, written relative to the current folder when it can be (reports name files as given).
std::string under(const fs::path& base, const fs::path& p) {
  if (p.is_absolute()) return p.string();
  const fs::path full = (base / p).lexically_normal();
  std::error_code ec;
  const fs::path rel = full.lexically_relative(fs::current_path(ec));
  return !ec && !rel.empty() ? rel.string() : full.string();
}

std::string resolve(const std::string& key, const std::string& value, const fs::path& base) {
  if (!is_path_key(key) || value == "-") return value;
  if (key == "list") {
    const std::size_t eq = value.find('=');
    if (eq == std::string::npos) return value;
    return value.substr(0, eq + 1) + under(base, value.substr(eq + 1));
  }
  return under(base, value);
}

// .cgsl.yaml or cgsl.yaml in the current folder or the nearest folder above it that has one.
std::string find_config() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return {};
  while (true) {
    for (const char* name : {".cgsl.yaml", "cgsl.yaml"}) {
      const fs::path p = dir / name;
      if (fs::is_regular_file(p, ec)) return p.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

// Reads the file: top-level keys apply to every subcommand that has the option; a map under a
// subcommand's name (check:, test:, lint:) applies to that one and wins.
bool read_config(const std::string& file, const std::string& command, config_values& out, std::string& error) {
  out.file = file;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    error = e.mark.line >= 0 ? fmt::format("{}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg)
                             : file + ": " + e.msg;
    return false;
  }
  if (root.IsNull()) return true;
  if (!root.IsMap()) {
    error = file + ": the configuration is a map of option names to values";
    return false;
  }
  const fs::path base = fs::absolute(file).parent_path();
  std::map<std::string, std::vector<std::string>> merged;
  auto take = [&](const YAML::Node& map, bool section) -> bool {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (!section && (key == "check" || key == "test" || key == "lint" || key == "explain")) continue;
      std::vector<std::string> values;
      if (kv.second.IsSequence()) {
        for (const auto& v : kv.second) {
          if (!v.IsScalar()) {
            error = fmt::format("{}:{}: {}: a value must be text, a number or a boolean", file, v.Mark().line + 1, key);
            return false;
          }
          values.push_back(resolve(key, v.Scalar(), base));
        }
      } else if (kv.second.IsScalar()) {
        values.push_back(resolve(key, kv.second.Scalar(), base));
      } else if (!kv.second.IsNull()) {
        error = fmt::format("{}:{}: {}: a value must be text or a list", file, kv.second.Mark().line + 1, key);
        return false;
      }
      merged[key] = std::move(values);
    }
    return true;
  };
  try {
    if (!take(root, false)) return false;
    if (const YAML::Node section = root[command]; section && section.IsMap()) {
      if (!take(section, true)) return false;
    }
  } catch (const YAML::Exception& e) {
    error = file + ": " + e.msg;
    return false;
  }
  for (auto& kv : merged) out.values.emplace_back(kv.first, std::move(kv.second));
  return true;
}

// Fills the options of `sub` that the command line did not give: first from CGSL_<NAME>
// environment variables (comma lists for repeatable options), then from the configuration.
bool apply_defaults(CLI::App& app, CLI::App& sub, const config_values& config, std::string& error) {
  std::map<std::string, bool> known;
  for (const CLI::Option* opt : sub.get_options()) {
    for (const auto& name : opt->get_lnames()) known[name] = true;
  }
  for (const CLI::Option* opt : sub.get_options()) {
    auto* o = const_cast<CLI::Option*>(opt);
    if (o->count() > 0 || o->get_lnames().empty()) continue;
    const std::string& name = o->get_lnames().front();
    if (name == "help" || name == "version" || name == "config" || name == "no-config") continue;
    std::string env = "CGSL_";
    for (char c : name) env += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const char* v = std::getenv(env.c_str());
    if (v == nullptr || *v == '\0') continue;
    try {
      if (o->get_items_expected_max() > 1) {
        for (const auto& item : split_commas(v)) o->add_result(item);
      } else {
        o->add_result(std::string(v));
      }
      o->run_callback();
    } catch (const CLI::Error& e) {
      error = env + ": " + e.what();
      return false;
    }
  }
  for (const auto& [key, values] : config.values) {
    if (!known.count(key)) {
      // A key for another subcommand is fine at the top level; one no subcommand has is a typo.
      bool elsewhere = false;
      for (const CLI::App* other : app.get_subcommands({})) {
        for (const CLI::Option* opt : other->get_options()) {
          for (const auto& n : opt->get_lnames()) elsewhere = elsewhere || n == key;
        }
      }
      if (!elsewhere || key == "config") {
        error = config.file + ": unknown key '" + key + "' (keys are the long options, as in --" + key + ")";
        return false;
      }
      continue;
    }
    CLI::Option* o = sub.get_option_no_throw("--" + key);
    if (o == nullptr || o->count() > 0) continue;
    try {
      for (const auto& value : values) o->add_result(value);
      if (values.empty()) continue;
      o->run_callback();
    } catch (const CLI::Error& e) {
      error = config.file + ": " + key + ": " + e.what();
      return false;
    }
  }
  return true;
}

// ---- explain --format json ----------------------------------------------------------------------

std::string explain_json(const rule_info* info, const rule& r) {
  using detail::append_json_string;
  std::string s = "{";
  if (info != nullptr) {
    s += "\"ruleId\":";
    append_json_string(s, info->id);
    s += ",\"name\":";
    append_json_string(s, info->name);
    s += ",\"severity\":";
    append_json_string(s, info->severity);
    s += ",\"file\":";
    append_json_string(s, info->file);
    s += ',';
  }
  s += "\"logic\":";
  append_json_string(s, r.text());
  s += ",\"entityType\":";
  append_json_string(s, r.target_type());
  s += r.is_list() ? ",\"list\":true" : ",\"list\":false";
  s += r.is_query() ? ",\"query\":true" : ",\"query\":false";
  s += ",\"tree\":";
  append_json_string(s, r.explain());
  s += "}\n";
  return s;
}

bool add_severity(CLI::App* sub, std::optional<rule_severity>& target, const char* name, const char* help) {
  sub->add_option_function<std::string>(
         name,
         [&target, name](const std::string& v) {
           auto s = parse_severity(v);
           if (!s) throw CLI::ValidationError(name, "'" + v + "' is not a severity (Informational, Low, Medium, High, Critical)");
           target = *s;
         },
         help)
      ->type_name("SEVERITY");
  return true;
}

void add_selection(CLI::App* sub, rule_selection& sel, std::optional<rule_severity>& min) {
  sub->add_option("--only", sel.only, "Run only the rules whose id matches GLOB (repeatable; * and ?)")
      ->allow_extra_args(false)
      ->type_name("GLOB");
  sub->add_option("--skip", sel.skip, "Do not run the rules whose id matches GLOB (repeatable)")
      ->allow_extra_args(false)
      ->type_name("GLOB");
  (void)add_severity(sub, min, "--min-severity", "Do not run rules below SEVERITY (Informational, Low, Medium, High, Critical)");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string version = std::string("cgsl ") + CGSL_VERSION_STRING;
  CLI::App app{"cgsl: evaluate CloudGuard GSL rules over cloud entities (JSON)", "cgsl"};
  app.set_version_flag("--version", version);
  app.require_subcommand(0, 1);
  app.footer(
      "Exit codes: 0 nothing failed, 1 failures at or above --fail-on, 2 usage or rule error, 3 an entity could\n"
      "not be evaluated, 4 a report could not be written. Configuration: .cgsl.yaml (or cgsl.yaml) in the current\n"
      "folder or above, keys named like the long options; CGSL_<OPTION> environment variables; flags win.");

  cli::check_options chk;
  std::string input_name = "auto";
  std::string format_name = "text";
  std::string now_text;
  std::string color = "auto";
  std::string config_file;
  bool no_config = false;
  std::vector<std::string> list_args;
  std::optional<rule_severity> min_severity, fail_on;
  auto common = [&](CLI::App* sub) {
    sub->set_version_flag("--version", version);
    sub->add_option("--config", config_file, "Configuration file (default: .cgsl.yaml or cgsl.yaml here or above)")
        ->type_name("FILE");
    sub->add_flag("--no-config", no_config, "Read no configuration file");
  };

  auto* check = app.add_subcommand("check", "Evaluate rules over entities; exit 0 (no failure at or above --fail-on), 1 (failures), 2 (usage or rule error), 3 (unreadable entities), 4 (output not written)");
  common(check);
  check->add_option("--rules", chk.rule_paths, "Rule file or folder (repeatable; default: the bundled rules)")->allow_extra_args(false);
  check->add_option("--rule", chk.inline_rules, "GSL rule text (repeatable)")->allow_extra_args(false);
  check->add_option("--type", chk.eval.entity_type, "Entity type for input without a \"type\" member");
  check->add_option("--input", input_name, "Input format: auto, ndjson, json, cloudguard, aws-ecr, terraform-plan, cloudformation")
      ->check(CLI::IsMember({"auto", "ndjson", "jsonl", "json", "cloudguard", "aws-ecr", "terraform-plan", "cloudformation"}));
  check->add_option("--format", format_name,
                    "Output format(s): text, json (JSON Lines), sarif, junit, github; a comma list with one --output each");
  check->add_option("--output", chk.outputs, "Write the report to FILE ('-': standard output); repeatable, paired in order with --format")
      ->allow_extra_args(false)
      ->type_name("FILE");
  check->add_flag("--compact", chk.compact, "Text: one line per failure, no remediation");
  std::string show_text;
  check->add_option("--show", show_text,
                    "Outcomes to report: comma list of passed, failed, error, not_relevant, matched, excepted (default: all but not_relevant; text and SARIF detail failures and errors, and text lists the others named here)");
  check->add_option("--max-failures", chk.max_failures, "Text, JUnit, GitHub: findings shown per rule in detail (default 20; 0 = all)");
  check->add_option("--summary", chk.summary_file, "Write the summary (counts per type, rule and outcome) as JSON to FILE");
  (void)add_severity(check, fail_on, "--fail-on", "Exit 1 only for failures of rules at or above SEVERITY (default: Low)");
  add_selection(check, chk.selection, min_severity);
  check->add_option("--exceptions", chk.exception_files, "Accepted failures (JSON or YAML: ruleId, entity, reason, expires); repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  check->add_option("--baseline", chk.baseline_file, "Failures listed in FILE (from --write-baseline) become excepted")->type_name("FILE");
  check->add_option("--write-baseline", chk.write_baseline_file, "Write today's failures to FILE as a baseline")->type_name("FILE");
  check->add_option("--threads", chk.threads, "Worker threads (default: all cores)")->check(CLI::Range(0u, 1024u));
  check->add_option("--now", now_text, "Evaluation time for before()/after() and exception expiry: ISO-8601 or epoch seconds (default: now)");
  check->add_option("--list", list_args, "Named list for 'in ($NAME)': NAME=FILE (a JSON array, or one value per line)")->allow_extra_args(false);
  check->add_option("--color", color, "Colours in the text report: auto (a terminal, and NO_COLOR unset), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
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
  rule_selection lint_sel;
  auto* lint = app.add_subcommand("lint", "Compile rules and print diagnostics; exit 0 (clean) or 2");
  common(lint);
  lint->add_option("files", lint_files, "Rule files or folders");
  lint->add_option("--rules", lint_files, "Rule file or folder (repeatable; as the arguments)")->allow_extra_args(false);
  lint->add_option("--rule", lint_rules, "GSL rule text (repeatable)")->allow_extra_args(false);
  lint->add_option("--list", list_args, "Named list NAME=FILE, so rules using $NAME compile")->allow_extra_args(false);
  add_selection(lint, lint_sel, min_severity);

  std::vector<std::string> test_files;
  cli::rule_test_options topts;
  std::string test_format = "text";
  auto* test = app.add_subcommand("test", "Run rule files' tests (X.tests.json beside X.json); default: the bundled rules; exit 0 (all pass), 1 (a case failed), 2 (usage)");
  common(test);
  test->add_option("files", test_files, "Rule files, test files or folders");
  test->add_option("--rules", test_files, "Rule file or folder (repeatable; as the arguments)")->allow_extra_args(false);
  test->add_option("--now", now_text, "Evaluation time (ISO-8601 or epoch seconds)");
  test->add_option("--list", list_args, "Named list NAME=FILE, so rules using $NAME compile")->allow_extra_args(false);
  test->add_option("--format", test_format, "Output: text, json (JSON Lines, one object per case), junit")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  test->add_option("--output", topts.output, "Write the results to FILE (default: standard output)")->type_name("FILE");
  add_selection(test, topts.selection, min_severity);

  std::string explain_text, explain_rules, explain_id, explain_format = "text";
  auto* explain = app.add_subcommand("explain", "Print the parsed rule (its syntax tree); exit 0, or 2 (usage or rule error)");
  common(explain);
  explain->add_option("rule", explain_text, "GSL rule text");
  explain->add_option("--rules", explain_rules, "Rule file or folder holding the rule --id names")->type_name("PATH");
  explain->add_option("--id", explain_id, "The ruleId to explain (with --rules)");
  explain->add_option("--format", explain_format, "Output: text, json")->check(CLI::IsMember({"text", "json"}));
  explain->add_option("--list", list_args, "Named list NAME=FILE, so rules using $NAME compile")->allow_extra_args(false);

  auto* version_cmd = app.add_subcommand("version", "Print the version; exit 0");
  std::string shell;
  auto* completion = app.add_subcommand("completion", "Print a shell completion script: bash, zsh or fish; exit 0");
  completion->add_option("shell", shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : cli::exit_usage;
  }

  if (app.get_subcommands().empty()) {
    std::fputs(app.help().c_str(), stderr);
    return cli::exit_usage;
  }
  if (*version_cmd) {
    std::printf("%s\n", version.c_str());
    return 0;
  }
  if (*completion) {
    std::fputs(cli::completion_script(app, shell).c_str(), stdout);
    return 0;
  }

  CLI::App* sub = app.get_subcommands().front();
  {
    config_values config;
    std::string error;
    std::string file = config_file;
    if (file.empty() && !no_config) {
      const char* env = std::getenv("CGSL_CONFIG");
      file = env != nullptr && *env != '\0' ? env : find_config();
    }
    if (!no_config && !file.empty() && !read_config(file, sub->get_name(), config, error)) {
      std::fprintf(stderr, "cgsl: configuration: %s\n", error.c_str());
      return cli::exit_usage;
    }
    if (!apply_defaults(app, *sub, config, error)) {
      std::fprintf(stderr, "cgsl: %s\n", error.c_str());
      return cli::exit_usage;
    }
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
    if (explain_rules.empty() == explain_text.empty() || explain_rules.empty() != explain_id.empty()) {
      std::fputs("cgsl explain: give the rule text, or --rules FILE --id RULE_ID\n", stderr);
      return cli::exit_usage;
    }
    if (!explain_rules.empty()) {
      ruleset_result loaded = load_rules(explain_rules, copts);
      for (const auto& r : loaded.value.rules) {
        if (r.info.id != explain_id) continue;
        std::fputs(explain_format == "json" ? explain_json(&r.info, r.compiled).c_str() : r.compiled.explain().c_str(),
                   stdout);
        return 0;
      }
      cli::print_diagnostics(loaded.diagnostics);
      std::fprintf(stderr, "cgsl explain: no rule %s in %s%s\n", explain_id.c_str(), explain_rules.c_str(),
                   loaded.ok() ? "" : " (or it does not compile)");
      return cli::exit_usage;
    }
    compile_result r = compile(explain_text, copts);
    if (!r) {
      cli::print_diagnostics(r.diagnostics);
      return cli::exit_usage;
    }
    std::fputs(explain_format == "json" ? explain_json(nullptr, *r.value).c_str() : r.value->explain().c_str(), stdout);
    return 0;
  }

  if (*lint) {
    lint_sel.min_severity = min_severity;
    std::size_t rules = 0;
    std::vector<diagnostic> diags;
    if (lint_files.empty() && lint_rules.empty()) lint_files.push_back(bundled_rules_dir().string());
    ruleset_result loaded;  // merged: a ruleId in two of the files is E308
    for (const auto& f : lint_files) merge_rules(loaded, load_rules(f, copts));
    if (!lint_sel.empty()) {
      // Diagnostics name their rule (d.rule, or FILE(RULE_ID)): those of rules not selected are left out.
      std::vector<diagnostic> kept;
      for (auto& d : loaded.diagnostics) {
        const std::size_t open = d.source_name.rfind('(');
        if (!d.rule.empty() || (open != std::string::npos && d.source_name.back() == ')')) {
          rule_info probe;
          probe.id = !d.rule.empty() ? d.rule : d.source_name.substr(open + 1, d.source_name.size() - open - 2);
          rule_selection by_id = lint_sel;
          by_id.min_severity.reset();
          if (!by_id.selects(probe)) continue;
        }
        kept.push_back(std::move(d));
      }
      loaded.diagnostics = std::move(kept);
      loaded.value = cli::select_or_warn(loaded.value, lint_sel);
    }
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
    topts.selection.min_severity = min_severity;
    topts.format = test_format;
    return cli::run_rule_tests(test_files, copts, eo, topts);
  }

  if (!show_text.empty()) {
    std::string bad;
    chk.show = outcome_set::parse(show_text, &bad);
    if (!chk.show) {
      std::fprintf(stderr, "cgsl: --show: unknown outcome '%s' (%s)\n", bad.c_str(), outcome_set::all().to_string().c_str());
      return cli::exit_usage;
    }
  }
  chk.formats = split_commas(format_name);
  if (chk.formats.empty()) chk.formats.push_back("text");
  for (const auto& f : chk.formats) {
    if (!cli::known_format(f)) {
      std::fprintf(stderr, "cgsl: --format: unknown format '%s' (text, json, sarif, junit, github)\n", f.c_str());
      return cli::exit_usage;
    }
  }
  chk.selection.min_severity = min_severity;
  if (fail_on) chk.fail_on = *fail_on;
  chk.input = *parse_input_format(input_name);
  chk.compile = copts;
  const char* no_color = std::getenv("NO_COLOR");
  chk.color = color == "always" ||
              (color == "auto" && isatty(fileno(stdout)) != 0 && (no_color == nullptr || *no_color == '\0'));
  chk.progress = !no_progress && (force_progress || isatty(fileno(stderr)) != 0);
  chk.progress_delay = force_progress ? 0.0 : 1.0;
  const bool reads_stdin =
      chk.files.empty() || std::find(chk.files.begin(), chk.files.end(), std::string("-")) != chk.files.end();
  if (reads_stdin && isatty(fileno(stdin)) != 0) {
    std::fputs("cgsl: reading entities from standard input (a terminal): end with Ctrl-D, or give FILE arguments\n",
               stderr);
  }
  return cli::run_check(chk);
}
