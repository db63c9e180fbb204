// SPDX-License-Identifier: Apache-2.0
// The library scan API (cgsl/scan.hpp, cgsl/report.hpp): inputs from memory, files and streams,
// dispatch by type, --show filtering with full accounting, ordered output for any thread count,
// results of large documents in parts, List<T> rules, the reporters as sinks.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cgsl/cgsl.hpp"
#include "scan_support.hpp"

namespace {

using namespace cgsl;

const char* const kPublic =
    R"({"type":"EcrRepository","id":"pub","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*","Condition":{"a":1}}]}}})";
const char* const kPrivate = R"({"type":"EcrRepository","id":"priv"})";

ruleset make_rules(const std::vector<std::pair<std::string, std::string>>& rules) {
  std::vector<cgsl_test::rule_spec> specs;
  for (const auto& [id, text] : rules) specs.push_back({id, "High", text});
  return cgsl_test::compile_rules(specs, " name");
}

ruleset two_type_rules() {
  return make_rules({{"ECR.1", "EcrRepository should not have policy.document.Statement contain [ Principal='*' ]"},
                     {"ECR.2", "EcrRepository should have name"},
                     {"S3.1", "S3Bucket should have encrypted = true"},
                     {"VPC.1", "Vpc should have flowLogs"}});
}

std::string jsonl(const ruleset& rules, const std::vector<input_source>& inputs, scan_options o,
                  scan_summary* summary = nullptr) {
  std::string out;
  auto sink = make_jsonl_reporter(string_writer(out));
  o.eval.now = 1.7e9;
  scan_summary s = scan(rules, inputs, {sink.get()}, o);
  if (summary != nullptr) *summary = s;
  return out;
}

using cgsl_test::lines_of;

TEST(Scan, EntitiesMeetOnlyTheRulesOfTheirTypeAndEveryPairIsCounted) {
  const ruleset rules = two_type_rules();
  const std::string data = std::string(kPublic) + "\n" + R"({"type":"s3bucket","id":"b1","encrypted":true})" +
                           "\n" + R"({"type":"S3Bucket","id":"b2"})" + "\n" + kPrivate + "\n";
  scan_summary s;
  const std::string out = jsonl(rules, {input_source::memory("inv.ndjson", data)}, {}, &s);
  const auto lines = lines_of(out);
  // 2 repositories x 2 ECR rules + 2 buckets x 1 S3 rule; no not_relevant line by default.
  ASSERT_EQ(lines.size(), 6u) << out;
  for (const auto& l : lines) EXPECT_EQ(l.find("not_relevant"), std::string::npos) << l;
  EXPECT_EQ(s.entities, 4u);
  EXPECT_EQ(s.unreadable, 0u);
  // not_relevant counts the entities of other types: 4 entities - 2 repositories for ECR rules.
  EXPECT_EQ(s.rules[0].count(outcome::not_relevant), 2u);
  EXPECT_EQ(s.rules[0].count(outcome::failed), 1u);
  EXPECT_EQ(s.rules[0].count(outcome::passed), 1u);
  EXPECT_EQ(s.rules[2].count(outcome::passed), 1u);
  EXPECT_EQ(s.rules[2].count(outcome::failed), 1u);
  EXPECT_EQ(s.rules[2].entities_of_type, 2u);
  EXPECT_EQ(s.rules[3].count(outcome::not_relevant), 4u);
  // Types differing only in case count as one, under the first spelling.
  ASSERT_EQ(s.entities_per_type.size(), 2u);
  EXPECT_EQ(s.entities_per_type[0], std::make_pair(std::string("EcrRepository"), std::size_t{2}));
  EXPECT_EQ(s.entities_per_type[1], std::make_pair(std::string("s3bucket"), std::size_t{2}));
  // The Vpc rule applied to no entity: named, so a misspelt type does not look clean.
  EXPECT_EQ(s.rules_without_entities, std::vector<std::size_t>{3});
  EXPECT_EQ(s.exit_code(), 1);
  for (const auto& r : s.rules) {
    std::size_t total = 0;
    for (std::size_t n : r.outcomes) total += n;
    EXPECT_EQ(total, s.entities);  // every (entity, rule) pair counted once
  }
}

TEST(Scan, ShowSelectsWhatIsDeliveredNeverWhatIsCounted) {
  const ruleset rules = two_type_rules();
  const std::string data = std::string(kPublic) + "\n{broken\n" + kPrivate + "\n";
  scan_options all;
  all.show = outcome_set::all();
  scan_summary s_all, s_failed;
  const auto every = lines_of(jsonl(rules, {input_source::memory("a.ndjson", data)}, all, &s_all));
  EXPECT_EQ(every.size(), 2u * 4u + 1u);  // every pair, and the broken line
  scan_options failed;
  failed.show = {outcome::failed};
  const auto failures = lines_of(jsonl(rules, {input_source::memory("a.ndjson", data)}, failed, &s_failed));
  // pub fails both ECR rules (public, no name), priv fails ECR.2 (no name).
  ASSERT_EQ(failures.size(), 3u);
  for (const auto& l : failures) EXPECT_NE(l.find("\"outcome\":\"failed\""), std::string::npos) << l;
  EXPECT_NE(failures[0].find("\"entity\":\"pub\""), std::string::npos);
  EXPECT_EQ(s_all.failed, s_failed.failed);
  EXPECT_EQ(s_all.unreadable, 1u);
  EXPECT_EQ(s_failed.unreadable, 1u);
  EXPECT_EQ(s_failed.exit_code(), 3);
  for (std::size_t i = 0; i < rules.rules.size(); ++i) EXPECT_EQ(s_all.rules[i].outcomes, s_failed.rules[i].outcomes);
}

TEST(Scan, OutcomeSetParsing) {
  std::string bad;
  EXPECT_EQ(outcome_set::parse("failed,error"), (outcome_set{outcome::failed, outcome::error}));
  EXPECT_EQ(outcome_set::parse("all"), outcome_set::all());
  EXPECT_EQ(outcome_set::parse("passed, not_relevant")->to_string(), "passed,not_relevant");
  EXPECT_FALSE(outcome_set::parse("failed,nope", &bad));
  EXPECT_EQ(bad, "nope");
  EXPECT_FALSE(outcome_set::parse(""));
  EXPECT_FALSE(outcome_set::relevant().contains(outcome::not_relevant));
  EXPECT_TRUE(outcome_set::relevant().contains(outcome::matched));
}

TEST(Scan, ErrorsCarryTheirCodeAndUnreadableEntitiesHaveNoRule) {
  const ruleset rules = make_rules({{"R", "EcrRepository should have name"}});
  const std::string data = "{broken\n[1]\n{\"id\":\"untyped\"}\n";
  std::vector<finding_record> got;
  callback_sink sink([&](const finding& f) { got.emplace_back(f); });
  scan_options o;
  o.threads = 1;
  o.input = input_format::ndjson;
  const scan_summary s = scan(rules, {input_source::memory("x.ndjson", data)}, {&sink}, o);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].code, "E301");
  EXPECT_EQ(got[1].code, "E304");
  EXPECT_EQ(got[2].code, "E305");
  for (const auto& f : got) {
    EXPECT_EQ(f.rule, nullptr);
    EXPECT_EQ(f.result, outcome::error);
    EXPECT_FALSE(f.message.empty());
  }
  EXPECT_EQ(got[1].source, "x.ndjson:2");
  EXPECT_EQ(s.unreadable, 3u);
  EXPECT_EQ(s.entities, 0u);
  EXPECT_EQ(s.exit_code(), 3);
}

