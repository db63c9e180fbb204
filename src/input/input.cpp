// SPDX-License-Identifier: Apache-2.0
// NDJSON (streamed in windows, one document per line) and JSON (one entity, an array, or a
// wrapper object) input, with format sniffing.
#include "input/input.hpp"

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "json/document_impl.hpp"

namespace cgsl::io {
namespace {

struct file_closer {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

file_ptr open_file(const std::string& name) {
  if (name == "-") return file_ptr(stdin);
  return file_ptr(std::fopen(name.c_str(), "rb"));
}

std::string display_name(const std::string& file) { return file == "-" ? "<stdin>" : file; }

diagnostic input_error(diag_code code, std::string message, const position& pos) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = pos.to_string();
  return d;
}

bool is_blank(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// Reads NDJSON in windows of whole lines into one reused, padded buffer; each line is parsed on
// its own (a bad line cannot take its neighbours with it).
class ndjson_reader {
 public:
  ndjson_reader(std::FILE* f, std::string file, entity_sink& sink, const reader_options& o)
      : f_(f), file_(std::move(file)), sink_(sink), options_(o) {
    // Sets the depth limit; capacity grows on demand (an allocation failure resurfaces in parse()).
    if (auto err = parser_.allocate(std::min<std::size_t>(o.window_bytes, 1u << 20), o.json.max_depth); err) {
      (void)err;
    }
  }

  void run(std::string_view prefix) {
    buf_.assign(prefix.begin(), prefix.end());
    bool eof = false;
    while (true) {
      if (!eof) eof = fill();
      // Process every complete line; keep the incomplete tail for the next window.
      std::size_t start = 0;
      while (true) {
        const void* nl = std::memchr(buf_.data() + start, '\n', buf_.size() - start);
        if (nl == nullptr) break;
        const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
        line(start, end);
        start = end + 1;
      }
      if (eof) {
        if (start < buf_.size()) line(start, buf_.size());
        finish();
        return;
      }
      buf_.erase(0, start);
    }
  }

 private:
  // Appends up to a window of input; returns true at end of input.
  bool fill() {
    const std::size_t old = buf_.size();
    buf_.resize(old + options_.window_bytes);
    const std::size_t got = std::fread(buf_.data() + old, 1, options_.window_bytes, f_);
    buf_.resize(old + got);
    if (got == 0 && std::ferror(f_)) {
      read_error_ = true;
      return true;
    }
    return got == 0 || std::feof(f_);
  }

  // A read error, or input without a single entity, is reported: an empty export must not look
  // like a clean run.
  void finish() {
    position pos{file_, line_no_, index_};
    if (read_error_) {
      sink_.error(input_error(diag_code::input_unreadable, "error while reading the input", pos), pos);
    } else if (index_ == 0) {
      sink_.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
    }
  }

  void line(std::size_t begin, std::size_t end) {
    ++line_no_;
    const char* p = buf_.data() + begin;
    std::size_t n = end - begin;
    if (n > 0 && p[n - 1] == '\r') --n;
    if (is_blank(p, n)) return;
    position pos{file_, line_no_, index_++};
    if (n > options_.json.max_bytes) {
      sink_.error(input_error(diag_code::json_too_large,
                              "the line is " + std::to_string(n) + " bytes, over the limit of " +
                                  std::to_string(options_.json.max_bytes),
                              pos),
                  pos);
      return;
    }
    simdjson::dom::element e;
    // The buffer holds whole windows; copy the line so simdjson's padding requirement holds.
    if (auto err = parser_.parse(p, n, true).get(e); err) {
      diagnostic d = detail::json_error(err, pos.to_string());
      sink_.error(d, pos);
      return;
    }
    sink_.entity(e, pos);
  }

  std::FILE* f_;
  std::string file_;
  entity_sink& sink_;
  const reader_options& options_;
  simdjson::dom::parser parser_;
  std::string buf_;
  std::size_t line_no_ = 0;
  std::size_t index_ = 0;
  bool read_error_ = false;

};

bool read_all(std::FILE* f, std::string& out) {
  char chunk[1 << 16];
  while (true) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, f);
    out.append(chunk, got);
    if (got < sizeof chunk) return !std::ferror(f);
  }
}

void read_json(const std::string& text, const std::string& file, entity_sink& sink,
               const reader_options& o) {
  position whole{file, 0, 0};
  if (text.size() > o.json.max_bytes) {
    sink.error(input_error(diag_code::json_too_large, "the document is larger than the limit", whole), whole);
    return;
  }
  simdjson::dom::parser parser;
  if (auto err = parser.allocate(text.size(), o.json.max_depth); err) {
    sink.error(detail::json_error(err, display_name(file)), whole);
    return;
  }
  simdjson::dom::element root;
  if (auto err = parser.parse(text.data(), text.size(), true).get(root); err) {
    sink.error(detail::json_error(err, display_name(file)), whole);
    return;
  }
  simdjson::dom::array list;
  bool is_list = root.get_array().get(list) == simdjson::SUCCESS;
  if (!is_list && root.type() == simdjson::dom::element_type::OBJECT) {
    for (const char* key : {"entities", "assets", "items"}) {
      if (root.at_key(key).get(list) == simdjson::SUCCESS) {
        is_list = true;
        break;
      }
    }
  }
  if (!is_list) {
    sink.entity(root, whole);
    return;
  }
  std::size_t index = 0;
  for (simdjson::dom::element e : list) {
    position pos{file, 0, index++};
    sink.entity(e, pos);
  }
}

void read_stream(std::FILE* in, const std::string& file, input_format format, entity_sink& sink,
                 const reader_options& options);

}  // namespace

