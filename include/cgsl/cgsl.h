/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgsl C API: compile CloudGuard GSL rules once, evaluate them over JSON entities.
 *
 * A small, stable C interface over the C++ library, for C programs and for bindings from Go
 * (cgo), Rust (bindgen / FFI) and Python (ctypes). It covers compiling a rule (with limits, named
 * lists and caller functions), loading rule files and the bundled rules, evaluating one entity
 * (JSON text) against a rule or a whole ruleset, and reading outcomes, evidence and errors.
 *
 *   #include <cgsl/cgsl.h>
 *
 *   cgsl_error* err = NULL;
 *   cgsl_rule* rule = cgsl_compile("EcrRepository should have lifecyclePolicy",
 *                                  CGSL_NUL_TERMINATED, NULL, &err);
 *   if (!rule) { fprintf(stderr, "%s\n", cgsl_error_message(err)); cgsl_error_free(err); return 2; }
 *   cgsl_evaluator* ev = cgsl_evaluator_new(NULL, NULL);
 *   cgsl_result* r = cgsl_evaluate(ev, rule, "{\"type\":\"EcrRepository\"}", CGSL_NUL_TERMINATED, NULL);
 *   printf("%s\n", cgsl_outcome_name(cgsl_result_outcome(r)));      -> failed
 *   for (size_t i = 0; i < cgsl_result_evidence_count(r); ++i)
 *     printf("  at %s\n", cgsl_result_evidence(r, i));
 *   cgsl_result_free(r); cgsl_evaluator_free(ev); cgsl_rule_free(rule);
 *
 * Link with the cgsl library (CMake: cgsl::cgsl; pkg-config: cgsl). The header is plain C99 and
 * includes only <stddef.h> and <stdint.h>.
 *
 * Conventions
 * -----------
 * - Handles are opaque. Every handle a function returns ("new", "compile", "load", "evaluate")
 *   belongs to the caller and is released with its own free function (cgsl_rule_free(), ...).
 *   Every free function accepts NULL and does nothing then.
 * - Errors: functions return a cgsl_status, or a handle that is NULL on failure. Those that can
 *   fail for a reason worth reading take a `cgsl_error** error` as their last argument, which may
 *   be NULL. When it is not NULL, *error is set to NULL on success and, on failure, to a new
 *   cgsl_error that the caller must release with cgsl_error_free().
 * - Bad input is not a failure of a call: a rule with syntax errors makes cgsl_compile() return
 *   NULL with the diagnostics in the error, but an entity that is not valid JSON, not an object,
 *   has no type, or hits a limit gives a result whose outcome is CGSL_OUTCOME_ERROR with the
 *   reason (never CGSL_OUTCOME_PASSED). Calls fail (NULL / non-CGSL_OK) only for invalid
 *   arguments (NULL handles, out-of-range indexes), unreadable or invalid rules, and exhausted
 *   memory.
 * - No C++ exception ever leaves a function of this API; the library never prints or exits.
 * - Strings returned as `const char*` are NUL-terminated UTF-8 and are owned by the handle they
 *   were read from: they stay valid until that handle is freed, and must not be freed by the
 *   caller. (cgsl_version() and cgsl_outcome_name() return static strings.)
 * - Text arguments are passed as pointer and length; pass CGSL_NUL_TERMINATED as the length for
 *   a NUL-terminated string. Text arguments are copied or fully used before the call returns.
 *
 * Thread safety
 * -------------
 * - cgsl_rule and cgsl_ruleset are immutable once created: any number of threads may evaluate
 *   the same rule or ruleset at the same time. Free them only when no thread uses them.
 * - cgsl_evaluator is scratch space for one thread at a time: give each thread its own (it is
 *   cheap; reusing one evaluator for many entities on one thread avoids allocations).
 * - cgsl_options may be read by several threads at once (cgsl_compile(), cgsl_evaluator_new())
 *   while no thread modifies it.
 * - cgsl_result, cgsl_results and cgsl_error are plain read-only values once returned.
 * - Caller functions (cgsl_options_add_function()) are called from every thread that evaluates a
 *   rule using them, possibly at the same time: they must be thread-safe.
 */