TEST(Scan, StepLimitIsAnErrorFindingWithItsCode) {
  const ruleset rules = make_rules({{"R", "EcrRepository should have name"}});
  std::vector<finding_record> got;
  callback_sink sink([&](const finding& f) { got.emplace_back(f); });
  scan_options o;
  o.eval.max_steps = 0;
  (void)scan(rules, {input_source::memory("x.json", kPrivate)}, {&sink}, o);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].result, outcome::error);
  EXPECT_EQ(got[0].code, "E403");
  ASSERT_NE(got[0].rule, nullptr);
  EXPECT_EQ(got[0].rule->id, "R");
}

std::string big_ndjson(std::size_t n) {
  std::string data;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 97 == 5) data += "{not json\n";
    if (i % 3 == 0) {
      data += R"({"type":"EcrRepository","id":"r)" + std::to_string(i) +
              R"(","policy":{"document":{"Statement":[{"Effect":"Allow","Principal":"*"}]}}})" "\n";
    } else if (i % 3 == 1) {
      data += R"({"type":"S3Bucket","id":"b)" + std::to_string(i) + R"(","encrypted":)" + (i % 2 ? "true" : "false") + "}\n";
    } else {
      data += R"({"type":"EcrRepository","id":"p)" + std::to_string(i) + R"(","name":"x"})" "\n";
    }
  }
  return data;
}

