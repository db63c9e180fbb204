// SPDX-License-Identifier: Apache-2.0
// AWS CLI outputs (describe-repositories, get-repository-policy, get-lifecycle-policy), in any
// mix of files, joined by repository into EcrRepository entities with the policy texts parsed.
#include <map>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {
namespace {

using detail::append_json_string;

struct part {
  std::string json;  // minified document (policy / lifecycle) or repository object (describe)
  position pos;
  bool present = false;
  std::string last_evaluated_at;  // lifecycle: raw JSON value
};

struct repository {
  std::string name;
  std::string registry_id;
  part describe, policy, lifecycle;
  std::optional<diagnostic> error;  // a policy text that is not JSON: the repository is an error
  position error_pos;
};

class joiner {
 public:
  joiner(entity_sink& sink, const reader_options& options) : sink_(sink), options_(options) {}

  // Positions: file#N counts the outputs (values) in a file, and the repositories of a
  // describe-repositories output after them, so every entity has its own position.
  void add_file(const std::string& file, std::string_view text) {
    std::size_t index = 0;
    next_index_ = &index;
    for_each_value(text, file, parser_, options_, sink_, index, [&](simdjson::dom::element root) {
      add_value(root, position{file, 0, index++, {}});
    });
  }

  void emit() {
    simdjson::dom::parser parser;
    for (repository& r : repos_) {
      const position& pos = r.describe.present ? r.describe.pos : r.policy.present ? r.policy.pos : r.lifecycle.pos;
      if (r.error) {
        // Without its policy the repository would look private: report it, never evaluate it.
        sink_.error(*r.error, r.error_pos);
        continue;
      }
      std::string text = build(r);
      simdjson::dom::element e;
      if (auto err = parser.parse(text).get(e); err) {
        sink_.error(detail::json_error(err, pos.to_string()), pos);
        continue;
      }
      sink_.entity(e, pos);
    }
  }

 private:
  repository& find(std::string_view name, std::string_view registry) {
    auto& candidates = by_name_[std::string(name)];
    for (std::size_t i : candidates) {
      repository& r = repos_[i];
      if (registry.empty() || r.registry_id.empty() || r.registry_id == registry) {
        if (r.registry_id.empty()) r.registry_id = std::string(registry);
        return r;
      }
    }
    candidates.push_back(repos_.size());
    repos_.push_back(repository{std::string(name), std::string(registry), {}, {}, {}, {}, {}});
    return repos_.back();
  }

  static std::string string_member(simdjson::dom::element e, const char* key) {
    std::string_view s;
    return e.at_key(key).get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
  }

  void add_value(simdjson::dom::element root, const position& pos) {
    simdjson::dom::array repos;
    if (root.at_key("repositories").get(repos) == simdjson::SUCCESS) {
      std::size_t i = 0;
      for (simdjson::dom::element repo : repos) {
        position rpos = pos;
        if (i > 0) rpos.index = (*next_index_)++;
        const std::string name = string_member(repo, "repositoryName");
        if (name.empty()) {
          sink_.error(input_error(diag_code::input_format,
                                  "repositories[" + std::to_string(i) + "] has no repositoryName", rpos),
                      rpos);
          ++i;
          continue;
        }
        repository& r = find(name, string_member(repo, "registryId"));
        r.describe.json = simdjson::to_string(repo);
        r.describe.pos = rpos;
        r.describe.present = true;
        ++i;
      }
      return;
    }
    const std::string name = string_member(root, "repositoryName");
    std::string_view text;
    const bool is_policy = root.at_key("policyText").get(text) == simdjson::SUCCESS;
    const bool is_lifecycle = !is_policy && root.at_key("lifecyclePolicyText").get(text) == simdjson::SUCCESS;
    if (name.empty() || (!is_policy && !is_lifecycle)) {
      sink_.error(input_error(diag_code::input_format,
                              "not an output of aws ecr describe-repositories, get-repository-policy "
                              "or get-lifecycle-policy",
                              pos),
                  pos);
      return;
    }
    repository& r = find(name, string_member(root, "registryId"));
    part& p = is_policy ? r.policy : r.lifecycle;
    p.pos = pos;
    p.present = true;
    simdjson::dom::element doc;
    if (auto err = inner_.parse(text.data(), text.size(), true).get(doc); err) {
      diagnostic d = input_error(diag_code::input_format,
                                 std::string(is_policy ? "policyText" : "lifecyclePolicyText") + " of repository " +
                                     name + " is not valid JSON (" + simdjson::error_message(err) + ")",
                                 pos);
      r.error = std::move(d);
      r.error_pos = pos;
      return;
    }
    p.json = simdjson::to_string(doc);
    if (is_lifecycle) {
      simdjson::dom::element at;
      if (root.at_key("lastEvaluatedAt").get(at) == simdjson::SUCCESS) p.last_evaluated_at = simdjson::to_string(at);
    }
  }

