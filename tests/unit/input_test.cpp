// SPDX-License-Identifier: Apache-2.0
// Input adapters: every entity that comes in leaves as an entity or an error with its position.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include <unistd.h>

#include "input/input.hpp"

namespace {

struct recorder : cgsl::io::entity_sink {
  std::vector<std::string> events;
  void entity(simdjson::dom::element e, const cgsl::io::position& pos) override {
    events.push_back("entity " + where(pos) + " " + simdjson::to_string(e));
  }
  void error(const cgsl::diagnostic& d, const cgsl::io::position& pos) override {
    events.push_back("error " + where(pos) + " E" + std::to_string(static_cast<int>(d.code)));
  }
  // FILE:LINE (or FILE#INDEX), and @ADDRESS for a Terraform resource.
  static std::string where(const cgsl::io::position& pos) {
    return pos.to_string() + (pos.address.empty() ? "" : " @" + pos.address);
  }
};

std::string write_temp(const std::string& name, const std::string& content) {
  // Unique per process and call: ctest runs the cases of this file in parallel processes.
  static int counter = 0;
  const std::string path =
      testing::TempDir() + "cgsl-input-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::vector<std::string> read(const std::string& path, cgsl::io::input_format f, std::size_t window = 4u << 20) {
  recorder r;
  cgsl::io::reader_options o;
  o.window_bytes = window;
  cgsl::io::read_input(path, f, r, o);
  return r.events;
}

TEST(Input, NdjsonRecoversPerLine) {
  const std::string p = write_temp("mixed.ndjson",
                                   "{\"a\":1}\n{\"a\":\n\n{\"a\":\"\xff\"}\n{\"a\":3}\n[1]\n{\"a\":4}");
  for (std::size_t window : {std::size_t{3}, std::size_t{7}, std::size_t{4} << 20}) {
    auto ev = read(p, cgsl::io::input_format::ndjson, window);
    ASSERT_EQ(ev.size(), 6u) << "window " << window;
    EXPECT_EQ(ev[0], "entity " + p + ":1 {\"a\":1}");
    EXPECT_EQ(ev[1], "error " + p + ":2 E301");
    EXPECT_EQ(ev[2], "error " + p + ":4 E306");
    EXPECT_EQ(ev[3], "entity " + p + ":5 {\"a\":3}");
    EXPECT_EQ(ev[4], "entity " + p + ":6 [1]");
    EXPECT_EQ(ev[5], "entity " + p + ":7 {\"a\":4}");
  }
}

TEST(Input, AutoDetectsNdjsonAndJson) {
  auto nd = read(write_temp("a.ndjson", "{\"a\":1}\n{\"a\":2}\n"), cgsl::io::input_format::automatic);
  ASSERT_EQ(nd.size(), 2u);
  EXPECT_NE(nd[1].find(":2 "), std::string::npos);
  auto arr = read(write_temp("a.json", "[\n {\"a\":1},\n {\"a\":2}\n]\n"), cgsl::io::input_format::automatic);
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_NE(arr[1].find("#1 "), std::string::npos);
  auto wrapped = read(write_temp("w.json", "{\"entities\": [{\"a\":1}]}"), cgsl::io::input_format::automatic);
  ASSERT_EQ(wrapped.size(), 1u);
  auto single = read(write_temp("s.json", "{\n  \"a\": 1\n}\n"), cgsl::io::input_format::automatic);
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].substr(0, 7), "entity ");
}

TEST(Input, EmptyTruncatedAndMissingFilesAreErrors) {
  auto empty = read(write_temp("empty.json", ""), cgsl::io::input_format::automatic);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].substr(0, 6), "error ");
  auto empty_nd = read(write_temp("empty.ndjson", "\n\n"), cgsl::io::input_format::ndjson);
  ASSERT_EQ(empty_nd.size(), 1u);
  auto truncated = read(write_temp("t.json", "[{\"a\":1},{\"a\""), cgsl::io::input_format::json);
  ASSERT_EQ(truncated.size(), 1u);
  EXPECT_EQ(truncated[0].substr(0, 6), "error ");
  auto missing = read("/nonexistent/file.json", cgsl::io::input_format::automatic);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].find("E307"), std::string::npos);
}

}  // namespace

namespace {

using cgsl::io::input_format;

std::vector<std::string> read_text(const std::string& name, const std::string& content,
                                   input_format f = input_format::automatic) {
  return read(write_temp(name, content), f);
}

std::size_t count_prefix(const std::vector<std::string>& ev, const std::string& prefix) {
  return static_cast<std::size_t>(
      std::count_if(ev.begin(), ev.end(), [&](const std::string& e) { return e.rfind(prefix, 0) == 0; }));
}

// Issue 11: an entity with a type is an entity, whatever else it holds.
TEST(InputJson, TypedObjectWithItemsIsAnEntityNotAWrapper) {
  for (const char* key : {"items", "assets", "entities"}) {
    const std::string doc = std::string("{\"type\":\"T\",\"id\":\"x\",\"") + key + "\":[{\"a\":1},{\"a\":2}]}";
    for (auto f : {input_format::automatic, input_format::json}) {
      auto ev = read_text(std::string("typed-") + key + ".json", doc, f);
      ASSERT_EQ(ev.size(), 1u) << key;
      EXPECT_EQ(ev[0].substr(0, 7), "entity ") << key;
      EXPECT_NE(ev[0].find("\"id\":\"x\""), std::string::npos) << ev[0];
    }
  }
  // Without a type, the member still holds the entities.
  auto wrapped = read_text("untyped.json", "{\"items\":[{\"type\":\"T\"},{\"type\":\"T\"}]}");
  EXPECT_EQ(count_prefix(wrapped, "entity "), 2u);
}

// Issue 11: an input without any entity is an error, however it is spelled.
TEST(InputJson, EmptyListsAreErrors) {
  for (const char* doc : {"[]", "{\"entities\": []}", "{\"assets\":[]}", "{\"items\":[]}", " [ ] \n", "[] []"}) {
    for (auto f : {input_format::automatic, input_format::json, input_format::cloudguard}) {
      auto ev = read_text("emptylist.json", doc, f);
      ASSERT_EQ(ev.size(), 1u) << doc;
      EXPECT_EQ(ev[0].substr(0, 6), "error ") << doc;
      // (cloudguard: a wrapper object is a notification without an entity, E308)
      if (f != input_format::cloudguard) {
        EXPECT_NE(ev[0].find("E301"), std::string::npos) << doc;
      }
    }
  }
}

// Issue 11: NDJSON under auto whose first line is bad: one error for that line, and every good
// line after it is an entity at its line.
TEST(InputNdjson, BadFirstLineUnderAutoIsOneErrorForThatLine) {
  const std::string good = "{\"type\":\"T\",\"v\":1}\n{\"type\":\"T\",\"v\":2}\n";
  for (const std::string& first : {std::string("{\"type\":\"T\",\"v\":1,\"b\""),  // truncated
                                  std::string("{\"type\":\"T\",\"v\":\"abc"),    // unterminated string
                                  std::string("\xEF\xBB\xBFgarbage"),           // BOM, then garbage
                                  std::string("\xEF\xBB\xBF{\"type\":"),       // BOM, then truncated
                                  std::string("{")}) {
    for (auto f : {input_format::automatic, input_format::ndjson}) {
      const std::string p = write_temp("badfirst.ndjson", first + "\n" + good);
      auto ev = read(p, f);
      ASSERT_EQ(ev.size(), 3u) << first;
      EXPECT_EQ(ev[0].rfind("error " + p + ":1 ", 0), 0u) << ev[0];
      EXPECT_EQ(ev[1], "entity " + p + ":2 {\"type\":\"T\",\"v\":1}");
      EXPECT_EQ(ev[2], "entity " + p + ":3 {\"type\":\"T\",\"v\":2}");
    }
  }
  // A bad line in the middle, and a truncated last line, under auto.
  const std::string p = write_temp("badmid.ndjson", "{\"type\":\"T\"}\n{\"a\":\n{\"type\":\"T\"}\n{\"type\":");
  auto ev = read(p, input_format::automatic);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[1].rfind("error " + p + ":2 ", 0), 0u);
  EXPECT_EQ(ev[2].rfind("entity " + p + ":3 ", 0), 0u);
  EXPECT_EQ(ev[3].rfind("error " + p + ":4 ", 0), 0u);
}