#ifndef CGSL_CGSL_H
#define CGSL_CGSL_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define CGSL_API __attribute__((visibility("default")))
#else
#define CGSL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this C interface; raised when functions are added. */
#define CGSL_C_API_VERSION 1

/* Pass as a length to mean "the text is NUL-terminated". */
#define CGSL_NUL_TERMINATED ((size_t)-1)

/* ---------------------------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------------------------- */

typedef struct cgsl_options cgsl_options;     /* compile and evaluation settings */
typedef struct cgsl_rule cgsl_rule;           /* a compiled rule (immutable, shareable) */
typedef struct cgsl_ruleset cgsl_ruleset;     /* compiled rules with metadata (immutable) */
typedef struct cgsl_evaluator cgsl_evaluator; /* per-thread evaluation scratch space */
typedef struct cgsl_result cgsl_result;       /* one rule's outcome over one entity */
typedef struct cgsl_results cgsl_results;     /* a ruleset's outcomes over one entity */
typedef struct cgsl_error cgsl_error;         /* why a call failed: status and diagnostics */
typedef struct cgsl_function_output cgsl_function_output; /* where a caller function answers */

/* What a call reports. */
typedef enum cgsl_status {
  CGSL_OK = 0,
  CGSL_INVALID_ARGUMENT = 1, /* a NULL handle or text, an index out of range, a bad name */
  CGSL_COMPILE_ERROR = 2,    /* the rule text has errors (see the diagnostics) */
  CGSL_LOAD_ERROR = 3,       /* a rule file or folder is unreadable or invalid, or a rule in it
                                does not compile (see the diagnostics) */
  CGSL_NOT_FOUND = 4,        /* the bundled rules folder was not found */
  CGSL_OUT_OF_MEMORY = 5,    /* an allocation failed */
  CGSL_INTERNAL_ERROR = 6    /* an unexpected failure inside the library (please report it) */
} cgsl_status;

/* The outcome of a rule over an entity (the same values, in the same order, as cgsl::outcome). */
typedef enum cgsl_outcome {
  CGSL_OUTCOME_PASSED = 0,       /* the `should` condition held */
  CGSL_OUTCOME_FAILED = 1,       /* it did not hold; evidence says where */
  CGSL_OUTCOME_NOT_RELEVANT = 2, /* another entity type, or the `where` condition was false */
  CGSL_OUTCOME_ERROR = 3,        /* the entity could not be evaluated; never counts as passed */
  CGSL_OUTCOME_MATCHED = 4,      /* a query (a rule without `should`) matched the entity */
  CGSL_OUTCOME_EXCEPTED = 5      /* failed, but an exception or the baseline accepts it (scans only) */
} cgsl_outcome;

/* A value passed to or returned by a caller function. */
typedef enum cgsl_value_kind {
  CGSL_VALUE_MISSING = 0,
  CGSL_VALUE_BOOL = 1,
  CGSL_VALUE_NUMBER = 2,
  CGSL_VALUE_STRING = 3
} cgsl_value_kind;

/* A literal argument of a caller function call, as written in the rule: a boolean, a number or
 * a string. Only the member matching `kind` is meaningful; `string` is NUL-terminated (and
 * `string_len` long) and valid only during the call. */
typedef struct cgsl_value {
  cgsl_value_kind kind;
  int boolean;
  double number;
  const char* string;
  size_t string_len;
} cgsl_value;

/* A caller function (see cgsl_options_add_function()).
 *   user_data     the pointer given at registration
 *   subject_json  the value the function is applied to, as compact JSON text (`x myFunc(1)`
 *                 receives x; a call that starts a condition receives the whole entity; a path
 *                 that crossed an array, or `with`, arrives as a JSON array); NULL when the value
 *                 is missing. NUL-terminated, subject_len bytes; valid only during the call.
 *   args          the literal arguments, arg_count of them (exactly the registered arity)
 *   out           where to put the result, with cgsl_function_output_set_*(); left alone, the
 *                 result is "missing"
 * Return 0 on success. Any other value means the function failed: the entity's outcome becomes
 * CGSL_OUTCOME_ERROR (never passed), with the message given by
 * cgsl_function_output_set_error() if any. The function must be thread-safe, must not call back
 * into cgsl except for the cgsl_function_output_set_*() functions, and must not unwind (no C++
 * exception or longjmp out of it). */
