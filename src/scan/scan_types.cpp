// SPDX-License-Identifier: Apache-2.0
// The plain types of the scan API: inputs, outcome sets, findings, the summary, sink defaults,
// the type index and ruleset_evaluator.
#include <algorithm>
#include <cstring>

#include "cgsl/scan.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "common/json_text.hpp"
#include "input/input.hpp"
#include "json/document_impl.hpp"
#include "scan/index.hpp"

namespace cgsl {

// The public enum and the readers' enum are the same list, in the same order.
static_assert(static_cast<std::size_t>(io::format_count) == input_format_count);
static_assert(static_cast<int>(io::input_format::terraform_plan) == static_cast<int>(input_format::terraform_plan));
static_assert(static_cast<int>(io::input_format::cloudformation) == static_cast<int>(input_format::cloudformation));

// ---- inputs ---------------------------------------------------------------------------------

std::optional<input_format> parse_input_format(std::string_view name) noexcept {
  auto f = io::parse_input_format(name);
  if (!f) return std::nullopt;
  return static_cast<input_format>(*f);
}

std::string_view to_string(input_format f) noexcept {
  return io::format_name(static_cast<io::input_format>(f));
}

input_source input_source::file(std::string path) {
  input_source s;
  s.kind_ = kind::file;
  s.name_ = path == "-" ? "<stdin>" : path;
  s.path_ = std::move(path);
  return s;
}

input_source input_source::memory(std::string name, std::string data) {
  input_source s;
  s.kind_ = kind::memory;
  s.name_ = std::move(name);
  s.owned_ = std::make_shared<const std::string>(std::move(data));
  s.view_ = *s.owned_;
  return s;
}

input_source input_source::borrowed(std::string name, std::string_view data) {
  input_source s;
  s.kind_ = kind::memory;
  s.name_ = std::move(name);
  s.view_ = data;
  return s;
}

input_source input_source::stream(std::string name, std::FILE* f) {
  input_source s;
  s.kind_ = kind::stream;
  s.name_ = std::move(name);
  s.stream_ = f;
  return s;
}

std::string_view input_source::data() const noexcept { return view_; }

// ---- outcome sets -----------------------------------------------------------------------------

std::optional<outcome_set> outcome_set::parse(std::string_view list, std::string* bad) {
  outcome_set s;
  while (true) {
    const std::size_t comma = list.find(',');
    std::string_view word = list.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    bool found = false;
    for (unsigned k = 0; k < outcome_count; ++k) {
      const auto o = static_cast<outcome>(k);
      if (word == cgsl::to_string(o)) {
        s.insert(o);
        found = true;
      }
    }
    if (!found && word == "all") {
      s = all();
      found = true;
    }
    if (!found) {
      if (bad != nullptr) *bad = std::string(word);
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return s;
}

std::string outcome_set::to_string() const {
  std::string out;
  for (unsigned i = 0; i < outcome_count; ++i) {
    const auto o = static_cast<outcome>(i);
    if (!contains(o)) continue;
    if (!out.empty()) out += ',';
    out += cgsl::to_string(o);
  }
  return out;
}

// ---- findings ---------------------------------------------------------------------------------

finding_record::finding_record(const finding& f)
    : rule(f.rule),
      rule_index(f.rule_index),
      entity(f.entity),
      entity_type(f.entity_type),
      result(f.result),
      evidence(f.evidence.begin(), f.evidence.end()),
      source(f.source),
      file(f.file),
      line(f.line),
      address(f.address),
      message(f.message),
      code(f.code),
      exception(f.exception),
      baseline(f.baseline) {}

finding finding_record::view() const noexcept {
  finding f;
  f.rule = rule;
  f.rule_index = rule_index;
  f.entity = entity;
  f.entity_type = entity_type;
  f.result = result;
  f.evidence = string_list{evidence.data(), evidence.size()};
  f.source = source;
  f.file = file;
  f.line = line;
  f.address = address;
  f.message = message;
  f.code = code;
  f.exception = exception;
  f.baseline = baseline;
  return f;
}

// ---- summary ----------------------------------------------------------------------------------

std::string summary_json(const scan_summary& s, const ruleset& rules) {
  using detail::append_json_string;
  using detail::append_json_string_array;
  std::string out = "{\"entities\":" + std::to_string(s.entities) + ",\"unreadable\":" +
                    std::to_string(s.unreadable) + ",\"failed\":" + std::to_string(s.failed) +
                    ",\"errors\":" + std::to_string(s.errors) + ",\"excepted\":" + std::to_string(s.excepted) +
                    ",\"failedBySeverity\":{";
  for (std::size_t k = 0; k < rule_severity_count; ++k) {
    if (k) out += ',';
    out += '"';
    out += to_string(static_cast<rule_severity>(k));
    out += "\":" + std::to_string(s.failed_by_severity[k]);
  }
  out += "},\"entitiesPerType\":{";
  for (std::size_t i = 0; i < s.entities_per_type.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, s.entities_per_type[i].first);
    out += ':' + std::to_string(s.entities_per_type[i].second);
  }
  out += "},\"rules\":[";
  for (std::size_t i = 0; i < s.rules.size() && i < rules.rules.size(); ++i) {
    const auto& r = rules.rules[i];
    if (i) out += ',';
    out += "{\"ruleId\":";
    append_json_string(out, r.info.id);
    out += ",\"severity\":";
    append_json_string(out, r.info.severity);
    out += ",\"entityType\":";
    append_json_string(out, r.compiled.is_list() ? "List<" + r.compiled.target_type() + ">" : r.compiled.target_type());
    for (unsigned k = 0; k < outcome_count; ++k) {
      out += ",\"";
      out += to_string(static_cast<outcome>(k));
      out += "\":" + std::to_string(s.rules[i].outcomes[k]);
    }
    out += ",\"entitiesOfType\":" + std::to_string(s.rules[i].entities_of_type) + "}";
  }
  out += "],\"rulesWithoutEntities\":[";
  for (std::size_t i = 0; i < s.rules_without_entities.size(); ++i) {
    if (i) out += ',';
    const std::size_t k = s.rules_without_entities[i];
    append_json_string(out, k < rules.rules.size() ? rules.rules[k].info.id : std::string());
  }
  out += "],\"warnings\":";
  append_json_string_array(out, s.warnings);
  out += '}';
  return out;
}

// ---- sinks ------------------------------------------------------------------------------------

finding_sink::~finding_sink() = default;
void finding_sink::begin(const ruleset&, const std::vector<input_source>&) {}
void finding_sink::end(const scan_summary&) {}
bool finding_sink::failed() const noexcept { return false; }
outcome_set finding_sink::accepts() const noexcept { return outcome_set::all(); }

void formatting_sink::add(const finding& f) {
  std::string text;
  format(f, text);
  write(text);
}

callback_sink::callback_sink(std::function<void(const finding&)> on_finding,
                             std::function<void(const scan_summary&)> on_end)
    : on_finding_(std::move(on_finding)), on_end_(std::move(on_end)) {}

void callback_sink::add(const finding& f) {
  if (on_finding_) on_finding_(f);
}

void callback_sink::end(const scan_summary& summary) {
  if (on_end_) on_end_(summary);
}

// ---- the type index ---------------------------------------------------------------------------

namespace detail {

void fold_ascii(std::string_view in, std::string& out) {
  out.resize(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

type_index::type_index(const ruleset& rules) {
  std::string lower;
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const rule& r = rules.rules[i].compiled;
    fold_ascii(r.target_type(), lower);
    if (r.is_list()) {
      lists_.push_back(i);
      lists_by_type_[lower].push_back(i);
    } else {
      plain_.push_back(i);
      by_type_[lower].push_back(i);
    }
  }
}

const std::vector<std::size_t>& type_index::rules_for(std::string_view type, std::string& lower) const {
  if (by_type_.empty()) return none_;
  fold_ascii(type, lower);
  auto it = by_type_.find(lower);
  return it == by_type_.end() ? none_ : it->second;
}

const std::vector<std::size_t>& type_index::list_rules_for(std::string_view type, std::string& lower) const {
  if (lists_by_type_.empty()) return none_;
  fold_ascii(type, lower);
  auto it = lists_by_type_.find(lower);
  return it == lists_by_type_.end() ? none_ : it->second;
}

std::string_view entity_identity(simdjson::dom::element e, std::string& buf) {
  for (const char* key : {"id", "arn", "name"}) {
    simdjson::dom::element v;
    if (e.at_key(key).get(v) != simdjson::SUCCESS) continue;
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) return s;
    if (v.is_number()) {
      buf = simdjson::to_string(v);
      return buf;
    }
  }
  return {};
}

}  // namespace detail

// ---- ruleset_evaluator ------------------------------------------------------------------------

namespace {
// An entity ruleset_evaluator cannot evaluate, as a diagnostic about "<entity>".
diagnostic entity_error(diag_code code, std::string message) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.source_name = "<entity>";
  return d;
}
}  // namespace

struct ruleset_evaluator::impl {
  impl(const ruleset& r, eval_options o, parse_options l) : rules(r), index(r), options(std::move(o)), limits(l) {}
  const ruleset& rules;
  detail::type_index index;
  eval_options options;
  parse_options limits;
  simdjson::dom::parser parser;
  evaluator ev;
  std::string lower, id_buf;