// A valid document is never misread as lines, even when some of its lines are objects.
TEST(InputJson, PrettyDocumentsAreNotLines) {
  auto ev = read_text("pretty.json", "[\n{\"type\":\"T\",\"v\":1},\n{\"type\":\"T\",\"v\":2}\n]\n");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_NE(ev[1].find("#1 "), std::string::npos);
  auto unindented = read_text("pretty2.json", "[\n{\"type\":\"T\"}\n]\n");
  ASSERT_EQ(unindented.size(), 1u);
  EXPECT_NE(unindented[0].find("#0 "), std::string::npos);
}

// A truncated document among concatenated ones costs one error, not the documents after it.
TEST(InputJson, TruncatedDocumentDoesNotSwallowTheNextOnes) {
  const std::string text =
      "{\n  \"type\": \"T\",\n  \"v\": 1\n}\n"
      "{\n  \"type\": \"T\",\n  \"v\": \n"  // truncated
      "{\n  \"type\": \"T\",\n  \"v\": 3\n}\n";
  for (auto f : {input_format::automatic, input_format::json}) {
    auto ev = read_text("concat.json", text, f);
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].substr(0, 7), "entity ");
    EXPECT_EQ(ev[1].substr(0, 6), "error ");
    EXPECT_NE(ev[2].find("\"v\":3"), std::string::npos) << ev[2];
  }
}

}  // namespace

namespace {

using cgsl::io::input_format;

std::vector<std::string> read_files(const std::vector<std::string>& paths, input_format f) {
  recorder r;
  cgsl::io::read_inputs(paths, f, r);
  return r.events;
}

const char* kDescribeTwoRegions = R"({
    "repositories": [
        {
            "repositoryArn": "arn:aws:ecr:us-west-2:123456789012:repository/app",
            "registryId": "123456789012",
            "repositoryName": "app"
        },
        {
            "repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/app",
            "registryId": "123456789012",
            "repositoryName": "app"
        }
    ]
}
)";

const char* kPublic = R"({
    "repositories": [
        {
            "repositoryArn": "arn:aws:ecr-public::123456789012:repository/app",
            "registryId": "123456789012",
            "repositoryName": "app"
        }
    ]
}
)";

const char* kPolicyOpen =
    R"({"registryId":"123456789012","repositoryName":"app","policyText":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}"})";

// Issue 11: the same name in two regions (or private and public) is two repositories; a policy
// output, which has no region, that matches both is an error for each, never a guess.
TEST(InputAwsEcr, SameNameInTwoRegionsIsTwoRepositoriesAndAnAmbiguousPolicyIsAnError) {
  const std::string describe = write_temp("aws-two-regions.json", std::string(kDescribeTwoRegions) + kPublic);
  auto alone = read_files({describe}, input_format::automatic);
  ASSERT_EQ(alone.size(), 3u);
  EXPECT_NE(alone[0].find("arn:aws:ecr:us-west-2:123456789012:repository/app"), std::string::npos);
  EXPECT_NE(alone[1].find("arn:aws:ecr:eu-west-1:123456789012:repository/app"), std::string::npos);
  EXPECT_NE(alone[2].find("arn:aws:ecr-public::123456789012:repository/app"), std::string::npos);
  const std::string policy = write_temp("aws-policy-app.json", kPolicyOpen);
  for (auto f : {input_format::automatic, input_format::aws_ecr}) {
    auto ev = read_files({describe, policy}, f);
    ASSERT_EQ(ev.size(), 3u);
    for (const auto& e : ev) {
      EXPECT_EQ(e.substr(0, 6), "error ") << e;
      EXPECT_NE(e.find("E308"), std::string::npos) << e;
    }
  }
  // With one region's describe output, the policy joins that repository.
  const std::string one = write_temp("aws-one-region.json", R"({"repositories":[{"repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/app","registryId":"123456789012","repositoryName":"app"}]})");
  auto joined = read_files({policy, one}, input_format::automatic);
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].substr(0, 7), "entity ");
  EXPECT_NE(joined[0].find("\"Principal\":\"*\""), std::string::npos);
  EXPECT_NE(joined[0].find("\"region\":\"us_west_2\""), std::string::npos);
}

// Issue 11: one truncated output in a concatenated file costs one error, not the ones after it.
TEST(InputAwsEcr, TruncatedOutputDoesNotSwallowTheNextOnes) {
  const std::string text = std::string("{\n    \"registryId\": \"123456789012\",\n    \"repositoryName\": \"cut\",\n    \"policyText\": \"{\\\"Stat") +
                           "\n" + kPolicyOpen + "\n" +
                           R"({"repositories":[{"repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/app","registryId":"123456789012","repositoryName":"app"}]})" + "\n";
  for (auto f : {input_format::automatic, input_format::aws_ecr}) {
    auto ev = read_text("aws-truncated.json", text, f);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[0].substr(0, 6), "error ");
    EXPECT_EQ(ev[1].substr(0, 7), "entity ");
    EXPECT_NE(ev[1].find("\"Principal\":\"*\""), std::string::npos) << ev[1];
  }
}

// Issue 11: outputs compacted to one line each (jq -c) are AWS CLI outputs, not NDJSON entities;
// read as entities anyway (--input ndjson/json), they are errors, never entities.
TEST(InputAwsEcr, CompactedOutputsAreReadAsAwsOutputs) {
  const std::string text = std::string(R"({"repositories":[{"repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/app","registryId":"123456789012","repositoryName":"app"}]})") +
                           "\n" + kPolicyOpen + "\n";
  auto ev = read_text("aws-compact.json", text, input_format::automatic);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].substr(0, 7), "entity ");
  EXPECT_NE(ev[0].find("\"type\":\"EcrRepository\""), std::string::npos);
  EXPECT_NE(ev[0].find("\"Principal\":\"*\""), std::string::npos);
  for (auto f : {input_format::ndjson, input_format::json}) {
    auto forced = read_text("aws-compact-forced.json", text, f);
    ASSERT_EQ(forced.size(), 2u);
    for (const auto& e : forced) EXPECT_NE(e.find("error "), std::string::npos) << e;
  }
}