TEST(Scan, OutputIsIdenticalForAnyThreadCountAndWindow) {
  const ruleset rules = two_type_rules();
  const std::string data = big_ndjson(3000);
  std::string reference;
  scan_summary ref_summary;
  for (unsigned threads : {1u, 2u, 4u, 8u}) {
    for (std::size_t window : {std::size_t{4} << 20, std::size_t{4096}, std::size_t{1}}) {
      scan_options o;
      o.threads = threads;
      o.window_bytes = window;
      scan_summary s;
      const std::string out = jsonl(rules, {input_source::memory("big.ndjson", data)}, o, &s);
      if (reference.empty()) {
        reference = out;
        ref_summary = s;
        continue;
      }
      EXPECT_EQ(out, reference) << threads << " threads, window " << window;
      EXPECT_EQ(s.entities, ref_summary.entities);
      EXPECT_EQ(s.failed, ref_summary.failed);
      EXPECT_EQ(s.unreadable, ref_summary.unreadable);
    }
  }
  EXPECT_EQ(ref_summary.unreadable, 31u);
  EXPECT_EQ(ref_summary.entities, 3000u);
}

TEST(Scan, LargeDocumentResultsArePublishedInPartsInOrder) {
  // One JSON array whose JSON Lines output is several times the part size (1 MiB): the worker
  // publishes parts while the scanning thread writes them, and the order stays the input order.
  const ruleset rules = two_type_rules();
  std::string doc = "[";
  const std::size_t n = 60000;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) doc += ',';
    doc += R"({"type":"EcrRepository","id":"repo-with-a-long-enough-identity-)" + std::to_string(i) +
           R"(","name":"n","policy":{"document":{"Statement":[{"Principal":"*"}]}}})";
  }
  doc += "]";
  std::string other = std::string("[") + kPrivate + "]";
  std::vector<input_source> inputs{input_source::borrowed("big.json", doc), input_source::memory("small.json", other)};
  scan_options o1, o4;
  o1.threads = 1;
  o4.threads = 4;
  scan_summary s1, s4;
  const std::string a = jsonl(rules, inputs, o1, &s1);
  const std::string b = jsonl(rules, inputs, o4, &s4);
  EXPECT_GT(a.size(), std::size_t{3} * (4u << 20));
  EXPECT_EQ(a, b);
  EXPECT_EQ(s1.entities, n + 1);
  const auto lines = lines_of(a);
  ASSERT_EQ(lines.size(), 2 * (n + 1));
  EXPECT_NE(lines.back().find("\"entity\":\"priv\""), std::string::npos);
  EXPECT_NE(lines[2 * 12345].find("-12345\""), std::string::npos);
}

