// SPDX-License-Identifier: Apache-2.0
// The C API (include/cgsl/cgsl.h): opaque handles over the C++ API. Every entry point catches
// every exception, so none crosses into C (or Go, Rust, Python).
#include "cgsl/cgsl.h"
#include "cgsl/scan.hpp"
#include <array>
#include <cstdlib>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "json/document_impl.hpp"

struct cgsl_options {
  cgsl::compile_options compile;                       // compile.functions: the registry below
  std::shared_ptr<cgsl::function_registry> functions;  // copied on write (rules keep theirs)
  cgsl::eval_options eval;
  std::optional<double> now;  // unset: the clock at each evaluation
  cgsl::parse_options parse;
  cgsl::input_format input = cgsl::input_format::automatic;
  unsigned threads = 0;
  cgsl::outcome_set show = cgsl::outcome_set::relevant();
  std::size_t window_bytes = cgsl::scan_options{}.window_bytes;
  cgsl::rule_severity fail_on = cgsl::rule_severity::informational;
  std::shared_ptr<cgsl::exception_list> exceptions;  // copied on write, like functions
};

struct cgsl_rule {
  cgsl::rule r;
};

struct cgsl_ruleset {
  cgsl::ruleset set;
  std::vector<cgsl_rule> rules;  // rules[i] is set.rules[i].compiled
};

struct cgsl_evaluator {
  cgsl::evaluator ev;
  cgsl::eval_options eval;
  std::optional<double> now;
  cgsl::parse_options parse;
  simdjson::dom::parser parser;
  bool allocated = false;
};

struct cgsl_result {
  cgsl::evaluation e;
};

struct cgsl_results {
  std::vector<cgsl_result> items;
};

struct cgsl_error {
  cgsl_status status = CGSL_INTERNAL_ERROR;
  std::string message;
  std::vector<cgsl::diagnostic> diagnostics;
};

struct cgsl_function_output {
  cgsl::function_result value;
  std::string error;
};