// Issue 11: a policyText already parsed into an object is the document; one of any other kind
// makes the repository an error (it never passes without its policy).
TEST(InputAwsEcr, ParsedPolicyTextIsTheDocumentAndABadOneIsAnError) {
  const std::string describe = R"({"repositories":[{"repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/app","registryId":"123456789012","repositoryName":"app"}]})";
  auto parsed = read_text("aws-parsed.json", describe + "\n" +
      R"({"registryId":"123456789012","repositoryName":"app","policyText":{"Statement":[{"Effect":"Allow","Principal":"*"}]}})");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].substr(0, 7), "entity ");
  EXPECT_NE(parsed[0].find("\"document\":{\"Statement\""), std::string::npos) << parsed[0];
  for (const char* bad : {R"("policyText":42)", R"("policyText":"{not json")", R"("policyTxt":"{}")"}) {
    auto ev = read_text("aws-bad-policy.json", describe + "\n" +
                        R"({"registryId":"123456789012","repositoryName":"app",)" + bad + "}", input_format::aws_ecr);
    ASSERT_FALSE(ev.empty());
    for (const auto& e : ev) EXPECT_EQ(e.substr(0, 6), "error ") << bad << ": " << e;
  }
}

// Shapes jq gives: slurped arrays of outputs, `.repositories[]` objects one per line.
TEST(InputAwsEcr, JqShapes) {
  const std::string repo = R"({"repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/app","registryId":"123456789012","repositoryName":"app"})";
  auto slurped = read_text("aws-slurp.json", "[" + std::string(R"({"repositories":[)") + repo + "]}," + kPolicyOpen + "]");
  ASSERT_EQ(slurped.size(), 1u);
  EXPECT_NE(slurped[0].find("\"Principal\":\"*\""), std::string::npos);
  auto items = read_text("aws-items.json", repo + "\n" + kPolicyOpen + "\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_NE(items[0].find("\"Principal\":\"*\""), std::string::npos);
  EXPECT_NE(items[0].find("\"type\":\"EcrRepository\""), std::string::npos);
  auto empty = read_text("aws-empty.json", "{\"repositories\": []}\n");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].substr(0, 6), "error ");
}

// Two different policies for one repository: ambiguous, an error.
TEST(InputAwsEcr, TwoDifferentPoliciesForOneRepositoryAreAnError) {
  auto ev = read_text("aws-two-policies.json", std::string(kPolicyOpen) + "\n" +
                      R"({"registryId":"123456789012","repositoryName":"app","policyText":"{\"Statement\":[]}"})" + "\n",
                      input_format::aws_ecr);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].substr(0, 6), "error ");
}

}  // namespace

namespace {

using cgsl::io::input_format;

// A resource_changes entry.
std::string change(const std::string& address, const std::string& type, const std::string& after,
                   const std::string& unknown = "{}", const std::string& actions = "[\"create\"]") {
  return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type +
         "\",\"change\":{\"actions\":" + actions + ",\"before\":null,\"after\":" + after +
         ",\"after_unknown\":" + unknown + "}}";
}
// A planned_values / state resource.
std::string planned(const std::string& address, const std::string& type, const std::string& values) {
  return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"values\":" + values + "}";
}
std::string plan(const std::string& planned_resources, const std::string& changes, const std::string& extra = "") {
  return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"planned_values\":{\"root_module\":{\"resources\":[" +
         planned_resources + "]}},\"resource_changes\":[" + changes + "]" + extra + "}";
}
const std::string kOpenPolicy = R"("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}")";
const std::string kRepoApp = R"({"name":"app","image_tag_mutability":"MUTABLE"})";

// The events of the ECR join: EcrRepository entities and errors. Every resource is also an
// entity of its own type (issue 12); those are tested by InputTerraformResources below.
std::vector<std::string> read_plan(const std::string& text, input_format f = input_format::terraform_plan) {
  std::vector<std::string> out;
  for (std::string& ev : read_text("plan.json", text, f)) {
    if (ev.rfind("entity ", 0) == 0 && ev.find("\"type\":\"EcrRepository\"") == std::string::npos) continue;
    out.push_back(std::move(ev));
  }
  return out;
}

// Every event, resource entities included.
std::vector<std::string> read_plan_all(const std::string& text, input_format f = input_format::terraform_plan) {
  return read_text("plan.json", text, f);
}

// `terraform show -json` without any state writes {"format_version":"1.0"}: read (also under
// auto) as a state that holds no resource, an error (E301), not as an entity without a type, and
// never as a clean run; `{}` is still not a plan.
TEST(InputTerraform, EmptyStateIsAStateWithoutResources) {
  for (auto f : {input_format::automatic, input_format::terraform_plan}) {
    const auto ev = read_text("empty-state.json", "{\"format_version\":\"1.0\"}\n", f);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_NE(ev[0].find("error "), std::string::npos) << ev[0];
    EXPECT_NE(ev[0].find(" E301"), std::string::npos) << ev[0];
  }
  const auto not_plan = read_text("empty.json", "{}", input_format::terraform_plan);
  ASSERT_EQ(not_plan.size(), 1u);
  EXPECT_NE(not_plan[0].find(" E308"), std::string::npos) << not_plan[0];
}

// Issue 12: a Terraform resource's finding location is FILE:LINE of its object in the plan JSON
// (its planned values, else its change, else its deferred change), its address the entity's id;
// lines count from the start of the file across concatenated plans; escaped addresses match.
TEST(InputTerraform, ResourcesArePlacedAtTheLineOfTheirObject) {
  const std::string one =
      "{\"format_version\":\"1.2\",\n"                                                       // 1
      "\"planned_values\":{\"root_module\":{\"resources\":[\n"                              // 2
      "  {\"address\":\"aws_s3_bucket.a\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\n"  // 3
      "   \"name\":\"a\",\"values\":{\"bucket\":\"x\"}},\n"                                  // 4
      "  {\"address\":\"aws_s3_bucket.k[\\\"k\\u00e9y\\\"]\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\n"  // 5
      "   \"name\":\"k\",\"index\":\"k\\u00e9y\",\"values\":{\"bucket\":\"y\"}}],\n"          // 6
      "\"child_modules\":[{\"address\":\"module.m\",\"resources\":[\n"                       // 7
      "  {\"address\":\"module.m.aws_iam_role.r\",\"mode\":\"managed\",\"type\":\"aws_iam_role\",\"name\":\"r\",\"values\":{}}]}]}},\n"  // 8
      "\"resource_changes\":[\n"                                                             // 9
      "  {\"address\":\"aws_s3_bucket.a\",\"type\":\"aws_s3_bucket\",\"change\":{\"actions\":[\"create\"],\"after\":{\"bucket\":\"x\"}}},\n"  // 10
      "  {\"address\":\"aws_s3_bucket.only_change\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"only_change\",\n"  // 11
      "   \"change\":{\"actions\":[\"create\"],\"after\":{\"bucket\":\"z\"}}}],\n"              // 12
      "\"configuration\":{\"root_module\":{\"resources\":[{\"address\":\"aws_s3_bucket.only_change\"}]}}}\n";  // 13
  const std::string two =
      "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[\n"
      "  {\"address\":\"aws_s3_bucket.second\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"second\",\"values\":{}}]}}}\n";
  const auto ev = read_plan_all(one + two);
  const auto line_of = [&](const std::string& address) -> std::string {
    for (const std::string& e : ev) {
      if (e.rfind("entity ", 0) == 0 && e.find(" @" + address + " ") != std::string::npos &&
          e.find("\"type\":\"EcrRepository\"") == std::string::npos) {
        const std::size_t colon = e.find("plan.json:");
        return e.substr(colon + 10, e.find(' ', colon) - colon - 10);
      }
    }
    return "missing";
  };
  EXPECT_EQ(line_of("aws_s3_bucket.a"), "3");
  EXPECT_EQ(line_of("aws_s3_bucket.k[\"k\xC3\xA9y\"]"), "5");
  EXPECT_EQ(line_of("module.m.aws_iam_role.r"), "8");
  EXPECT_EQ(line_of("aws_s3_bucket.only_change"), "11") << "its change, not its configuration";
  EXPECT_EQ(line_of("aws_s3_bucket.second"), "15") << "counted from the start of the file";
  // The same plan as UTF-16 with a byte order mark and CRLF: the same lines.
  std::string crlf;
  for (char c : one) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::string utf16 = "\xFF\xFE";
  for (const char c : crlf) {
    // The plan is ASCII apart from its \u escapes, so each byte is one UTF-16LE unit.
    utf16 += c;
    utf16 += '\0';
  }
  const auto wide = read_text("plan16.json", utf16, input_format::automatic);
  bool found = false;
  for (const std::string& e : wide) {
    if (e.find(" @module.m.aws_iam_role.r ") != std::string::npos) {
      found = true;
      EXPECT_NE(e.find("plan16.json:8 "), std::string::npos) << e;
    }
  }
  EXPECT_TRUE(found);
}

