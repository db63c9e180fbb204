// SPDX-License-Identifier: Apache-2.0
// AWS CLI outputs (describe-repositories, get-repository-policy, get-lifecycle-policy), in any
// mix of files and in every shape the AWS CLI, `jq` and a shell loop give them (pretty or one
// line each, concatenated, slurped into an array, `.repositories[]` objects, a policyText already
// parsed), joined into EcrRepository entities with the policy texts parsed.
//
// The join: a repository is its ARN (describe-repositories); the same name in two regions or in
// ECR Public is two repositories. A policy output carries no region, only registryId and
// repositoryName: it joins the one repository of that name (and registry); when several match
// (two regions), or one repository gets two different policies, the join is ambiguous and each
// repository concerned is an error, never a guess. A malformed output that names a repository
// makes that repository an error too: a policy it may have held must not leave it passing.
#include <map>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {
namespace {

using detail::append_json_string;

struct part {
  std::string json;  // minified document (policy / lifecycle)
  position pos;
  bool present = false;
  std::string last_evaluated_at;  // lifecycle: raw JSON value
};

struct repository {
  std::string name;
  std::string registry_id;
  std::string arn;  // empty for a repository known only from its policy outputs
  std::string describe_json;  // the describe-repositories entry (empty: none)
  position pos;
  part policy, lifecycle;
  std::optional<diagnostic> error;  // the repository cannot be evaluated (reported instead)
};

struct policy_output {
  std::string name, registry_id;
  bool lifecycle = false;
  part p;
  std::optional<diagnostic> error;  // a malformed output naming this repository
  bool reported = false;            // error already reported at the output's own position
  bool broken = false;              // an output that does not parse (name may be unknown)
};

std::string string_member(simdjson::dom::element e, const char* key) {
  std::string_view s;
  return e.at_key(key).get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

// arn:aws:ecr:REGION:ACCOUNT:repository/NAME -> field 3 (region) or 4 (account).
std::string arn_field(std::string_view arn, int wanted) {
  std::size_t a = 0;
  for (int field = 0; field < wanted; ++field) {
    a = arn.find(':', a);
    if (a == std::string_view::npos) return {};
    ++a;
  }
  const std::size_t b = arn.find(':', a);
  if (b == std::string_view::npos) return {};
  return std::string(arn.substr(a, b - a));
}

class joiner {
 public:
  joiner(entity_sink& sink, const reader_options& options) : sink_(sink), options_(options) {}

  // Positions: file#N counts the outputs (values) in a file, and the repositories of a
  // describe-repositories output after them, so every entity has its own position.
  void add_file(const std::string& file, std::string_view text) {
    std::size_t index = 0;
    next_index_ = &index;
    const std::size_t seen = walk_values(
        text, parser_, options_.json.max_bytes,
        [&](simdjson::dom::element root) { add_value(root, position{file, 0, index++, {}}, 0); },
        [&](simdjson::error_code err, std::size_t start, std::size_t length) {
          position pos{file, 0, index++, {}};
          diagnostic d = err == simdjson::CAPACITY
                             ? input_error(diag_code::json_too_large, "the document is larger than the limit", pos)
                             : detail::json_error(err, pos.to_string());
          report(d, pos);
          // A broken output may have been a repository's policy: the repository it names (read
          // from the text as it is) is an error too; one that names none could be any.
          policy_output o;
          o.name = lexical_member(text.substr(start, length), "repositoryName");
          o.registry_id = lexical_member(text.substr(start, length), "registryId");
          o.p.pos = pos;
          o.error = input_error(diag_code::input_format,
                                "the AWS CLI output at " + pos.to_string() + " does not parse (" + d.message +
                                    "), and it may hold this repository's policy",
                                pos);
          o.reported = true;
          o.broken = true;
          outputs_.push_back(std::move(o));
        });
    if (seen == 0) {
      position pos{file, 0, 0, {}};
      report(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
    }
  }

  // The string value of "key" in JSON text that may be broken, or "".
  static std::string lexical_member(std::string_view text, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    const std::size_t k = text.find(quoted);
    if (k == std::string_view::npos) return {};
    std::size_t i = k + quoted.size();
    auto skip = [&] {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    };
    skip();
    if (i >= text.size() || text[i] != ':') return {};
    ++i;
    skip();
    if (i >= text.size() || text[i] != '"') return {};
    const std::size_t begin = ++i;
    while (i < text.size() && text[i] != '"' && text[i] != '\\') ++i;
    if (i >= text.size() || text[i] != '"') return {};
    return std::string(text.substr(begin, i - begin));
  }

  void emit() {
    join();
    simdjson::dom::parser parser;
    std::size_t emitted = 0;
    for (repository& r : repos_) {
      ++emitted;
      if (r.error) {
        sink_.error(*r.error, r.pos);
        continue;
      }
      std::string text = build(r);
      simdjson::dom::element e;
      if (auto err = parser.parse(text).get(e); err) {
        sink_.error(detail::json_error(err, r.pos.to_string()), r.pos);
        continue;
      }
      sink_.entity(e, r.pos);
    }
    if (emitted == 0 && !any_error_) {
      // describe-repositories with no repository, `[]`: no entity at all must not look clean.
      position pos{first_file_, 0, 0, {}};
      sink_.error(input_error(diag_code::json_invalid, "the AWS CLI outputs hold no repository", pos), pos);
    }
  }

  void note_error() { any_error_ = true; }
  void note_file(const std::string& file) {
    if (first_file_.empty()) first_file_ = file;
  }

 private:
  void report(const diagnostic& d, const position& pos) {
    any_error_ = true;
    sink_.error(d, pos);
  }

  position next_pos(const position& pos, bool first) {
    position p = pos;
    if (!first) p.index = (*next_index_)++;
    return p;
  }

  // A repository object of describe-repositories (or of `jq '.repositories[]'`).
  void add_repository(simdjson::dom::element repo, const position& pos, const std::string& where) {
    const std::string name = string_member(repo, "repositoryName");
    if (name.empty() || repo.type() != simdjson::dom::element_type::OBJECT) {
      report(input_error(diag_code::input_format, where + " has no repositoryName", pos), pos);
      return;
    }
    repository r;
    r.name = name;
    r.arn = string_member(repo, "repositoryArn");
    r.registry_id = string_member(repo, "registryId");
    if (r.registry_id.empty() && !r.arn.empty()) r.registry_id = arn_field(r.arn, 4);
    r.describe_json = simdjson::to_string(repo);
    r.pos = pos;
    // The same repository described twice (the same ARN, or no ARN and the same registry and
    // name): one entity; with different contents the join is ambiguous.
    for (repository& o : repos_) {
      if (o.describe_json.empty() || o.name != r.name || o.registry_id != r.registry_id || o.arn != r.arn) continue;
      if (o.describe_json != r.describe_json && !o.error) {
        o.error = input_error(diag_code::input_format,
                              "repository " + describe_name(o) + " is described twice with different contents (" +
                                  o.pos.to_string() + ", " + pos.to_string() + ")",
                              o.pos);
      }
      return;
    }
    repos_.push_back(std::move(r));
  }

  static std::string describe_name(const repository& r) { return r.arn.empty() ? r.name : r.arn; }

  void add_value(simdjson::dom::element root, const position& pos, int depth) {
    // `jq -s` slurps outputs into an array; `jq '[.repositories[]]'` gives an array of repositories.
    simdjson::dom::array list;
    if (root.get_array().get(list) == simdjson::SUCCESS) {
      if (depth > 0) {
        report(input_error(diag_code::input_format, "not an output of the AWS CLI (a nested array)", pos), pos);
        return;
      }
      bool first = true;
      std::size_t n = 0;
      for (simdjson::dom::element e : list) {
        add_value(e, next_pos(pos, first), depth + 1);
        first = false;
        ++n;
      }
      if (n == 0) {
        report(input_error(diag_code::json_invalid, "an empty list: no repository", pos), pos);
      }
      return;
    }
    simdjson::dom::array repos;
    if (root.at_key("repositories").get(repos) == simdjson::SUCCESS) {
      std::size_t i = 0;
      for (simdjson::dom::element repo : repos) {
        add_repository(repo, next_pos(pos, i == 0), "repositories[" + std::to_string(i) + "]");
        ++i;
      }
      return;
    }
    const std::string name = string_member(root, "repositoryName");
    simdjson::dom::element text_value;
    const bool is_policy = root.at_key("policyText").get(text_value) == simdjson::SUCCESS;
    const bool is_lifecycle = !is_policy && root.at_key("lifecyclePolicyText").get(text_value) == simdjson::SUCCESS;
    if (!is_policy && !is_lifecycle && !name.empty() && has(root, "repositoryArn")) {
      add_repository(root, pos, "the repository");
      return;
    }
    if (name.empty() || (!is_policy && !is_lifecycle)) {
      diagnostic d = input_error(diag_code::input_format,
                                 "not an output of aws ecr describe-repositories, get-repository-policy "
                                 "or get-lifecycle-policy",
                                 pos);
      if (!name.empty()) {
        // It names a repository: whatever it held must not leave that repository passing.
        policy_output o;
        o.name = name;
        o.registry_id = string_member(root, "registryId");
        o.p.pos = pos;
        o.error = d;
        o.reported = true;
        outputs_.push_back(std::move(o));
      }
      report(d, pos);
      return;
    }
    const char* field = is_policy ? "policyText" : "lifecyclePolicyText";
    policy_output o;
    o.name = name;
    o.registry_id = string_member(root, "registryId");
    o.lifecycle = is_lifecycle;
    o.p.pos = pos;
    o.p.present = true;
    std::string_view text;
    if (text_value.get_string().get(text) == simdjson::SUCCESS) {
      simdjson::dom::element doc;
      if (auto err = inner_.parse(text.data(), text.size(), true).get(doc); err) {
        o.error = input_error(diag_code::input_format,
                              std::string(field) + " of repository " + name + " is not valid JSON (" +
                                  simdjson::error_message(err) + ")",
                              pos);
      } else {
        o.p.json = simdjson::to_string(doc);
      }
    } else if (text_value.type() == simdjson::dom::element_type::OBJECT) {
      // Already parsed (`jq '.policyText |= fromjson'`): the document itself.
      o.p.json = simdjson::to_string(text_value);
    } else {
      o.error = input_error(diag_code::input_format,
                            std::string(field) + " of repository " + name +
                                " is neither a JSON document in a string nor an object",
                            pos);
    }
    if (is_lifecycle) {
      simdjson::dom::element at;
      if (root.at_key("lastEvaluatedAt").get(at) == simdjson::SUCCESS) o.p.last_evaluated_at = simdjson::to_string(at);
    }
    outputs_.push_back(std::move(o));
  }

  static bool has(simdjson::dom::element e, const char* key) {
    simdjson::dom::element v;
    return e.at_key(key).get(v) == simdjson::SUCCESS;
  }

  static bool registry_matches(const std::string& a, const std::string& b) {
    return a.empty() || b.empty() || a == b;
  }

  static void fail(repository& r, diagnostic d) {
    if (!r.error) {
      d.source_name = r.pos.to_string();
      r.error = std::move(d);
    }
  }

  // Attaches each policy output to the one repository it can belong to.
  void join() {
    const std::size_t described = repos_.size();
    for (policy_output& o : outputs_) {
      if (o.broken && o.name.empty()) {
        // It names no repository: any of them could be the one whose policy it held.
        for (repository& r : repos_) fail(r, *o.error);
        continue;
      }
      std::vector<std::size_t> candidates;
      for (std::size_t i = 0; i < described; ++i) {
        if (repos_[i].name == o.name && registry_matches(repos_[i].registry_id, o.registry_id)) candidates.push_back(i);
      }
      if (candidates.empty()) {
        // A repository known only from its policy outputs (no describe-repositories given).
        for (std::size_t i = described; i < repos_.size(); ++i) {
          if (repos_[i].name == o.name && registry_matches(repos_[i].registry_id, o.registry_id)) {
            candidates.push_back(i);
            break;
          }
        }
        if (candidates.empty() && o.reported) continue;  // no repository of that name to protect
        if (candidates.empty()) {
          repository r;
          r.name = o.name;
          r.registry_id = o.registry_id;
          r.pos = o.p.pos;
          repos_.push_back(std::move(r));
          candidates.push_back(repos_.size() - 1);
        }
      }
      if (candidates.size() > 1) {
        std::string which;
        for (std::size_t i : candidates) which += (which.empty() ? "" : ", ") + describe_name(repos_[i]);
        for (std::size_t i : candidates) {
          fail(repos_[i], input_error(diag_code::input_format,
                                      std::string(o.lifecycle ? "the lifecycle policy" : "the repository policy") +
                                          " output at " + o.p.pos.to_string() + " names repository " + o.name +
                                          " but carries no region, and " + std::to_string(candidates.size()) +
                                          " repositories have that name (" + which +
                                          "): give each region's outputs in a separate run",
                                      o.p.pos));
        }
        continue;
      }
      repository& r = repos_[candidates[0]];
      if (r.registry_id.empty()) r.registry_id = o.registry_id;
      if (o.error) {
        fail(r, *o.error);
        continue;
      }
      part& slot = o.lifecycle ? r.lifecycle : r.policy;
      if (slot.present && slot.json != o.p.json) {
        fail(r, input_error(diag_code::input_format,
                            "repository " + describe_name(r) + " has two different " +
                                (o.lifecycle ? "lifecycle policies" : "repository policies") + " (" +
                                slot.pos.to_string() + ", " + o.p.pos.to_string() + ")",
                            o.p.pos));
        continue;
      }
      slot = o.p;
    }
  }

  std::string build(const repository& r) {
    std::string out = "{\"type\":\"EcrRepository\"";
    if (!r.arn.empty()) {
      out += ",\"id\":";
      append_json_string(out, r.arn);
      out += ",\"arn\":";
      append_json_string(out, r.arn);
      std::string region = arn_field(r.arn, 3);
      for (char& c : region) {
        if (c == '-') c = '_';  // us-west-2 -> us_west_2 (CloudGuard's spelling)
      }
      if (!region.empty()) {
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
    if (!r.describe_json.empty()) {
      // Every field of the describe-repositories entry, as the AWS CLI spells it.
      out += ',';
      out.append(r.describe_json, 1, r.describe_json.size() - 2);
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
  simdjson::dom::parser parser_, inner_;
  std::vector<repository> repos_;
  std::vector<policy_output> outputs_;
  std::size_t* next_index_ = nullptr;
  bool any_error_ = false;
  std::string first_file_;
};

// Forwards to the sink and remembers that an error was reported.
struct noting_sink : entity_sink {
  entity_sink& inner;
  joiner* j = nullptr;
  explicit noting_sink(entity_sink& s) : inner(s) {}
  void entity(simdjson::dom::element e, const position& pos) override { inner.entity(e, pos); }
  void error(const diagnostic& d, const position& pos) override {
    if (j != nullptr) j->note_error();
    inner.error(d, pos);
  }
};

}  // namespace

void read_aws_ecr(std::vector<opened_input>& inputs, entity_sink& sink, const reader_options& options) {
  noting_sink noting(sink);
  joiner j(noting, options);
  noting.j = &j;
  for (opened_input& in : inputs) {
    j.note_file(in.file);
    std::string text = std::move(in.head);
    // A partly read output could hide a repository's policy: report it, join nothing from it.
    if (!read_whole(in, text, noting)) continue;
    if (is_empty_input(text)) {
      position pos{in.file, 0, 0, {}};
      noting.error(input_error(diag_code::json_invalid, "the input is empty: no entity", pos), pos);
      continue;
    }
    j.add_file(in.file, text);
  }
  j.emit();
}

}  // namespace cgsl::io
