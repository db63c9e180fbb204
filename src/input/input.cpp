// SPDX-License-Identifier: Apache-2.0
// Opening and sniffing inputs; NDJSON windows; JSON and CloudGuard documents; the dispatch.
#include "input/input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {

void file_closer::operator()(std::FILE* f) const noexcept {
  if (f != nullptr && f != stdin) std::fclose(f);
}

// Blank, or only a UTF-8 byte order mark and white space: an input without any entity.
bool is_empty_input(std::string_view text) noexcept {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return is_blank(text.data(), text.size());
}

bool is_blank(const char* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

diagnostic input_error(diag_code code, std::string message, const position& pos) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = pos.to_string();
  return d;
}

std::optional<literal> literal_of(simdjson::dom::element e) {
  std::string_view s;
  bool b = false;
  double d = 0;
  if (e.get_string().get(s) == simdjson::SUCCESS) return literal{std::string(s)};
  if (e.get_bool().get(b) == simdjson::SUCCESS) return literal{b};
  // An integer that a double cannot hold exactly (beyond 2^53) is kept as its decimal text: a
  // numeric string compares with numbers by exact value (docs/language.md), so the list entry
  // 9007199254740993 matches exactly that integer and not its rounded neighbour.
  std::int64_t i = 0;
  std::uint64_t u = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) {
    constexpr std::int64_t exact_limit = std::int64_t{1} << 53;
    if (i >= -exact_limit && i <= exact_limit) {
      return literal{static_cast<double>(i)};
    }
    return literal{std::to_string(i)};
  }
  if (e.get_uint64().get(u) == simdjson::SUCCESS) return literal{std::to_string(u)};
  if (e.is_number() && e.get_double().get(d) == simdjson::SUCCESS) return literal{d};
  return std::nullopt;
}

std::optional<input_format> parse_input_format(std::string_view name) noexcept {
  if (name == "auto") return input_format::automatic;
  if (name == "ndjson" || name == "jsonl") return input_format::ndjson;
  if (name == "json") return input_format::json;
  if (name == "cloudguard") return input_format::cloudguard;
  if (name == "aws-ecr") return input_format::aws_ecr;
  if (name == "terraform-plan") return input_format::terraform_plan;
  if (name == "cloudformation") return input_format::cloudformation;
  return std::nullopt;
}

std::string_view format_name(input_format f) noexcept {
  switch (f) {
    case input_format::automatic:
      return "auto";
    case input_format::ndjson:
      return "ndjson";
    case input_format::json:
      return "json";
    case input_format::cloudguard:
      return "cloudguard";
    case input_format::aws_ecr:
      return "aws-ecr";
    case input_format::terraform_plan:
      return "terraform-plan";
    case input_format::cloudformation:
      return "cloudformation";
  }
  return "json";
}

std::string position::to_string() const {
  const std::string name = file == "-" ? "<stdin>" : file;
  // FILE:LINE wherever the line is known (a Terraform resource's address is the entity's id).
  if (line > 0) return name + ":" + std::to_string(line);
  if (!address.empty()) return name + ":" + address;
  return name + "#" + std::to_string(index);
}

bool next_value(std::string_view text, std::size_t from, std::size_t& start, std::size_t& length) noexcept {
  std::size_t i = from;
  const std::size_t n = text.size();
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < n) {
    while (i < n && ws(text[i])) ++i;
    if (i >= n) return false;
    // A UTF-8 byte order mark before a value is skipped.
    if (text.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      i += 3;
      continue;
    }
    break;
  }
  if (i >= n) return false;
  start = i;
  if (text[i] == '{' || text[i] == '[') {
    int depth = 0;
    for (; i < n; ++i) {
      const char c = text[i];
      if (c == '"') {
        for (++i; i < n && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++i;
          break;
        }
      }
    }
  } else {
    // A scalar or stray text: up to the next white space.
    while (i < n && !ws(text[i])) ++i;
  }
  length = std::min(i, n) - start;
  return true;
}