// Issue 11: a resource in planned_values but not in resource_changes (or resource_changes empty)
// is still read.
TEST(InputTerraform, ResourcesOfPlannedValuesAreReadWhateverResourceChangesHolds) {
  auto empty_changes = read_plan(plan(planned("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp), ""));
  ASSERT_EQ(empty_changes.size(), 1u);
  EXPECT_EQ(empty_changes[0].substr(0, 7), "entity ");
  EXPECT_NE(empty_changes[0].find("@aws_ecr_repository.app "), std::string::npos);
  const std::string pol = "{\"repository\":\"app\",\"policy\":" + kOpenPolicy + "}";
  auto missing_repo = read_plan(plan(planned("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp) + "," +
                                         planned("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", pol),
                                     change("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", pol)));
  ASSERT_EQ(missing_repo.size(), 1u);
  EXPECT_EQ(missing_repo[0].substr(0, 7), "entity ");
  EXPECT_NE(missing_repo[0].find("\"Principal\":\"*\""), std::string::npos) << missing_repo[0];
}

// Issue 11: a state is read as a state; `{}` and other JSON are not plans.
TEST(InputTerraform, StateIsReadAndNonPlansAreErrors) {
  const std::string state = "{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.0\",\"values\":{\"root_module\":{\"resources\":[" +
                            planned("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp) + "]}}}";
  for (auto f : {input_format::terraform_plan, input_format::automatic}) {
    auto ev = read_plan(state, f);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].substr(0, 7), "entity ");
    EXPECT_NE(ev[0].find("\"type\":\"EcrRepository\""), std::string::npos);
  }
  for (const char* doc : {"{}", "[]", "{\"a\":1}", "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[]}"}) {
    auto ev = read_plan(doc);
    ASSERT_EQ(ev.size(), 1u) << doc;
    EXPECT_EQ(ev[0].substr(0, 6), "error ") << doc;
  }
}

// Issue 11: deferred changes are errors at their addresses, never silence.
TEST(InputTerraform, DeferredChangesAreErrors) {
  const std::string deferred = ",\"deferred_changes\":[{\"reason\":\"resource_config_unknown\",\"resource_change\":" +
                               change("aws_ecr_repository.later", "aws_ecr_repository", kRepoApp) + "}]";
  auto ev = read_plan(plan("", "", deferred));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].rfind("error plan.json", 0), std::string::npos);  // positioned at the address
  EXPECT_NE(ev[0].find("@aws_ecr_repository.later E309"), std::string::npos) << ev[0];
}

// Issue 11: plans concatenated in one file, and a plan behind a byte order mark.
TEST(InputTerraform, ConcatenatedPlansAndBom) {
  const std::string a = plan("", change("aws_ecr_repository.a", "aws_ecr_repository", R"({"name":"a"})"));
  const std::string b = plan("", change("aws_ecr_repository.b", "aws_ecr_repository", R"({"name":"b"})"));
  for (auto f : {input_format::terraform_plan, input_format::automatic}) {
    auto ev = read_plan(a + "\n" + b + "\n", f);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_NE(ev[0].find("@aws_ecr_repository.a "), std::string::npos) << ev[0];
    EXPECT_NE(ev[1].find("@aws_ecr_repository.b "), std::string::npos) << ev[1];
    auto bom = read_plan("\xEF\xBB\xBF" + a, f);
    ASSERT_EQ(bom.size(), 1u);
    EXPECT_EQ(bom[0].substr(0, 7), "entity ") << bom[0];
  }
}

std::string configuration(const std::string& resources, const std::string& providers = R"({"aws":{"name":"aws"}})") {
  return ",\"configuration\":{\"provider_config\":" + providers + ",\"root_module\":{\"resources\":[" + resources + "]}}";
}
std::string config_resource(const std::string& address, const std::string& provider, const std::string& repository_expr) {
  return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"provider_config_key\":\"" + provider +
         "\",\"expressions\":{\"repository\":" + repository_expr + "}}";
}

// Issue 11: a policy whose repository is unknown at plan time is joined by the configuration's
// references; without them, no repository that it could concern passes.
TEST(InputTerraform, UnknownRepositoryIsJoinedByReferenceOrFailsClosed) {
  const std::string pol_unknown = "{\"policy\":" + kOpenPolicy + "}";
  const std::string changes = change("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp) + "," +
                              change("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", pol_unknown,
                                     "{\"repository\":true}");
  auto joined = read_plan(plan("", changes,
                               configuration(config_resource("aws_ecr_repository.app", "aws", "{}") + "," +
                                             config_resource("aws_ecr_repository_policy.p", "aws",
                                                             R"({"references":["aws_ecr_repository.app.id","aws_ecr_repository.app"]})"))));
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].substr(0, 7), "entity ");
  EXPECT_NE(joined[0].find("\"Principal\":\"*\""), std::string::npos) << joined[0];
  auto unresolved = read_plan(plan("", changes));
  ASSERT_EQ(unresolved.size(), 2u);
  for (const auto& e : unresolved) EXPECT_EQ(e.substr(0, 6), "error ") << e;
  EXPECT_NE(unresolved[0].find("@aws_ecr_repository.app "), std::string::npos) << unresolved[0];
}

