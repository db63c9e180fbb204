/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cgsl C API from C: compile a rule (with options, a named list and a caller function),
 * evaluate an entity, read outcome and evidence, see a compile error, and run the bundled rules.
 * Exit code 0 when every outcome is the expected one.
 */
#include <cgsl/cgsl.h>

#include <stdio.h>
#include <string.h>

/* A caller function, hasPrefix('p'): true when the value is a string starting with p. It gets
 * the value as JSON text, so a string arrives quoted ("prod-web"); this simple version compares
 * the raw text after the opening quote, which is exact for prefixes without escapes. */
static int has_prefix(void* user_data, const char* subject_json, size_t subject_len,
                      const cgsl_value* args, size_t arg_count, cgsl_function_output* out) {
  (void)user_data;
  if (arg_count != 1 || args[0].kind != CGSL_VALUE_STRING) {
    cgsl_function_output_set_error(out, "hasPrefix() takes one string");
    return 1; /* the entity's outcome becomes an error, never a pass */
  }
  if (subject_json == NULL || subject_len < 2 || subject_json[0] != '"') {
    cgsl_function_output_set_bool(out, 0); /* missing, or not a string */
    return 0;
  }
  cgsl_function_output_set_bool(out, subject_len - 2 >= args[0].string_len &&
                                         memcmp(subject_json + 1, args[0].string, args[0].string_len) == 0);
  return 0;
}

static int check(const char* what, cgsl_outcome got, cgsl_outcome expected) {
  printf("%s: %s\n", what, cgsl_outcome_name(got));
  return got == expected ? 0 : 1;
}

int main(void) {
  int unexpected = 0;
  cgsl_error* err = NULL;
  printf("cgsl %s\n", cgsl_version());

  /* Options: a fixed "now" (reproducible results), a named list, a caller function. */
  cgsl_options* options = cgsl_options_new();
  if (options == NULL) return 2;
  cgsl_options_set_now(options, 1717200000.0); /* 2024-06-01T00:00:00Z */
  cgsl_options_add_list_string(options, "approvedRegions", "eu-west-1");
  cgsl_options_add_list_string(options, "approvedRegions", "us-east-1");
  if (cgsl_options_add_function(options, "hasPrefix", 1, has_prefix, NULL, NULL, &err) != CGSL_OK) {
    fprintf(stderr, "%s\n", cgsl_error_message(err));
    cgsl_error_free(err);
    return 2;
  }

  /* A rule with an error: the message carries position, code and caret. */
  cgsl_rule* broken = cgsl_compile("EcrRepository should have name = ", CGSL_NUL_TERMINATED, options, &err);
  if (broken == NULL) {
    printf("compile error E%d at %u:%u\n", cgsl_error_code(err, 0), (unsigned)cgsl_error_line(err, 0),
           (unsigned)cgsl_error_column(err, 0));
    fputs(cgsl_error_message(err), stdout);
    cgsl_error_free(err);
  } else {
    cgsl_rule_free(broken);
    ++unexpected;
  }

  /* The seed rule, and a rule using the list and the function. */
  cgsl_rule* seed = cgsl_compile(
      "EcrRepository should not have policy.document.Statement contain "
      "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]",
      CGSL_NUL_TERMINATED, options, &err);
  cgsl_rule* naming = cgsl_compile(
      "EcrRepository should have region in ($approvedRegions) and name hasPrefix('prod-')",
      CGSL_NUL_TERMINATED, options, &err);
  if (seed == NULL || naming == NULL) {
    fprintf(stderr, "%s\n", cgsl_error_message(err));
    cgsl_error_free(err);
    return 2;
  }

  /* One evaluator per thread; reuse it for every entity. */
  cgsl_evaluator* ev = cgsl_evaluator_new(options, NULL);
  const char* entity =
      "{\"type\":\"EcrRepository\",\"id\":\"repo-1\",\"name\":\"dev-images\",\"region\":\"eu-west-1\","
      "\"policy\":{\"document\":{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
      "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}}]}}}";

  cgsl_result* r = cgsl_evaluate(ev, seed, entity, strlen(entity), NULL);
  unexpected += check("seed rule", cgsl_result_outcome(r), CGSL_OUTCOME_FAILED);
  for (size_t i = 0; i < cgsl_result_evidence_count(r); ++i) printf("  evidence: %s\n", cgsl_result_evidence(r, i));
  cgsl_result_free(r);

  r = cgsl_evaluate(ev, naming, entity, CGSL_NUL_TERMINATED, NULL);
  unexpected += check("naming rule", cgsl_result_outcome(r), CGSL_OUTCOME_FAILED);
  for (size_t i = 0; i < cgsl_result_evidence_count(r); ++i) printf("  evidence: %s\n", cgsl_result_evidence(r, i));
  cgsl_result_free(r);

  /* Bad input is an error outcome with the reason, never a pass. */
  r = cgsl_evaluate(ev, seed, "{\"type\":", CGSL_NUL_TERMINATED, NULL);
  unexpected += check("malformed entity", cgsl_result_outcome(r), CGSL_OUTCOME_ERROR);
  printf("  E%d: %s\n", cgsl_result_error_code(r), cgsl_result_error_message(r));
  cgsl_result_free(r);

  /* The bundled rules, each with its metadata and outcome. */
  cgsl_ruleset* bundled = cgsl_ruleset_load_bundled(NULL, &err);
  if (bundled == NULL) {
    fprintf(stderr, "%s\n", cgsl_error_message(err));
    cgsl_error_free(err);
    ++unexpected;
  } else {
    cgsl_results* all = cgsl_evaluate_ruleset(ev, bundled, entity, CGSL_NUL_TERMINATED, NULL);
    for (size_t i = 0; i < cgsl_results_count(all); ++i) {
      const cgsl_result* one = cgsl_results_get(all, i);
      printf("%s (%s): %s\n", cgsl_ruleset_rule_field(bundled, i, CGSL_FIELD_ID),
             cgsl_ruleset_rule_field(bundled, i, CGSL_FIELD_SEVERITY), cgsl_outcome_name(cgsl_result_outcome(one)));
      if (strcmp(cgsl_ruleset_rule_field(bundled, i, CGSL_FIELD_ID), "D9.AWS.IAM.103") == 0 &&
          cgsl_result_outcome(one) != CGSL_OUTCOME_FAILED) {
        ++unexpected;
      }
    }
    cgsl_results_free(all);
    cgsl_ruleset_free(bundled);
  }

  cgsl_evaluator_free(ev);
  cgsl_rule_free(naming);
  cgsl_rule_free(seed);
  cgsl_options_free(options);
  return unexpected == 0 ? 0 : 1;
}
