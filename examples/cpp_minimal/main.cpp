// SPDX-License-Identifier: Apache-2.0
// Minimal embedding: compile a rule once, evaluate it over a few entities, print each outcome
// with its evidence. Exit code 0 when every outcome is the expected one.
#include <cgsl/cgsl.hpp>

#include <iostream>
#include <string_view>

int main() {
  // The seed rule of the bundled rules (D9.AWS.IAM.103): no ECR repository policy may let
  // everyone in, even behind a condition.
  const cgsl::compile_result compiled = cgsl::compile(
      "EcrRepository should not have policy.document.Statement contain "
      "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]");
  if (!compiled) {
    std::cerr << compiled.format_errors();
    return 2;
  }
  const cgsl::rule& rule = *compiled.value;

  struct sample {
    std::string_view json;
    cgsl::outcome expected;
  };
  const sample entities[] = {
      {R"({"type":"EcrRepository","id":"public-behind-condition","policy":{"document":{"Statement":[
           {"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage",
            "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}}})",
       cgsl::outcome::failed},
      {R"({"type":"EcrRepository","id":"named-account","policy":{"document":{"Statement":[
           {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
            "Action":"ecr:BatchGetImage"}]}}})",
       cgsl::outcome::passed},
      {R"({"type":"S3Bucket","id":"other-type"})", cgsl::outcome::not_relevant},
      {R"({"type":"EcrRepository", "id": )", cgsl::outcome::error},  // malformed JSON
  };

  cgsl::evaluator evaluator;  // scratch space for this thread, reused for every entity
  int unexpected = 0;
  for (const sample& s : entities) {
    cgsl::evaluation result;
    cgsl::document_result entity = cgsl::document::parse(s.json);
    if (entity) {
      result = evaluator.evaluate(rule, *entity.value);
    } else {
      result.result = cgsl::outcome::error;  // unreadable input is an error, never a pass
      result.error = entity.error;
    }
    std::cout << cgsl::to_string(result.result);
    for (const std::string& path : result.evidence) std::cout << " " << path;
    if (result.error) std::cout << " (" << cgsl::code_name(result.error->code) << ": " << result.error->message << ")";
    std::cout << "\n";
    if (result.result != s.expected) ++unexpected;
  }
  return unexpected == 0 ? 0 : 1;
}
