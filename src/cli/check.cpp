// SPDX-License-Identifier: Apache-2.0
// `cgsl check`: every entity read is evaluated against every rule, or reported as an error.
#include "cli/check.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "cgsl/report.hpp"
#include "cgsl/scan.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "input/input.hpp"

namespace cgsl::cli {
void print_diagnostics(const std::vector<diagnostic>& diags) {
  for (const auto& d : diags) std::fputs(format(d).c_str(), stderr);
}

bool load_named_list(const std::string& arg, named_lists& lists, std::string& error) {
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
    error = "expected NAME=FILE";
    return false;
  }
  std::string name = arg.substr(0, eq);
  if (!name.empty() && name.front() == '$') name.erase(0, 1);
  std::ifstream in(arg.substr(eq + 1), std::ios::binary);
  if (!in) {
    error = "cannot read " + arg.substr(eq + 1);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<literal> values;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array items;
  if (parser.parse(text).get(root) == simdjson::SUCCESS && root.get_array().get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : items) {
      auto l = io::literal_of(v);
      if (!l) {
        error = "list entries must be strings, numbers or booleans";
        return false;
      }
      values.push_back(std::move(*l));
    }
  } else {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) values.emplace_back(line);
    }
  }
  lists[name] = std::move(values);
  return true;
}

bool known_format(const std::string& name) {
  for (const char* f : check_formats) {
    if (name == f) return true;
  }
  return false;
}

ruleset select_or_warn(const ruleset& rules, const rule_selection& selection) {
  if (selection.empty()) return rules;
  std::vector<std::string> unmatched;
  ruleset out = select_rules(rules, selection, &unmatched);
  for (const auto& g : unmatched) std::fprintf(stderr, "cgsl: warning: --only %s matches no rule\n", g.c_str());
  return out;
}

namespace {

// One report: a format and where it goes.
struct output_file {
  output_file(std::string fmt, std::string p) : format(std::move(fmt)), path(std::move(p)) {}
  std::string format;
  std::string path;  // "-": standard output
  std::FILE* f = nullptr;
  std::unique_ptr<finding_sink> sink;
};

}  // namespace

