/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the C API (include/cgsl/cgsl.h), written in C99: every call, the error conventions,
 * ownership (run under the sanitizers in the sanitizer builds), caller functions, and one rule
 * shared by several threads with an evaluator each.
 *
 *   capi_test RULES_DIR
 */
#include <cgsl/cgsl.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    ++checks;                                                            \
    if (!(cond)) {                                                       \
      ++failures;                                                        \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                    \
  } while (0)

#define CHECK_STR(got, want)                                                                \
  do {                                                                                      \
    const char* got_ = (got);                                                               \
    ++checks;                                                                               \
    if (got_ == NULL || strcmp(got_, (want)) != 0) {                                        \
      ++failures;                                                                           \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got, \
              got_ ? got_ : "(null)", (want));                                              \
    }                                                                                       \
  } while (0)

static const char* SEED =
    "EcrRepository should not have policy.document.Statement contain "
    "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]";

static const char* PUBLIC_WITH_CONDITION =
    "{\"type\":\"EcrRepository\",\"id\":\"r1\",\"policy\":{\"document\":{\"Statement\":["
    "{\"Effect\":\"Deny\",\"Principal\":\"*\"},"
    "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::1:root\",\"*\"]},"
    "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}]}}}";

static const char* PRIVATE_REPO =
    "{\"type\":\"EcrRepository\",\"id\":\"r2\",\"policy\":{\"document\":{\"Statement\":["
    "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}}]}},"
    "\"lifecyclePolicy\":{\"document\":{\"rules\":[]}}}";

static cgsl_outcome outcome_of(cgsl_evaluator* ev, const cgsl_rule* rule, const char* json) {
  cgsl_result* r = cgsl_evaluate(ev, rule, json, CGSL_NUL_TERMINATED, NULL);
  cgsl_outcome o = cgsl_result_outcome(r);
  cgsl_result_free(r);
  return o;
}

static void test_version_and_names(void) {
  CHECK(strlen(cgsl_version()) >= 5);
  CHECK(strchr(cgsl_version(), '.') != NULL);
  CHECK_STR(cgsl_outcome_name(CGSL_OUTCOME_PASSED), "passed");
  CHECK_STR(cgsl_outcome_name(CGSL_OUTCOME_FAILED), "failed");
  CHECK_STR(cgsl_outcome_name(CGSL_OUTCOME_NOT_RELEVANT), "not_relevant");
  CHECK_STR(cgsl_outcome_name(CGSL_OUTCOME_ERROR), "error");
  CHECK_STR(cgsl_outcome_name(CGSL_OUTCOME_MATCHED), "matched");
  CHECK_STR(cgsl_outcome_name((cgsl_outcome)42), "error");
}

static void test_compile_and_evaluate(void) {
  cgsl_error* err = (cgsl_error*)1; /* must be reset to NULL on success */
  cgsl_rule* rule = cgsl_compile(SEED, strlen(SEED), NULL, &err);
  CHECK(rule != NULL);
  CHECK(err == NULL);
  CHECK_STR(cgsl_rule_text(rule), SEED);
  CHECK_STR(cgsl_rule_target_type(rule), "EcrRepository");
  CHECK(cgsl_rule_is_list(rule) == 0);
  CHECK(cgsl_rule_is_query(rule) == 0);

  cgsl_evaluator* ev = cgsl_evaluator_new(NULL, &err);
  CHECK(ev != NULL && err == NULL);

  cgsl_result* r = cgsl_evaluate(ev, rule, PUBLIC_WITH_CONDITION, strlen(PUBLIC_WITH_CONDITION), &err);
  CHECK(r != NULL && err == NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_FAILED);
  CHECK(cgsl_result_evidence_count(r) == 1);
  CHECK_STR(cgsl_result_evidence(r, 0), "policy.document.Statement[1]");
  CHECK(cgsl_result_evidence(r, 1) == NULL);
  CHECK(cgsl_result_error_message(r) == NULL);
  CHECK(cgsl_result_error_code(r) == 0);
  cgsl_result_free(r);

  CHECK(outcome_of(ev, rule, PRIVATE_REPO) == CGSL_OUTCOME_PASSED);
  CHECK(outcome_of(ev, rule, "{\"type\":\"S3Bucket\"}") == CGSL_OUTCOME_NOT_RELEVANT);

  /* Length-delimited text: only the first len bytes are read. */
  const char* padded = "{\"type\":\"S3Bucket\"}GARBAGE";
  r = cgsl_evaluate(ev, rule, padded, 19, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_NOT_RELEVANT);
  cgsl_result_free(r);

  /* Bad entities: error outcomes with reasons, never a pass and never a NULL result. */
  struct {
    const char* json;
    int code;
  } bad[] = {
      {"{\"type\":", 301},
      {"", 301},
      {"[1,2]", 304},
      {"{\"id\":\"no-type\"}", 305},
      {"{\"type\":\"EcrRepository\",\"x\":\"\xff\"}", 306},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    r = cgsl_evaluate(ev, rule, bad[i].json, CGSL_NUL_TERMINATED, &err);
    CHECK(r != NULL && err == NULL);
    CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_ERROR);
    CHECK(cgsl_result_error_code(r) == bad[i].code);
    CHECK(cgsl_result_error_message(r) != NULL && strlen(cgsl_result_error_message(r)) > 0);
    CHECK(cgsl_result_evidence_count(r) == 0);
    cgsl_result_free(r);
  }

  /* A query matches. */
  cgsl_rule* query = cgsl_compile("EcrRepository where lifecyclePolicy", CGSL_NUL_TERMINATED, NULL, NULL);
  CHECK(query != NULL && cgsl_rule_is_query(query) == 1);
  CHECK(outcome_of(ev, query, PRIVATE_REPO) == CGSL_OUTCOME_MATCHED);
  cgsl_rule_free(query);

  cgsl_evaluator_free(ev);
  cgsl_rule_free(rule);
}

