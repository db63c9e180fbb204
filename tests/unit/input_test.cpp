// SPDX-License-Identifier: Apache-2.0
// Input adapters: every entity that comes in leaves as an entity or an error with its position.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "input/input.hpp"

namespace {

struct recorder : cgsl::io::entity_sink {
  std::vector<std::string> events;
  void entity(simdjson::dom::element e, const cgsl::io::position& pos) override {
    events.push_back("entity " + pos.to_string() + " " + simdjson::to_string(e));
  }
  void error(const cgsl::diagnostic& d, const cgsl::io::position& pos) override {
    events.push_back("error " + pos.to_string() + " E" + std::to_string(static_cast<int>(d.code)));
  }
};

std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = testing::TempDir() + name;
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
      if (f != input_format::cloudguard) EXPECT_NE(ev[0].find("E301"), std::string::npos) << doc;
    }
  }
}

// Issue 11: NDJSON under auto whose first line is bad: one error for that line, and every good
// line after it is an entity at its line.
TEST(InputNdjson, BadFirstLineUnderAutoIsOneErrorForThatLine) {
  const std::string good = "{\"type\":\"T\",\"v\":1}\n{\"type\":\"T\",\"v\":2}\n";
  for (const std::string first : {std::string("{\"type\":\"T\",\"v\":1,\"b\""),  // truncated
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