// Issue 11: two repositories of one name under two provider aliases keep their own policies; two
// of one name under one provider make a name join ambiguous.
TEST(InputTerraform, ProviderAliasesSeparateRepositoriesOfOneName) {
  const std::string changes =
      change("aws_ecr_repository.west", "aws_ecr_repository", kRepoApp) + "," +
      change("aws_ecr_repository.east", "aws_ecr_repository", kRepoApp) + "," +
      change("aws_ecr_repository_policy.west", "aws_ecr_repository_policy", "{\"repository\":\"app\",\"policy\":" + kOpenPolicy + "}") + "," +
      change("aws_ecr_repository_policy.east", "aws_ecr_repository_policy", R"({"repository":"app","policy":"{\"Statement\":[]}"})");
  const std::string providers = R"({"aws":{"name":"aws"},"aws.east":{"name":"aws","alias":"east"}})";
  auto ev = read_plan(plan("", changes,
                           configuration(config_resource("aws_ecr_repository.west", "aws", "{}") + "," +
                                             config_resource("aws_ecr_repository.east", "aws.east", "{}") + "," +
                                             config_resource("aws_ecr_repository_policy.west", "aws", R"({"constant_value":"app"})") + "," +
                                             config_resource("aws_ecr_repository_policy.east", "aws.east", R"({"constant_value":"app"})"),
                                         providers)));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_NE(ev[0].find("@aws_ecr_repository.west "), std::string::npos);
  EXPECT_NE(ev[0].find("\"Principal\":\"*\""), std::string::npos) << ev[0];
  EXPECT_NE(ev[1].find("@aws_ecr_repository.east "), std::string::npos);
  EXPECT_NE(ev[1].find("\"Statement\":[]"), std::string::npos) << ev[1];
  // Without the configuration, which policy is whose cannot be told: errors, not a guess.
  auto ambiguous = read_plan(plan("", changes));
  ASSERT_EQ(ambiguous.size(), 2u);
  for (const auto& e : ambiguous) EXPECT_EQ(e.substr(0, 6), "error ") << e;
}

// Issue 11: a policy and a lifecycle policy for a repository outside the plan are one entity.
TEST(InputTerraform, PoliciesForARepositoryOutsideThePlanAreOneEntity) {
  auto ev = read_plan(plan("", change("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", "{\"repository\":\"ext\",\"policy\":" + kOpenPolicy + "}") + "," +
                                   change("aws_ecr_lifecycle_policy.l", "aws_ecr_lifecycle_policy", R"({"repository":"ext","policy":"{\"rules\":[]}"})")));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].substr(0, 7), "entity ");
  EXPECT_NE(ev[0].find("\"policy\":{"), std::string::npos);
  EXPECT_NE(ev[0].find("\"lifecyclePolicy\":{"), std::string::npos);
}

// A policy text that is not JSON makes its repository an error (it never passes without it).
TEST(InputTerraform, InvalidPolicyTextIsAnErrorForItsRepository) {
  auto ev = read_plan(plan("", change("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp) + "," +
                                   change("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", R"({"repository":"app","policy":"{not json"})")));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].substr(0, 6), "error ");
  EXPECT_NE(ev[0].find("@aws_ecr_repository.app "), std::string::npos) << ev[0];
}

// Modules and count: a reference resolves within the policy's module instance and key.
TEST(InputTerraform, ReferencesResolveWithinModuleAndInstanceKey) {
  const std::string changes =
      change("module.m[0].aws_ecr_repository.r[\\\"a\\\"]", "aws_ecr_repository", R"({"name":"a"})") + "," +
      change("module.m[0].aws_ecr_repository.r[\\\"b\\\"]", "aws_ecr_repository", R"({"name":"b"})") + "," +
      change("module.m[0].aws_ecr_repository_policy.p[\\\"a\\\"]", "aws_ecr_repository_policy", "{\"policy\":" + kOpenPolicy + "}", "{\"repository\":true}") + "," +
      change("module.m[0].aws_ecr_repository_policy.p[\\\"b\\\"]", "aws_ecr_repository_policy", R"({"policy":"{\"Statement\":[]}"})", "{\"repository\":true}");
  const std::string config =
      ",\"configuration\":{\"root_module\":{\"module_calls\":{\"m\":{\"module\":{\"resources\":[" +
      config_resource("aws_ecr_repository.r", "m:aws", "{}") + "," +
      config_resource("aws_ecr_repository_policy.p", "m:aws", R"({"references":["aws_ecr_repository.r","each.key"]})") + "]}}}}}";
  auto ev = read_plan(plan("", changes, config));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_NE(ev[0].find("r[\"a\"] "), std::string::npos) << ev[0];
  EXPECT_NE(ev[0].find("\"Principal\":\"*\""), std::string::npos) << ev[0];
  EXPECT_NE(ev[1].find("\"Statement\":[]"), std::string::npos) << ev[1];
}

}  // namespace

namespace {

using cgsl::io::input_format;

// Issue 11: a regular file that shrinks while it is read (log rotation, a file still being
// written) must not kill the process (it was memory-mapped: SIGBUS on the pages past the new
// end); what was read is evaluated and the truncation is an error.
TEST(InputNdjson, FileThatShrinksWhileReadIsAnErrorNotACrash) {
  std::string content;
  std::vector<std::size_t> line_end;
  for (int i = 0; i < 20000; ++i) {
    content += "{\"type\":\"T\",\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(40, 'x') + "\"}\n";
    line_end.push_back(content.size());
  }
  for (const bool at_line_boundary : {true, false}) {
    const std::string path = write_temp("shrinking.ndjson", content);
    cgsl::io::opened_input in = cgsl::io::open_input(path, input_format::automatic);
    ASSERT_FALSE(in.error.has_value());
    ASSERT_EQ(in.format, input_format::ndjson);
    recorder r;
    simdjson::dom::parser parser;
    std::size_t entities = 0, errors = 0;
    {
      cgsl::io::ndjson_stream stream(in, 1u << 16);
      cgsl::io::window w;
      auto feed = [&] {
        cgsl::io::parse_window(
            w, parser, path, cgsl::parse_options{}, [&](simdjson::dom::element, std::size_t) { ++entities; },
            [&](const cgsl::diagnostic&, std::size_t) { ++errors; });
      };
      ASSERT_TRUE(stream.next(w));
      feed();
      // Shrink the file to a tenth, behind the reader's back, while its first window is done.
      const std::size_t cut = at_line_boundary ? line_end[1999] : line_end[1999] - 7;
      ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(cut)), 0);
      while (stream.next(w)) feed();
      cgsl::io::report_stream_end(stream, path, r);
      EXPECT_TRUE(stream.shrunk());
    }
    ASSERT_EQ(r.events.size(), 1u) << "the truncation is reported once";
    EXPECT_NE(r.events[0].find("E307"), std::string::npos) << r.events[0];
    EXPECT_GT(entities, 0u);
    EXPECT_LE(entities, 2000u);
    EXPECT_LE(errors, 1u);  // a line cut in two is one bad line
  }
}

// The same for a document read whole: a file cut short while read is never read as the whole.
TEST(InputJson, DocumentThatShrinksWhileReadIsAnError) {
  std::string content = "[\n";
  for (int i = 0; i < 5000; ++i) content += std::string(i ? "," : "") + "{\"type\":\"T\",\"i\":" + std::to_string(i) + "}\n";
  content += "]\n";
  const std::string path = write_temp("shrinking.json", content);
  cgsl::io::opened_input in = cgsl::io::open_input(path, input_format::json);
  ASSERT_FALSE(in.error.has_value());
  ASSERT_EQ(::truncate(path.c_str(), 100), 0);
  recorder r;
  cgsl::io::read_document(in, r, cgsl::io::reader_options{});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_NE(r.events[0].find("E307"), std::string::npos) << r.events[0];
}

}  // namespace

