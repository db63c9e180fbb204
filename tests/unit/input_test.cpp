// SPDX-License-Identifier: Apache-2.0
// Input adapters: every entity that comes in leaves as an entity or an error with its position.
#include <gtest/gtest.h>

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