namespace {

// Handed out when even the error cannot be allocated; cgsl_error_free() leaves it alone.
cgsl_error g_out_of_memory{CGSL_OUT_OF_MEMORY, "out of memory", {}};

void set_error(cgsl_error** error, cgsl_status status, std::string message,
               std::vector<cgsl::diagnostic> diagnostics = {}) noexcept {
  if (error == nullptr) return;
  try {
    auto e = std::make_unique<cgsl_error>();
    e->status = status;
    e->message = std::move(message);
    e->diagnostics = std::move(diagnostics);
    *error = e.release();
  } catch (...) {
    *error = &g_out_of_memory;
  }
}

std::nullptr_t fail(cgsl_error** error, cgsl_status status, std::string message) {
  set_error(error, status, std::move(message));
  return nullptr;
}

// Runs f, turning every exception into an error (status and message) and `on_failure`.
template <class R, class F>
R guarded(cgsl_error** error, R on_failure, F&& f) noexcept {
  if (error != nullptr) *error = nullptr;
  try {
    return f();
  } catch (const std::bad_alloc&) {
    set_error(error, CGSL_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    set_error(error, CGSL_INTERNAL_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    set_error(error, CGSL_INTERNAL_ERROR, "internal error");
  }
  return on_failure;
}

// For calls that report only a status.
template <class F>
cgsl_status guarded_status(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return CGSL_OUT_OF_MEMORY;
  } catch (...) {
    return CGSL_INTERNAL_ERROR;
  }
}

std::string_view text_of(const char* text, size_t len) noexcept {
  return std::string_view(text, len == CGSL_NUL_TERMINATED ? std::strlen(text) : len);
}

std::string render(const std::vector<cgsl::diagnostic>& diagnostics) {
  std::string out;
  for (const cgsl::diagnostic& d : diagnostics) out += cgsl::format(d);
  return out;
}

// Adds a list value; a leading '$' in the name is allowed.
cgsl_status add_list_value(cgsl_options* options, const char* list, cgsl::literal value) {
  if (options == nullptr || list == nullptr) return CGSL_INVALID_ARGUMENT;
  std::string_view name(list);
  if (!name.empty() && name.front() == '$') name.remove_prefix(1);
  if (name.empty()) return CGSL_INVALID_ARGUMENT;
  return guarded_status([&] {
    auto it = options->compile.lists.find(name);
    if (it == options->compile.lists.end()) {
      it = options->compile.lists.emplace(std::string(name), std::vector<cgsl::literal>{}).first;
    }
    it->second.push_back(std::move(value));
    return CGSL_OK;
  });
}

// A registered C function and its user data, released with the last rule that uses it.
struct c_function {
  cgsl_function fn = nullptr;
  void* user_data = nullptr;
  cgsl_destroy_fn destroy = nullptr;
  c_function(cgsl_function f, void* u, cgsl_destroy_fn d) noexcept : fn(f), user_data(u), destroy(d) {}
  c_function(const c_function&) = delete;
  c_function& operator=(const c_function&) = delete;
  ~c_function() {
    if (destroy != nullptr) destroy(user_data);
  }
};

// Calls the C function: the subject as JSON text (NULL when missing), the literals as cgsl_value.
cgsl::function_result call_c_function(const c_function& f, const cgsl::json_view& subject,
                                      const std::vector<cgsl::literal>& args) {
  std::string json;
  const bool missing = subject.is_missing();
  if (!missing) json = subject.to_json();
  std::vector<cgsl_value> values(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    cgsl_value& v = values[i];
    if (const bool* b = std::get_if<bool>(&args[i])) {
      v.kind = CGSL_VALUE_BOOL;
      v.boolean = *b ? 1 : 0;
    } else if (const double* d = std::get_if<double>(&args[i])) {
      v.kind = CGSL_VALUE_NUMBER;
      v.number = *d;
    } else if (const std::string* s = std::get_if<std::string>(&args[i])) {
      v.kind = CGSL_VALUE_STRING;
      v.string = s->c_str();
      v.string_len = s->size();
    }
  }
  cgsl_function_output out;
  const int rc = f.fn(f.user_data, missing ? nullptr : json.c_str(), json.size(), values.data(),
                      values.size(), &out);
  if (rc != 0) {
    throw std::runtime_error(out.error.empty() ? "returned " + std::to_string(rc) : out.error);
  }
  return std::move(out.value);
}

// Parses entity JSON with the evaluator's reused parser; a diagnostic when it cannot.
std::optional<cgsl::diagnostic> parse_entity(cgsl_evaluator& ev, std::string_view json,
                                             simdjson::dom::element& root) {
  if (json.size() > ev.parse.max_bytes) {
    cgsl::diagnostic d = cgsl::detail::json_error(simdjson::CAPACITY, "<json>");
    d.message = "JSON document is " + std::to_string(json.size()) + " bytes, over the limit of " +
                std::to_string(ev.parse.max_bytes);
    return d;
  }
  if (!ev.allocated || ev.parser.capacity() < json.size()) {
    const std::size_t capacity = std::max<std::size_t>(json.size(), 4096);
    if (auto err = ev.parser.allocate(capacity, ev.parse.max_depth); err) {
      ev.allocated = false;
      return cgsl::detail::json_error(err, "<json>");
    }
    ev.allocated = true;
  }
  if (auto err = ev.parser.parse(json.data(), json.size(), true).get(root); err) {
    return cgsl::detail::json_error(err, "<json>");
  }
  return std::nullopt;
}

void set_outcome_error(cgsl::evaluation& e, cgsl::diagnostic d) {
  e.result = cgsl::outcome::error;
  e.evidence.clear();
  e.error = std::move(d);
}

const cgsl::eval_options& current_options(cgsl_evaluator& ev) noexcept {
  ev.eval.now = ev.now ? *ev.now : cgsl::clock_now();
  return ev.eval;
}

cgsl_ruleset* make_ruleset(cgsl::ruleset_result loaded, cgsl_error** error) {
  if (!loaded.ok()) {
    std::string message = render(loaded.diagnostics);
    set_error(error, CGSL_LOAD_ERROR, std::move(message), std::move(loaded.diagnostics));
    return nullptr;
  }
  auto rs = std::make_unique<cgsl_ruleset>();
  rs->set = std::move(loaded.value);
  rs->rules.reserve(rs->set.rules.size());
  for (const cgsl::ruleset_entry& entry : rs->set.rules) rs->rules.push_back(cgsl_rule{entry.compiled});
  return rs.release();
}

const cgsl::compile_options default_compile_options{};

const cgsl::compile_options& compile_options_of(const cgsl_options* options) noexcept {
  return options != nullptr ? options->compile : default_compile_options;
}

}  // namespace

extern "C" {

// --- version and names ---------------------------------------------------------------------

const char* cgsl_version(void) { return CGSL_VERSION_STRING; }

const char* cgsl_outcome_name(cgsl_outcome outcome) {
  // The names of cgsl::to_string(outcome), which are static strings; "error" out of range.
  const auto k = static_cast<unsigned>(outcome);
  if (k >= cgsl::outcome_count) return "error";
  return cgsl::to_string(static_cast<cgsl::outcome>(k)).data();
}

// --- errors ----------------------------------------------------------------------------------

void cgsl_error_free(cgsl_error* error) {
  if (error != &g_out_of_memory) delete error;
}

cgsl_status cgsl_error_status(const cgsl_error* error) {
  return error != nullptr ? error->status : CGSL_INVALID_ARGUMENT;
}

const char* cgsl_error_message(const cgsl_error* error) {
  return error != nullptr ? error->message.c_str() : "";
}

size_t cgsl_error_diagnostic_count(const cgsl_error* error) {
  return error != nullptr ? error->diagnostics.size() : 0;
}

int cgsl_error_code(const cgsl_error* error, size_t index) {
  if (error == nullptr || index >= error->diagnostics.size()) return 0;
  return static_cast<int>(error->diagnostics[index].code);
}

const char* cgsl_error_diagnostic_message(const cgsl_error* error, size_t index) {
  if (error == nullptr || index >= error->diagnostics.size()) return "";
  return error->diagnostics[index].message.c_str();
}

uint32_t cgsl_error_line(const cgsl_error* error, size_t index) {
  if (error == nullptr || index >= error->diagnostics.size()) return 0;
  return error->diagnostics[index].line;
}

uint32_t cgsl_error_column(const cgsl_error* error, size_t index) {
  if (error == nullptr || index >= error->diagnostics.size()) return 0;
  return error->diagnostics[index].column;
}

// --- options ---------------------------------------------------------------------------------

cgsl_options* cgsl_options_new(void) {
  try {
    return new cgsl_options();
  } catch (...) {
    return nullptr;
  }
}

void cgsl_options_free(cgsl_options* options) { delete options; }

cgsl_status cgsl_options_set_max_rule_bytes(cgsl_options* options, size_t bytes) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->compile.max_rule_bytes = bytes;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_max_nesting(cgsl_options* options, size_t depth) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->compile.max_nesting = depth;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_regex_max_mem(cgsl_options* options, int64_t bytes) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->compile.regex_max_mem = bytes;
  return CGSL_OK;
}

cgsl_status cgsl_options_add_list_string(cgsl_options* options, const char* list, const char* value) {
  if (value == nullptr) return CGSL_INVALID_ARGUMENT;
  return guarded_status([&] { return add_list_value(options, list, std::string(value)); });
}

cgsl_status cgsl_options_add_list_number(cgsl_options* options, const char* list, double value) {
  return add_list_value(options, list, value);
}

cgsl_status cgsl_options_add_list_bool(cgsl_options* options, const char* list, int value) {
  return add_list_value(options, list, value != 0);
}

cgsl_status cgsl_options_add_function(cgsl_options* options, const char* name, size_t arity,
                                      cgsl_function fn, void* user_data, cgsl_destroy_fn destroy,
                                      cgsl_error** error) {
  cgsl_status status = CGSL_INTERNAL_ERROR;
  const bool ok = guarded(error, false, [&]() -> bool {
    if (options == nullptr || name == nullptr || fn == nullptr) {
      status = CGSL_INVALID_ARGUMENT;
      set_error(error, status, "cgsl_options_add_function: options, name and fn must not be NULL");
      return false;
    }
    status = CGSL_OUT_OF_MEMORY;  // what an exception from here on can only be
    // Copy on write: rules compiled earlier keep the registry (and functions) they were given.
    auto registry = options->functions ? std::make_shared<cgsl::function_registry>(*options->functions)
                                       : std::make_shared<cgsl::function_registry>();
    auto holder = std::make_shared<c_function>(fn, user_data, nullptr);
    const bool added = registry->add(
        name, arity, [holder](const cgsl::json_view& subject, const std::vector<cgsl::literal>& args) {
          return call_c_function(*holder, subject, args);
        });
    if (!added) {
      status = CGSL_INVALID_ARGUMENT;
      set_error(error, status,
                std::string("cannot register function '") + name +
                    "': the name is not an identifier, is a built-in function or keyword, or is "
                    "already registered");
      return false;
    }
    // From here on the library owns user_data.
    holder->destroy = destroy;
    options->functions = std::move(registry);
    options->compile.functions = options->functions;
    return true;
  });
  return ok ? CGSL_OK : status;
}

cgsl_status cgsl_options_set_now(cgsl_options* options, double epoch_seconds) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->now = epoch_seconds;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_max_steps(cgsl_options* options, uint64_t steps) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->eval.max_steps = steps;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_evidence(cgsl_options* options, int enabled) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->eval.evidence = enabled != 0;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_entity_type(cgsl_options* options, const char* type) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  return guarded_status([&] {
    options->eval.entity_type = type != nullptr ? type : "";
    return CGSL_OK;
  });
}