namespace {

// A policy under another provider configuration in the same region (or an unknown one) names a
// repository of the plan: it may be the same account, so the join is ambiguous, an error.
TEST(InputTerraform, PolicyUnderAnotherAliasInTheSameRegionIsAmbiguous) {
  const std::string changes =
      change("aws_ecr_repository.app", "aws_ecr_repository", kRepoApp) + "," +
      change("aws_ecr_repository_policy.p", "aws_ecr_repository_policy", "{\"repository\":\"app\",\"policy\":" + kOpenPolicy + "}");
  auto with_regions = [&](const char* a, const char* b) {
    const std::string providers = std::string(R"({"aws":{"name":"aws","expressions":{"region":{"constant_value":")") + a +
                                  R"("}}},"aws.ci":{"name":"aws","alias":"ci","expressions":{"region":{"constant_value":")" + b + R"("}}}})";
    return read_plan(plan("", changes,
                          configuration(config_resource("aws_ecr_repository.app", "aws", "{}") + "," +
                                            config_resource("aws_ecr_repository_policy.p", "aws.ci", R"({"constant_value":"app"})"),
                                        providers)));
  };
  auto same = with_regions("us-west-2", "us-west-2");
  ASSERT_EQ(same.size(), 2u);
  for (const auto& e : same) EXPECT_EQ(e.substr(0, 6), "error ") << e;
  // In another region it is another repository: the plan's one is checked, and the policy is
  // checked as a repository outside the plan.
  auto other = with_regions("us-west-2", "eu-west-1");
  ASSERT_EQ(other.size(), 2u);
  EXPECT_EQ(other[0].substr(0, 7), "entity ");
  EXPECT_EQ(other[0].find("\"policy\""), std::string::npos) << other[0];
  EXPECT_NE(other[1].find("aws_ecr_repository_policy.p"), std::string::npos) << other[1];
}

}  // namespace

// ---- issue 12: every Terraform and CloudFormation resource is an entity ----------------------------

namespace {

std::string fixture(const std::string& name) { return std::string(CGSL_SOURCE_DIR) + "/tests/data/iac/" + name; }

// The entity events whose JSON has "type":"T".
std::vector<std::string> of_type(const std::vector<std::string>& ev, const std::string& type) {
  std::vector<std::string> out;
  for (const std::string& e : ev) {
    if (e.rfind("entity ", 0) == 0 && e.find("{\"type\":\"" + type + "\"") != std::string::npos) out.push_back(e);
  }
  return out;
}

}  // namespace

TEST(InputTerraformResources, EveryManagedResourceInstanceIsAnEntityOfItsType) {
  for (auto f : {input_format::terraform_plan, input_format::automatic}) {
    auto ev = read(fixture("tf-plan-modules.json"), f);
    EXPECT_EQ(count_prefix(ev, "error "), 0u);
    // Modules, count and for_each instances keep their addresses.
    auto crb = of_type(ev, "kubernetes_cluster_role_binding");
    ASSERT_EQ(crb.size(), 2u);
    EXPECT_NE(crb[0].find("@module.cluster.kubernetes_cluster_role_binding.admins[0] "), std::string::npos) << crb[0];
    EXPECT_NE(crb[0].find("\"role_ref\":[{"), std::string::npos) << "nested blocks stay lists of objects";
    auto sg = of_type(ev, "aws_security_group_rule");
    ASSERT_EQ(sg.size(), 1u);
    EXPECT_NE(sg[0].find("aws_security_group_rule.ssh[\\\"office\\\"]"), std::string::npos) << sg[0];
    // The attribute `type` ("ingress") is kept inside `terraform`, not lost.
    EXPECT_NE(sg[0].find("\"terraform\":{\"address\":\"aws_security_group_rule.ssh[\\\"office\\\"]\",\"type\":\"ingress\"}"),
              std::string::npos)
        << sg[0];
    // A resource only in resource_changes is read; its after_unknown values are unknown markers.
    auto bucket = of_type(ev, "aws_s3_bucket");
    ASSERT_EQ(bucket.size(), 1u);
    EXPECT_NE(bucket[0].find("\"bucket\":{\"$cgsl_unknown\":\"aws_s3_bucket.artifacts: bucket is known after apply\"}"),
              std::string::npos)
        << bucket[0];
    EXPECT_NE(bucket[0].find("\"tags\":{\"team\":\"platform\"}"), std::string::npos) << bucket[0];
    // A delete-only change is gone after apply, although prior_state has it; a resource only in
    // prior_state (not changed) is still there.
    EXPECT_TRUE(of_type(ev, "aws_iam_user").empty());
    EXPECT_EQ(of_type(ev, "aws_cloudtrail").size(), 1u);
    // Data sources are not resources.
    EXPECT_TRUE(of_type(ev, "aws_caller_identity").empty());
    // Policy JSON text is read as the document.
    auto role = of_type(ev, "aws_iam_role");
    ASSERT_EQ(role.size(), 1u);
    EXPECT_NE(role[0].find("\"assume_role_policy\":{\"Statement\":[{"), std::string::npos) << role[0];
    // The EcrRepository entity of the join stays.
    EXPECT_EQ(of_type(ev, "EcrRepository").size(), 1u);
  }
}

TEST(InputTerraformResources, StateAndUtf16Plan) {
  auto ev = read(fixture("tf-state.json"), input_format::automatic);
  EXPECT_EQ(count_prefix(ev, "error "), 0u);
  auto role = of_type(ev, "aws_iam_role");
  ASSERT_EQ(role.size(), 1u);
  // inline_policy[].policy is a policy too.
  EXPECT_NE(role[0].find("\"inline_policy\":[{\"name\":\"logs\",\"policy\":{\"Version\":\"2012-10-17\""), std::string::npos)
      << role[0];
  EXPECT_EQ(of_type(ev, "aws_ecr_lifecycle_policy").size(), 1u);
  EXPECT_EQ(of_type(ev, "EcrRepository").size(), 1u);
  for (auto f : {input_format::terraform_plan, input_format::automatic}) {
    auto utf16 = read(fixture("tf-plan-utf16.json"), f);
    ASSERT_EQ(utf16.size(), 1u) << (utf16.empty() ? "" : utf16[0]);
    EXPECT_NE(utf16[0].find("\"max_password_age\":30"), std::string::npos) << utf16[0];
  }
}

TEST(InputTerraformResources, PolicyTextThatIsNotJsonIsAnUnknownMarker) {
  const std::string bad = R"({"name":"r","assume_role_policy":"{\"Statement\": [","description":"{not a policy}"})";
  auto ev = read_plan_all(plan(planned("aws_iam_role.r", "aws_iam_role", bad), ""));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NE(ev[0].find("\"assume_role_policy\":{\"$cgsl_unknown\":\"aws_iam_role.r: assume_role_policy: the policy text is not JSON"),
            std::string::npos)
      << ev[0];
  // Only policy properties are read as documents: other strings stay strings.
  EXPECT_NE(ev[0].find("\"description\":\"{not a policy}\""), std::string::npos) << ev[0];
}