static void test_compile_errors(void) {
  cgsl_error* err = NULL;
  const char* text = "EcrRepository should have name = ";
  CHECK(cgsl_compile(text, CGSL_NUL_TERMINATED, NULL, &err) == NULL);
  CHECK(err != NULL);
  CHECK(cgsl_error_status(err) == CGSL_COMPILE_ERROR);
  CHECK(cgsl_error_diagnostic_count(err) >= 1);
  CHECK(cgsl_error_code(err, 0) == 107);
  CHECK(cgsl_error_line(err, 0) == 1);
  CHECK(cgsl_error_column(err, 0) == 34);
  CHECK(strstr(cgsl_error_message(err), "<rule>:1:34: error[E107]") != NULL);
  CHECK(strlen(cgsl_error_diagnostic_message(err, 0)) > 0);
  CHECK(cgsl_error_code(err, 99) == 0);
  CHECK_STR(cgsl_error_diagnostic_message(err, 99), "");
  cgsl_error_free(err);

  /* Unknown function, unknown list: every diagnostic is reported. */
  CHECK(cgsl_compile("T should have a nope() and b in ($missing)", CGSL_NUL_TERMINATED, NULL, &err) == NULL);
  CHECK(cgsl_error_diagnostic_count(err) == 2);
  CHECK(cgsl_error_code(err, 0) == 201);
  CHECK(cgsl_error_code(err, 1) == 205);
  cgsl_error_free(err);

  /* The error argument is optional. */
  CHECK(cgsl_compile("not a rule", CGSL_NUL_TERMINATED, NULL, NULL) == NULL);

  /* NULL arguments are reported, not crashed on. */
  CHECK(cgsl_compile(NULL, 0, NULL, &err) == NULL);
  CHECK(cgsl_error_status(err) == CGSL_INVALID_ARGUMENT);
  cgsl_error_free(err);
  CHECK(cgsl_evaluate(NULL, NULL, "{}", 2, &err) == NULL);
  CHECK(cgsl_error_status(err) == CGSL_INVALID_ARGUMENT);
  CHECK(strlen(cgsl_error_message(err)) > 0);
  cgsl_error_free(err);
  CHECK(cgsl_error_status(NULL) == CGSL_INVALID_ARGUMENT);
  CHECK_STR(cgsl_error_message(NULL), "");
  CHECK(cgsl_result_outcome(NULL) == CGSL_OUTCOME_ERROR);
  CHECK_STR(cgsl_rule_text(NULL), "");

  /* Free functions accept NULL. */
  cgsl_error_free(NULL);
  cgsl_rule_free(NULL);
  cgsl_ruleset_free(NULL);
  cgsl_evaluator_free(NULL);
  cgsl_result_free(NULL);
  cgsl_results_free(NULL);
  cgsl_options_free(NULL);
}