cgsl_status cgsl_options_set_max_json_depth(cgsl_options* options, size_t depth) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->parse.max_depth = depth;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_max_json_bytes(cgsl_options* options, size_t bytes) {
  if (options == nullptr) return CGSL_INVALID_ARGUMENT;
  options->parse.max_bytes = bytes;
  return CGSL_OK;
}

// --- rules -----------------------------------------------------------------------------------

cgsl_rule* cgsl_compile(const char* text, size_t len, const cgsl_options* options, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_rule*>(nullptr), [&]() -> cgsl_rule* {
    if (text == nullptr) return fail(error, CGSL_INVALID_ARGUMENT, "cgsl_compile: text must not be NULL");
    cgsl::compile_result compiled = cgsl::compile(text_of(text, len), compile_options_of(options));
    if (!compiled) {
      std::string message = compiled.format_errors();
      set_error(error, CGSL_COMPILE_ERROR, std::move(message), std::move(compiled.diagnostics));
      return nullptr;
    }
    return new cgsl_rule{std::move(*compiled.value)};
  });
}

void cgsl_rule_free(cgsl_rule* rule) { delete rule; }

const char* cgsl_rule_text(const cgsl_rule* rule) { return rule != nullptr ? rule->r.text().c_str() : ""; }

const char* cgsl_rule_target_type(const cgsl_rule* rule) {
  return rule != nullptr ? rule->r.target_type().c_str() : "";
}

