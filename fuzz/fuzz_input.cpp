// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary bytes through every input adapter, by the dispatch `cgsl check` uses
// (cgsl::scan over an in-memory input). The first byte chooses the format (modulo
// cgsl::input_format_count) and the NDJSON read window; the rest is the input. Every unreadable
// entity must be an error finding with an input diagnostic (E3xx) and a position; findings come
// in input order; the summary's counts add up.
#include "fuzz_common.hpp"
#include "cgsl/scan.hpp"

namespace {

// Every input format: cgsl::input_format_count is kept in step with the enum (cgsl/scan.hpp), so
// a format added there is fuzzed without a change here.
constexpr unsigned kFormats = static_cast<unsigned>(cgsl::input_format_count);
static_assert(kFormats > static_cast<unsigned>(cgsl::input_format::json));

// NDJSON read windows: one larger than any input the fuzzer makes (-max_len in fuzz/run; it
// behaves as the 4 MiB default without allocating 4 MiB per run), and tiny ones that split every
// line across reads.
constexpr std::size_t kWindows[] = {std::size_t{64} << 10, 1, 7, 64};

// Two rules, so the scan's dispatch by type and its accounting are exercised too.
const cgsl::ruleset& rules() {
  static const cgsl::ruleset rs = [] {
    cgsl::ruleset r;
    for (const char* text : {"EcrRepository should have policy.document.Statement contain [ Effect='Allow' ]",
                             "S3Bucket should not have acl.grants contain-any [ uri like '%AllUsers' ]"}) {
      cgsl::compile_result c = cgsl::compile(text);
      cgsl::rule_info info;
      info.id = text;
      info.name = text;
      r.rules.push_back({info, *c.value});
    }
    return r;
  }();
  return rs;
}

// Checks every finding as it arrives: input order, and every unreadable entity an E3xx error
// with a message, a code and a position.
struct checking_sink final : cgsl::finding_sink {
  std::size_t findings = 0, errors = 0, last_line = 0;
  std::string last_file;
  void add(const cgsl::finding& f) override {
    ++findings;
    // Lines are the order of line-oriented input. A Terraform resource (it has an address) comes
    // in the plan's join order (prior state, planned values, changes; EcrRepository entities after
    // the resources they are built from), and its line only places it: not checked for order.
    if (f.address.empty()) {
      if (f.file == last_file) {
        cgsl_fuzz::check(f.line == 0 || f.line >= last_line, "findings out of input order", std::string(f.source));
      }
      last_file = std::string(f.file);
      last_line = f.line;
    }
    if (f.result == cgsl::outcome::error) ++errors;
    if (f.rule == nullptr) {
      cgsl_fuzz::check(f.result == cgsl::outcome::error, "an unreadable entity that is not an error");
      cgsl_fuzz::check(f.code.size() == 4 && f.code[0] == 'E' && f.code[1] == '3', "an input error outside E3xx",
                       std::string(f.code) + " " + std::string(f.message));
      cgsl_fuzz::check(!f.message.empty(), "an input error without a message");
      cgsl_fuzz::check(!f.source.empty(), "an input error without a position");
    }
    if (f.result != cgsl::outcome::failed) cgsl_fuzz::check(f.evidence.empty(), "evidence on a non-failed finding");
  }
};

// Every finding as one line, to compare two scans of the same input.
struct recording_sink final : cgsl::finding_sink {
  std::vector<std::string> lines;
  void add(const cgsl::finding& f) override {
    lines.push_back(std::to_string(f.line) + " " + std::string(cgsl::to_string(f.result)) + " " + std::string(f.code) +
                    " " + std::string(f.entity) + " " + std::string(f.message));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format = static_cast<cgsl::input_format>(data[0] % kFormats);
  cgsl::scan_options options;
  options.input = format;
  options.threads = 1;
  options.show = cgsl::outcome_set::all();
  options.window_bytes = kWindows[(data[0] / kFormats) % std::size(kWindows)];
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  checking_sink sink;
  // The same input dispatch as `cgsl check` (cgsl::scan over an in-memory input).
  const cgsl::scan_summary s = cgsl::scan(rules(), {cgsl::input_source::borrowed("fuzz", input)}, {&sink}, options);
  // Nothing disappears from the accounting: every (entity, rule) pair counted once, every
  // unreadable entity one error finding.
  for (const auto& t : s.rules) {
    std::size_t total = 0;
    for (std::size_t n : t.outcomes) total += n;
    cgsl_fuzz::check(total == s.entities, "a rule's outcomes do not add up to the entities read");
  }
  cgsl_fuzz::check(sink.findings == s.entities * rules().rules.size() + s.unreadable,
                   "findings delivered differ from the pairs counted");
  cgsl_fuzz::check(s.errors >= s.unreadable, "errors fewer than unreadable entities");
  // Every input leaves a trace: at least one entity or error, except a JSON list that is empty
  // (docs/architecture.md: empty input is an error). Checked for the formats documented so.
  // (This check found that blanks and byte order marks alone read as no input at all:
  // fuzz/regressions/input/bom-between-blank-lines.)
  if (format <= cgsl::input_format::json && s.entities + s.unreadable == 0) {
    cgsl_fuzz::check(input.find('[') != std::string_view::npos,
                     "an input that produced neither an entity nor an error", input.substr(0, 200));
  }
  // NDJSON windows are parsed as one simdjson stream with a line-by-line fallback
  // (io::parse_window); a window of one line is parsed as that line alone. Both must give the
  // same findings for every input.
  if (format == cgsl::input_format::ndjson) {
    recording_sink whole, by_line;
    cgsl::scan_options o = options;
    o.window_bytes = kWindows[0];
    (void)cgsl::scan(rules(), {cgsl::input_source::borrowed("fuzz", input)}, {&whole}, o);
    o.window_bytes = 1;
    (void)cgsl::scan(rules(), {cgsl::input_source::borrowed("fuzz", input)}, {&by_line}, o);
    cgsl_fuzz::check(whole.lines == by_line.lines, "an NDJSON window read as a stream differs from its lines",
                     whole.lines.size() != by_line.lines.size() ? "different number of findings" : "");
  }
  return 0;
}
