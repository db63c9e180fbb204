// SPDX-License-Identifier: Apache-2.0
// cgsl::document: JSON text parsed by simdjson's DOM parser, owned together with its parser.
#include "cgsl/document.hpp"

#include "eval/json_view_access.hpp"
#include "json/document_impl.hpp"

namespace cgsl {
namespace detail {

diagnostic json_error(simdjson::error_code code, std::string_view source_name) {
  diagnostic d;
  d.source_name = std::string(source_name);
  switch (code) {
    case simdjson::DEPTH_ERROR:
      d.code = diag_code::json_too_deep;
      d.message = "JSON nesting is deeper than the limit";
      break;
    case simdjson::CAPACITY:
      d.code = diag_code::json_too_large;
      d.message = "JSON document is larger than the limit";
      break;
    case simdjson::UTF8_ERROR:
      d.code = diag_code::json_invalid_utf8;
      d.message = "the input is not valid UTF-8";
      break;
    case simdjson::EMPTY:
      d.code = diag_code::json_invalid;
      d.message = "empty input: no JSON value";
      break;
    default:
      d.code = diag_code::json_invalid;
      d.message = std::string("invalid JSON: ") + simdjson::error_message(code);
      break;
  }
  return d;
}

}  // namespace detail

document::document(std::unique_ptr<detail::document_impl> impl) noexcept : impl_(std::move(impl)) {}
document::document(document&&) noexcept = default;
document& document::operator=(document&&) noexcept = default;
document::~document() = default;

json_view document::root() const noexcept { return detail::json_view_access::from_element(impl_->root); }

document_result document::parse(std::string_view json, const parse_options& options) {
  document_result result;
  if (json.size() > options.max_bytes) {
    result.error = detail::json_error(simdjson::CAPACITY, "<json>");
    result.error.message = "JSON document is " + std::to_string(json.size()) +
                           " bytes, over the limit of " + std::to_string(options.max_bytes);
    return result;
  }
  auto impl = std::make_unique<detail::document_impl>();
  if (auto err = impl->parser.allocate(json.size(), options.max_depth); err) {
    result.error = detail::json_error(err, "<json>");
    return result;
  }
  if (auto err = impl->parser.parse(json.data(), json.size(), true).get(impl->root); err) {
    result.error = detail::json_error(err, "<json>");
    return result;
  }
  result.value.emplace(document(std::move(impl)));
  return result;
}

}  // namespace cgsl