TEST(InputCloudFormation, YamlTemplateWithEveryShortFormTag) {
  for (auto f : {input_format::cloudformation, input_format::automatic}) {
    auto ev = read(fixture("cfn-all-tags.yaml"), f);
    EXPECT_EQ(count_prefix(ev, "error "), 0u) << (ev.empty() ? "" : ev[0]);
    // 8 resources + the EcrRepository entities of the two repositories.
    EXPECT_EQ(count_prefix(ev, "entity "), 10u);
    auto role = of_type(ev, "AWS_IAM_Role");
    ASSERT_EQ(role.size(), 1u);
    const std::string& r = role[0];
    EXPECT_NE(r.find(":64 "), std::string::npos) << "the line of the logical id: " << r;
    // A policy document given as a YAML block of JSON text is the document.
    EXPECT_NE(r.find("\"AssumeRolePolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"}"),
              std::string::npos)
        << r;
    // Fn::If (with AWS::NoValue in a branch) is unknown; a known element stays.
    EXPECT_NE(r.find("\"ManagedPolicyArns\":[{\"$cgsl_unknown\":\"AdminRole.ManagedPolicyArns[0]: Fn::If"), std::string::npos) << r;
    EXPECT_NE(r.find("\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]"), std::string::npos) << r;
    // Unquoted dates stay strings; 0042 is not a JSON number, so it stays the string "0042".
    EXPECT_NE(r.find("{\"Key\":\"created\",\"Value\":\"2024-01-31\"}"), std::string::npos) << r;
    EXPECT_NE(r.find("{\"Key\":\"cost-center\",\"Value\":\"0042\"}"), std::string::npos) << r;
    EXPECT_NE(r.find("\"RoleName\":{\"$cgsl_unknown\":\"AdminRole.RoleName: Fn::Sub of ${AWS::StackName}"), std::string::npos) << r;
    auto repos = of_type(ev, "EcrRepository");
    ASSERT_EQ(repos.size(), 2u);
    // Ref to a parameter with a Default; Fn::Sub of a parameter with a Default; !Sub | literal JSON.
    EXPECT_NE(repos[0].find("\"name\":\"web-images\""), std::string::npos) << repos[0];
    EXPECT_NE(repos[0].find("\"Principal\":{\"AWS\":\"arn:aws:iam::012345678901:root\"}"), std::string::npos) << repos[0];
    EXPECT_NE(repos[0].find("\"lifecyclePolicy\":{\"document\":{\"rules\":[{\"rulePriority\":1"), std::string::npos) << repos[0];
    EXPECT_NE(repos[1].find("\"name\":\"web-images-public\""), std::string::npos) << "Fn::Join: " << repos[1];
    EXPECT_NE(repos[1].find("\"policy\":{\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Everyone\""),
              std::string::npos)
        << repos[1];
    auto instance = of_type(ev, "AWS_EC2_Instance");
    ASSERT_EQ(instance.size(), 1u);
    EXPECT_NE(instance[0].find("\"ImageId\":\"ami-0abcdef1234567890\""), std::string::npos) << "FindInMap: " << instance[0];
    EXPECT_NE(instance[0].find("\"SubnetId\":{\"$cgsl_unknown\":\"Instance.SubnetId: Fn::ImportValue"), std::string::npos) << instance[0];
    EXPECT_NE(instance[0].find("\"Value\":{\"$cgsl_unknown\":\"Instance.Tags[0].Value: Fn::GetAtt"), std::string::npos) << instance[0];
    auto vpc = of_type(ev, "AWS_EC2_VPC");
    ASSERT_EQ(vpc.size(), 1u);
    EXPECT_NE(vpc[0].find("\"EnableDnsSupport\":true"), std::string::npos) << "YAML 1.1 yes: " << vpc[0];
    // Resources without Properties are entities without members.
    auto queue = of_type(ev, "AWS_SQS_Queue");
    ASSERT_EQ(queue.size(), 1u);
    EXPECT_NE(queue[0].find("{\"type\":\"AWS_SQS_Queue\",\"id\":\"Queue\",\"cloudformation\":{"), std::string::npos) << queue[0];
  }
}

TEST(InputCloudFormation, JsonTemplateLongFormsAndBadPolicyText) {
  for (auto f : {input_format::cloudformation, input_format::automatic}) {
    auto ev = read(fixture("cfn-iam.json"), f);
    EXPECT_EQ(count_prefix(ev, "error "), 0u);
    auto roles = of_type(ev, "AWS_IAM_Role");
    ASSERT_EQ(roles.size(), 3u);
    EXPECT_NE(roles[1].find("\"AssumeRolePolicyDocument\":{\"Version\":\"2012-10-17\""), std::string::npos) << roles[1];
    EXPECT_NE(roles[2].find("\"AssumeRolePolicyDocument\":{\"$cgsl_unknown\":\"BrokenPolicyRole.AssumeRolePolicyDocument: the policy text is not JSON"),
              std::string::npos)
        << roles[2];
    auto users = of_type(ev, "AWS_IAM_ManagedPolicy");
    ASSERT_EQ(users.size(), 2u);
    EXPECT_NE(users[0].find("\"Users\":[\"auditor\"]"), std::string::npos) << users[0];
  }
}

// YAML aliases share nodes: nested ones (a "billion laughs" document, 10^12 leaves here) must end
// in an error at the size limit, not in exponential time and memory.
TEST(InputCloudFormation, NestedAliasesStopAtTheSizeLimit) {
  std::string text = "AWSTemplateFormatVersion: 2010-09-09\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 12; ++i) {
    const std::string p = "*l" + std::to_string(i - 1);
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + p;
    for (int k = 1; k < 10; ++k) text += ", " + p;
    text += "]\n";
  }
  text += "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: *l12\n";
  auto ev = read_text("laughs.yaml", text, input_format::cloudformation);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].rfind("error ", 0), 0u) << ev[0];
}

// A key written twice in one mapping is its last occurrence, as CloudFormation deploys it
// (tests/data/iac/real: checkov's invalid.yaml, cfn-lint's duplicate.json). Reading the first
// let `should not have SslSupportMethod = 'vip'` pass a distribution deployed with vip.
TEST(InputCloudFormation, RepeatedKeysAreTheirLastOccurrence) {
  const std::string text =
      "Resources:\n"
      "  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: first\n"
      "  Dist:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n"
      "      Cert:\n        Method: static-ip\n        Method: vip\n"
      "  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: deployed\n";
  auto ev = read_text("dup.yaml", text, input_format::cloudformation);
  EXPECT_EQ(count_prefix(ev, "error "), 0u);
  auto topics = of_type(ev, "AWS_SNS_Topic");
  ASSERT_EQ(topics.size(), 1u) << "one logical id, one resource";
  EXPECT_NE(topics[0].find("\"TopicName\":\"deployed\""), std::string::npos) << topics[0];
  EXPECT_EQ(topics[0].find("first"), std::string::npos) << topics[0];
  EXPECT_NE(topics[0].find(":12 "), std::string::npos) << "the line of the last definition: " << topics[0];
  auto dist = of_type(ev, "AWS_CloudFront_Distribution");
  ASSERT_EQ(dist.size(), 1u);
  EXPECT_NE(dist[0].find("\"Cert\":{\"Method\":\"vip\"}"), std::string::npos) << dist[0];
}

