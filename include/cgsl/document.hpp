// SPDX-License-Identifier: Apache-2.0
// A parsed JSON document (an entity, or anything else) that rules can be evaluated over.
#ifndef CGSL_DOCUMENT_HPP
#define CGSL_DOCUMENT_HPP

#include "cgsl/export.hpp"

#include <memory>
#include <optional>
#include <string_view>

#include "cgsl/diagnostic.hpp"
#include "cgsl/options.hpp"
#include "cgsl/value.hpp"

namespace cgsl {

namespace detail {
struct document_impl;
}  // namespace detail

struct document_result;

// One parsed JSON document. Owns its memory (a copy of the text and the parsed tape), so the text
// given to parse() may be freed afterwards. Movable, not copyable. A document may be read by many
// threads at once once parsed (evaluating rules over it from several threads is fine).
class CGSL_EXPORT document {
 public:
  // Parses JSON text. Never throws for bad input: invalid JSON, invalid UTF-8, too deep or too
  // large input come back as a diagnostic (E301, E306, E302, E303) in the result. Any JSON value
  // parses (an entity is an object, which evaluation checks). Thread-safe.
  [[nodiscard]] static document_result parse(std::string_view json, const parse_options& options = {});

  // The root value; the view is valid as long as the document.
  [[nodiscard]] json_view root() const noexcept;

  document(document&&) noexcept;
  document& operator=(document&&) noexcept;
  ~document();

  // Not part of the API.
  [[nodiscard]] const detail::document_impl& internal_impl() const noexcept { return *impl_; }
  explicit document(std::unique_ptr<detail::document_impl> impl) noexcept;

 private:
  std::unique_ptr<detail::document_impl> impl_;
};

struct document_result {
  std::optional<document> value;
  diagnostic error;  // meaningful when !ok()

  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
};

}  // namespace cgsl

#endif  // CGSL_DOCUMENT_HPP