int cgsl_rule_is_list(const cgsl_rule* rule) { return rule != nullptr && rule->r.is_list() ? 1 : 0; }

int cgsl_rule_is_query(const cgsl_rule* rule) { return rule != nullptr && rule->r.is_query() ? 1 : 0; }

// --- rulesets --------------------------------------------------------------------------------

cgsl_ruleset* cgsl_ruleset_load(const char* path, const cgsl_options* options, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_ruleset*>(nullptr), [&]() -> cgsl_ruleset* {
    if (path == nullptr) return fail(error, CGSL_INVALID_ARGUMENT, "cgsl_ruleset_load: path must not be NULL");
    return make_ruleset(cgsl::load_rules(path, compile_options_of(options)), error);
  });
}

cgsl_ruleset* cgsl_ruleset_load_bundled(const cgsl_options* options, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_ruleset*>(nullptr), [&]() -> cgsl_ruleset* {
    const std::filesystem::path dir = cgsl::bundled_rules_dir();
    if (dir.empty()) {
      return fail(error, CGSL_NOT_FOUND,
                  "the bundled rules were not found (set CGSL_RULES_DIR to the gsl_rules folder)");
    }
    return make_ruleset(cgsl::load_rules(dir, compile_options_of(options)), error);
  });
}

cgsl_ruleset* cgsl_ruleset_parse(const char* json, size_t len, const char* file_name,
                                 const cgsl_options* options, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_ruleset*>(nullptr), [&]() -> cgsl_ruleset* {
    if (json == nullptr) return fail(error, CGSL_INVALID_ARGUMENT, "cgsl_ruleset_parse: json must not be NULL");
    return make_ruleset(cgsl::parse_rule_file(text_of(json, len), file_name != nullptr ? file_name : "<rules>",
                                              compile_options_of(options)),
                        error);
  });
}