  static std::string region_of(std::string_view arn) {
    // arn:aws:ecr:us-west-2:123456789012:repository/name -> us_west_2 (CloudGuard's spelling)
    std::size_t a = 0;
    for (int field = 0; field < 3; ++field) {
      a = arn.find(':', a);
      if (a == std::string_view::npos) return {};
      ++a;
    }
    const std::size_t b = arn.find(':', a);
    if (b == std::string_view::npos) return {};
    std::string region(arn.substr(a, b - a));
    for (char& c : region) {
      if (c == '-') c = '_';
    }
    return region;
  }

  std::string build(const repository& r) {
    std::string out = "{\"type\":\"EcrRepository\"";
    std::string arn;
    if (r.describe.present) {
      simdjson::dom::element d = describe_parser_.parse(r.describe.json).value_unsafe();
      arn = string_member(d, "repositoryArn");
    }
    if (!arn.empty()) {
      out += ",\"id\":";
      append_json_string(out, arn);
      out += ",\"arn\":";
      append_json_string(out, arn);
      if (auto region = region_of(arn); !region.empty()) {
        out += ",\"region\":";
        append_json_string(out, region);
      }
    }
    out += ",\"name\":";
    append_json_string(out, r.name);
    if (!r.registry_id.empty()) {
      out += ",\"accountNumber\":";
      append_json_string(out, r.registry_id);
    }
    if (r.describe.present) {
      // Every field of the describe-repositories entry, as the AWS CLI spells it.
      out += ',';
      out.append(r.describe.json, 1, r.describe.json.size() - 2);
      if (out.back() == ',') out.pop_back();
    } else if (!r.registry_id.empty()) {
      out += ",\"registryId\":";
      append_json_string(out, r.registry_id);
    }
    auto section = [&](const char* key, const part& p) {
      if (!p.present) return;
      out += ",\"";
      out += key;
      out += "\":{\"repositoryName\":";
      append_json_string(out, r.name);
      out += ",\"document\":";
      out += p.json;
      if (!p.last_evaluated_at.empty()) {
        out += ",\"lastEvaluatedAt\":";
        out += p.last_evaluated_at;
      }
      out += '}';
    };
    section("policy", r.policy);
    section("lifecyclePolicy", r.lifecycle);
    out += '}';
    return out;
  }

  entity_sink& sink_;
  const reader_options& options_;
  simdjson::dom::parser parser_, inner_, describe_parser_;
  std::vector<repository> repos_;
  std::map<std::string, std::vector<std::size_t>> by_name_;
  std::size_t* next_index_ = nullptr;
};

}  // namespace

void read_aws_ecr(std::vector<opened_input>& inputs, entity_sink& sink, const reader_options& options) {
  joiner j(sink, options);
  for (opened_input& in : inputs) {
    std::string text = std::move(in.head);
    if (in.stream && !read_rest(in.stream.get(), text)) {
      // A partly read output could hide a repository's policy: report it, join nothing from it.
      position pos{in.file, 0, 0, {}};
      sink.error(input_error(diag_code::input_unreadable, "error while reading the input", pos), pos);
      continue;
    }
    if (is_empty_input(text)) {
      position pos{in.file, 0, 0, {}};
      sink.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
      continue;
    }
    j.add_file(in.file, text);
  }
  j.emit();
}

}  // namespace cgsl::io