std::size_t first_value_offset(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (text.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

std::size_t resync_point(std::string_view text, std::size_t start, std::size_t end) noexcept {
  std::size_t i = start;
  while (true) {
    const std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos || nl + 1 >= end) return end;
    i = nl + 1;
    std::size_t j = i;
    if (text.compare(j, 3, "\xEF\xBB\xBF") == 0) j += 3;
    if (j < text.size() && (text[j] == '{' || text[j] == '[')) return i;
  }
}

std::vector<std::pair<std::size_t, std::size_t>> split_values(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0, length = 0, pos = 0;
  while (next_value(text, pos, start, length)) {
    out.emplace_back(start, length);
    pos = start + length;
  }
  return out;
}

bool read_rest(std::FILE* f, std::string& out) {
  char chunk[1 << 16];
  // Once a read met the end, never read again (a terminal would wait for another Ctrl-D).
  if (std::feof(f) != 0) return std::ferror(f) == 0;
  while (true) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, f);
    out.append(chunk, got);
    if (got < sizeof chunk) return !std::ferror(f);
  }
}

namespace {

bool has_member(simdjson::dom::element e, const char* key) {
  simdjson::dom::element v;
  return e.at_key(key).get(v) == simdjson::SUCCESS;
}

bool is_notification(simdjson::dom::element e) {
  simdjson::dom::object entity;
  return e.type() == simdjson::dom::element_type::OBJECT && !has_member(e, "type") &&
         e.at_key("entity").get(entity) == simdjson::SUCCESS;
}

// An output of aws ecr describe-repositories / get-repository-policy / get-lifecycle-policy, or a
// repository object of describe-repositories (`jq '.repositories[]'`); never an object with a type.
bool is_aws_ecr_output(simdjson::dom::element root) {
  if (root.type() != simdjson::dom::element_type::OBJECT || has_member(root, "type")) return false;
  simdjson::dom::array repos;
  std::string_view name, arn;
  if (root.at_key("repositories").get(repos) == simdjson::SUCCESS) return true;
  if (root.at_key("repositoryName").get(name) != simdjson::SUCCESS) return false;
  if (has_member(root, "policyText") || has_member(root, "lifecyclePolicyText")) return true;
  return root.at_key("repositoryArn").get(arn) == simdjson::SUCCESS && arn.substr(0, 8) == "arn:aws:";
}

// The format a JSON value's shape names: a Terraform plan or state, an AWS CLI ECR output, a
// CloudGuard notification (or an array of them); anything else is plain JSON.
input_format shape_of(simdjson::dom::element root) {
  if (root.type() == simdjson::dom::element_type::OBJECT) {
    // `{"format_version":"1.0"}` alone is what `terraform show -json` writes without a state.
    const simdjson::dom::object members = root.get_object().value_unsafe();
    if (has_member(root, "format_version") &&
        (has_member(root, "planned_values") || has_member(root, "resource_changes") ||
         has_member(root, "values") || has_member(root, "terraform_version") || members.size() == 1)) {
      return input_format::terraform_plan;
    }
    if (is_aws_ecr_output(root)) return input_format::aws_ecr;
    if (is_notification(root)) return input_format::cloudguard;
    if (is_cloudformation_json(root)) return input_format::cloudformation;
  } else if (root.type() == simdjson::dom::element_type::ARRAY) {
    simdjson::dom::array a = root.get_array().value_unsafe();
    for (simdjson::dom::element first : a) {
      if (is_notification(first)) return input_format::cloudguard;
      if (is_aws_ecr_output(first)) return input_format::aws_ecr;  // jq -s, [.repositories[]]
      break;
    }
  }
  return input_format::json;
}

// An untyped object that is a whole AWS CLI output or Terraform plan is not an entity: read as
// one (--input json / ndjson, or --type given), it would pass every rule on its missing policy.
std::optional<diagnostic> foreign_document(simdjson::dom::element e) {
  if (e.type() != simdjson::dom::element_type::OBJECT || has_member(e, "type")) return std::nullopt;
  const input_format f = shape_of(e);
  if (f != input_format::aws_ecr && f != input_format::terraform_plan && f != input_format::cloudformation) {
    return std::nullopt;
  }
  diagnostic d;
  d.code = diag_code::input_format;
  d.message = f == input_format::aws_ecr
                  ? "an output of the AWS CLI (aws ecr ...), not an entity: read it with --input aws-ecr (or auto)"
              : f == input_format::cloudformation
                  ? "a CloudFormation template, not an entity: read it with --input cloudformation (or auto)"
                  : "a Terraform plan or state, not an entity: read it with --input terraform-plan (or auto)";
  return d;
}

// The format of a whole document, from its first value that parses (a truncated first one must
// not turn a file of AWS CLI outputs into plain JSON).
input_format sniff_document(std::string_view text) {
  simdjson::dom::parser parser;
  input_format found = input_format::json;
  (void)walk_values(
      text, parser, parse_options{}.max_bytes,
      [&](simdjson::dom::element root) {
        found = shape_of(root);
        return false;
      },
      [](simdjson::error_code, std::size_t, std::size_t) {});
  return found;
}

// Whether a document that does not parse as JSON values is in fact line-oriented (NDJSON whose
// first line is truncated or bad): two or more non-blank lines, and at least half of them are
// complete JSON objects each on its own. first_object is set to the first such line's shape.
bool looks_line_oriented(std::string_view text, input_format& first_shape) {
  simdjson::dom::parser parser;
  std::size_t lines = 0, objects = 0;
  bool shaped = false;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(i, nl - i);
    i = nl + 1;
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (is_blank(line.data(), line.size())) continue;
    ++lines;
    simdjson::dom::element e;
    if (parser.parse(line.data(), line.size(), true).get(e) == simdjson::SUCCESS &&
        e.type() == simdjson::dom::element_type::OBJECT) {
      ++objects;
      if (!shaped) {
        first_shape = shape_of(e);
        shaped = true;
      }
    }
  }
  return lines >= 2 && objects >= 1 && 2 * objects >= lines;
}