const char* cgsl_bundled_rules_dir(void) {
  thread_local std::string dir;
  try {
    dir = cgsl::bundled_rules_dir().string();
  } catch (...) {
    dir.clear();
  }
  return dir.c_str();
}

void cgsl_ruleset_free(cgsl_ruleset* ruleset) { delete ruleset; }

size_t cgsl_ruleset_size(const cgsl_ruleset* ruleset) { return ruleset != nullptr ? ruleset->rules.size() : 0; }

const cgsl_rule* cgsl_ruleset_rule(const cgsl_ruleset* ruleset, size_t index) {
  if (ruleset == nullptr || index >= ruleset->rules.size()) return nullptr;
  return &ruleset->rules[index];
}

const char* cgsl_ruleset_rule_field(const cgsl_ruleset* ruleset, size_t index, cgsl_rule_field field) {
  if (ruleset == nullptr || index >= ruleset->set.rules.size()) return "";
  const cgsl::rule_info& info = ruleset->set.rules[index].info;
  switch (field) {
    case CGSL_FIELD_ID:
      return info.id.c_str();
    case CGSL_FIELD_NAME:
      return info.name.c_str();
    case CGSL_FIELD_SEVERITY:
      return info.severity.c_str();
    case CGSL_FIELD_DESCRIPTION:
      return info.description.c_str();
    case CGSL_FIELD_REMEDIATION:
      return info.remediation.c_str();
    case CGSL_FIELD_CATEGORY:
      return info.category.c_str();
    case CGSL_FIELD_COMPLIANCE_TAG:
      return info.compliance_tag.c_str();
    case CGSL_FIELD_LOGIC:
      return info.logic.c_str();
    case CGSL_FIELD_FILE:
      return info.file.c_str();
  }
  return "";
}

// --- evaluation ------------------------------------------------------------------------------

cgsl_evaluator* cgsl_evaluator_new(const cgsl_options* options, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_evaluator*>(nullptr), [&]() -> cgsl_evaluator* {
    auto ev = std::make_unique<cgsl_evaluator>();
    if (options != nullptr) {
      ev->eval = options->eval;
      ev->now = options->now;
      ev->parse = options->parse;
    }
    return ev.release();
  });
}

void cgsl_evaluator_free(cgsl_evaluator* evaluator) { delete evaluator; }

cgsl_result* cgsl_evaluate(cgsl_evaluator* evaluator, const cgsl_rule* rule, const char* json, size_t len,
                           cgsl_error** error) {
  return guarded(error, static_cast<cgsl_result*>(nullptr), [&]() -> cgsl_result* {
    if (evaluator == nullptr || rule == nullptr || json == nullptr) {
      return fail(error, CGSL_INVALID_ARGUMENT, "cgsl_evaluate: evaluator, rule and json must not be NULL");
    }
    auto result = std::make_unique<cgsl_result>();
    simdjson::dom::element root;
    if (auto bad = parse_entity(*evaluator, text_of(json, len), root)) {
      set_outcome_error(result->e, std::move(*bad));
    } else {
      (void)cgsl::evaluate_into(evaluator->ev, rule->r, root, current_options(*evaluator), result->e);
    }
    return result.release();
  });
}

cgsl_results* cgsl_evaluate_ruleset(cgsl_evaluator* evaluator, const cgsl_ruleset* ruleset, const char* json,
                                    size_t len, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_results*>(nullptr), [&]() -> cgsl_results* {
    if (evaluator == nullptr || ruleset == nullptr || json == nullptr) {
      return fail(error, CGSL_INVALID_ARGUMENT,
                  "cgsl_evaluate_ruleset: evaluator, ruleset and json must not be NULL");
    }
    auto results = std::make_unique<cgsl_results>();
    results->items.resize(ruleset->rules.size());
    simdjson::dom::element root;
    if (auto bad = parse_entity(*evaluator, text_of(json, len), root)) {
      for (cgsl_result& r : results->items) set_outcome_error(r.e, *bad);
      return results.release();
    }
    const cgsl::eval_options& options = current_options(*evaluator);
    for (std::size_t i = 0; i < ruleset->rules.size(); ++i) {
      (void)cgsl::evaluate_into(evaluator->ev, ruleset->rules[i].r, root, options, results->items[i].e);
    }
    return results.release();
  });
}