typedef int (*cgsl_function)(void* user_data, const char* subject_json, size_t subject_len,
                             const cgsl_value* args, size_t arg_count, cgsl_function_output* out);

/* Releases user_data when the last rule compiled with the function is gone. */
typedef void (*cgsl_destroy_fn)(void* user_data);

/* The fields of a rule's metadata in a ruleset (cgsl_ruleset_rule_field()). */
typedef enum cgsl_rule_field {
  CGSL_FIELD_ID = 0,          /* ruleId, e.g. "D9.AWS.IAM.103" */
  CGSL_FIELD_NAME = 1,        /* the rule's title */
  CGSL_FIELD_SEVERITY = 2,    /* Informational | Low | Medium | High | Critical */
  CGSL_FIELD_DESCRIPTION = 3,
  CGSL_FIELD_REMEDIATION = 4,
  CGSL_FIELD_CATEGORY = 5,
  CGSL_FIELD_COMPLIANCE_TAG = 6,
  CGSL_FIELD_LOGIC = 7,       /* the GSL text */
  CGSL_FIELD_FILE = 8         /* the rule file it came from */
} cgsl_rule_field;

/* ---------------------------------------------------------------------------------------------
 * Version and names
 * ------------------------------------------------------------------------------------------- */

/* The library version, "MAJOR.MINOR.PATCH" (static string). */
CGSL_API const char* cgsl_version(void);

/* "passed", "failed", "not_relevant", "error", "matched", "excepted" (static string; "error" for a value
 * outside the enum). */
CGSL_API const char* cgsl_outcome_name(cgsl_outcome outcome);

/* ---------------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------------- */

/* Releases an error (NULL is allowed). */
CGSL_API void cgsl_error_free(cgsl_error* error);

/* Why the call failed. CGSL_INVALID_ARGUMENT for a NULL error. */
CGSL_API cgsl_status cgsl_error_status(const cgsl_error* error);

/* Everything, ready to print: for rule errors every diagnostic rendered as
 * "SOURCE:LINE:COL: error[CODE]: message", the rule line and a caret, one after the other.
 * "" for a NULL error. Owned by the error. */
CGSL_API const char* cgsl_error_message(const cgsl_error* error);

/* The individual diagnostics (rule errors; 0 for other failures) and, for each, its numeric
 * code (201 for E201, see cgsl/diagnostic.hpp and docs/language.md), its one-line message, and
 * its 1-based line and column in the rule text (0 when it has no position). Out-of-range
 * indexes give 0 / "". Strings are owned by the error. */
CGSL_API size_t cgsl_error_diagnostic_count(const cgsl_error* error);
CGSL_API int cgsl_error_code(const cgsl_error* error, size_t index);
CGSL_API const char* cgsl_error_diagnostic_message(const cgsl_error* error, size_t index);
CGSL_API uint32_t cgsl_error_line(const cgsl_error* error, size_t index);
CGSL_API uint32_t cgsl_error_column(const cgsl_error* error, size_t index);

/* ---------------------------------------------------------------------------------------------
 * Options: compile limits, named lists, caller functions, and evaluation settings
 * ------------------------------------------------------------------------------------------- */

/* New options with the library's defaults (those of cgsl::compile_options, eval_options and
 * parse_options): max rule size 1 MiB, max nesting 256, 8 MiB per regex, no lists, no
 * functions; "now" read from the clock at each evaluation, 10,000,000 steps per entity,
 * evidence on, no default entity type, JSON depth 1024. NULL when out of memory.
 * Passing NULL options to any function means these defaults. */
CGSL_API cgsl_options* cgsl_options_new(void);

/* Releases options (NULL is allowed). Rules and evaluators created with them are unaffected:
 * they copied what they need. */
CGSL_API void cgsl_options_free(cgsl_options* options);

/* Compile settings (read by cgsl_compile() and the ruleset loaders). Each returns CGSL_OK, or
 * CGSL_INVALID_ARGUMENT for NULL options. */