  entity_result run(simdjson::dom::element e) {
    entity_result out;
    if (e.type() != simdjson::dom::element_type::OBJECT) {
      out.error = entity_error(diag_code::entity_not_object, "the entity is not a JSON object");
      return out;
    }
    const std::string_view type = entity_type(e, options);
    if (type.empty()) {
      out.error = entity_error(diag_code::entity_no_type, "the entity has no \"type\" member (and no type was given)");
      return out;
    }
    out.type = std::string(type);
    out.id = std::string(detail::entity_identity(e, id_buf));
    for (std::size_t i : index.rules_for(type, lower)) {
      evaluation ev_out;
      (void)evaluate_into(ev, rules.rules[i].compiled, e, options, ev_out);
      out.results.emplace_back(i, std::move(ev_out));
    }
    return out;
  }
};

ruleset_evaluator::ruleset_evaluator(const ruleset& rules, eval_options options, parse_options limits)
    : impl_(std::make_unique<impl>(rules, std::move(options), limits)) {}
ruleset_evaluator::~ruleset_evaluator() = default;
ruleset_evaluator::ruleset_evaluator(ruleset_evaluator&&) noexcept = default;
ruleset_evaluator& ruleset_evaluator::operator=(ruleset_evaluator&&) noexcept = default;

entity_result ruleset_evaluator::evaluate_json(std::string_view json) {
  entity_result out;
  if (json.size() > impl_->limits.max_bytes) {
    out.error = entity_error(diag_code::json_too_large, "the document is larger than the limit");
    return out;
  }
  if (impl_->parser.max_depth() != impl_->limits.max_depth || impl_->parser.capacity() < json.size()) {
    if (auto err = impl_->parser.allocate(std::max<std::size_t>(json.size(), 1u << 12), impl_->limits.max_depth); err) {
      out.error = detail::json_error(err, "<entity>");
      return out;
    }
  }
  simdjson::dom::element e;
  if (auto err = impl_->parser.parse(json.data(), json.size(), true).get(e); err) {
    out.error = detail::json_error(err, "<entity>");
    return out;
  }
  return impl_->run(e);
}

entity_result ruleset_evaluator::evaluate(const document& entity) { return impl_->run(entity.internal_impl().root); }

const std::vector<std::size_t>& ruleset_evaluator::rules_for_type(std::string_view type) const {
  return impl_->index.rules_for(type, impl_->lower);
}

}  // namespace cgsl