// With 2 or more threads, the reading thread also evaluates queued tasks (engine::help), large
// documents among them: a document it runs publishes parts only after every older task is
// delivered. Several large documents, each of several parts, between NDJSON windows: the same
// output for every thread count, and no deadlock between the reading thread and the workers.
TEST(Scan, ReadingThreadHelpsWithDocumentsInOrder) {
  const ruleset rules = two_type_rules();
  std::vector<std::string> docs;
  for (int d = 0; d < 4; ++d) {
    std::string doc = "[";
    for (std::size_t i = 0; i < 15000; ++i) {
      if (i) doc += ',';
      doc += R"({"type":"EcrRepository","id":"doc)" + std::to_string(d) + "-repo-with-a-long-enough-identity-" +
             std::to_string(i) + R"(","name":"n","policy":{"document":{"Statement":[{"Principal":"*"}]}}})";
    }
    docs.push_back(doc + "]");
  }
  std::string nd;
  for (int i = 0; i < 3000; ++i) nd += std::string(i % 2 ? kPublic : kPrivate) + "\n";
  std::vector<input_source> inputs{input_source::borrowed("d0.json", docs[0]), input_source::borrowed("a.ndjson", nd),
                                   input_source::borrowed("d1.json", docs[1]), input_source::borrowed("d2.json", docs[2]),
                                   input_source::borrowed("b.ndjson", nd), input_source::borrowed("d3.json", docs[3])};
  scan_options o;
  o.threads = 1;
  o.window_bytes = 4096;
  scan_summary s1;
  const std::string one = jsonl(rules, inputs, o, &s1);
  EXPECT_EQ(s1.entities, 4u * 15000u + 6000u);
  for (const unsigned threads : {2u, 3u}) {
    o.threads = threads;
    scan_summary s;
    EXPECT_EQ(jsonl(rules, inputs, o, &s), one) << threads << " threads";
    EXPECT_EQ(s.entities, s1.entities);
    EXPECT_EQ(s.failed, s1.failed);
  }
}

TEST(Scan, DocumentFormatsFromMemoryAndFiles) {
  const ruleset rules = two_type_rules();
  const std::string cg = std::string(R"([{"ruleName":"x","entity":)") + kPublic + "}]";
  scan_summary s;
  (void)jsonl(rules, {input_source::memory("cg.json", cg)}, {}, &s);
  EXPECT_EQ(s.entities, 1u);
  EXPECT_EQ(s.failed, 2u);  // public, and no name
  const std::string wrapped = std::string(R"({"items":[)") + kPublic + "," + kPrivate + "]}";
  (void)jsonl(rules, {input_source::memory("w.json", wrapped)}, {}, &s);
  EXPECT_EQ(s.entities, 2u);

  const auto dir = std::filesystem::temp_directory_path() / "cgsl_scan_test";
  std::filesystem::create_directories(dir);
  const auto file = (dir / "one.json").string();
  std::ofstream(file) << kPublic;
  std::vector<finding_record> got;
  callback_sink sink([&](const finding& f) { got.emplace_back(f); });
  scan_options o;
  o.show = outcome_set::all();
  const scan_summary fs = scan(rules, {input_source::file((dir / "missing.json").string()), input_source::file(dir.string()),
                                       input_source::file(file)},
                               {&sink}, o);
  // A missing file is an error; a folder is read recursively, and one that holds no Terraform,
  // CloudFormation, CloudGuard or AWS CLI file (here, one plain entity file) is an error too,
  // never a clean run; the good file after them is read.
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0].code, "E307");
  EXPECT_EQ(got[1].code, "E307");
  EXPECT_NE(got[1].message.find("the folder holds no input"), std::string::npos) << got[1].message;
  EXPECT_EQ(fs.unreadable, 2u);
  EXPECT_EQ(fs.entities, 1u);
  EXPECT_EQ(fs.failed, 2u);

  // A stream the caller owns is read and left open.
  std::FILE* f = std::fopen(file.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  const scan_summary ss = scan(rules, {input_source::stream("piped", f)}, {}, o);
  EXPECT_EQ(ss.entities, 1u);
  EXPECT_EQ(std::fseek(f, 0, SEEK_SET), 0);  // still open
  std::fclose(f);
  std::filesystem::remove_all(dir);
}

TEST(Scan, ListRulesSeeEveryEntityOfTheirType) {
  const ruleset rules = make_rules({{"L", "List<EcrRepository> should have items length() < 3"},
                                    {"R", "EcrRepository should have name"}});
  std::vector<finding_record> got;
  callback_sink sink([&](const finding& f) { got.emplace_back(f); });
  std::string data;
  for (int i = 0; i < 4; ++i) data += R"({"type":"EcrRepository","id":"e)" + std::to_string(i) + R"(","name":"n"})" "\n";
  scan_options o;
  o.threads = 2;
  o.window_bytes = 16;
  const scan_summary s = scan(rules, {input_source::memory("l.ndjson", data)}, {&sink}, o);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got.back().entity, "List<EcrRepository>");
  EXPECT_EQ(got.back().result, outcome::failed);
  EXPECT_EQ(got.back().source, "4 entities");
  EXPECT_EQ(s.rules[0].entities_of_type, 4u);
  EXPECT_EQ(s.rules[0].count(outcome::failed), 1u);
}

