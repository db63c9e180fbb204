// SPDX-License-Identifier: Apache-2.0
// Input adapters: files in the entity formats of README.md, read into simdjson elements one
// entity at a time. Every entity that comes in leaves as an entity or as an error, with its
// position; a bad entity never hides the good ones after it.
#ifndef CGSL_INPUT_INPUT_HPP
#define CGSL_INPUT_INPUT_HPP

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "cgsl/diagnostic.hpp"
#include "cgsl/options.hpp"
#include "cgsl/value.hpp"

namespace cgsl::io {

enum class input_format { automatic, ndjson, json };

// "auto", "ndjson", "json" -> format; nullopt for anything else.
[[nodiscard]] std::optional<input_format> parse_input_format(std::string_view name) noexcept;

// Where an entity came from: "file:line" (line-oriented input) or "file#index" (JSON arrays).
struct position {
  std::string file;
  std::size_t line = 0;   // 1-based; 0 = not line-oriented
  std::size_t index = 0;  // 0-based entity index within the file
  [[nodiscard]] std::string to_string() const;
};

// Receives entities and errors in input order. The element is valid only during the call.
struct entity_sink {
  virtual ~entity_sink() = default;
  virtual void entity(simdjson::dom::element e, const position& pos) = 0;
  virtual void error(const diagnostic& d, const position& pos) = 0;
};

struct reader_options {
  parse_options json;                       // depth and size limits per document
  std::size_t window_bytes = 4u << 20;      // NDJSON read window
};

// A JSON string, number or boolean as a literal (named lists, test files); nullopt otherwise.
[[nodiscard]] std::optional<literal> literal_of(simdjson::dom::element e);

// Reads `file` ("-" = standard input) in `format` and feeds sink. Never throws for bad input:
// unreadable files, malformed lines and documents become sink.error() calls.
void read_input(const std::string& file, input_format format, entity_sink& sink,
                const reader_options& options = {});

// The same over an in-memory input named `name` (embedding, fuzzing).
void read_memory(std::string_view data, const std::string& name, input_format format,
                 entity_sink& sink, const reader_options& options = {});

}  // namespace cgsl::io

#endif  // CGSL_INPUT_INPUT_HPP