// A cheap first look (a document is not parsed twice for nothing): whether one of the few
// non-blank lines after the first is a complete JSON object on its own.
bool later_line_is_object(std::string_view text) {
  simdjson::dom::parser parser;
  std::size_t i = 0, lines = 0;
  while (i < text.size() && lines < 4) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(i, nl - i);
    i = nl + 1;
    if (is_blank(line.data(), line.size())) continue;
    if (lines++ == 0) continue;
    simdjson::dom::element e;
    if (parser.parse(line.data(), line.size(), true).get(e) == simdjson::SUCCESS &&
        e.type() == simdjson::dom::element_type::OBJECT) {
      return true;
    }
  }
  return false;
}

// Whether every top-level value of text parses.
bool parses_cleanly(std::string_view text) {
  simdjson::dom::parser parser;
  bool clean = true;
  (void)walk_values(
      text, parser, parse_options{}.max_bytes, [](simdjson::dom::element) { return true; },
      [&](simdjson::error_code, std::size_t, std::size_t) { clean = false; });
  return clean;
}

// Reads the first line (after leading blank lines) into in.head and tells whether the input is
// line-oriented: a complete JSON object on the first line, and more input after it. A first line
// that is a whole Terraform plan or AWS CLI output (`terraform show -json`, `jq -c`) is not
// NDJSON: such files are read as their format, however many outputs they concatenate.
bool sniff_ndjson(opened_input& in, bool& notification) {
  std::FILE* f = in.stream.get();
  int c;
  bool content = false;  // a non-blank byte seen (kept as we go: no rescans, linear in blank lines)
  while (std::feof(f) == 0 && (c = std::fgetc(f)) != EOF) {
    in.head.push_back(static_cast<char>(c));
    if (c == '\n') {
      if (content) break;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      content = true;
    }
  }
  if (in.head.empty() || in.head.back() != '\n') return false;
  simdjson::dom::parser probe;
  simdjson::dom::element e;
  if (probe.parse(in.head.data(), in.head.size(), true).get(e) != simdjson::SUCCESS ||
      e.type() != simdjson::dom::element_type::OBJECT) {
    return false;
  }
  const input_format shape = shape_of(e);
  if (shape == input_format::terraform_plan || shape == input_format::aws_ecr ||
      shape == input_format::cloudformation) {
    return false;
  }
  notification = is_notification(e);
  int next;
  while ((next = std::fgetc(f)) != EOF && (next == ' ' || next == '\n' || next == '\r' || next == '\t')) {
    in.head.push_back(static_cast<char>(next));
  }
  if (next == EOF) return false;
  in.head.push_back(static_cast<char>(next));
  return true;
}

}  // namespace

