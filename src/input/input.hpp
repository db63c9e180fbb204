// SPDX-License-Identifier: Apache-2.0
// Input adapters: the entity formats of README.md ("Input formats") read into simdjson elements.
// Every entity that comes in leaves as an entity or as an error with its position; a bad entity
// never hides the good ones after it.
#ifndef CGSL_INPUT_INPUT_HPP
#define CGSL_INPUT_INPUT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "cgsl/diagnostic.hpp"
#include "cgsl/options.hpp"
#include "cgsl/value.hpp"

namespace cgsl::io {

// The formats; `automatic` sniffs each file. Keep format_count in step (fuzzers iterate over it).
enum class input_format { automatic, ndjson, json, cloudguard, aws_ecr, terraform_plan, cloudformation };
inline constexpr int format_count = 7;

// "auto", "ndjson" ("jsonl"), "json", "cloudguard", "aws-ecr", "terraform-plan", "cloudformation".
[[nodiscard]] std::optional<input_format> parse_input_format(std::string_view name) noexcept;
[[nodiscard]] std::string_view format_name(input_format f) noexcept;

// Where an entity came from: "file:line" (line-oriented input), "file#index" (entities inside a
// document) or, for Terraform plans, "file:ADDRESS" (the resource address).
struct position {
  std::string file;
  std::size_t line = 0;   // 1-based; 0 = not line-oriented
  std::size_t index = 0;  // 0-based entity index within the file
  std::string address;    // Terraform resource address, when known
  [[nodiscard]] std::string to_string() const;
};

// Receives entities and errors in input order. The element is valid only during the call.
struct entity_sink {
  virtual ~entity_sink() = default;
  virtual void entity(simdjson::dom::element e, const position& pos) = 0;
  virtual void error(const diagnostic& d, const position& pos) = 0;
};

struct reader_options {
  parse_options json;                   // depth and size limits per document
  std::size_t window_bytes = 4u << 20;  // NDJSON read window
};

// A JSON string, number or boolean as a literal (named lists, test files); nullopt otherwise.
[[nodiscard]] std::optional<literal> literal_of(simdjson::dom::element e);

// Reads one input ("-" = standard input) and feeds sink. Never throws for bad input: unreadable
// files, malformed lines and documents become sink.error() calls.
void read_input(const std::string& file, input_format format, entity_sink& sink,
                const reader_options& options = {});

// Reads several inputs in order; AWS CLI outputs (aws-ecr, named or sniffed) are joined across
// all of them into one entity per repository, reported after the other inputs.
void read_inputs(const std::vector<std::string>& files, input_format format, entity_sink& sink,
                 const reader_options& options = {});

// The same over an in-memory input named `name` (embedding, fuzzing).
void read_memory(std::string_view data, const std::string& name, input_format format,
                 entity_sink& sink, const reader_options& options = {});

// ---- the building blocks, for the streaming pipeline of `cgsl check` ----------------------------

struct file_closer {
  void operator()(std::FILE* f) const noexcept;
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

// An input opened and sniffed: `format` is never automatic. For NDJSON, `unwrap_entity` says the
// lines are CloudGuard notifications whose `entity` member is the entity.
struct opened_input {
  std::string file;
  file_ptr stream;
  input_format format = input_format::json;
  bool unwrap_entity = false;
  std::string head;  // bytes already read while sniffing; they come first
  std::optional<diagnostic> error;  // the input could not be opened
  std::int64_t size_at_open = -1;   // a regular file's size when opened (a shrink is an error), or -1
  // A document that sniffing parsed whole, as one JSON value, within the reader's limits: the
  // reader evaluates this parse instead of parsing the text again (`head` still holds the text).
  std::shared_ptr<simdjson::dom::parser> parsed;
  simdjson::dom::element parsed_root;
};

// `limits` bound the parse that sniffing a document makes (and that the reader then reuses).
[[nodiscard]] opened_input open_input(const std::string& file, input_format requested,
                                      const parse_options& limits = {});
[[nodiscard]] opened_input open_memory(std::string_view data, const std::string& name,
                                       input_format requested, const parse_options& limits = {});
// An open stream that the caller owns: release `stream` before the opened_input is destroyed
// (the file_ptr would close it).
[[nodiscard]] opened_input open_stream(std::FILE* f, const std::string& name, input_format requested,
                                       const parse_options& limits = {});

// A window of whole NDJSON lines in a reused buffer with simdjson's padding after `size` bytes.
// The buffer is not zero-filled when it grows (a window is a few MiB, refilled many times).
struct window {
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;    // bytes in buffer; >= size + SIMDJSON_PADDING
  std::size_t size = 0;
  std::size_t first_line = 1;  // line number of the first byte
  bool unwrap_entity = false;
  std::vector<std::size_t> line_ends;  // offset of each '\n' in [0, size), found while reading
  [[nodiscard]] const char* data() const noexcept { return buffer.get(); }
  // Makes room for n bytes (keeping the first `keep`).
  void reserve(std::size_t n, std::size_t keep) {
    if (n <= capacity) return;
    const std::size_t grown = std::max(n, capacity + capacity / 2);
    std::unique_ptr<char[]> b(new char[grown]);
    if (keep > 0) std::memcpy(b.get(), buffer.get(), keep);
    buffer = std::move(b);
    capacity = grown;
  }
};

// Reads an opened NDJSON input in windows of whole lines, into the window's reused buffer (files,
// pipes and standard input alike: a memory-mapped file that shrinks while it is read would fault
// with SIGBUS). Once a read meets the end of the input, it never reads again. A regular file that
// ends short of the size it had when opened (truncated while read) is reported at the end.
// Windows own their bytes: they outlive the stream.
class ndjson_stream {
 public:
  ndjson_stream(opened_input& in, std::size_t window_bytes);
  ~ndjson_stream();
  ndjson_stream(const ndjson_stream&) = delete;
  ndjson_stream& operator=(const ndjson_stream&) = delete;
  // Fills w with the next window; false at the end of the input.
  bool next(window& w);
  // After the end: whether the input held nothing but white space, and whether reading failed.
  [[nodiscard]] bool blank() const noexcept { return blank_; }
  [[nodiscard]] bool read_failed() const noexcept { return read_failed_; }
  // After the end: whether a regular file ended short of the size it had when opened.
  [[nodiscard]] bool shrunk() const noexcept { return shrunk_; }
  [[nodiscard]] std::int64_t size_at_open() const noexcept { return in_.size_at_open; }
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_; }