cgsl_result* cgsl_evaluate_list(cgsl_evaluator* evaluator, const cgsl_rule* rule, const char* json_array,
                                size_t len, cgsl_error** error) {
  return guarded(error, static_cast<cgsl_result*>(nullptr), [&]() -> cgsl_result* {
    if (evaluator == nullptr || rule == nullptr || json_array == nullptr) {
      return fail(error, CGSL_INVALID_ARGUMENT,
                  "cgsl_evaluate_list: evaluator, rule and json_array must not be NULL");
    }
    auto result = std::make_unique<cgsl_result>();
    simdjson::dom::element root;
    if (auto bad = parse_entity(*evaluator, text_of(json_array, len), root)) {
      set_outcome_error(result->e, std::move(*bad));
      return result.release();
    }
    simdjson::dom::array entities;
    if (root.get_array().get(entities) != simdjson::SUCCESS) {
      cgsl::diagnostic d;
      d.code = cgsl::diag_code::input_format;
      d.message = "cgsl_evaluate_list expects a JSON array of entities";
      set_outcome_error(result->e, std::move(d));
      return result.release();
    }
    // Each entity becomes a document of its own (what evaluator::evaluate_list takes).
    std::vector<cgsl::document> documents;
    documents.reserve(entities.size());
    for (simdjson::dom::element entity : entities) {
      cgsl::document_result parsed = cgsl::document::parse(simdjson::to_string(entity), evaluator->parse);
      if (!parsed) {
        set_outcome_error(result->e, std::move(parsed.error));
        return result.release();
      }
      documents.push_back(std::move(*parsed.value));
    }
    std::vector<const cgsl::document*> pointers;
    pointers.reserve(documents.size());
    for (const cgsl::document& d : documents) pointers.push_back(&d);
    result->e = evaluator->ev.evaluate_list(rule->r, pointers, current_options(*evaluator));
    return result.release();
  });
}

void cgsl_result_free(cgsl_result* result) { delete result; }

cgsl_outcome cgsl_result_outcome(const cgsl_result* result) {
  return result != nullptr ? static_cast<cgsl_outcome>(result->e.result) : CGSL_OUTCOME_ERROR;
}

size_t cgsl_result_evidence_count(const cgsl_result* result) {
  return result != nullptr ? result->e.evidence.size() : 0;
}

const char* cgsl_result_evidence(const cgsl_result* result, size_t index) {
  if (result == nullptr || index >= result->e.evidence.size()) return nullptr;
  return result->e.evidence[index].c_str();
}

const char* cgsl_result_error_message(const cgsl_result* result) {
  if (result == nullptr || !result->e.error) return nullptr;
  return result->e.error->message.c_str();
}

int cgsl_result_error_code(const cgsl_result* result) {
  if (result == nullptr || !result->e.error) return 0;
  return static_cast<int>(result->e.error->code);
}

size_t cgsl_results_count(const cgsl_results* results) { return results != nullptr ? results->items.size() : 0; }

const cgsl_result* cgsl_results_get(const cgsl_results* results, size_t index) {
  if (results == nullptr || index >= results->items.size()) return nullptr;
  return &results->items[index];
}

void cgsl_results_free(cgsl_results* results) { delete results; }

// --- caller function answers -----------------------------------------------------------------

void cgsl_function_output_set_missing(cgsl_function_output* out) {
  if (out != nullptr) out->value = std::monostate{};
}

void cgsl_function_output_set_bool(cgsl_function_output* out, int value) {
  if (out != nullptr) out->value = value != 0;
}

void cgsl_function_output_set_number(cgsl_function_output* out, double value) {
  if (out != nullptr) out->value = value;
}