// A document in UTF-16 with a byte order mark (PowerShell's `terraform show -json > plan.json`
// writes UTF-16LE) becomes UTF-8; CRLF line ends need nothing (JSON white space).
void transcode_utf16(std::string& text) {
  if (text.size() < 2) return;
  const auto b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
  const bool le = b0 == 0xFF && b1 == 0xFE, be = b0 == 0xFE && b1 == 0xFF;
  if (!le && !be) return;
  std::string out;
  out.reserve(text.size() / 2);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    return le ? (std::uint32_t{a} | (std::uint32_t{b} << 8)) : ((std::uint32_t{a} << 8) | std::uint32_t{b});
  };
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    std::uint32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < text.size()) {
      const std::uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        c = 0xFFFD;
      }
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    detail::append_utf8(out, c);
  }
  text = std::move(out);
}

namespace {

// Parses a whole document once, as one JSON value within the limits, and keeps the parse for the
// reader (in.parsed); false when the text is not exactly one value (or over a limit).
bool parse_whole(opened_input& in, const parse_options& limits) {
  const std::size_t lead = first_value_offset(in.head);
  if (lead >= in.head.size() || in.head.size() - lead > limits.max_bytes) return false;
  auto parser = std::make_shared<simdjson::dom::parser>();
  if (parser->allocate(in.head.size() - lead, limits.max_depth) != simdjson::SUCCESS) return false;
  simdjson::dom::element root;
  if (parser->parse(in.head.data() + lead, in.head.size() - lead, true).get(root) != simdjson::SUCCESS) return false;
  in.parsed = std::move(parser);
  in.parsed_root = root;
  return true;
}

void resolve(opened_input& in, input_format requested, const parse_options& limits) {
  if (requested == input_format::ndjson) {
    in.format = input_format::ndjson;
    return;
  }
  if (requested == input_format::json || requested == input_format::aws_ecr ||
      requested == input_format::terraform_plan || requested == input_format::cloudformation) {
    in.format = requested;
    return;
  }
  bool notification = false;
  if (sniff_ndjson(in, notification)) {
    in.format = input_format::ndjson;
    in.unwrap_entity = requested == input_format::cloudguard || notification;
    return;
  }
  // A document: read it whole now (it is needed whole anyway) and look at its shape.
  if (in.size_at_open > 0) in.head.reserve(static_cast<std::size_t>(in.size_at_open) + 1);
  if (!read_rest(in.stream.get(), in.head)) {
    in.error = input_error(diag_code::input_unreadable, "error while reading the input",
                           position{in.file, 0, 0, {}});
    return;
  }
  if (in.head.size() >= 2 && ((in.head[0] == '\xFF' && in.head[1] == '\xFE') || (in.head[0] == '\xFE' && in.head[1] == '\xFF'))) {
    // UTF-16 (PowerShell redirection): read whole already, so the shrink check is made here, on
    // the bytes as they were, before they become UTF-8.
    if (in.size_at_open >= 0 && in.head.size() < static_cast<std::uint64_t>(in.size_at_open)) {
      in.error = input_error(diag_code::input_unreadable, shrink_message(in.size_at_open, in.head.size()),
                             position{in.file, 0, 0, {}});
      return;
    }
    transcode_utf16(in.head);
    in.size_at_open = -1;
  }
  // One JSON value (the common case): parsed once here, and the reader uses that parse.
  if (parse_whole(in, limits)) {
    in.format = requested == input_format::cloudguard ? input_format::cloudguard : shape_of(in.parsed_root);
    return;
  }
  // NDJSON whose first line is bad (truncated, unterminated, a byte order mark then garbage): a
  // bad line is one error for that line, and the good lines are still entities.
  input_format line_shape = input_format::json;
  if (later_line_is_object(in.head) && !parses_cleanly(in.head) && looks_line_oriented(in.head, line_shape) &&
      line_shape != input_format::terraform_plan && line_shape != input_format::aws_ecr) {
    in.format = input_format::ndjson;
    in.unwrap_entity = requested == input_format::cloudguard || line_shape == input_format::cloudguard;
    return;
  }
  if (requested == input_format::cloudguard) {
    in.format = input_format::cloudguard;
    return;
  }
  in.format = sniff_document(in.head);
  if (in.format == input_format::json && !parses_cleanly(in.head) && looks_like_yaml_template(in.head)) {
    in.format = input_format::cloudformation;
  }
}

void feed_ndjson(opened_input& in, entity_sink& sink, const reader_options& options) {
  ndjson_stream stream(in, options.window_bytes);
  simdjson::dom::parser parser;
  if (auto err = parser.allocate(1u << 16, options.json.max_depth); err) {
    sink.error(detail::json_error(err, in.file), position{in.file, 0, 0, {}});
    return;
  }
  window w;
  std::size_t index = 0;
  while (stream.next(w)) {
    parse_window(
        w, parser, in.file == "-" ? "<stdin>" : in.file, options.json,
        [&](simdjson::dom::element e, std::size_t line) { sink.entity(e, position{in.file, line, index++, {}}); },
        [&](const diagnostic& d, std::size_t line) { sink.error(d, position{in.file, line, index++, {}}); });
  }
  report_stream_end(stream, in.file, sink);
}

void consume(opened_input& in, entity_sink& sink, const reader_options& options,
             std::vector<opened_input>& aws_group) {
  if (in.error) {
    position pos{in.file, 0, 0, {}};
    sink.error(*in.error, pos);
    return;
  }
  switch (in.format) {
    case input_format::ndjson:
      feed_ndjson(in, sink, options);
      return;
    case input_format::aws_ecr:
      aws_group.push_back(std::move(in));
      return;
    default:
      read_document(in, sink, options);
      return;
  }
}

}  // namespace

