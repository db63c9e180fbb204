// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary bytes through every input adapter (cgsl::io::read_memory). The first byte
// chooses the format (modulo cgsl::io::format_count) and the NDJSON read window; the rest is the input. Every
// entity handed to the sink is walked in full and every error must carry an input diagnostic
// (E3xx) and a position. Entities come in input order.
#include "fuzz_common.hpp"
#include "input/input.hpp"

namespace {

// Every input format: cgsl::io::format_count is kept in step with the enum (input/input.hpp), so
// a format added there is fuzzed without a change here.
constexpr unsigned kFormats = static_cast<unsigned>(cgsl::io::format_count);
static_assert(kFormats > static_cast<unsigned>(cgsl::io::input_format::json));

// NDJSON read windows: one larger than any input the fuzzer makes (-max_len in fuzz/run; it
// behaves as the 4 MiB default without allocating 4 MiB per run), and tiny ones that split every
// line across reads.
constexpr std::size_t kWindows[] = {std::size_t{64} << 10, 1, 7, 64};

struct checking_sink : cgsl::io::entity_sink {
  std::size_t entities = 0;
  std::size_t errors = 0;
  std::size_t last_line = 0;
  std::size_t bytes = 0;

  void entity(simdjson::dom::element e, const cgsl::io::position& pos) override {
    ++entities;
    in_order(pos);
    bytes += simdjson::to_string(e).size();  // walks the whole element
  }
  void error(const cgsl::diagnostic& d, const cgsl::io::position& pos) override {
    ++errors;
    in_order(pos);
    cgsl_fuzz::check(cgsl_fuzz::is_code_in(d, 300, 399), "an input error outside E3xx", d.message);
    cgsl_fuzz::check(!d.message.empty(), "an input error without a message");
    cgsl_fuzz::check(!pos.to_string().empty(), "an input error without a position");
    (void)cgsl::format(d);
  }
  void in_order(const cgsl::io::position& pos) {
    cgsl_fuzz::check(pos.line == 0 || pos.line >= last_line, "entities out of input order", pos.to_string());
    last_line = pos.line;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format = static_cast<cgsl::io::input_format>(data[0] % kFormats);
  cgsl::io::reader_options options;
  options.window_bytes = kWindows[(data[0] / kFormats) % std::size(kWindows)];
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  checking_sink sink;
  cgsl::io::read_memory(input, "fuzz", format, sink, options);
  // Every input leaves a trace: at least one entity or error, except a JSON list that is empty
  // (docs/architecture.md: empty input is an error). Checked for the formats documented so.
  // (This check found that blanks and byte order marks alone read as no input at all:
  // fuzz/regressions/input/bom-between-blank-lines.)
  if (format <= cgsl::io::input_format::json && sink.entities + sink.errors == 0) {
    cgsl_fuzz::check(input.find('[') != std::string_view::npos,
                     "an input that produced neither an entity nor an error", input.substr(0, 200));
  }
  return 0;
}