cgsl_status cgsl_function_output_set_string(cgsl_function_output* out, const char* value, size_t len) {
  if (out == nullptr || value == nullptr) return CGSL_INVALID_ARGUMENT;
  return guarded_status([&] {
    out->value = std::string(text_of(value, len));
    return CGSL_OK;
  });
}

void cgsl_function_output_set_error(cgsl_function_output* out, const char* message) {
  if (out == nullptr || message == nullptr) return;
  try {
    out->error = message;
  } catch (...) {
    out->error.clear();
  }
}

}  // extern "C"

// ---- scanning ---------------------------------------------------------------------------------

cgsl_status cgsl_options_set_input_format(cgsl_options* options, const char* format) {
  if (options == nullptr || format == nullptr) return CGSL_INVALID_ARGUMENT;
  auto f = cgsl::parse_input_format(format);
  if (!f) return CGSL_INVALID_ARGUMENT;
  options->input = *f;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_threads(cgsl_options* options, unsigned threads) {
  if (options == nullptr || threads > 1024) return CGSL_INVALID_ARGUMENT;
  options->threads = threads;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_show(cgsl_options* options, const char* outcomes) {
  if (options == nullptr || outcomes == nullptr) return CGSL_INVALID_ARGUMENT;
  return guarded_status([&] {
    auto set = cgsl::outcome_set::parse(outcomes);
    if (!set) return CGSL_INVALID_ARGUMENT;
    options->show = *set;
    return CGSL_OK;
  });
}

cgsl_status cgsl_options_set_window_bytes(cgsl_options* options, size_t bytes) {
  if (options == nullptr || bytes == 0) return CGSL_INVALID_ARGUMENT;
  options->window_bytes = bytes;
  return CGSL_OK;
}

cgsl_status cgsl_options_set_fail_on(cgsl_options* options, const char* severity) {
  if (options == nullptr || severity == nullptr) return CGSL_INVALID_ARGUMENT;
  auto s = cgsl::parse_severity(severity);
  if (!s) return CGSL_INVALID_ARGUMENT;
  options->fail_on = *s;
  return CGSL_OK;
}

cgsl_status cgsl_options_add_exceptions(cgsl_options* options, const char* path, int baseline, cgsl_error** error) {
  return guarded(error, CGSL_OUT_OF_MEMORY, [&]() -> cgsl_status {
    if (options == nullptr || path == nullptr) {
      set_error(error, CGSL_INVALID_ARGUMENT, "cgsl_options_add_exceptions: options and path must not be NULL");
      return CGSL_INVALID_ARGUMENT;
    }
    cgsl::exceptions_result r = baseline != 0 ? cgsl::load_baseline(path) : cgsl::load_exceptions(path);
    if (!r.ok()) {
      std::string message = "cannot use " + std::string(path);
      if (!r.diagnostics.empty()) message += ": " + r.diagnostics.front().message;
      set_error(error, CGSL_LOAD_ERROR, std::move(message), std::move(r.diagnostics));
      return CGSL_LOAD_ERROR;
    }
    auto list = options->exceptions ? std::make_shared<cgsl::exception_list>(*options->exceptions)
                                    : std::make_shared<cgsl::exception_list>();
    list->append(r.value);
    options->exceptions = std::move(list);
    return CGSL_OK;
  });
}

void cgsl_string_free(char* text) { std::free(text); }

namespace {

// Hands each finding to a C callback as NUL-terminated strings (reused buffers).
class c_sink final : public cgsl::finding_sink {
 public:
  c_sink(cgsl_finding_fn fn, void* user) : fn_(fn), user_(user) {}
  void add(const cgsl::finding& f) override {
    if (fn_ == nullptr) return;
    cgsl_finding c{};
    if (f.rule != nullptr) {
      c.rule_id = f.rule->id.c_str();
      c.rule_name = f.rule->name.c_str();
      c.severity = f.rule->severity.c_str();
      c.rule_index = f.rule_index;
    }
    c.entity = hold(0, f.entity);
    c.entity_type = hold(1, f.entity_type);
    c.outcome = static_cast<cgsl_outcome>(f.result);
    evidence_.clear();
    for (const std::string& e : f.evidence) evidence_.push_back(e.c_str());
    c.evidence = evidence_.data();
    c.evidence_count = evidence_.size();
    c.source = hold(2, f.source);
    c.file = hold(3, f.file);
    c.line = f.line;
    c.address = hold(4, f.address);
    c.message = hold(5, f.message);
    c.code = hold(6, f.code);
    fn_(user_, &c);
  }

 private:
  const char* hold(std::size_t slot, std::string_view s) {
    strings_[slot].assign(s.data(), s.size());
    return strings_[slot].c_str();
  }
  cgsl_finding_fn fn_;
  void* user_;
  std::array<std::string, 7> strings_;
  std::vector<const char*> evidence_;
};

cgsl_status run_scan(const cgsl_ruleset* ruleset, const std::vector<cgsl::input_source>& inputs,
                     const cgsl_options* options, cgsl_finding_fn on_finding, void* user_data,
                     cgsl_scan_summary* summary, char** summary_json) {
  cgsl::scan_options so;
  if (options != nullptr) {
    so.input = options->input;
    so.threads = options->threads;
    so.show = options->show;
    so.eval = options->eval;
    if (options->now) so.eval.now = *options->now;
    so.json = options->parse;
    so.window_bytes = options->window_bytes;
    so.exceptions = options->exceptions.get();
  }
  c_sink sink(on_finding, user_data);
  const cgsl::scan_summary s = cgsl::scan(ruleset->set, inputs, {&sink}, so);
  if (summary != nullptr) {
    summary->entities = s.entities;
    summary->unreadable = s.unreadable;
    summary->failed = s.failed;
    summary->errors = s.errors;
    summary->rules_without_entities = s.rules_without_entities.size();
    summary->exit_code = s.exit_code(options != nullptr ? options->fail_on : cgsl::rule_severity::informational);
  }
  if (summary_json != nullptr) {
    const std::string json = cgsl::summary_json(s, ruleset->set);
    char* out = static_cast<char*>(std::malloc(json.size() + 1));
    if (out == nullptr) throw std::bad_alloc();
    std::memcpy(out, json.c_str(), json.size() + 1);
    *summary_json = out;
  }
  return CGSL_OK;
}

}  // namespace

cgsl_status cgsl_scan_files(const cgsl_ruleset* ruleset, const char* const* paths, size_t count,
                            const cgsl_options* options, cgsl_finding_fn on_finding, void* user_data,
                            cgsl_scan_summary* summary, char** summary_json, cgsl_error** error) {
  if (summary_json != nullptr) *summary_json = nullptr;
  return guarded(error, CGSL_OUT_OF_MEMORY, [&]() -> cgsl_status {
    if (ruleset == nullptr || (paths == nullptr && count > 0)) {
      set_error(error, CGSL_INVALID_ARGUMENT, "cgsl_scan_files: ruleset and paths must not be NULL");
      return CGSL_INVALID_ARGUMENT;
    }
    std::vector<cgsl::input_source> inputs;
    for (size_t i = 0; i < count; ++i) {
      if (paths[i] == nullptr) {
        set_error(error, CGSL_INVALID_ARGUMENT, "cgsl_scan_files: a path is NULL");
        return CGSL_INVALID_ARGUMENT;
      }
      inputs.push_back(cgsl::input_source::file(paths[i]));
    }
    return run_scan(ruleset, inputs, options, on_finding, user_data, summary, summary_json);
  });
}

cgsl_status cgsl_scan_memory(const cgsl_ruleset* ruleset, const char* data, size_t len, const char* name,
                             const cgsl_options* options, cgsl_finding_fn on_finding, void* user_data,
                             cgsl_scan_summary* summary, char** summary_json, cgsl_error** error) {
  if (summary_json != nullptr) *summary_json = nullptr;
  return guarded(error, CGSL_OUT_OF_MEMORY, [&]() -> cgsl_status {
    if (ruleset == nullptr || data == nullptr) {
      set_error(error, CGSL_INVALID_ARGUMENT, "cgsl_scan_memory: ruleset and data must not be NULL");
      return CGSL_INVALID_ARGUMENT;
    }
    std::vector<cgsl::input_source> inputs{
        cgsl::input_source::borrowed(name != nullptr ? name : "<memory>", text_of(data, len))};
    return run_scan(ruleset, inputs, options, on_finding, user_data, summary, summary_json);
  });
}