 private:
  opened_input& in_;
  std::size_t window_bytes_;
  std::string carry_;
  std::size_t next_line_ = 1;
  bool eof_ = false;
  bool blank_ = true;
  bool read_failed_ = false;
  bool shrunk_ = false;
  std::uint64_t bytes_read_ = 0;
  void finish_window(window& w, std::size_t size);
  void check_shrunk();
};

// After the last window: reports a read error, or an input with no entity at all, to sink.
void report_stream_end(const ndjson_stream& stream, const std::string& file, entity_sink& sink);

// Parses each non-blank line of w and calls on_entity(element, line) or on_error(diagnostic,
// line), in line order; uses `parser` for every line (no copy: the window is padded). The window
// is parsed as one stream (simdjson's parse_many: stage 1 once per window, not once per line);
// parse_many is all-or-nothing and does not know lines, so each document it gives is accepted only
// when it is an object that fills its line alone, with nothing but white space before it, and from
// the first document that is not (a bad line, two values on a line, a value over several lines, a
// line over the size limit, a truncated last value) the rest of the window is parsed line by line.
// Either way every line gives exactly what parse_line gives for it.
template <typename OnEntity, typename OnError>
void parse_window(const window& w, simdjson::dom::parser& parser, const std::string& file,
                  const parse_options& limits, OnEntity&& on_entity, OnError&& on_error);

// What makes a parsed line an entity: a CloudGuard notification is unwrapped to its "entity",
// and a whole AWS CLI output or IaC document is refused. Applied to e in place.
[[nodiscard]] std::optional<diagnostic> accept_entity(simdjson::dom::element& e, bool unwrap_entity);

// One NDJSON line: parsed (and unwrapped) into e, or a diagnostic.
[[nodiscard]] std::optional<diagnostic> parse_line(simdjson::dom::parser& parser, const char* p,
                                                   std::size_t n, bool unwrap_entity,
                                                   const parse_options& limits,
                                                   simdjson::dom::element& e);

// Reads an opened document input (json, cloudguard, terraform-plan; aws-ecr alone) and feeds sink.
void read_document(opened_input& in, entity_sink& sink, const reader_options& options);

// Joins AWS CLI ECR outputs from several opened inputs into EcrRepository entities.
void read_aws_ecr(std::vector<opened_input>& inputs, entity_sink& sink, const reader_options& options);

// ---- template definition --------------------------------------------------------------------

[[nodiscard]] bool is_blank(const char* p, std::size_t n) noexcept;

template <typename OnEntity, typename OnError>
void parse_window(const window& w, simdjson::dom::parser& parser, const std::string& file,
                  const parse_options& limits, OnEntity&& on_entity, OnError&& on_error) {
  const char* const base = w.data();
  const std::size_t size = w.size;
  const std::vector<std::size_t>& ends = w.line_ends;
  const auto end_of = [&](std::size_t i) { return i < ends.size() ? ends[i] : size; };
  std::size_t line = 0;    // index (in the window) of the line that starts at `done`
  std::size_t done = 0;    // every byte before it is delivered
  if (size == 0) return;
  {
#ifdef SIMDJSON_THREADS_ENABLED
    parser.threaded = false;  // no stage-1 thread of simdjson's own: the scan has its workers
#endif
    // Batches of 128 KiB: a batch and its structural indexes stay in a core's L2 cache between
    // simdjson's two stages. A line longer than a batch is parsed by the line-by-line path.
    constexpr std::size_t min_batch = 1u << 12, max_batch = 1u << 17;
    const std::size_t batch = std::max(std::min(size, max_batch), min_batch);
    simdjson::dom::document_stream docs;
    if (parser.parse_many(reinterpret_cast<const std::uint8_t*>(base), size, batch).get(docs) == simdjson::SUCCESS) {
      for (auto it = docs.begin(); it != docs.end(); ++it) {
        simdjson::dom::element e;
        if ((*it).get(e) != simdjson::SUCCESS) break;
        const std::size_t start = it.current_index();
        // The checks that make a document one whole line. Some are implied by parse_many's own
        // (it gives no document that starts before the previous one ended, and nothing but white
        // space lies between documents); they stay, as they cost nothing and guard the arithmetic.
        if (start < done || start >= size || base[start] != '{' || !is_blank(base + done, start - done)) break;
        std::size_t at = line;
        while (at < ends.size() && ends[at] < start) ++at;
        const std::size_t line_begin = at == 0 ? 0 : ends[at - 1] + 1;
        const std::size_t line_end = end_of(at);
        const std::size_t doc_end = start + it.source().size();
        std::size_t n = line_end - line_begin;
        if (n > 0 && base[line_begin + n - 1] == '\r') --n;
        if (doc_end > line_end || !is_blank(base + doc_end, line_end - doc_end) || n > limits.max_bytes) break;
        const std::size_t number = w.first_line + at;
        if (auto err = accept_entity(e, w.unwrap_entity)) {
          err->source_name = file + ":" + std::to_string(number);
          on_error(*err, number);
        } else {
          on_entity(e, number);
        }
        line = at + 1;
        done = line_end + 1;
      }
    }
  }
  // Line by line from the first line the stream did not deliver.
  const char* p = base + std::min(done, size);
  const char* const end = base + size;
  std::size_t number = w.first_line + line;
  std::size_t next_end = line;  // index into w.line_ends
  while (p < end) {
    const char* line_end = next_end < ends.size() ? base + ends[next_end++] : end;
    std::size_t n = static_cast<std::size_t>(line_end - p);
    if (n > 0 && p[n - 1] == '\r') --n;
    if (!is_blank(p, n)) {
      simdjson::dom::element e;
      if (auto err = parse_line(parser, p, n, w.unwrap_entity, limits, e)) {
        err->source_name = file + ":" + std::to_string(number);
        on_error(*err, number);
      } else {
        on_entity(e, number);
      }
    }
    ++number;
    p = line_end + 1;
  }
}

}  // namespace cgsl::io

#endif  // CGSL_INPUT_INPUT_HPP