// scan_options::cancel: a consumer that went away stops the scan between windows; what was
// delivered is counted, nothing after it is read, List<T> rules are left out.
TEST(Scan, CancelStopsReadingBetweenWindows) {
  const ruleset rules = make_rules({{"L", "List<EcrRepository> should have items length() < 3"},
                                    {"R", "EcrRepository should have name"}});
  std::string data;
  for (int i = 0; i < 2000; ++i) data += R"({"type":"EcrRepository","id":"e)" + std::to_string(i) + R"(","name":"n"})" "\n";
  for (unsigned threads : {1u, 2u}) {
    std::size_t delivered = 0;
    callback_sink sink([&](const finding&) { ++delivered; });
    scan_options o;
    o.threads = threads;
    o.window_bytes = 256;
    o.cancel = [&] { return delivered >= 10; };
    const scan_summary s = scan(rules, {input_source::memory("a.ndjson", data), input_source::memory("b.ndjson", data)},
                                {&sink}, o);
    EXPECT_TRUE(s.cancelled);
    EXPECT_GE(delivered, 10u);
    EXPECT_LT(delivered, 200u) << threads << " threads";
    EXPECT_EQ(s.entities, delivered);  // R delivered for every entity read; L never ran
    EXPECT_EQ(s.rules[0].count(outcome::failed) + s.rules[0].count(outcome::passed), 0u);
  }
  // Without cancel (or never true) the scan is complete.
  std::size_t all = 0;
  callback_sink sink([&](const finding&) { ++all; });
  scan_options o;
  o.cancel = [] { return false; };
  const scan_summary s = scan(rules, {input_source::memory("a.ndjson", data)}, {&sink}, o);
  EXPECT_FALSE(s.cancelled);
  EXPECT_EQ(all, 2001u);
}

TEST(Scan, RulesetEvaluatorDispatchesByType) {
  const ruleset rules = two_type_rules();
  ruleset_evaluator ev(rules);
  EXPECT_EQ(ev.rules_for_type("ecrrepository"), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(ev.rules_for_type("S3BUCKET"), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(ev.rules_for_type("Nope").empty());
  entity_result r = ev.evaluate_json(kPublic);
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.type, "EcrRepository");
  EXPECT_EQ(r.id, "pub");
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].first, 0u);
  EXPECT_EQ(r.results[0].second.result, outcome::failed);
  EXPECT_EQ(r.results[0].second.evidence, std::vector<std::string>{"policy.document.Statement[0]"});
  EXPECT_EQ(r.results[1].second.result, outcome::failed);  // no name
  r = ev.evaluate_json("{nope");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, diag_code::json_invalid);
  r = ev.evaluate_json(R"({"id":"x"})");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, diag_code::entity_no_type);
  auto doc = document::parse(R"({"type":"Vpc","id":"v"})");
  ASSERT_TRUE(doc);
  r = ev.evaluate(*doc.value);
  EXPECT_FALSE(r.error);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].first, 3u);
}

TEST(Reporters, TextDetailsAtMostMaxFailuresPerRuleAndSaysHowManyMore) {
  const ruleset rules = make_rules({{"R", "EcrRepository should have name"}});
  std::string data;
  for (int i = 0; i < 30; ++i) data += R"({"type":"EcrRepository","id":"e)" + std::to_string(i) + "\"}\n";
  std::string out;
  text_report_options to;
  to.max_failures = 5;
  auto text = make_text_reporter(string_writer(out), to);
  (void)scan(rules, {input_source::memory("t.ndjson", data)}, {text.get()}, {});
  EXPECT_NE(out.find("FAILED [High] R: R name (30 entities)"), std::string::npos) << out;
  EXPECT_NE(out.find("  - e4 (EcrRepository) at t.ndjson:5"), std::string::npos);
  EXPECT_EQ(out.find("  - e5 "), std::string::npos);
  EXPECT_NE(out.find("... and 25 more"), std::string::npos);
  EXPECT_NE(out.find("entities read: 30 (EcrRepository 30); unreadable: 0"), std::string::npos);
}

