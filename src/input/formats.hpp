// SPDX-License-Identifier: Apache-2.0
// The document formats' readers and shared helpers (internal to src/input).
#ifndef CGSL_INPUT_FORMATS_HPP
#define CGSL_INPUT_FORMATS_HPP

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "input/input.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {

// Appends the rest of f to out; false on a read error.
[[nodiscard]] bool read_rest(std::FILE* f, std::string& out);

// Reads the rest of in after `text` (what was read already) and checks that the file did not
// shrink while it was read; reports a failure to sink and returns false.
[[nodiscard]] bool read_whole(opened_input& in, std::string& text, entity_sink& sink);

// "the file shrank while it was read (...)".
[[nodiscard]] std::string shrink_message(std::int64_t size_at_open, std::uint64_t bytes_read);

// A UTF-16 text with a byte order mark (either order) as UTF-8; any other text is left as it is.
void transcode_utf16(std::string& text);

// Blank, or only a UTF-8 byte order mark and white space.
[[nodiscard]] bool is_empty_input(std::string_view text) noexcept;

[[nodiscard]] diagnostic input_error(diag_code code, std::string message, const position& pos);

// The top-level JSON values of text (concatenated documents), as (offset, length), split
// lexically (brackets and strings), with no resynchronisation.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> split_values(std::string_view text);

// The next top-level value at or after `from` (white space and byte order marks skipped), split
// lexically; false at the end of the text.
[[nodiscard]] bool next_value(std::string_view text, std::size_t from, std::size_t& start,
                              std::size_t& length) noexcept;

// Where reading resumes after a value [start, end) that does not parse: the first line after
// `start` (and before `end`) that begins with '{' or '[' (a byte order mark allowed), else end.
// A truncated document in a file of concatenated ones (a shell loop over the AWS CLI, `jq -c`
// output, NDJSON) then costs one error, not every document after it.
[[nodiscard]] std::size_t resync_point(std::string_view text, std::size_t start, std::size_t end) noexcept;

// Where the first value of text starts: after white space and byte order marks.
[[nodiscard]] std::size_t first_value_offset(std::string_view text) noexcept;

// Calls on_value(root, offset of the value in the text) or on_value(root), whichever it takes;
// false when it returns false (stop), true otherwise.
template <typename OnValue>
bool call_on_value(OnValue& on_value, simdjson::dom::element root, std::size_t start) {
  if constexpr (std::is_invocable_v<OnValue&, simdjson::dom::element, std::size_t>) {
    if constexpr (std::is_same_v<std::invoke_result_t<OnValue&, simdjson::dom::element, std::size_t>, bool>) {
      return on_value(root, start);
    } else {
      on_value(root, start);
      return true;
    }
  } else if constexpr (std::is_same_v<std::invoke_result_t<OnValue&, simdjson::dom::element>, bool>) {
    return on_value(root);
  } else {
    on_value(root);
    return true;
  }
}

// Parses each top-level JSON value of text with parser and calls on_value(root) or
// on_value(root, offset) (returning bool: false stops; void: go on); a value over the size limit
// or malformed calls on_bad(simdjson error or SIMDJSON capacity for too large, offset, length),
// then reading resumes at its resync_point. Returns the number of values seen.
template <typename OnValue, typename OnBad>
std::size_t walk_values(std::string_view text, simdjson::dom::parser& parser, std::size_t max_bytes,
                        OnValue&& on_value, OnBad&& on_bad) {
  // The common case first: the text is one JSON value (simdjson refuses trailing content), so it
  // is parsed once and never scanned byte by byte.
  if (const std::size_t lead = first_value_offset(text); lead < text.size() && text.size() - lead <= max_bytes) {
    simdjson::dom::element root;
    if (parser.parse(text.data() + lead, text.size() - lead, true).get(root) == simdjson::SUCCESS) {
      (void)call_on_value(on_value, root, lead);
      return 1;
    }
  }
  std::size_t pos = 0, start = 0, length = 0, count = 0;
  while (next_value(text, pos, start, length)) {
    ++count;
    simdjson::dom::element root;
    simdjson::error_code err = simdjson::SUCCESS;
    if (length > max_bytes) {
      err = simdjson::CAPACITY;
    } else {
      err = parser.parse(text.data() + start, length, true).get(root);
    }
    if (err != simdjson::SUCCESS) {
      const std::size_t cut = resync_point(text, start, start + length);
      length = cut - start;
      on_bad(err, start, length);
      pos = start + length;
      continue;
    }
    pos = start + length;
    if (!call_on_value(on_value, root, start)) break;
  }
  return count;
}

// Parses each top-level JSON value of text with parser and calls on_value(root) for it. An input
// without any value, a value over the size limit and a malformed value are reported to sink at
// file#index; index counts the values (on_value may advance it for what it finds inside). A
// malformed value ends where the next document can start (resync_point).
template <typename OnValue>
void for_each_value(std::string_view text, const std::string& file, simdjson::dom::parser& parser,
                    const reader_options& options, entity_sink& sink, std::size_t& index,
                    OnValue&& on_value) {
  const std::size_t seen = walk_values(
      text, parser, options.json.max_bytes, on_value,
      [&](simdjson::error_code err, std::size_t, std::size_t) {
        position pos{file, 0, index++, {}};
        if (err == simdjson::CAPACITY) {
          sink.error(input_error(diag_code::json_too_large, "the document is larger than the limit", pos), pos);
        } else {
          sink.error(detail::json_error(err, pos.to_string()), pos);
        }
      });
  if (seen == 0) {
    // Only white space and byte order marks: no entity at all, which must not look clean.
    position pos{file, 0, 0, {}};
    sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
  }
}

// JSON: one entity, an array of entities, an object holding one under entities/assets/items, or
// several such documents concatenated. With notifications: CloudGuard notifications, whose
// `entity` member is the entity.
// `parsed`, when given, is the document already parsed whole (by sniffing): it is used instead
// of parsing text again.
void read_json_values(std::string_view text, const std::string& file, bool notifications,
                      entity_sink& sink, const reader_options& options,
                      const simdjson::dom::element* parsed = nullptr);

// `terraform show -json PLAN`: aws_ecr_repository (+ _policy, _lifecycle_policy) resources,
// child modules included, as EcrRepository entities positioned at their resource addresses.
void read_terraform_plan(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options);

// A CloudFormation template (JSON or YAML): every resource as an entity of type AWS_X_Y at
// file:line, AWS::ECR::Repository also as an EcrRepository entity (src/input/cloudformation.cpp).
void read_cloudformation(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options);

// Whether text (not JSON) looks like a YAML CloudFormation template: a line that starts with
// `AWSTemplateFormatVersion:` or `Resources:`.
[[nodiscard]] bool looks_like_yaml_template(std::string_view text) noexcept;

// Whether a JSON document is a CloudFormation template: AWSTemplateFormatVersion, or a Resources
// object whose members have a string Type.
[[nodiscard]] bool is_cloudformation_json(simdjson::dom::element root);

}  // namespace cgsl::io

#endif  // CGSL_INPUT_FORMATS_HPP