opened_input open_input(const std::string& file, input_format requested, const parse_options& limits) {
  opened_input in;
  in.file = file;
  if (file == "-") {
    in.stream = file_ptr(stdin);
  } else {
    in.stream = file_ptr(std::fopen(file.c_str(), "rb"));
  }
  if (!in.stream) {
    in.error = input_error(diag_code::input_unreadable,
                           std::string("cannot open the file: ") + std::strerror(errno),
                           position{file, 0, 0, {}});
    return in;
  }
  struct stat st {};
  if (file != "-" && fstat(fileno(in.stream.get()), &st) == 0 && S_ISREG(st.st_mode)) {
    in.size_at_open = static_cast<std::int64_t>(st.st_size);
  }
  resolve(in, requested, limits);
  return in;
}

opened_input open_memory(std::string_view data, const std::string& name, input_format requested, const parse_options& limits) {
  opened_input in;
  in.file = name;
  // fmemopen cannot open an empty buffer: an empty input is read from a one-byte blank one.
  static char blank[] = " ";
  in.stream = file_ptr(data.empty() ? fmemopen(blank, 1, "rb")
                                    : fmemopen(const_cast<char*>(data.data()), data.size(), "rb"));
  if (!in.stream) {
    in.error = input_error(diag_code::input_unreadable, "cannot read the input from memory",
                           position{name, 0, 0, {}});
    return in;
  }
  resolve(in, requested, limits);
  return in;
}