CGSL_API cgsl_status cgsl_options_set_max_rule_bytes(cgsl_options* options, size_t bytes);  /* E401 */
CGSL_API cgsl_status cgsl_options_set_max_nesting(cgsl_options* options, size_t depth);     /* E402 */
CGSL_API cgsl_status cgsl_options_set_regex_max_mem(cgsl_options* options, int64_t bytes);  /* E404 */

/* Adds a value to the named list `list` used by `x in ($list)` in rules compiled afterwards
 * (a leading '$' in the name is ignored). The list is created by its first value. A rule that
 * names a list that was never given is compile error E205. CGSL_INVALID_ARGUMENT for NULL
 * options, list or value, or an empty name. */
CGSL_API cgsl_status cgsl_options_add_list_string(cgsl_options* options, const char* list, const char* value);
CGSL_API cgsl_status cgsl_options_add_list_number(cgsl_options* options, const char* list, double value);
CGSL_API cgsl_status cgsl_options_add_list_bool(cgsl_options* options, const char* list, int value);

/* Registers a caller function for rules compiled afterwards with these options: `name` (a letter
 * or '_', then letters, digits or '_'; matched case-insensitively; not a built-in function) with
 * exactly `arity` literal arguments, implemented by fn (see cgsl_function). Rules compiled with
 * the function keep it: user_data must stay valid until `destroy` is called (when neither the
 * options nor any rule compiled with them uses the function any more; destroy may be NULL).
 * If the call fails, destroy is not called and user_data stays the caller's.
 * Returns CGSL_OK, or CGSL_INVALID_ARGUMENT (NULL options, name or fn; a name that is a built-in
 * function, already registered or not an identifier). */
CGSL_API cgsl_status cgsl_options_add_function(cgsl_options* options, const char* name, size_t arity,
                                               cgsl_function fn, void* user_data,
                                               cgsl_destroy_fn destroy, cgsl_error** error);

/* Evaluation settings (read by cgsl_evaluator_new()). */
/* "now" for before()/after(), in UTC epoch seconds; fixes the results for reproducible runs.
 * Unset, the evaluator reads the clock at each evaluation. */
CGSL_API cgsl_status cgsl_options_set_now(cgsl_options* options, double epoch_seconds);
/* Evaluation steps per entity and rule; past it the outcome is an error (E403). */
CGSL_API cgsl_status cgsl_options_set_max_steps(cgsl_options* options, uint64_t steps);
/* Whether failed outcomes carry evidence paths (default 1). */
CGSL_API cgsl_status cgsl_options_set_evidence(cgsl_options* options, int enabled);
/* The type of entities that have no "type" member (NULL or "" for none: such entities are an
 * error, E305). */
CGSL_API cgsl_status cgsl_options_set_entity_type(cgsl_options* options, const char* type);
/* Entity JSON: maximum nesting depth (E302 beyond) and size in bytes (E303 beyond). */
CGSL_API cgsl_status cgsl_options_set_max_json_depth(cgsl_options* options, size_t depth);
CGSL_API cgsl_status cgsl_options_set_max_json_bytes(cgsl_options* options, size_t bytes);

/* ---------------------------------------------------------------------------------------------
 * Rules
 * ------------------------------------------------------------------------------------------- */

/* Compiles GSL text (len bytes, or CGSL_NUL_TERMINATED) with options (NULL: defaults). Returns
 * the rule, or NULL with CGSL_COMPILE_ERROR and positioned diagnostics (source name "<rule>")
 * in *error. Thread-safe. Release the rule with cgsl_rule_free(). */
CGSL_API cgsl_rule* cgsl_compile(const char* text, size_t len, const cgsl_options* options,
                                 cgsl_error** error);

/* Releases a rule from cgsl_compile() (NULL is allowed). Never call it on a rule borrowed from
 * a ruleset (cgsl_ruleset_rule()). */
CGSL_API void cgsl_rule_free(cgsl_rule* rule);

/* The rule text as compiled, and the entity type it targets ("EcrRepository"; for List<T> the
 * T). Owned by the rule; "" for NULL. */
CGSL_API const char* cgsl_rule_text(const cgsl_rule* rule);
CGSL_API const char* cgsl_rule_target_type(const cgsl_rule* rule);
/* 1 for a `List<T>` rule (evaluate it with cgsl_evaluate_list()), else 0. */
CGSL_API int cgsl_rule_is_list(const cgsl_rule* rule);
/* 1 for a query (no `should` clause; outcomes are matched / not_relevant), else 0. */
CGSL_API int cgsl_rule_is_query(const cgsl_rule* rule);