int run_check(const check_options& o) {
  ruleset rules;
  std::vector<diagnostic> diags;
  std::vector<std::string> paths = o.rule_paths;
  if (paths.empty() && o.inline_rules.empty()) {
    const auto dir = bundled_rules_dir();
    if (dir.empty()) {
      std::fputs("cgsl: no --rules or --rule given and the bundled rules were not found (set CGSL_RULES_DIR)\n", stderr);
      return exit_usage;
    }
    paths.push_back(dir.string());
  }
  {  // merged: a ruleId given twice, in one path or across --rules paths, is E308
    ruleset_result loaded;
    for (const auto& p : paths) merge_rules(loaded, load_rules(p, o.compile));
    diags = std::move(loaded.diagnostics);
    rules = std::move(loaded.value);
  }
  for (std::size_t i = 0; i < o.inline_rules.size(); ++i) {
    const std::string id = "rule-" + std::to_string(i + 1);
    compile_result c = compile(o.inline_rules[i], o.compile, "--rule#" + std::to_string(i + 1));
    diags.insert(diags.end(), c.diagnostics.begin(), c.diagnostics.end());
    if (!c.ok()) continue;
    rule_info info;
    info.id = id;
    info.name = o.inline_rules[i];
    info.logic = o.inline_rules[i];
    rules.rules.push_back(ruleset_entry{std::move(info), std::move(*c.value)});
  }
  print_diagnostics(diags);  // warnings (like '*') are shown; only errors stop the run
  if (std::any_of(diags.begin(), diags.end(), [](const diagnostic& d) { return d.level == severity::error; })) {
    return exit_usage;
  }
  rules = select_or_warn(rules, o.selection);
  if (rules.rules.empty()) {
    std::fputs(o.selection.empty() ? "cgsl: no rules to check\n"
                                   : "cgsl: no rules to check (--only, --skip and --min-severity left none)\n",
               stderr);
    return exit_usage;
  }

  // Accepted failures: every --exceptions file, then the baseline. A file with a problem stops
  // the run: a typo must never accept more than was written.
  exception_list accepted;
  {
    std::vector<exceptions_result> loaded;
    for (const auto& f : o.exception_files) loaded.push_back(load_exceptions(f));
    if (!o.baseline_file.empty()) loaded.push_back(load_baseline(o.baseline_file));
    bool ok = true;
    for (auto& l : loaded) {
      print_diagnostics(l.diagnostics);
      ok = ok && l.ok();
      accepted.append(l.value);
    }
    if (!ok) return exit_usage;
  }

  // The reports: formats paired in order with --output (none: the one format to stdout).
  std::vector<output_file> outs;
  if (o.outputs.empty()) {
    if (o.formats.size() > 1) {
      std::fputs("cgsl: several formats need an --output for each (\"-\" is standard output)\n", stderr);
      return exit_usage;
    }
    outs.push_back(output_file{o.formats.empty() ? "text" : o.formats.front(), "-"});
  } else {
    if (o.outputs.size() != o.formats.size()) {
      std::fprintf(stderr, "cgsl: %zu formats but %zu --output files: give one --output per format, in order\n",
                   o.formats.size(), o.outputs.size());
      return exit_usage;
    }
    std::size_t to_stdout = 0;
    for (std::size_t i = 0; i < o.formats.size(); ++i) {
      outs.push_back(output_file{o.formats[i], o.outputs[i]});
      if (o.outputs[i] == "-") ++to_stdout;
    }
    if (to_stdout > 1) {
      std::fputs("cgsl: only one report can go to standard output (--output -)\n", stderr);
      return exit_usage;
    }
  }
  auto open_out = [](const std::string& path) -> std::FILE* {
    return path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  };
  bool text_on_stdout = false;
  for (auto& out : outs) {
    out.f = open_out(out.path);
    if (out.f == nullptr) {
      std::fprintf(stderr, "cgsl: cannot write %s: %s\n", out.path.c_str(), std::strerror(errno));
      for (auto& other : outs) {
        if (other.f != nullptr && other.f != stdout) std::fclose(other.f);
      }
      return exit_write;
    }
    if (out.format == "text" && out.f == stdout) text_on_stdout = true;
  }

  scan_options so;
  so.input = o.input;
  so.threads = o.threads;
  so.eval = o.eval;
  so.eval.evidence = !o.no_evidence;
  so.json = o.eval_limits;
  so.window_bytes = o.window_bytes;
  // JSON Lines: every relevant pair; text and SARIF render failures and errors, and text lists
  // the other outcomes named by --show.
  so.show = o.show.value_or(outcome_set::relevant());

  if (!accepted.empty()) so.exceptions = &accepted;
  std::vector<finding_sink*> sinks;
  for (auto& out : outs) {
    if (out.format == "json") {
      out.sink = make_jsonl_reporter(file_writer(out.f));
    } else if (out.format == "sarif") {
      out.sink = make_sarif_reporter(file_writer(out.f));
    } else if (out.format == "junit") {
      junit_report_options jo;
      jo.max_failures = o.max_failures;
      out.sink = make_junit_reporter(file_writer(out.f), jo);
    } else if (out.format == "github") {
      github_report_options go;
      go.max_per_rule = o.max_failures;
      out.sink = make_github_reporter(file_writer(out.f), go);
    } else {
      text_report_options to;
      to.color = o.color && out.f == stdout;
      to.max_failures = o.max_failures;
      to.compact = o.compact;
      if (o.show) {
        for (outcome oc : {outcome::passed, outcome::matched, outcome::not_relevant}) {
          if (o.show->contains(oc)) to.list_outcomes.insert(oc);
        }
      }
      out.sink = make_text_reporter(file_writer(out.f), to);
    }
    sinks.push_back(out.sink.get());
  }
  output_file baseline_out{"baseline", o.write_baseline_file};
  if (o.write_baseline_file == "-" &&
      std::any_of(outs.begin(), outs.end(), [](const output_file& x) { return x.path == "-"; })) {
    std::fputs("cgsl: --write-baseline - and a report both on standard output: give one of them a file\n", stderr);
    for (auto& other : outs) {
      if (other.f != nullptr && other.f != stdout) std::fclose(other.f);
    }
    return exit_usage;
  }
  if (!o.write_baseline_file.empty()) {
    baseline_out.f = open_out(o.write_baseline_file);
    if (baseline_out.f == nullptr) {
      std::fprintf(stderr, "cgsl: cannot write %s: %s\n", o.write_baseline_file.c_str(), std::strerror(errno));
      return exit_write;
    }
    baseline_out.sink = make_baseline_writer(file_writer(baseline_out.f));
    sinks.push_back(baseline_out.sink.get());
  }

  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  bool shown = false;
  if (o.progress) {
    so.progress = [&](const scan_summary& s, bool done) {
      const auto now = std::chrono::steady_clock::now();
      const double elapsed = std::chrono::duration<double>(now - start).count();
      if (done) {
        if (!shown) return;
      } else if (elapsed < o.progress_delay || (shown && now - last < std::chrono::milliseconds(250))) {
        return;
      }
      last = now;
      shown = true;
      std::fprintf(stderr, "\rcgsl: %zu entities, %zu failed findings, %zu errors, %.1f s%s", s.entities + s.unreadable,
                   s.failed, s.errors, elapsed, done ? "\n" : "");
      std::fflush(stderr);
    };
  }

  std::vector<input_source> inputs;
  for (const auto& f : o.files) inputs.push_back(input_source::file(f));
  if (inputs.empty()) inputs.push_back(input_source::file("-"));
  const scan_summary summary = scan(rules, inputs, sinks, so);

  // Rules that applied to no entity and exceptions that expired or matched nothing: said on
  // stderr (a text report on stdout lists them).
  if (!text_on_stdout) {
    for (std::size_t i : summary.rules_without_entities) {
      std::fprintf(stderr, "cgsl: warning: %s applied to no entity: no entity of type %s was read\n",
                   rules.rules[i].info.id.c_str(), rules.rules[i].compiled.target_type().c_str());
    }
    for (const auto& w : summary.warnings) std::fprintf(stderr, "cgsl: warning: %s\n", w.c_str());
  }
  bool write_failed = summary.output_failed;
  outs.push_back(std::move(baseline_out));
  for (auto& out : outs) {
    if (out.f != nullptr && out.f != stdout && std::fclose(out.f) != 0) {
      std::fprintf(stderr, "cgsl: cannot write %s\n", out.path.c_str());
      write_failed = true;
    }
  }
  if (!o.summary_file.empty()) {
    std::FILE* f = o.summary_file == "-" ? stderr : std::fopen(o.summary_file.c_str(), "wb");
    const std::string json = summary_json(summary, rules) + "\n";
    if (f == nullptr || std::fwrite(json.data(), 1, json.size(), f) != json.size() || std::fflush(f) != 0) {
      std::fprintf(stderr, "cgsl: cannot write the summary to %s\n", o.summary_file.c_str());
      write_failed = true;
    }
    if (f != nullptr && f != stderr) std::fclose(f);
  }
  if (write_failed) {
    std::fputs("cgsl: error writing the output\n", stderr);
    return exit_write;
  }
  return summary.exit_code(o.fail_on);
}

}  // namespace cgsl::cli