opened_input open_stream(std::FILE* f, const std::string& name, input_format requested, const parse_options& limits) {
  opened_input in;
  in.file = name;
  in.stream = file_ptr(f);
  if (!in.stream) {
    in.error = input_error(diag_code::input_unreadable, "no stream to read", position{name, 0, 0, {}});
    return in;
  }
  resolve(in, requested, limits);
  return in;
}

ndjson_stream::ndjson_stream(opened_input& in, std::size_t window_bytes)
    : in_(in), window_bytes_(std::max<std::size_t>(window_bytes, 1)) {
  // Every input is read into the window's reused buffer. Regular files used to be memory-mapped:
  // a file that shrinks while it is read (log rotation, a file still being written) then killed
  // the process with SIGBUS on the pages past its new end. A read never faults; it only comes
  // back short, and the size the file had when opened tells a truncation from the end.
  carry_.swap(in_.head);
  bytes_read_ = carry_.size();
  eof_ = !in_.stream || std::feof(in_.stream.get()) != 0;  // sniffing may have met the end
  if (eof_) check_shrunk();
}

ndjson_stream::~ndjson_stream() = default;


void ndjson_stream::finish_window(window& w, std::size_t size) {
  w.size = size;
  w.first_line = next_line_;
  w.unwrap_entity = in_.unwrap_entity;
  // Where each line ends, for the parser; and the line number the next window starts at.
  w.line_ends.clear();
  const char* const begin = w.data();
  const char* p = begin;
  const char* const end = p + size;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    w.line_ends.push_back(static_cast<std::size_t>(static_cast<const char*>(nl) - begin));
    ++next_line_;
    p = static_cast<const char*>(nl) + 1;
  }
  if (blank_ && !is_blank(begin, size)) blank_ = false;
}

bool ndjson_stream::next(window& w) {
  if (eof_ && carry_.empty()) return false;
  std::size_t size = carry_.size();
  w.reserve(size + window_bytes_ + simdjson::SIMDJSON_PADDING, 0);
  if (size > 0) std::memcpy(w.buffer.get(), carry_.data(), size);
  carry_.clear();
  std::size_t cut = std::string::npos;
  while (!eof_) {
    w.reserve(size + window_bytes_ + simdjson::SIMDJSON_PADDING, size);
    const std::size_t got = std::fread(w.buffer.get() + size, 1, window_bytes_, in_.stream.get());
    const std::size_t old = size;
    size += got;
    bytes_read_ += got;
    if (got < window_bytes_) {
      // The end (or an error): never read again. A terminal gives more after an end of input,
      // so reading on would make the user type Ctrl-D once per read.
      eof_ = true;
      if (std::ferror(in_.stream.get())) read_failed_ = true;
      check_shrunk();
    }
    // Cut after the last complete line; a line longer than the window makes the window grow.
    const void* nl = size > old ? memrchr(w.buffer.get() + old, '\n', size - old) : nullptr;
    if (nl != nullptr) {
      cut = static_cast<std::size_t>(static_cast<const char*>(nl) - w.buffer.get()) + 1;
      break;
    }
  }
  if (eof_) cut = size;
  carry_.assign(w.buffer.get() + cut, size - cut);
  // The padding simdjson reads past the end: keep it initialised (valgrind, MSan).
  std::memset(w.buffer.get() + cut, ' ', simdjson::SIMDJSON_PADDING);
  finish_window(w, cut);
  return cut > 0 || !carry_.empty();
}