TEST(InputCloudFormation, ForEachIsOneErrorAtItsKey) {
  const std::string text =
      "Transform: AWS::LanguageExtensions\nResources:\n"
      "  \"Fn::ForEach::Buckets\":\n    - Id\n    - [A, B]\n    - \"Bucket${Id}\":\n        Type: AWS::S3::Bucket\n";
  auto ev = read_text("foreach.yaml", text, input_format::cloudformation);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].rfind("error ", 0), 0u) << ev[0];
  // One error at the Fn::ForEach key (its message, checked by tests/cli/iac_real_test.py, names
  // the transform rather than "a resource without a Type").
  EXPECT_NE(ev[0].find(":3 E308"), std::string::npos) << ev[0];
}

TEST(InputCloudFormation, NotTemplatesAreErrorsNotSilence) {
  for (const char* text : {"Resources: [1, 2]\n", "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A: {Properties: {}}\n",
                           "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::S3::Bucket\n   bad: [\n"}) {
    auto ev = read_text("t.yaml", text, input_format::cloudformation);
    ASSERT_GE(ev.size(), 1u) << text;
    EXPECT_EQ(count_prefix(ev, "error "), ev.size()) << text << ev[0];
  }
}

namespace {

// parse_window reads a window as one simdjson stream (parse_many) and falls back to line by line
// from the first document that is not one whole line. Whatever the mix of lines, it must give
// exactly what parse_line gives for each line alone: same entities, same errors, same line numbers.
std::vector<std::string> by_window(const std::string& text, bool unwrap, const cgsl::parse_options& limits,
                                   simdjson::dom::parser& parser) {
  cgsl::io::window w;
  w.reserve(text.size() + simdjson::SIMDJSON_PADDING, 0);
  std::memcpy(w.buffer.get(), text.data(), text.size());
  std::memset(w.buffer.get() + text.size(), ' ', simdjson::SIMDJSON_PADDING);
  w.size = text.size();
  w.first_line = 7;
  w.unwrap_entity = unwrap;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') w.line_ends.push_back(i);
  }
  std::vector<std::string> out;
  cgsl::io::parse_window(
      w, parser, "f", limits,
      [&](simdjson::dom::element e, std::size_t line) { out.push_back(std::to_string(line) + " " + simdjson::to_string(e)); },
      [&](const cgsl::diagnostic& d, std::size_t line) {
        out.push_back(std::to_string(line) + " E" + std::to_string(static_cast<int>(d.code)) + " " + d.message + " @" +
                      d.source_name);
      });
  return out;
}

std::vector<std::string> by_line(const std::string& text, bool unwrap, const cgsl::parse_options& limits) {
  std::vector<std::string> out;
  simdjson::dom::parser parser;
  if (parser.allocate(1u << 16, limits.max_depth) != simdjson::SUCCESS) return {"allocate failed"};
  std::size_t number = 7, begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t\r\n") != std::string::npos) {
      std::string padded = line;
      padded.resize(line.size() + simdjson::SIMDJSON_PADDING, ' ');
      simdjson::dom::element e;
      if (auto d = cgsl::io::parse_line(parser, padded.data(), line.size(), unwrap, limits, e)) {
        out.push_back(std::to_string(number) + " E" + std::to_string(static_cast<int>(d->code)) + " " + d->message +
                      " @f:" + std::to_string(number));
      } else {
        out.push_back(std::to_string(number) + " " + simdjson::to_string(e));
      }
    }
    ++number;
    begin = end + 1;
  }
  return out;
}

TEST(InputNdjson, WindowAsOneStreamGivesWhatEachLineGives) {
  const std::vector<std::string> kinds = {
      R"({"type":"T","i":1})",
      R"({"type":"T","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}})",
      "",
      "   \t",
      "  {\"type\":\"T\",\"lead\":true}  \t",
      "{\"type\":\"T\",\"cr\":1}\r",
      R"({"a":1}{"b":2})",
      R"({"a":1} {"b":2})",
      R"({"a":1} x)",
      R"({"a":1},)",
      "{\"a\":",
      "1}",
      "42",
      "\"text\"",
      "[1,2]",
      "null",
      R"({"a": 1)",
      "{\"a\":\"\xff\"}",
      std::string(40, '[') + std::string(40, ']'),
      "{\"deep\":" + std::string(30, '[') + std::string(30, ']') + "}",
      R"({"type":"T","pad":")" + std::string(300, 'x') + "\"}",
      R"({"repositories":[{"repositoryName":"r"}]})",
      R"({"entity":{"type":"T","id":"n1"}})",
      R"({"entity":42})",
      "\xEF\xBB\xBF{\"bom\":1}",
      std::string("{\"nul\":1}\0", 10),
      R"({"n":123456789012345678901234567890})",
      R"({"d":{"a":1,"a":2}})",
      "}",
      "{",
  };
  cgsl::parse_options limits;
  limits.max_depth = 32;
  limits.max_bytes = 256;
  simdjson::dom::parser parser;  // one parser for every window, as a worker has
  ASSERT_EQ(parser.allocate(1u << 16, limits.max_depth), simdjson::SUCCESS);
  std::mt19937 rng(12345);  // not a bare LCG: its low bits repeat, and would never mix some kinds
  const auto next = [&rng] { return static_cast<std::uint32_t>(rng()); };
  std::size_t delivered = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t lines = 1 + next() % 12;
    for (std::size_t i = 0; i < lines; ++i) {
      // Mostly good lines, as real input is; sometimes a run of one kind.
      const std::uint32_t r = next();
      text += kinds[r % 4 == 0 ? next() % kinds.size() : r % 2];
      if (i + 1 < lines || next() % 2) text += '\n';
    }
    for (const bool unwrap : {false, true}) {
      const auto expected = by_line(text, unwrap, limits);
      ASSERT_EQ(by_window(text, unwrap, limits, parser), expected) << "window: " << text;
      delivered += expected.size();
    }
  }
  EXPECT_GT(delivered, 20000u);
  // A window of good lines only, and the same with one bad line in the middle or at the end.
  std::string good;
  for (int i = 0; i < 5000; ++i) good += "{\"type\":\"T\",\"i\":" + std::to_string(i) + "}\n";
  for (const std::string& text : {good, good + "{\"a\"\n" + good, good + "{\"a\":1", good + "{\"a\":1}"}) {
    const auto expected = by_line(text, false, limits);
    ASSERT_EQ(by_window(text, false, limits, parser), expected);
  }
  // A line longer than a parse_many batch (128 KiB), between good lines, under the default limits.
  const std::string long_line = "{\"type\":\"T\",\"pad\":\"" + std::string(300000, 'x') + "\"}\n";
  const cgsl::parse_options defaults;
  simdjson::dom::parser big;
  ASSERT_EQ(big.allocate(1u << 16, defaults.max_depth), simdjson::SUCCESS);
  for (const auto& [text, lines] : std::vector<std::pair<std::string, std::size_t>>{
           {good + long_line + good, 10001}, {long_line + good, 5001}, {good + long_line, 5001}}) {
    const auto expected = by_line(text, false, defaults);
    ASSERT_EQ(expected.size(), lines);
    ASSERT_EQ(by_window(text, false, defaults, big), expected);
  }
}

}  // namespace