std::optional<literal> literal_of(simdjson::dom::element e) {
  std::string_view s;
  bool b = false;
  double d = 0;
  if (e.get_string().get(s) == simdjson::SUCCESS) return literal{std::string(s)};
  if (e.get_bool().get(b) == simdjson::SUCCESS) return literal{b};
  if (e.is_number() && e.get_double().get(d) == simdjson::SUCCESS) return literal{d};
  return std::nullopt;
}

std::optional<input_format> parse_input_format(std::string_view name) noexcept {
  if (name == "auto") return input_format::automatic;
  if (name == "ndjson" || name == "jsonl") return input_format::ndjson;
  if (name == "json") return input_format::json;
  return std::nullopt;
}

std::string position::to_string() const {
  const std::string name = file == "-" ? "<stdin>" : file;
  if (line > 0) return name + ":" + std::to_string(line);
  return name + "#" + std::to_string(index);
}

void read_input(const std::string& file, input_format format, entity_sink& sink,
                const reader_options& options) {
  file_ptr f = open_file(file);
  if (!f) {
    position pos{file, 0, 0};
    sink.error(input_error(diag_code::input_unreadable,
                           std::string("cannot open the file: ") + std::strerror(errno), pos),
               pos);
    return;
  }
  read_stream(f.get(), file, format, sink, options);
}

void read_memory(std::string_view data, const std::string& name, input_format format,
                 entity_sink& sink, const reader_options& options) {
  // fmemopen cannot open an empty buffer: an empty input is read from a one-byte blank one.
  static char blank[] = " ";
  file_ptr f(data.empty() ? fmemopen(blank, 1, "rb")
                          : fmemopen(const_cast<char*>(data.data()), data.size(), "rb"));
  if (!f) {
    position pos{name, 0, 0};
    sink.error(input_error(diag_code::input_unreadable, "cannot read the input from memory", pos), pos);
    return;
  }
  read_stream(f.get(), name, format, sink, options);
}

namespace {

void read_stream(std::FILE* in, const std::string& file, input_format format, entity_sink& sink,
                 const reader_options& options) {
  if (format == input_format::ndjson) {
    ndjson_reader(in, file, sink, options).run({});
    return;
  }
  // JSON, or sniffing: read the first line; if it holds a complete JSON document and more input
  // follows, the input is NDJSON (streamed from here); otherwise it is one JSON document.
  std::string head;
  int c;
  while ((c = std::fgetc(in)) != EOF) {
    head.push_back(static_cast<char>(c));
    if (c == '\n' && !is_blank(head.data(), head.size())) break;
  }
  if (format == input_format::automatic && !head.empty() && head.back() == '\n') {
    simdjson::dom::parser probe;
    simdjson::dom::element e;
    const bool first_line_complete = probe.parse(head.data(), head.size(), true).get(e) == simdjson::SUCCESS;
    if (first_line_complete && e.type() == simdjson::dom::element_type::OBJECT) {
      int next;
      while ((next = std::fgetc(in)) != EOF && (next == ' ' || next == '\n' || next == '\r' || next == '\t')) {
        head.push_back(static_cast<char>(next));
      }
      if (next != EOF) {
        head.push_back(static_cast<char>(next));
        ndjson_reader(in, file, sink, options).run(head);
        return;
      }
    }
  }
  std::string text = std::move(head);
  if (!read_all(in, text)) {
    position pos{file, 0, 0};
    sink.error(input_error(diag_code::input_unreadable, "error while reading the file", pos), pos);
    return;
  }
  if (is_blank(text.data(), text.size())) {
    position pos{file, 0, 0};
    sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
    return;
  }
  read_json(text, file, sink, options);
}

}  // namespace
}  // namespace cgsl::io