void ndjson_stream::check_shrunk() {
  if (in_.size_at_open < 0 || bytes_read_ >= static_cast<std::uint64_t>(in_.size_at_open)) return;
  shrunk_ = true;
}

std::string shrink_message(std::int64_t size_at_open, std::uint64_t bytes_read) {
  return "the file shrank while it was read (" + std::to_string(size_at_open) + " bytes when opened, " +
         std::to_string(bytes_read) + " read): what it held after byte " + std::to_string(bytes_read) +
         " was not read";
}

void report_stream_end(const ndjson_stream& stream, const std::string& file, entity_sink& sink) {
  position pos{file, 0, 0, {}};
  if (stream.read_failed()) {
    sink.error(input_error(diag_code::input_unreadable, "error while reading the input", pos), pos);
  } else if (stream.shrunk()) {
    sink.error(input_error(diag_code::input_unreadable, shrink_message(stream.size_at_open(), stream.bytes_read()), pos),
               pos);
  } else if (stream.blank()) {
    sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
  }
}

std::optional<diagnostic> parse_line(simdjson::dom::parser& parser, const char* p, std::size_t n,
                                     bool unwrap_entity, const parse_options& limits,
                                     simdjson::dom::element& e) {
  if (n > limits.max_bytes) {
    diagnostic d;
    d.code = diag_code::json_too_large;
    d.message = "the line is " + std::to_string(n) + " bytes, over the limit of " + std::to_string(limits.max_bytes);
    return d;
  }
  if (auto err = parser.parse(p, n, false).get(e); err) return detail::json_error(err, "");
  return accept_entity(e, unwrap_entity);
}

std::optional<diagnostic> accept_entity(simdjson::dom::element& e, bool unwrap_entity) {
  if (!unwrap_entity) {
    if (auto d = foreign_document(e)) return d;
  } else {
    simdjson::dom::element inner;
    if (e.at_key("entity").get(inner) != simdjson::SUCCESS ||
        inner.type() != simdjson::dom::element_type::OBJECT) {
      diagnostic d;
      d.code = diag_code::input_format;
      d.message = "a CloudGuard notification without an \"entity\" object";
      return d;
    }
    e = inner;
  }
  return std::nullopt;
}

bool read_whole(opened_input& in, std::string& text, entity_sink& sink) {
  position pos{in.file, 0, 0, {}};
  if (in.stream && !read_rest(in.stream.get(), text)) {
    sink.error(input_error(diag_code::input_unreadable, "error while reading the input", pos), pos);
    return false;
  }
  if (in.size_at_open >= 0 && text.size() < static_cast<std::uint64_t>(in.size_at_open)) {
    // A document cut short may still parse (at a value boundary): never read it as whole.
    sink.error(input_error(diag_code::input_unreadable, shrink_message(in.size_at_open, text.size()), pos), pos);
    return false;
  }
  return true;
}

void read_document(opened_input& in, entity_sink& sink, const reader_options& options) {
  std::string text = std::move(in.head);
  if (!read_whole(in, text, sink)) return;
  transcode_utf16(text);
  if (is_empty_input(text)) {
    position pos{in.file, 0, 0, {}};
    sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
    return;
  }
  switch (in.format) {
    case input_format::terraform_plan:
      read_terraform_plan(text, in.file, sink, options);
      return;
    case input_format::cloudformation:
      read_cloudformation(text, in.file, sink, options);
      return;
    case input_format::aws_ecr: {
      std::vector<opened_input> one;
      one.push_back(std::move(in));
      one.back().head = std::move(text);
      read_aws_ecr(one, sink, options);
      return;
    }
    default:
      read_json_values(text, in.file, in.format == input_format::cloudguard, sink, options,
                       in.parsed ? &in.parsed_root : nullptr);
      return;
  }
}