TEST(Reporters, TextEscapesControlCharactersFromEntityData) {
  const ruleset rules = make_rules({{"R", "EcrRepository should have name"}});
  const std::string data = "{\"type\":\"EcrRepository\",\"id\":\"evil\\r\\u001b[2KFAKE LINE\\nok\\u009b\"}\n";
  std::string out;
  auto text = make_text_reporter(string_writer(out));
  (void)scan(rules, {input_source::memory("t.ndjson", data)}, {text.get()}, {});
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos);
  EXPECT_NE(out.find("evil\\r\\x1b[2KFAKE LINE\\nok\\u009b"), std::string::npos) << out;
}

TEST(Reporters, SarifIsStreamedAndCarriesTheCounts) {
  const ruleset rules = two_type_rules();
  const std::string data = big_ndjson(300);
  std::string out;
  auto sarif = make_sarif_reporter(string_writer(out));
  const scan_summary s = scan(rules, {input_source::memory("/abs/dir/my inventory.ndjson", data)}, {sarif.get()}, {});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(out).get(root), simdjson::SUCCESS) << out.substr(0, 400);
  simdjson::dom::element run = root["runs"].at(0);
  simdjson::dom::array results = run["results"].get_array().value();
  EXPECT_EQ(results.size(), s.failed);
  EXPECT_EQ(run["properties"]["cgsl"]["entities"].get_uint64().value(), s.entities);
  EXPECT_EQ(run["properties"]["cgsl"]["unreadable"].get_uint64().value(), s.unreadable);
  const std::string_view uri =
      results.at(0)["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].get_string().value();
  EXPECT_EQ(uri, "file:///abs/dir/my%20inventory.ndjson");
  simdjson::dom::array notes = run["invocations"].at(0)["toolExecutionNotifications"].get_array().value();
  EXPECT_EQ(notes.size(), s.unreadable);
}

TEST(Reporters, FormattingSinksAndPlainSinksTogether) {
  const ruleset rules = two_type_rules();
  const std::string data = big_ndjson(500);
  std::string a, b;
  auto j1 = make_jsonl_reporter(string_writer(a));
  auto j2 = make_jsonl_reporter(string_writer(b));
  std::size_t calls = 0;
  callback_sink counter([&](const finding&) { ++calls; });
  scan_options o;
  o.threads = 3;
  o.window_bytes = 1000;
  const scan_summary s = scan(rules, {input_source::memory("m.ndjson", data)}, {j1.get(), &counter, j2.get()}, o);
  EXPECT_EQ(a, b);
  EXPECT_EQ(lines_of(a).size(), calls);
  EXPECT_FALSE(s.output_failed);
  // A writer that fails is reported.
  auto broken = make_jsonl_reporter([](std::string_view) { return false; });
  const scan_summary f = scan(rules, {input_source::memory("m.ndjson", data)}, {broken.get()}, o);
  EXPECT_TRUE(f.output_failed);
}

TEST(Reporters, SummaryJsonNamesIdleRules) {
  const ruleset rules = two_type_rules();
  const scan_summary s = scan(rules, {input_source::memory("x.json", kPrivate)}, {}, {});
  const std::string json = summary_json(s, rules);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(root["entities"].get_uint64().value(), 1u);
  EXPECT_EQ(root["entitiesPerType"]["EcrRepository"].get_uint64().value(), 1u);
  simdjson::dom::array idle = root["rulesWithoutEntities"].get_array().value();
  ASSERT_EQ(idle.size(), 2u);
  EXPECT_EQ(idle.at(0).get_string().value(), "S3.1");
  EXPECT_EQ(root["rules"].at(2)["not_relevant"].get_uint64().value(), 1u);
}

}  // namespace