/* ---------------------------------------------------------------------------------------------
 * Rulesets (CloudGuard-style rule files: {"rules": [...]} or [...], see docs/rules.md)
 * ------------------------------------------------------------------------------------------- */

/* Loads a rule file, or every *.json in a folder (recursively, skipping *.tests.json), and
 * compiles every rule with options (NULL: defaults). All or nothing: if the file cannot be read,
 * is invalid, or any rule does not compile, returns NULL with CGSL_LOAD_ERROR and every
 * diagnostic in *error. */
CGSL_API cgsl_ruleset* cgsl_ruleset_load(const char* path, const cgsl_options* options, cgsl_error** error);

/* The same for the bundled rules (cgsl_bundled_rules_dir()); CGSL_NOT_FOUND when there are none. */
CGSL_API cgsl_ruleset* cgsl_ruleset_load_bundled(const cgsl_options* options, cgsl_error** error);

/* The same for the text of one rule file (len bytes, or CGSL_NUL_TERMINATED); file_name (may be
 * NULL) names it in diagnostics. */
CGSL_API cgsl_ruleset* cgsl_ruleset_parse(const char* json, size_t len, const char* file_name,
                                          const cgsl_options* options, cgsl_error** error);

/* The folder of the bundled rules: $CGSL_RULES_DIR if set, else share/cgsl/gsl_rules next to
 * the running program's bin/, else the folder configured at installation, else the source tree;
 * "" when none exists. The string stays valid until the next call of this function on the same
 * thread. */
CGSL_API const char* cgsl_bundled_rules_dir(void);

/* Releases a ruleset and the rules it holds (NULL is allowed). */
CGSL_API void cgsl_ruleset_free(cgsl_ruleset* ruleset);

/* The number of rules (0 for NULL), in file order (files in name order). */
CGSL_API size_t cgsl_ruleset_size(const cgsl_ruleset* ruleset);

/* Rule `index`, borrowed: owned by the ruleset (do not free it), valid as long as the ruleset.
 * NULL when index is out of range. */
CGSL_API const cgsl_rule* cgsl_ruleset_rule(const cgsl_ruleset* ruleset, size_t index);

/* A metadata field of rule `index` ("" when absent or out of range). Owned by the ruleset. */
CGSL_API const char* cgsl_ruleset_rule_field(const cgsl_ruleset* ruleset, size_t index, cgsl_rule_field field);

/* ---------------------------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------------------------- */

/* A new evaluator with the evaluation settings of options (NULL: defaults), copied. Use one per
 * thread; reuse it for many entities. NULL (with *error) when out of memory. */
CGSL_API cgsl_evaluator* cgsl_evaluator_new(const cgsl_options* options, cgsl_error** error);

/* Releases an evaluator (NULL is allowed). Results it returned stay valid. */
CGSL_API void cgsl_evaluator_free(cgsl_evaluator* evaluator);

/* Evaluates rule over one entity, given as JSON text (len bytes, or CGSL_NUL_TERMINATED).
 * Returns a result for every entity, including bad ones (invalid JSON, not an object, no type,
 * a limit, a failing caller function: outcome CGSL_OUTCOME_ERROR with the reason). Returns NULL
 * only for invalid arguments (NULL evaluator, rule or json) or when out of memory.
 * A List<T> rule gives an error outcome here: use cgsl_evaluate_list(). */
CGSL_API cgsl_result* cgsl_evaluate(cgsl_evaluator* evaluator, const cgsl_rule* rule,
                                    const char* json, size_t len, cgsl_error** error);

/* Evaluates every rule of ruleset over one entity (parsed once). Result i belongs to rule i of
 * the ruleset (cgsl_results_get()). An entity that cannot be read gives every rule an error
 * outcome with the reason. NULL only for invalid arguments or when out of memory. */
CGSL_API cgsl_results* cgsl_evaluate_ruleset(cgsl_evaluator* evaluator, const cgsl_ruleset* ruleset,
                                             const char* json, size_t len, cgsl_error** error);

