/* SPDX-License-Identifier: Apache-2.0 */
/* Consumer of an installed cgsl from C: the bundled rules through the C API. */
#include <cgsl/cgsl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  const char* dir = cgsl_bundled_rules_dir();
  char* real_dir = realpath(dir, NULL);
  char* real_expected = realpath(EXPECTED_RULES_DIR, NULL);
  int same = real_dir != NULL && real_expected != NULL && strcmp(real_dir, real_expected) == 0;
  free(real_dir);
  free(real_expected);
  if (!same) {
    fprintf(stderr, "cgsl_bundled_rules_dir() is '%s', expected %s\n", dir, EXPECTED_RULES_DIR);
    return 1;
  }
  cgsl_error* err = NULL;
  cgsl_ruleset* rules = cgsl_ruleset_load_bundled(NULL, &err);
  if (rules == NULL) {
    fprintf(stderr, "%s\n", cgsl_error_message(err));
    cgsl_error_free(err);
    return 1;
  }
  cgsl_evaluator* ev = cgsl_evaluator_new(NULL, NULL);
  cgsl_results* results = cgsl_evaluate_ruleset(ev, rules, "{\"type\":\"EcrRepository\",\"id\":\"r\"}",
                                                CGSL_NUL_TERMINATED, NULL);
  int failed_lifecycle = 0;
  for (size_t i = 0; i < cgsl_results_count(results); ++i) {
    const char* id = cgsl_ruleset_rule_field(rules, i, CGSL_FIELD_ID);
    cgsl_outcome o = cgsl_result_outcome(cgsl_results_get(results, i));
    printf("%s: %s\n", id, cgsl_outcome_name(o));
    if (strcmp(id, "D9.AWS.OPE.24") == 0 && o == CGSL_OUTCOME_FAILED) failed_lifecycle = 1;
  }
  printf("C consumer: cgsl %s\n", cgsl_version());
  cgsl_results_free(results);
  cgsl_evaluator_free(ev);
  cgsl_ruleset_free(rules);
  return failed_lifecycle ? 0 : 1;
}