static bool is_wrapper(simdjson::dom::element root, simdjson::dom::array& list) {
  // An object holding the entities under entities/assets/items. An object with a `type` is an
  // entity, whatever else it holds (an entity may well have an `items` member).
  if (root.type() != simdjson::dom::element_type::OBJECT) return false;
  simdjson::dom::element type;
  if (root.at_key("type").get(type) == simdjson::SUCCESS) return false;
  for (const char* key : {"entities", "assets", "items"}) {
    if (root.at_key(key).get(list) == simdjson::SUCCESS) return true;
  }
  return false;
}

void read_json_values(std::string_view text, const std::string& file, bool notifications,
                      entity_sink& sink, const reader_options& options, const simdjson::dom::element* parsed) {
  simdjson::dom::parser parser;
  if (parsed == nullptr) {
    if (auto err = parser.allocate(std::min<std::size_t>(text.size(), 1u << 20), options.json.max_depth); err) {
      position pos{file, 0, 0, {}};
      sink.error(detail::json_error(err, file), pos);
      return;
    }
  }
  std::size_t index = 0;
  std::size_t produced = 0;  // entities and errors: an input that yields neither is an error
  auto one = [&](simdjson::dom::element e) {
    position pos{file, 0, index++, {}};
    ++produced;
    if (!notifications) {
      if (auto d = foreign_document(e)) {
        d->source_name = pos.to_string();
        sink.error(*d, pos);
        return;
      }
      sink.entity(e, pos);
      return;
    }
    simdjson::dom::element entity;
    if (e.at_key("entity").get(entity) != simdjson::SUCCESS ||
        entity.type() != simdjson::dom::element_type::OBJECT) {
      sink.error(input_error(diag_code::input_format, "a CloudGuard notification without an \"entity\" object", pos), pos);
      return;
    }
    sink.entity(entity, pos);
  };
  struct counting_sink : entity_sink {
    entity_sink& inner;
    std::size_t& produced;
    counting_sink(entity_sink& s, std::size_t& p) : inner(s), produced(p) {}
    void entity(simdjson::dom::element e, const position& pos) override {
      ++produced;
      inner.entity(e, pos);
    }
    void error(const diagnostic& d, const position& pos) override {
      ++produced;
      inner.error(d, pos);
    }
  } counted(sink, produced);
  auto each_root = [&](simdjson::dom::element root) {
    simdjson::dom::array list;
    bool is_list = root.get_array().get(list) == simdjson::SUCCESS;
    if (!is_list && !notifications && is_wrapper(root, list)) is_list = true;
    if (!is_list) {
      one(root);
      return;
    }
    for (simdjson::dom::element e : list) one(e);
  };
  if (parsed != nullptr) {
    each_root(*parsed);  // sniffing parsed the document whole: no second parse
  } else {
    for_each_value(text, file, parser, options, counted, index, each_root);
  }
  if (produced == 0) {
    // `[]`, `{"entities": []}`: no entity at all, which must not look clean (as an empty file).
    position pos{file, 0, 0, {}};
    sink.error(input_error(diag_code::json_invalid, "the input holds no entity (an empty list)", pos), pos);
  }
}

void read_inputs(const std::vector<std::string>& files, input_format format, entity_sink& sink,
                 const reader_options& options) {
  std::vector<opened_input> aws_group;
  for (const auto& f : files) {
    opened_input in = open_input(f, format);
    consume(in, sink, options, aws_group);
  }
  if (!aws_group.empty()) read_aws_ecr(aws_group, sink, options);
}

void read_input(const std::string& file, input_format format, entity_sink& sink,
                const reader_options& options) {
  read_inputs({file}, format, sink, options);
}

void read_memory(std::string_view data, const std::string& name, input_format format,
                 entity_sink& sink, const reader_options& options) {
  opened_input in = open_memory(data, name, format);
  std::vector<opened_input> aws_group;
  consume(in, sink, options, aws_group);
  if (!aws_group.empty()) read_aws_ecr(aws_group, sink, options);
}

}  // namespace cgsl::io