/* Evaluates a List<T> rule once over all the entities of type T in `json_array` (the text of a
 * JSON array of entities; entities of other types are ignored). A rule that is not List<T>, or
 * text that is not an array, gives an error outcome. NULL only for invalid arguments or when out
 * of memory. */
CGSL_API cgsl_result* cgsl_evaluate_list(cgsl_evaluator* evaluator, const cgsl_rule* rule,
                                         const char* json_array, size_t len, cgsl_error** error);

/* Releases a result from cgsl_evaluate() or cgsl_evaluate_list() (NULL is allowed). Never call it
 * on a result borrowed from cgsl_results_get(). */
CGSL_API void cgsl_result_free(cgsl_result* result);

/* The outcome (CGSL_OUTCOME_ERROR for NULL). */
CGSL_API cgsl_outcome cgsl_result_outcome(const cgsl_result* result);

/* Evidence of a failed outcome: the JSON paths of the elements that made the rule fail, e.g.
 * "policy.document.Statement[1]" (none for other outcomes or with evidence off). The string is
 * owned by the result; NULL for an index out of range. */
CGSL_API size_t cgsl_result_evidence_count(const cgsl_result* result);
CGSL_API const char* cgsl_result_evidence(const cgsl_result* result, size_t index);

/* For CGSL_OUTCOME_ERROR: why (one line, owned by the result) and its numeric diagnostic code
 * (e.g. 301 for invalid JSON, 403 for the step limit, 901 for a failing caller function).
 * NULL and 0 for other outcomes. */
CGSL_API const char* cgsl_result_error_message(const cgsl_result* result);
CGSL_API int cgsl_result_error_code(const cgsl_result* result);

/* Ruleset results: one per rule of the ruleset, in its order. cgsl_results_get() returns a
 * borrowed result, owned by the results (do not free it); NULL for an index out of range. */
CGSL_API size_t cgsl_results_count(const cgsl_results* results);
CGSL_API const cgsl_result* cgsl_results_get(const cgsl_results* results, size_t index);
CGSL_API void cgsl_results_free(cgsl_results* results);

/* ---------------------------------------------------------------------------------------------
 * Scanning: a ruleset over whole inputs (files or memory, any supported format), with several
 * threads, in input order and bounded memory: what `cgsl check` does (cgsl/scan.hpp in C++).
 * ------------------------------------------------------------------------------------------- */

/* Scan settings on an options object (defaults: automatic format detection, one thread per
 * core, every outcome but not_relevant delivered, 512 KiB NDJSON windows). */
/* "auto", "ndjson", "json", "cloudguard", "aws-ecr", "terraform-plan", "cloudformation"; CGSL_INVALID_ARGUMENT for others. */
CGSL_API cgsl_status cgsl_options_set_input_format(cgsl_options* options, const char* format);
/* 0: one thread per core. */
CGSL_API cgsl_status cgsl_options_set_threads(cgsl_options* options, unsigned threads);
/* Which findings reach the callback: a comma list of passed, failed, error, not_relevant,
 * matched (or "all"); CGSL_INVALID_ARGUMENT for an unknown name. Counting is not affected. */
CGSL_API cgsl_status cgsl_options_set_show(cgsl_options* options, const char* outcomes);
CGSL_API cgsl_status cgsl_options_set_window_bytes(cgsl_options* options, size_t bytes);
/* The severity gate of the summary's exit_code: "Informational", "Low", "Medium", "High" or
 * "Critical" (any case); exit_code is 1 only for failures of rules at or above it (default:
 * every failure counts). CGSL_INVALID_ARGUMENT for another name. */
CGSL_API cgsl_status cgsl_options_set_fail_on(cgsl_options* options, const char* severity);
/* Adds the entries of an exceptions file (JSON or YAML; see docs/ci.md), or of a baseline when
 * baseline is non-zero: failures they match are delivered as CGSL_OUTCOME_EXCEPTED with the reason
 * as the finding's message, and do not count as failed. CGSL_LOAD_ERROR (with the diagnostics in
 * *error) when the file is unreadable or has a problem; then nothing is added. */