static void test_options(void) {
  cgsl_options* o = cgsl_options_new();
  CHECK(o != NULL);
  cgsl_error* err = NULL;

  /* max nesting (E402) and max rule size (E401). */
  CHECK(cgsl_options_set_max_nesting(o, 3) == CGSL_OK);
  CHECK(cgsl_compile("T should ((((a))))", CGSL_NUL_TERMINATED, o, &err) == NULL);
  CHECK(cgsl_error_code(err, 0) == 402);
  cgsl_error_free(err);
  CHECK(cgsl_options_set_max_nesting(o, 256) == CGSL_OK);
  CHECK(cgsl_options_set_max_rule_bytes(o, 10) == CGSL_OK);
  CHECK(cgsl_compile("T should have something", CGSL_NUL_TERMINATED, o, &err) == NULL);
  CHECK(cgsl_error_code(err, 0) == 401);
  cgsl_error_free(err);
  CHECK(cgsl_options_set_max_rule_bytes(o, 1 << 20) == CGSL_OK);
  CHECK(cgsl_options_set_regex_max_mem(o, 8 << 20) == CGSL_OK);

  /* Named lists of each kind; a leading '$' is allowed. */
  CHECK(cgsl_options_add_list_string(o, "regions", "eu-west-1") == CGSL_OK);
  CHECK(cgsl_options_add_list_string(o, "$regions", "us-east-1") == CGSL_OK);
  CHECK(cgsl_options_add_list_number(o, "ports", 22) == CGSL_OK);
  CHECK(cgsl_options_add_list_bool(o, "flags", 1) == CGSL_OK);
  CHECK(cgsl_options_add_list_string(o, "", "x") == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_add_list_string(o, "$", "x") == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_add_list_string(NULL, "a", "x") == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_add_list_string(o, "a", NULL) == CGSL_INVALID_ARGUMENT);
  cgsl_rule* lists = cgsl_compile("T should have region in ($regions) and port in ($ports) and flag in ($flags)",
                                  CGSL_NUL_TERMINATED, o, &err);
  CHECK(lists != NULL);

  /* "now", max steps, evidence and the default entity type are evaluation settings. */
  CHECK(cgsl_options_set_now(o, 1717200000.0) == CGSL_OK); /* 2024-06-01T00:00:00Z */
  cgsl_rule* recent = cgsl_compile("T should have t after(-30, 'days')", CGSL_NUL_TERMINATED, o, NULL);
  CHECK(recent != NULL);
  cgsl_evaluator* ev = cgsl_evaluator_new(o, NULL);
  CHECK(outcome_of(ev, recent, "{\"type\":\"T\",\"t\":\"2024-05-20T00:00:00Z\"}") == CGSL_OUTCOME_PASSED);
  CHECK(outcome_of(ev, recent, "{\"type\":\"T\",\"t\":\"2024-04-20T00:00:00Z\"}") == CGSL_OUTCOME_FAILED);
  CHECK(outcome_of(ev, lists, "{\"type\":\"T\",\"region\":\"us-east-1\",\"port\":\"22\",\"flag\":true}") ==
        CGSL_OUTCOME_PASSED);
  CHECK(outcome_of(ev, lists, "{\"type\":\"T\",\"region\":\"ap-south-1\",\"port\":22,\"flag\":true}") ==
        CGSL_OUTCOME_FAILED);
  cgsl_evaluator_free(ev);

  /* The clock, when "now" is not set: 2024 is long past. */
  cgsl_evaluator* clock_ev = cgsl_evaluator_new(NULL, NULL);
  CHECK(outcome_of(clock_ev, recent, "{\"type\":\"T\",\"t\":\"2024-05-20T00:00:00Z\"}") == CGSL_OUTCOME_FAILED);
  cgsl_evaluator_free(clock_ev);

  CHECK(cgsl_options_set_evidence(o, 0) == CGSL_OK);
  CHECK(cgsl_options_set_entity_type(o, "T") == CGSL_OK);
  CHECK(cgsl_options_set_max_steps(o, 5) == CGSL_OK);
  ev = cgsl_evaluator_new(o, NULL);
  cgsl_result* r = cgsl_evaluate(ev, recent, "{\"t\":\"2024-04-20T00:00:00Z\"}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_FAILED); /* typed by the option */
  CHECK(cgsl_result_evidence_count(r) == 0);            /* evidence off */
  cgsl_result_free(r);
  cgsl_rule* wide = cgsl_compile("T should have a contain-all [ $ > 0 ]", CGSL_NUL_TERMINATED, o, NULL);
  r = cgsl_evaluate(ev, wide, "{\"a\":[1,2,3,4,5,6,7,8,9,10,11,12]}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_ERROR);
  CHECK(cgsl_result_error_code(r) == 403);
  cgsl_result_free(r);
  cgsl_evaluator_free(ev);

  /* JSON limits. */
  CHECK(cgsl_options_set_max_json_depth(o, 2) == CGSL_OK);
  CHECK(cgsl_options_set_max_json_bytes(o, 1000) == CGSL_OK);
  CHECK(cgsl_options_set_max_steps(o, 1000000) == CGSL_OK);
  ev = cgsl_evaluator_new(o, NULL);
  r = cgsl_evaluate(ev, wide, "{\"a\":[[[1]]]}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_error_code(r) == 302);
  cgsl_result_free(r);
  char big[2048];
  memset(big, ' ', sizeof big - 1);
  big[0] = '{';
  big[sizeof big - 2] = '}';
  big[sizeof big - 1] = '\0';
  r = cgsl_evaluate(ev, wide, big, CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_error_code(r) == 303);
  cgsl_result_free(r);
  cgsl_evaluator_free(ev);

  CHECK(cgsl_options_set_now(NULL, 0) == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_set_max_nesting(NULL, 1) == CGSL_INVALID_ARGUMENT);

  /* Rules outlive the options they were compiled with. */
  cgsl_options_free(o);
  ev = cgsl_evaluator_new(NULL, NULL);
  CHECK(outcome_of(ev, lists, "{\"type\":\"T\",\"region\":\"eu-west-1\",\"port\":22,\"flag\":true}") ==
        CGSL_OUTCOME_PASSED);
  cgsl_evaluator_free(ev);
  cgsl_rule_free(wide);
  cgsl_rule_free(recent);
  cgsl_rule_free(lists);
}

/* --- caller functions ------------------------------------------------------------------- */

struct counter {
  int destroyed;
};

static void destroy_counter(void* user_data) { ((struct counter*)user_data)->destroyed++; }

/* countOver(limit): how many numbers of the subject array are greater than limit. Checks that it
 * gets the subject as JSON text and the literal argument. */
static int count_over(void* user_data, const char* subject, size_t len, const cgsl_value* args,
                      size_t count, cgsl_function_output* out) {
  (void)user_data;
  if (count != 1 || args[0].kind != CGSL_VALUE_NUMBER) return 1;
  if (subject == NULL) {
    cgsl_function_output_set_missing(out);
    return 0;
  }
  if (len == 0 || subject[0] != '[' || strlen(subject) != len) {
    cgsl_function_output_set_error(out, "expected an array");
    return 1;
  }
  double n = 0;
  const char* p = subject + 1;
  while (*p != '\0' && *p != ']') {
    char* end = NULL;
    double v = strtod(p, &end);
    if (end == p) break;
    if (v > args[0].number) n += 1;
    p = end;
    if (*p == ',') ++p;
  }
  cgsl_function_output_set_number(out, n);
  return 0;
}

/* label(s, b): a string built from its arguments, "s:true". */
static int label(void* user_data, const char* subject, size_t len, const cgsl_value* args, size_t count,
                 cgsl_function_output* out) {
  (void)user_data;
  (void)subject;
  (void)len;
  if (count != 2 || args[0].kind != CGSL_VALUE_STRING || args[1].kind != CGSL_VALUE_BOOL) return 1;
  char buf[64];
  snprintf(buf, sizeof buf, "%s:%s", args[0].string, args[1].boolean ? "true" : "false");
  return cgsl_function_output_set_string(out, buf, CGSL_NUL_TERMINATED) == CGSL_OK ? 0 : 1;
}

static int always_fails(void* user_data, const char* subject, size_t len, const cgsl_value* args,
                        size_t count, cgsl_function_output* out) {
  (void)user_data;
  (void)subject;
  (void)len;
  (void)args;
  (void)count;
  cgsl_function_output_set_error(out, "backend unavailable");
  return 7;
}

static void test_functions(void) {
  struct counter c = {0};
  cgsl_error* err = NULL;
  cgsl_options* o = cgsl_options_new();
  CHECK(cgsl_options_add_function(o, "countOver", 1, count_over, &c, destroy_counter, &err) == CGSL_OK);
  CHECK(err == NULL);
  CHECK(cgsl_options_add_function(o, "label", 2, label, NULL, NULL, NULL) == CGSL_OK);
  CHECK(cgsl_options_add_function(o, "boom", 0, always_fails, NULL, NULL, NULL) == CGSL_OK);
  /* Refused: built-in, duplicate (case-insensitive), not an identifier, NULL fn. */
  CHECK(cgsl_options_add_function(o, "length", 0, label, NULL, NULL, &err) == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_error_status(err) == CGSL_INVALID_ARGUMENT);
  CHECK(strstr(cgsl_error_message(err), "length") != NULL);
  cgsl_error_free(err);
  CHECK(cgsl_options_add_function(o, "COUNTOVER", 1, label, &c, destroy_counter, NULL) == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_add_function(o, "1x", 1, label, NULL, NULL, NULL) == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_add_function(o, "f", 1, NULL, NULL, NULL, NULL) == CGSL_INVALID_ARGUMENT);
  CHECK(c.destroyed == 0); /* a refused registration leaves user_data to the caller */

  cgsl_rule* over = cgsl_compile("T should not have ports countOver(1000) > 1", CGSL_NUL_TERMINATED, o, &err);
  CHECK(over != NULL);
  cgsl_rule* lbl = cgsl_compile("T should have name = label('x', true)", CGSL_NUL_TERMINATED, o, NULL);
  CHECK(lbl == NULL); /* a function call is not a literal: this is a syntax error */
  lbl = cgsl_compile("T should have name label('x', true) = 'x:true'", CGSL_NUL_TERMINATED, o, NULL);
  CHECK(lbl != NULL);
  cgsl_rule* boom = cgsl_compile("T should have boom()", CGSL_NUL_TERMINATED, o, NULL);
  CHECK(boom != NULL);
  CHECK(cgsl_compile("T should have ports countOver()", CGSL_NUL_TERMINATED, o, &err) == NULL);
  CHECK(cgsl_error_code(err, 0) == 202);
  cgsl_error_free(err);

  cgsl_evaluator* ev = cgsl_evaluator_new(NULL, NULL);
  cgsl_result* r = cgsl_evaluate(ev, over, "{\"type\":\"T\",\"ports\":[22, 8080, 9090]}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_FAILED);
  CHECK(cgsl_result_evidence_count(r) == 1);
  CHECK_STR(cgsl_result_evidence(r, 0), "ports");
  cgsl_result_free(r);
  CHECK(outcome_of(ev, over, "{\"type\":\"T\",\"ports\":[22, 8080]}") == CGSL_OUTCOME_PASSED);
  CHECK(outcome_of(ev, over, "{\"type\":\"T\"}") == CGSL_OUTCOME_PASSED); /* missing subject */
  r = cgsl_evaluate(ev, over, "{\"type\":\"T\",\"ports\":\"22\"}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_ERROR);
  CHECK(cgsl_result_error_code(r) == 901);
  CHECK(strstr(cgsl_result_error_message(r), "expected an array") != NULL);
  cgsl_result_free(r);
  CHECK(outcome_of(ev, lbl, "{\"type\":\"T\"}") == CGSL_OUTCOME_PASSED);
  r = cgsl_evaluate(ev, boom, "{\"type\":\"T\"}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_ERROR); /* a failing function is never a pass */
  CHECK(strstr(cgsl_result_error_message(r), "backend unavailable") != NULL);
  cgsl_result_free(r);

  /* user_data is released when neither the options nor a rule need it any more. */
  cgsl_options_free(o);
  CHECK(c.destroyed == 0); /* `over` still uses it */
  CHECK(outcome_of(ev, over, "{\"type\":\"T\",\"ports\":[22, 8080, 9090]}") == CGSL_OUTCOME_FAILED);
  cgsl_rule_free(over);
  CHECK(c.destroyed == 1);
  cgsl_rule_free(lbl);
  cgsl_rule_free(boom);
  cgsl_evaluator_free(ev);

  CHECK(cgsl_function_output_set_string(NULL, "x", 1) == CGSL_INVALID_ARGUMENT);
}

/* --- rulesets --------------------------------------------------------------------------- */

static void test_rulesets(const char* rules_dir) {
  cgsl_error* err = NULL;
  char path[4096];
  snprintf(path, sizeof path, "%s/aws/ecr.json", rules_dir);
  cgsl_ruleset* rs = cgsl_ruleset_load(path, NULL, &err);
  CHECK(rs != NULL && err == NULL);
  CHECK(cgsl_ruleset_size(rs) >= 3);
  size_t seed_index = (size_t)-1;
  for (size_t i = 0; i < cgsl_ruleset_size(rs); ++i) {
    CHECK(cgsl_ruleset_rule(rs, i) != NULL);
    CHECK(strlen(cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_NAME)) > 0);
    CHECK(strlen(cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_SEVERITY)) > 0);
    CHECK(strstr(cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_FILE), "ecr.json") != NULL);
    CHECK_STR(cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_LOGIC), cgsl_rule_text(cgsl_ruleset_rule(rs, i)));
    if (strcmp(cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_ID), "D9.AWS.IAM.103") == 0) seed_index = i;
  }
  CHECK(seed_index != (size_t)-1);
  CHECK_STR(cgsl_ruleset_rule_field(rs, seed_index, CGSL_FIELD_SEVERITY), "Medium");
  CHECK(strlen(cgsl_ruleset_rule_field(rs, seed_index, CGSL_FIELD_REMEDIATION)) > 0);
  CHECK(cgsl_ruleset_rule(rs, 1000) == NULL);
  CHECK_STR(cgsl_ruleset_rule_field(rs, 1000, CGSL_FIELD_ID), "");

  cgsl_evaluator* ev = cgsl_evaluator_new(NULL, NULL);
  cgsl_results* all = cgsl_evaluate_ruleset(ev, rs, PUBLIC_WITH_CONDITION, CGSL_NUL_TERMINATED, &err);
  CHECK(all != NULL && err == NULL);
  CHECK(cgsl_results_count(all) == cgsl_ruleset_size(rs));
  for (size_t i = 0; i < cgsl_results_count(all); ++i) {
    const cgsl_result* one = cgsl_results_get(all, i);
    const char* id = cgsl_ruleset_rule_field(rs, i, CGSL_FIELD_ID);
    if (strcmp(id, "D9.AWS.IAM.103") == 0) {
      CHECK(cgsl_result_outcome(one) == CGSL_OUTCOME_FAILED);
      CHECK_STR(cgsl_result_evidence(one, 0), "policy.document.Statement[1]");
    } else if (strcmp(id, "D9.AWS.IAM.102") == 0) {
      CHECK(cgsl_result_outcome(one) == CGSL_OUTCOME_PASSED);
    } else if (strcmp(id, "D9.AWS.OPE.24") == 0) {
      CHECK(cgsl_result_outcome(one) == CGSL_OUTCOME_FAILED); /* no lifecycle policy */
    }
    /* The same rule, borrowed from the ruleset, evaluated on its own. */
    CHECK(outcome_of(ev, cgsl_ruleset_rule(rs, i), PUBLIC_WITH_CONDITION) == cgsl_result_outcome(one));
  }
  CHECK(cgsl_results_get(all, cgsl_results_count(all)) == NULL);
  cgsl_results_free(all);

  /* An unreadable entity: every rule's result is an error. */
  all = cgsl_evaluate_ruleset(ev, rs, "{oops", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_results_count(all) == cgsl_ruleset_size(rs));
  for (size_t i = 0; i < cgsl_results_count(all); ++i) {
    CHECK(cgsl_result_outcome(cgsl_results_get(all, i)) == CGSL_OUTCOME_ERROR);
    CHECK(cgsl_result_error_code(cgsl_results_get(all, i)) == 301);
  }
  cgsl_results_free(all);
  cgsl_ruleset_free(rs);

  /* The bundled rules (the test sets CGSL_RULES_DIR), and a folder. */
  CHECK(strlen(cgsl_bundled_rules_dir()) > 0);
  rs = cgsl_ruleset_load_bundled(NULL, &err);
  CHECK(rs != NULL && err == NULL);
  CHECK(cgsl_ruleset_size(rs) >= 3);
  cgsl_ruleset_free(rs);
  rs = cgsl_ruleset_load(rules_dir, NULL, NULL);
  CHECK(rs != NULL && cgsl_ruleset_size(rs) >= 3);
  cgsl_ruleset_free(rs);

  /* Rule file text; errors are all or nothing. */
  const char* file =
      "{\"rules\":[{\"ruleId\":\"X.1\",\"name\":\"lifecycle\",\"severity\":\"Low\","
      "\"logic\":\"EcrRepository should have lifecyclePolicy\"}]}";
  rs = cgsl_ruleset_parse(file, CGSL_NUL_TERMINATED, "mine.json", NULL, &err);
  CHECK(rs != NULL && cgsl_ruleset_size(rs) == 1);
  CHECK_STR(cgsl_ruleset_rule_field(rs, 0, CGSL_FIELD_ID), "X.1");
  CHECK_STR(cgsl_ruleset_rule_field(rs, 0, CGSL_FIELD_FILE), "mine.json");
  CHECK(outcome_of(ev, cgsl_ruleset_rule(rs, 0), PRIVATE_REPO) == CGSL_OUTCOME_PASSED);
  cgsl_ruleset_free(rs);
  const char* broken =
      "[{\"ruleId\":\"X.1\",\"name\":\"ok\",\"severity\":\"Low\",\"logic\":\"T should have a\"},"
      "{\"ruleId\":\"X.2\",\"name\":\"bad\",\"severity\":\"Low\",\"logic\":\"T should have a =\"}]";
  CHECK(cgsl_ruleset_parse(broken, CGSL_NUL_TERMINATED, "broken.json", NULL, &err) == NULL);
  CHECK(cgsl_error_status(err) == CGSL_LOAD_ERROR);
  /* The position is in the file (line 1, in X.2's logic), and the rule is named. */
  CHECK(strstr(cgsl_error_message(err), "broken.json:1:") != NULL);
  CHECK(strstr(cgsl_error_message(err), "rule X.2: ") != NULL);
  cgsl_error_free(err);
  CHECK(cgsl_ruleset_load("/nonexistent/rules.json", NULL, &err) == NULL);
  CHECK(cgsl_error_status(err) == CGSL_LOAD_ERROR);
  CHECK(cgsl_error_code(err, 0) == 307);
  cgsl_error_free(err);

  /* List<T> rules are evaluated over all entities at once. */
  cgsl_rule* list = cgsl_compile("List<EcrRepository> should have items length() < 2", CGSL_NUL_TERMINATED, NULL, NULL);
  CHECK(list != NULL && cgsl_rule_is_list(list) == 1);
  CHECK_STR(cgsl_rule_target_type(list), "EcrRepository");
  cgsl_result* r = cgsl_evaluate_list(ev, list, "[{\"type\":\"EcrRepository\"},{\"type\":\"S3Bucket\"}]",
                                      CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_PASSED);
  cgsl_result_free(r);
  r = cgsl_evaluate_list(ev, list, "[{\"type\":\"EcrRepository\"},{\"type\":\"EcrRepository\"}]",
                         CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_FAILED);
  cgsl_result_free(r);
  r = cgsl_evaluate_list(ev, list, "{\"type\":\"EcrRepository\"}", CGSL_NUL_TERMINATED, NULL);
  CHECK(cgsl_result_outcome(r) == CGSL_OUTCOME_ERROR);
  cgsl_result_free(r);
  CHECK(outcome_of(ev, list, "{\"type\":\"EcrRepository\"}") == CGSL_OUTCOME_ERROR);
  cgsl_rule_free(list);
  cgsl_evaluator_free(ev);
}

/* --- threads: one shared rule, an evaluator per thread ------------------------------------ */

struct job {
  const cgsl_rule* rule;
  int wrong;
};

static void* worker(void* arg) {
  struct job* job = (struct job*)arg;
  cgsl_evaluator* ev = cgsl_evaluator_new(NULL, NULL);
  for (int i = 0; i < 500; ++i) {
    const char* json = (i % 2) ? PUBLIC_WITH_CONDITION : PRIVATE_REPO;
    cgsl_outcome want = (i % 2) ? CGSL_OUTCOME_FAILED : CGSL_OUTCOME_PASSED;
    cgsl_result* r = cgsl_evaluate(ev, job->rule, json, CGSL_NUL_TERMINATED, NULL);
    if (cgsl_result_outcome(r) != want) job->wrong++;
    if (want == CGSL_OUTCOME_FAILED &&
        (cgsl_result_evidence_count(r) != 1 ||
         strcmp(cgsl_result_evidence(r, 0), "policy.document.Statement[1]") != 0)) {
      job->wrong++;
    }
    cgsl_result_free(r);
  }
  cgsl_evaluator_free(ev);
  return NULL;
}

static void test_threads(void) {
  cgsl_rule* rule = cgsl_compile(SEED, CGSL_NUL_TERMINATED, NULL, NULL);
  enum { N = 4 };
  pthread_t threads[N];
  struct job jobs[N];
  for (int i = 0; i < N; ++i) {
    jobs[i].rule = rule;
    jobs[i].wrong = 0;
    CHECK(pthread_create(&threads[i], NULL, worker, &jobs[i]) == 0);
  }
  for (int i = 0; i < N; ++i) {
    pthread_join(threads[i], NULL);
    CHECK(jobs[i].wrong == 0);
  }
  cgsl_rule_free(rule);
}


/* Scanning: findings through a callback, in input order, identical for any thread count. */
struct collected {
  char text[8192];
  size_t used;
  size_t count, failed, errors, with_code;
};

static void collect(void* user_data, const cgsl_finding* f) {
  struct collected* c = (struct collected*)user_data;
  int n = snprintf(c->text + c->used, sizeof c->text - c->used, "%s|%s|%s|%s|%zu\n",
                   f->rule_id ? f->rule_id : "-", f->entity, cgsl_outcome_name(f->outcome), f->source,
                   f->evidence_count);
  if (n > 0 && (size_t)n < sizeof c->text - c->used) c->used += (size_t)n;
  c->count++;
  if (f->outcome == CGSL_OUTCOME_FAILED) c->failed++;
  if (f->outcome == CGSL_OUTCOME_ERROR) {
    c->errors++;
    if (f->code != NULL && f->code[0] == 'E' && f->message != NULL && f->message[0] != '\0') c->with_code++;
  }
}

static void test_scan(const char* rules_dir) {
  cgsl_error* err = NULL;
  /* The AWS rules only (every one of them is for EcrRepository): the bundled Terraform and
   * CloudFormation rules are for other types. */
  char aws_dir[4096];
  snprintf(aws_dir, sizeof aws_dir, "%s/aws", rules_dir);
  cgsl_ruleset* rs = cgsl_ruleset_load(aws_dir, NULL, &err);
  CHECK(rs != NULL && err == NULL);
  if (rs == NULL) return;
  const char* ndjson =
      "{\"type\":\"EcrRepository\",\"id\":\"pub\",\"policy\":{\"document\":{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Condition\":{\"a\":1}}]}}}\n"
      "{broken\n"
      "{\"type\":\"S3Bucket\",\"id\":\"b\"}\n"
      "{\"type\":\"EcrRepository\",\"id\":\"priv\"}\n";
  size_t rules = cgsl_ruleset_size(rs);
  struct collected one = {{0}, 0, 0, 0, 0, 0}, two = {{0}, 0, 0, 0, 0, 0};
  cgsl_options* o = cgsl_options_new();
  CHECK(cgsl_options_set_threads(o, 1) == CGSL_OK);
  cgsl_scan_summary sum;
  char* json = NULL;
  CHECK(cgsl_scan_memory(rs, ndjson, CGSL_NUL_TERMINATED, "inv.ndjson", o, collect, &one, &sum, &json, &err) == CGSL_OK);
  /* 2 repositories x every rule, and one error for the broken line; the S3 bucket meets no rule
   * and is not printed, but it is counted. */
  CHECK(one.count == 2 * rules + 1);
  CHECK(one.errors == 1 && one.with_code == 1);
  CHECK(sum.entities == 3 && sum.unreadable == 1 && sum.exit_code == 3);
  CHECK(one.failed == sum.failed && sum.failed >= 2);
  CHECK(json != NULL && strstr(json, "\"S3Bucket\":1") != NULL && strstr(json, "\"EcrRepository\":2") != NULL);
  CHECK(strstr(one.text, "D9.AWS.IAM.103|pub|failed|inv.ndjson:1|1\n") != NULL);
  CHECK(strstr(one.text, "-|inv.ndjson:2|error|inv.ndjson:2|0\n") != NULL);
  cgsl_string_free(json);
  CHECK(cgsl_options_set_threads(o, 4) == CGSL_OK);
  CHECK(cgsl_options_set_window_bytes(o, 7) == CGSL_OK);
  CHECK(cgsl_scan_memory(rs, ndjson, CGSL_NUL_TERMINATED, "inv.ndjson", o, collect, &two, NULL, NULL, &err) == CGSL_OK);
  CHECK(one.used == two.used && strcmp(one.text, two.text) == 0);
  /* --show failed; and every outcome, not_relevant pairs included. */
  struct collected failed_only = {{0}, 0, 0, 0, 0, 0}, all = {{0}, 0, 0, 0, 0, 0};
  CHECK(cgsl_options_set_show(o, "failed") == CGSL_OK);
  CHECK(cgsl_scan_memory(rs, ndjson, CGSL_NUL_TERMINATED, "inv.ndjson", o, collect, &failed_only, &sum, NULL, &err) == CGSL_OK);
  CHECK(failed_only.count == sum.failed && failed_only.failed == sum.failed);
  CHECK(cgsl_options_set_show(o, "all") == CGSL_OK);
  CHECK(cgsl_scan_memory(rs, ndjson, CGSL_NUL_TERMINATED, "inv.ndjson", o, collect, &all, NULL, NULL, &err) == CGSL_OK);
  CHECK(all.count == 3 * rules + 1);
  CHECK(cgsl_options_set_show(o, "passed,bogus") == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_set_input_format(o, "yaml") == CGSL_INVALID_ARGUMENT);
  CHECK(cgsl_options_set_input_format(o, "ndjson") == CGSL_OK);
  /* Files: a missing file is an error finding, the good file after it is still read. */
  const char* paths[] = {"/nonexistent/cgsl-capi.json", "-"};
  struct collected files = {{0}, 0, 0, 0, 0, 0};
  CHECK(cgsl_options_set_show(o, "error") == CGSL_OK);
  CHECK(cgsl_scan_files(rs, paths, 1, o, collect, &files, &sum, NULL, &err) == CGSL_OK);
  CHECK(files.errors == 1 && sum.unreadable == 1 && sum.exit_code == 3 && sum.rules_without_entities == rules);
  CHECK(cgsl_scan_files(NULL, paths, 1, o, collect, &files, &sum, NULL, &err) == CGSL_INVALID_ARGUMENT);
  CHECK(err != NULL && cgsl_error_status(err) == CGSL_INVALID_ARGUMENT);
  cgsl_error_free(err);
  err = NULL;
  cgsl_options_free(o);
  cgsl_ruleset_free(rs);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: capi_test RULES_DIR\n");
    return 2;
  }
  test_version_and_names();
  test_compile_and_evaluate();
  test_compile_errors();
  test_options();
  test_functions();
  test_rulesets(argv[1]);
  test_threads();
  test_scan(argv[1]);
  printf("%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