CGSL_API cgsl_status cgsl_options_add_exceptions(cgsl_options* options, const char* path, int baseline,
                                                 cgsl_error** error);

/* One finding, as in a JSON Lines line. Every string is NUL-terminated and valid only during
 * the callback; the strings that do not apply are "" (rule_id, rule_name and severity are NULL
 * for an entity that could not be read at all). */
typedef struct cgsl_finding {
  const char* rule_id;
  const char* rule_name;
  const char* severity;
  size_t rule_index;              /* the rule's index in the ruleset (when rule_id != NULL) */
  const char* entity;             /* id, arn or name, else the position */
  const char* entity_type;
  cgsl_outcome outcome;
  const char* const* evidence;    /* evidence_count JSON paths */
  size_t evidence_count;
  const char* source;             /* "FILE:LINE", "FILE#INDEX", "FILE:ADDRESS" */
  const char* file;
  size_t line;                    /* 0 when not line-oriented */
  const char* address;            /* Terraform resource address */
  const char* message;            /* errors: why; excepted: the exception's reason */
  const char* code;               /* errors: the diagnostic code, e.g. "E301" */
} cgsl_finding;

/* Called for each finding, in input order, on the thread that called cgsl_scan_*(). It must not
 * unwind. */
typedef void (*cgsl_finding_fn)(void* user_data, const cgsl_finding* finding);

/* What the scan saw (every entity counted, whatever was delivered). */
typedef struct cgsl_scan_summary {
  size_t entities;    /* entities read and evaluated */
  size_t unreadable;  /* entities or inputs that could not be read (one error finding each) */
  size_t failed;      /* failed findings */
  size_t errors;      /* error findings, unreadable ones included */
  size_t rules_without_entities; /* rules whose type no entity had */
  int exit_code;      /* 3 if anything could not be evaluated, else 1 if a rule at or above the
                         fail-on severity (cgsl_options_set_fail_on) failed, else 0 */
} cgsl_scan_summary;

/* Scans the files (path "-": standard input) with every rule of ruleset, calling on_finding
 * (may be NULL) for each finding and filling *summary (may be NULL). Bad input is never a call
 * failure: unreadable files and malformed entities are error findings and counted. Returns
 * CGSL_OK, or CGSL_INVALID_ARGUMENT (NULL ruleset, paths with count > 0, a NULL path) or
 * CGSL_OUT_OF_MEMORY with *error. If summary_json is not NULL, it receives the summary as JSON
 * (release it with cgsl_string_free()). */
CGSL_API cgsl_status cgsl_scan_files(const cgsl_ruleset* ruleset, const char* const* paths, size_t count,
                                     const cgsl_options* options, cgsl_finding_fn on_finding, void* user_data,
                                     cgsl_scan_summary* summary, char** summary_json, cgsl_error** error);
/* The same over len bytes in memory (any supported format), named `name` in findings. */
CGSL_API cgsl_status cgsl_scan_memory(const cgsl_ruleset* ruleset, const char* data, size_t len, const char* name,
                                      const cgsl_options* options, cgsl_finding_fn on_finding, void* user_data,
                                      cgsl_scan_summary* summary, char** summary_json, cgsl_error** error);
/* Releases a string returned by the library (NULL is allowed). */
CGSL_API void cgsl_string_free(char* text);

/* ---------------------------------------------------------------------------------------------
 * Answers of caller functions (only inside a cgsl_function call, on the `out` it was given)
 * ------------------------------------------------------------------------------------------- */

CGSL_API void cgsl_function_output_set_missing(cgsl_function_output* out);
CGSL_API void cgsl_function_output_set_bool(cgsl_function_output* out, int value);
CGSL_API void cgsl_function_output_set_number(cgsl_function_output* out, double value);
/* Copies len bytes (or up to the NUL with CGSL_NUL_TERMINATED). CGSL_INVALID_ARGUMENT for NULL,
 * CGSL_OUT_OF_MEMORY if the copy fails. */
CGSL_API cgsl_status cgsl_function_output_set_string(cgsl_function_output* out, const char* value, size_t len);
/* The message of a failure, used when the function returns non-zero (copied). */
CGSL_API void cgsl_function_output_set_error(cgsl_function_output* out, const char* message);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* CGSL_CGSL_H */
