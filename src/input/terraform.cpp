// SPDX-License-Identifier: Apache-2.0
// `terraform show -json PLAN` (or of a state): ECR repositories with their repository and
// lifecycle policies, from every module, as EcrRepository entities positioned at their resource
// addresses. A policy that is unknown until apply is an error for its repository, never a pass.
//
// What is read: every value of the file (plans concatenated, a byte order mark before one); in a
// plan, the resources of planned_values joined with resource_changes (a resource in either is
// read; after / after_unknown win; one being only deleted is gone); in a state, values; every
// deferred change is an error (its values are unknown until a later plan). A value that is
// neither a plan nor a state (`{}`) is an error.
//
// The join of a policy to its repository: by the references of the policy's `repository`
// expression in the plan's configuration block (`aws_ecr_repository.app.name`, `.id`, with the
// module path and instance key), else by the repository name within one provider configuration
// (alias). A join that is ambiguous (two repositories match, two policies for one repository)
// or unresolvable (the name is unknown at plan time and no reference names the repository) is
// an error for every repository it could concern, never a guess. Policies for a repository
// defined outside the plan become one entity per repository name and provider.
#include <map>
#include <set>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "input/iac.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {
namespace {


using detail::append_json_string;
using simdjson::dom::element;

std::string string_member(element e, const char* key) {
  std::string_view s;
  return e.at_key(key).get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

bool has_member(element e, const char* key) {
  element v;
  return e.at_key(key).get(v) == simdjson::SUCCESS;
}

// A resource address split: module instance path ("module.a[0].module.b."), configuration
// address ("module.a.module.b.aws_ecr_repository.x") and instance key ("[0]", "[\"k\"]", "").
struct address_parts {
  std::string module_instance;
  std::string module_config;
  std::string config;  // module_config + type.name
  std::string key;
};

// Length of a bracketed index at s[i] ('[' ... ']', quoted strings allowed), or 0.
std::size_t bracket_length(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '[') return 0;
  std::size_t j = i + 1;
  while (j < s.size() && s[j] != ']') {
    if (s[j] == '"') {
      for (++j; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '\\') ++j;
      }
    }
    ++j;
  }
  return j < s.size() ? j + 1 - i : 0;
}

address_parts split_address(std::string_view a) {
  address_parts p;
  std::size_t i = 0;
  while (a.compare(i, 7, "module.") == 0) {
    std::size_t j = i + 7;
    while (j < a.size() && a[j] != '.' && a[j] != '[') ++j;
    const std::string name(a.substr(i, j - i));
    const std::size_t b = bracket_length(a, j);
    p.module_config += name + ".";
    p.module_instance += std::string(a.substr(i, j + b - i)) + ".";
    i = j + b;
    if (i < a.size() && a[i] == '.') ++i;
  }
  std::string_view rest = a.substr(i);
  const std::size_t br = rest.find('[');
  if (br != std::string_view::npos) {
    p.key = std::string(rest.substr(br));
    rest = rest.substr(0, br);
  }
  p.config = p.module_config + std::string(rest);
  return p;
}

struct resource {
  std::string address;
  std::string type;
  address_parts parts;
  element values;           // planned values (may lack unknown attributes)
  element unknown;          // after_unknown (object) when the plan has it
  bool has_unknown = false;
  std::string provider;     // normalized provider configuration key, "" when unknown
};

bool is_unknown(const resource& r, const char* key) {
  if (!r.has_unknown) return false;
  bool b = false;
  return r.unknown.at_key(key).get(b) == simdjson::SUCCESS && b;
}

// Where the resource objects of one plan or state value start in its text: the line of each
// object that has an "address" member and is an element of a `resources` or `resource_changes`
// array, or a `resource_change` member (a deferred change), keyed by the section of the plan it is
// in (planned_values, resource_changes, prior_state, values, deferred_changes) and its address.
// simdjson's DOM keeps no positions, so this is one pass over the bytes that tracks only strings,
// brackets and the keys on the way; its result only places findings, it decides nothing.
class resource_lines {
 public:
  resource_lines() = default;
  resource_lines(std::string_view text, std::size_t start, std::size_t first_line) { scan(text, start, first_line); }

  // The line of address's object, looked for in the sections in the order given; 0 if none.
  [[nodiscard]] std::size_t find(std::string_view address, std::initializer_list<std::string_view> sections) const {
    for (std::string_view section : sections) {
      auto it = at_.find({std::string(section), std::string(address)});
      if (it != at_.end()) return it->second;
    }
    return 0;
  }

 private:
  struct frame {
    bool object = false;
    bool expect_key = true;   // object: the next string is a key
    bool located = false;     // object: one whose address is recorded
    std::string key;          // object: the current key; array: the key it is the value of
    std::string section;
    std::string address;
    std::size_t line = 0;
  };
  std::map<std::pair<std::string, std::string>, std::size_t> at_;

  // A string starting at text[i] == '"': its raw content (escapes kept) and the index after it.
  static std::string_view string_at(std::string_view text, std::size_t& i) {
    const std::size_t begin = ++i;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? std::size_t{2} : std::size_t{1};
    const std::string_view out = text.substr(begin, std::min(i, text.size()) - begin);
    ++i;
    return out;
  }

  // The text of a JSON string's raw content (`ssh[\"office\"]` is `ssh["office"]`, as the DOM has
  // it); an escape that is not valid JSON is kept as it is (the address then matches nothing).
  static std::string unescape(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw);
    std::string out;
    const auto hex4 = [&](std::size_t at, unsigned& v) {
      if (at + 4 > raw.size()) return false;
      v = 0;
      for (std::size_t k = at; k < at + 4; ++k) {
        const char h = raw[k];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= static_cast<unsigned>(h - '0');
        else if (h >= 'a' && h <= 'f') v |= static_cast<unsigned>(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= static_cast<unsigned>(h - 'A' + 10);
        else return false;
      }
      return true;
    };
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 >= raw.size()) {
        out += raw[i];
        continue;
      }
      const char e = raw[++i];
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(i + 1, cp)) {
            out += "\\u";
            break;
          }
          i += 4;
          unsigned low = 0;
          if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
              hex4(i + 3, low) && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
          detail::append_utf8(out, cp);
          break;
        }
        default: out += e; break;  // " \ /
      }
    }
    return out;
  }

  void scan(std::string_view text, std::size_t i, std::size_t line) {
    std::vector<frame> stack;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '\n') {
        ++line;
        ++i;
      } else if (c == '{' || c == '[') {
        frame f;
        f.object = c == '{';
        f.line = line;
        if (!stack.empty()) {
          const frame& parent = stack.back();
          f.section = stack.size() == 1 ? parent.key : parent.section;
          if (parent.object) {
            f.located = f.object && parent.key == "resource_change";
            if (!f.object) f.key = parent.key;
          } else {
            f.located = f.object && (parent.key == "resources" || parent.key == "resource_changes");
          }
        }
        stack.push_back(std::move(f));
        ++i;
      } else if (c == '}' || c == ']') {
        if (stack.empty()) return;
        const frame f = std::move(stack.back());
        stack.pop_back();
        if (f.located && !f.address.empty()) at_.emplace(std::make_pair(f.section, f.address), f.line);
        ++i;
        if (stack.empty()) return;  // the end of this value
        if (stack.back().object) stack.back().expect_key = false;
      } else if (c == '"') {
        const std::string_view str = string_at(text, i);
        if (stack.empty()) return;
        frame& top = stack.back();
        if (top.object && top.expect_key) {
          top.key.assign(str);
        } else if (top.object && top.located && top.key == "address") {
          top.address = unescape(str);
        }
        if (top.object) top.expect_key = false;
      } else if (c == ',') {
        if (!stack.empty() && stack.back().object) stack.back().expect_key = true;
        ++i;
      } else {
        ++i;  // ':', white space, and the bytes of numbers, true, false, null
      }
    }
  }
};

// The configuration of one resource: its repository references and provider configuration key.
struct config_entry {
  std::vector<std::string> repository_refs;
  std::string provider;
};

class plan_reader {
 public:
  plan_reader(const std::string& file, entity_sink& sink, std::size_t& index, resource_lines lines = {})
      : file_(file), sink_(sink), index_(index), lines_(std::move(lines)) {}

  void read(element plan) {
    position top{file_, 0, index_, {}};
    if (plan.type() != simdjson::dom::element_type::OBJECT) {
      index_++;
      sink_.error(input_error(diag_code::input_format, "not a Terraform plan or state (not an object)", top), top);
      return;
    }
    const bool is_plan = has_member(plan, "planned_values") || has_member(plan, "resource_changes");
    element state_root;
    const bool is_state = !is_plan && plan.at_key("values").at_key("root_module").get(state_root) == simdjson::SUCCESS;
    // An empty state: `terraform show -json` writes {"format_version":"1.0"} when there is no
    // state at all, and adds terraform_version once one was written. Still no resource: an error.
    bool only_versions = true;
    for (const auto field : simdjson::dom::object(plan.get_object().value_unsafe())) {
      if (field.key != "format_version" && field.key != "terraform_version") only_versions = false;
    }
    const bool empty_state = !is_plan && !is_state && has_member(plan, "format_version") &&
                             (only_versions || (has_member(plan, "terraform_version") && !has_member(plan, "values")));
    if (!is_plan && !is_state && !empty_state) {
      index_++;
      sink_.error(input_error(diag_code::input_format,
                              "not a Terraform plan or state (no planned_values, resource_changes or values): "
                              "give the output of terraform show -json",
                              top),
                  top);
      return;
    }
    read_configuration(plan);
    if (is_plan) {
      collect_plan(plan);
    } else if (is_state) {
      collect_module(state_root);
    }
    read_deferred(plan);
    if (resources_.empty() && deferred_ == 0 && gone_.empty()) {
      index_++;
      sink_.error(input_error(diag_code::json_invalid,
                              std::string("the Terraform ") + (is_plan ? "plan" : "state") + " holds no resource",
                              top),
                  top);
      return;
    }
    join_and_emit();
  }

 private:
  // ---- collecting resources ----------------------------------------------------------------

  void add(resource r) {
    r.parts = split_address(r.address);
    auto it = by_address_.find(r.address);
    if (it != by_address_.end()) {
      resources_[it->second] = std::move(r);
      return;
    }
    by_address_[r.address] = resources_.size();
    resources_.push_back(std::move(r));
  }

  void collect_module(element module) {
    simdjson::dom::array resources;
    if (module.at_key("resources").get(resources) == simdjson::SUCCESS) {
      for (element r : resources) {
        if (string_member(r, "mode") == "data") continue;
        resource x;
        x.address = string_member(r, "address");
        x.type = string_member(r, "type");
        if (x.address.empty() || r.at_key("values").get(x.values) != simdjson::SUCCESS ||
            x.values.type() != simdjson::dom::element_type::OBJECT) {
          continue;
        }
        add(std::move(x));
      }
    }
    simdjson::dom::array children;
    if (module.at_key("child_modules").get(children) == simdjson::SUCCESS) {
      for (element c : children) collect_module(c);
    }
  }

  void collect_plan(element plan) {
    // planned_values first (every resource the plan leaves), then resource_changes over them
    // (with what is unknown until apply): a resource in only one of them is still read.
    // prior_state first: a resource that the plan does not mention is still there after apply.
    element root;
    if (plan.at_key("prior_state").at_key("values").at_key("root_module").get(root) == simdjson::SUCCESS) {
      collect_module(root);
    }
    if (plan.at_key("planned_values").at_key("root_module").get(root) == simdjson::SUCCESS) {
      collect_module(root);
    }
    simdjson::dom::array changes;
    if (plan.at_key("resource_changes").get(changes) != simdjson::SUCCESS) return;
    std::vector<resource> ordered;
    for (element rc : changes) {
      if (string_member(rc, "mode") == "data") continue;
      const std::string address = string_member(rc, "address");
      element change;
      if (address.empty() || rc.at_key("change").get(change) != simdjson::SUCCESS) continue;
      simdjson::dom::array actions;
      bool deleted_only = false;
      if (change.at_key("actions").get(actions) == simdjson::SUCCESS) {
        std::size_t n = 0;
        bool del = false;
        for (element a : actions) {
          ++n;
          std::string_view s;
          // "forget" (a `removed` block): no longer managed by this configuration either.
          if (a.get_string().get(s) == simdjson::SUCCESS && (s == "delete" || s == "forget")) del = true;
        }
        deleted_only = del && n == 1;
      }
      if (deleted_only) {
        gone_.insert(address);  // gone after apply
        continue;
      }
      resource x;
      x.address = address;
      x.type = string_member(rc, "type");
      if (change.at_key("after").get(x.values) != simdjson::SUCCESS ||
          x.values.type() != simdjson::dom::element_type::OBJECT) {
        continue;
      }
      x.has_unknown = change.at_key("after_unknown").get(x.unknown) == simdjson::SUCCESS &&
                      x.unknown.type() == simdjson::dom::element_type::OBJECT;
      add(std::move(x));
    }
    if (!gone_.empty()) {
      std::vector<resource> kept;
      for (resource& r : resources_) {
        if (gone_.count(r.address) == 0) kept.push_back(std::move(r));
      }
      resources_ = std::move(kept);
      by_address_.clear();
      for (std::size_t i = 0; i < resources_.size(); ++i) by_address_[resources_[i].address] = i;
    }
  }

  // Deferred changes (Terraform 1.8+): their values are unknown until a later plan.
  void read_deferred(element plan) {
    simdjson::dom::array deferred;
    if (plan.at_key("deferred_changes").get(deferred) != simdjson::SUCCESS) return;
    for (element d : deferred) {
      element rc;
      std::string address;
      if (d.at_key("resource_change").get(rc) == simdjson::SUCCESS) address = string_member(rc, "address");
      if (address.empty()) address = "(a deferred change without an address)";
      std::string reason = string_member(d, "reason");
      position pos{file_, line_of(address), index_++, address};
      ++deferred_;
      sink_.error(input_error(diag_code::input_unknown_value,
                              address + " is deferred" + (reason.empty() ? "" : " (" + reason + ")") +
                                  ": its values are unknown until a later plan, so it cannot be checked",
                              pos),
                  pos);
      auto it = by_address_.find(address);
      if (it != by_address_.end()) dropped_.insert(address);
    }
  }

  // ---- configuration -------------------------------------------------------------------------

  void read_configuration(element plan) {
    element config;
    if (plan.at_key("configuration").get(config) != simdjson::SUCCESS) return;
    simdjson::dom::object providers;
    if (config.at_key("provider_config").get(providers) == simdjson::SUCCESS) {
      for (auto kv : providers) {
        provider_keys_.insert(std::string(kv.key));
        std::string_view region;
        if (kv.value.at_key("expressions").at_key("region").at_key("constant_value").get(region) == simdjson::SUCCESS) {
          provider_regions_[std::string(kv.key)] = std::string(region);
        }
      }
    }
    element root;
    if (config.at_key("root_module").get(root) == simdjson::SUCCESS) read_config_module(root, "");
  }

  void read_config_module(element module, const std::string& prefix) {
    simdjson::dom::array resources;
    if (module.at_key("resources").get(resources) == simdjson::SUCCESS) {
      for (element r : resources) {
        config_entry c;
        c.provider = string_member(r, "provider_config_key");
        simdjson::dom::array refs;
        if (r.at_key("expressions").at_key("repository").at_key("references").get(refs) == simdjson::SUCCESS) {
          for (element ref : refs) {
            std::string_view s;
            if (ref.get_string().get(s) == simdjson::SUCCESS) c.repository_refs.emplace_back(s);
          }
        }
        config_[prefix + string_member(r, "address")] = std::move(c);
      }
    }
    simdjson::dom::object calls;
    if (module.at_key("module_calls").get(calls) == simdjson::SUCCESS) {
      for (auto kv : calls) {
        element child;
        if (kv.value.at_key("module").get(child) == simdjson::SUCCESS) {
          read_config_module(child, prefix + "module." + std::string(kv.key) + ".");
        }
      }
    }
  }

  // A provider configuration key as one name: "module.images:aws" or "images:aws" (a module that
  // inherits its parent's default provider) is "aws" unless the configuration defines it.
  std::string provider_of(const resource& r) const {
    auto it = config_.find(r.parts.config);
    if (it == config_.end() || it->second.provider.empty()) return {};
    std::string key = it->second.provider;
    if (provider_keys_.count(key) == 0) {
      const std::size_t colon = key.rfind(':');
      if (colon != std::string::npos) key = key.substr(colon + 1);
    }
    return key;
  }

  // The region of a provider configuration key when the configuration states it, else "".
  std::string region_of(const std::string& provider) const {
    auto it = provider_regions_.find(provider);
    return it == provider_regions_.end() ? std::string() : it->second;
  }

  // ---- the join ------------------------------------------------------------------------------

  struct policy_ref {
    const resource* r = nullptr;
    bool lifecycle = false;
    std::string json;                 // parsed and minified document; empty when unknown
    std::optional<diagnostic> error;  // the policy is not valid JSON
  };

  struct repo_slot {
    const resource* r = nullptr;
    std::string name;
    std::optional<policy_ref> policy, lifecycle;
    std::optional<diagnostic> error;
  };

  // A resource's position: its address, and the line of its object in the plan (its planned
  // values, else its change, else its prior state).
  std::size_t line_of(std::string_view address) const {
    return lines_.find(address, {"planned_values", "values", "resource_changes", "prior_state", "deferred_changes"});
  }
  position pos_of(const resource& r) { return position{file_, line_of(r.address), index_++, r.address}; }

  static void fail(repo_slot& s, const std::string& message) {
    if (s.error) return;
    diagnostic d;
    d.code = diag_code::input_format;
    d.message = message;
    s.error = std::move(d);
  }

  static void attach(repo_slot& s, const policy_ref& p) {
    std::optional<policy_ref>& slot = p.lifecycle ? s.lifecycle : s.policy;
    if (slot) {
      fail(s, s.r != nullptr && s.r->type == "aws_ecr_repository" ? s.r->address + " has two " +
                                   std::string(p.lifecycle ? "lifecycle policies" : "repository policies") + " (" +
                                   slot->r->address + ", " + p.r->address + "): which one applies is ambiguous"
                             : "two " + std::string(p.lifecycle ? "lifecycle policies" : "repository policies") +
                                   " for repository " + s.name + " (" + slot->r->address + ", " + p.r->address + ")");
      return;
    }
    slot = p;
  }

  // The repositories a policy's configuration references: empty when it names none.
  std::vector<std::size_t> referenced(const resource& policy, bool& has_reference) const {
    std::vector<std::size_t> out;
    has_reference = false;
    auto it = config_.find(policy.parts.config);
    if (it == config_.end()) return out;
    std::set<std::string> targets;  // "aws_ecr_repository.NAME" with an optional index
    for (const std::string& ref : it->second.repository_refs) {
      if (ref.compare(0, 19, "aws_ecr_repository.") != 0) continue;
      std::size_t j = 19;
      while (j < ref.size() && ref[j] != '.' && ref[j] != '[') ++j;
      const std::size_t b = bracket_length(ref, j);
      targets.insert(ref.substr(0, j + b));
    }
    if (targets.empty()) return out;
    has_reference = true;
    for (std::size_t i = 0; i < repos_.size(); ++i) {
      const resource& r = *repos_[i].r;
      if (r.parts.module_instance != policy.parts.module_instance) continue;
      const std::string local = r.parts.config.substr(r.parts.module_config.size());
      if (targets.count(local) != 0 || targets.count(local + r.parts.key) != 0) out.push_back(i);
    }
    if (out.size() > 1) {
      // count / for_each: the repository instance with the policy's own key.
      std::vector<std::size_t> same_key;
      for (std::size_t i : out) {
        if (repos_[i].r->parts.key == policy.parts.key) same_key.push_back(i);
      }
      if (same_key.size() == 1) return same_key;
    }
    return out;
  }

  // ---- every resource as an entity of its type -------------------------------------------------

  // Appends value v (with its after_unknown counterpart u, when has_u) at `path`.
  void append_value(std::string& out, element v, element u, bool has_u, const resource& r,
                    const std::string& path, std::string_view key) {
    bool b = false;
    if (has_u && u.get_bool().get(b) == simdjson::SUCCESS && b) {
      append_unknown(out, r.address + ": " + path + " is known after apply");
      return;
    }
    switch (v.type()) {
      case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object uo;
        const bool has_uo = has_u && u.get_object().get(uo) == simdjson::SUCCESS;
        out += '{';
        bool first = true;
        for (auto kv : object_of(v)) {
          if (!first) out += ',';
          first = false;
          append_json_string(out, kv.key);
          out += ':';
          element uk;
          const bool has_uk = has_uo && uo.at_key(kv.key).get(uk) == simdjson::SUCCESS;
          append_value(out, kv.value, uk, has_uk, r, join_path(path, kv.key), kv.key);
        }
        if (has_uo) append_unknown_only(out, v, uo, r, path, first);
        out += '}';
        return;
      }
      case simdjson::dom::element_type::ARRAY: {
        simdjson::dom::array ua;
        const bool has_ua = has_u && u.get_array().get(ua) == simdjson::SUCCESS;
        out += '[';
        std::size_t i = 0;
        for (element x : array_of(v)) {
          if (i != 0) out += ',';
          element ux;
          const bool has_ux = has_ua && ua.at(i).get(ux) == simdjson::SUCCESS;
          append_value(out, x, ux, has_ux, r, path + "[" + std::to_string(i) + "]", {});
          ++i;
        }
        if (has_ua) {
          // Elements that only after_unknown has: unknown elements of a known list.
          std::size_t j = 0;
          for (element ux : ua) {
            if (j++ < i) continue;
            bool t = false;
            if (ux.get_bool().get(t) == simdjson::SUCCESS && !t) continue;
            if (j - 1 != 0) out += ',';
            append_unknown(out, r.address + ": " + path + "[" + std::to_string(j - 1) + "] is known after apply");
          }
        }
        out += ']';
        return;
      }
      case simdjson::dom::element_type::STRING:
        if (!key.empty() && is_policy_key(key)) {
          append_policy_text(out, v.get_string().value_unsafe(), r.address + ": " + path, policy_parser_);
          return;
        }
        append_json_string(out, v.get_string().value_unsafe());
        return;
      default:
        out += simdjson::to_string(v);
        return;
    }
  }

  // The members that after_unknown marks unknown and `after` does not have at all.
  void append_unknown_only(std::string& out, element v, simdjson::dom::object uo, const resource& r,
                           const std::string& path, bool& first) {
    for (auto kv : uo) {
      bool t = false;
      if (kv.value.get_bool().get(t) != simdjson::SUCCESS || !t) continue;
      element present;
      if (v.at_key(kv.key).get(present) == simdjson::SUCCESS) continue;
      if (!first) out += ',';
      first = false;
      append_json_string(out, kv.key);
      out += ':';
      append_unknown(out, r.address + ": " + join_path(path, kv.key) + " is known after apply");
    }
  }

  // One entity per managed resource instance: type = the resource type, id = the address,
  // members = its attribute values, and `terraform` = {"address": ...} (so that a rule can tell a
  // Terraform aws_iam_role from a CloudFormation AWS_IAM_Role: types match case-insensitively).
  // Attributes named `type`, `id` or `terraform` (which the entity's own members take) are kept
  // inside `terraform`.
  void emit_resource(const resource& r) {
    position pos = pos_of(r);
    std::string out = "{\"type\":";
    append_json_string(out, r.type);
    out += ",\"id\":";
    append_json_string(out, r.address);
    std::string own;  // the resource's own `type` / `id` attributes
    for (auto kv : object_of(r.values)) {
      element uk;
      const bool has_uk = r.has_unknown && r.unknown.at_key(kv.key).get(uk) == simdjson::SUCCESS;
      std::string& to = (kv.key == "type" || kv.key == "id" || kv.key == "terraform") ? own : out;
      to += ',';
      append_json_string(to, kv.key);
      to += ':';
      append_value(to, kv.value, uk, has_uk, r, std::string(kv.key), kv.key);
    }
    if (r.has_unknown) {
      for (auto kv : object_of(r.unknown)) {
        bool t = false;
        if (kv.value.get_bool().get(t) != simdjson::SUCCESS || !t) continue;
        element present;
        if (r.values.at_key(kv.key).get(present) == simdjson::SUCCESS) continue;
        std::string& to = (kv.key == "type" || kv.key == "id" || kv.key == "terraform") ? own : out;
        to += ',';
        append_json_string(to, kv.key);
        to += ':';
        append_unknown(to, r.address + ": " + std::string(kv.key) + " is known after apply");
      }
    }
    out += ",\"terraform\":{\"address\":";
    append_json_string(out, r.address);
    out += own;
    out += "}}";
    element e;
    if (auto err = out_parser_.parse(out).get(e); err) {
      sink_.error(detail::json_error(err, pos.to_string()), pos);
      return;
    }
    sink_.entity(e, pos);
  }

  void join_and_emit() {
    for (const resource& r : resources_) {
      if (dropped_.count(r.address) == 0 && !r.type.empty()) emit_resource(r);
    }
    simdjson::dom::parser inner;
    std::vector<policy_ref> policies;
    std::vector<std::pair<const resource*, diagnostic>> problems;
    for (const resource& r : resources_) {
      if (dropped_.count(r.address) != 0) continue;
      if (r.type == "aws_ecr_repository") {
        repo_slot s;
        s.r = &r;
        s.name = string_member(r.values, "name");
        if (s.name.empty()) s.name = r.address;
        repos_.push_back(std::move(s));
        continue;
      }
      const bool is_policy = r.type == "aws_ecr_repository_policy";
      if (!is_policy && r.type != "aws_ecr_lifecycle_policy") continue;
      policy_ref p;
      p.r = &r;
      p.lifecycle = !is_policy;
      std::string_view text;
      if (r.values.at_key("policy").get(text) == simdjson::SUCCESS && !is_unknown(r, "policy")) {
        element doc;
        if (auto err = inner.parse(text.data(), text.size(), true).get(doc); err) {
          diagnostic d;
          d.code = diag_code::input_format;
          d.message = r.address + ": the policy is not valid JSON (" + std::string(simdjson::error_message(err)) + ")";
          p.error = std::move(d);
        } else {
          p.json = simdjson::to_string(doc);
        }
      }
      policies.push_back(std::move(p));
    }

    // Policies for repositories outside this plan, one entity per (name, provider).
    std::map<std::pair<std::string, std::string>, repo_slot> outside;
    std::vector<std::pair<std::string, std::string>> outside_order;
    for (const policy_ref& p : policies) {
      const resource& r = *p.r;
      const char* what = p.lifecycle ? "lifecycle policy" : "repository policy";
      bool has_reference = false;
      std::vector<std::size_t> candidates = referenced(r, has_reference);
      const std::string name = string_member(r.values, "repository");
      const bool name_known = !name.empty() && !is_unknown(r, "repository");
      if (!has_reference) {
        if (!name_known) {
          // Unresolvable: any repository of the plan without such a policy could be its target.
          problems.emplace_back(&r, input_error(diag_code::input_unknown_value,
                                                r.address + ": the repository it applies to is unknown at plan time",
                                                position{file_, line_of(r.address), 0, r.address}));
          const std::string provider = provider_of(r);
          for (repo_slot& s : repos_) {
            if (!provider.empty() && !provider_of(*s.r).empty() && provider_of(*s.r) != provider) continue;
            fail(s, s.r->address + " may be the repository of " + r.address + ", whose " + what +
                        " applies to a repository unknown at plan time, so it cannot be checked");
          }
          continue;
        }
        const std::string provider = provider_of(r);
        for (std::size_t i = 0; i < repos_.size(); ++i) {
          if (repos_[i].name != name) continue;
          const std::string rp = provider_of(*repos_[i].r);
          if (!provider.empty() && !rp.empty() && rp != provider) continue;
          candidates.push_back(i);
        }
        if (candidates.empty() && !provider.empty()) {
          // Another provider configuration (alias) in the same region, or one whose region is not
          // known, may reach the same account: a repository of that name there could be the one.
          std::vector<std::size_t> loose;
          for (std::size_t i = 0; i < repos_.size(); ++i) {
            if (repos_[i].name != name) continue;
            const std::string rr = region_of(provider_of(*repos_[i].r)), pr = region_of(provider);
            if (rr.empty() || pr.empty() || rr == pr) loose.push_back(i);
          }
          if (!loose.empty()) {
            for (std::size_t i : loose) {
              fail(repos_[i], r.address + " (" + what + ", provider " + provider + ") names repository " + name +
                                  ", which " + repos_[i].r->address + " (provider " + provider_of(*repos_[i].r) +
                                  ") also is, in the same or an unknown region: whether it applies is ambiguous");
            }
            problems.emplace_back(&r, input_error(diag_code::input_format,
                                                  r.address + ": the repository " + name +
                                                      " it applies to is ambiguous across provider configurations",
                                                  position{file_, line_of(r.address), 0, r.address}));
            continue;
          }
        }
        if (candidates.empty()) {
          const auto key = std::make_pair(name, provider);
          auto [it, added] = outside.try_emplace(key);
          if (added) {
            it->second.name = name;
            outside_order.push_back(key);
          }
          if (p.error) {
            fail(it->second, p.error->message);
          } else {
            attach(it->second, p);
          }
          if (it->second.r == nullptr) it->second.r = &r;  // the anchor: the first policy
          continue;
        }
      }
      if (candidates.empty()) {
        problems.emplace_back(&r, input_error(diag_code::input_format,
                                              r.address + ": the repository its configuration references is not in the plan",
                                              position{file_, line_of(r.address), 0, r.address}));
        continue;
      }
      if (candidates.size() > 1) {
        std::string which;
        for (std::size_t i : candidates) which += (which.empty() ? "" : ", ") + repos_[i].r->address;
        for (std::size_t i : candidates) {
          fail(repos_[i], r.address + " (" + what + ") could apply to any of " + which +
                              ": the join is ambiguous, so none of them can be checked");
        }
        continue;
      }
      repo_slot& s = repos_[candidates[0]];
      if (p.error) {
        fail(s, p.error->message + ", so " + s.r->address + " cannot be checked");
        continue;
      }
      attach(s, p);
    }

    for (repo_slot& s : repos_) emit(s, true);
    for (const auto& key : outside_order) emit(outside.at(key), false);
    for (auto& [r, d] : problems) {
      position pos{file_, line_of(r->address), index_++, r->address};
      d.source_name = pos.to_string();
      sink_.error(d, pos);
    }
  }

  void emit(const repo_slot& s, bool in_plan) {
    const resource& anchor = *s.r;
    position pos = pos_of(anchor);
    if (s.error) {
      diagnostic d = *s.error;
      d.source_name = pos.to_string();
      sink_.error(d, pos);
      return;
    }
    for (const std::optional<policy_ref>* p : {&s.policy, &s.lifecycle}) {
      if (*p && (*p)->json.empty()) {
        // Unknown until apply: fail closed, naming the resource that holds it.
        sink_.error(input_error(diag_code::input_unknown_value,
                                (*p)->r->address + ": the policy is unknown at plan time (it depends on values "
                                                   "known only after apply), so " + anchor.address +
                                    " cannot be checked",
                                pos),
                    pos);
        return;
      }
    }
    std::string out = "{\"type\":\"EcrRepository\",\"id\":";
    append_json_string(out, anchor.address);
    out += ",\"address\":";
    append_json_string(out, anchor.address);
    out += ",\"name\":";
    append_json_string(out, s.name);
    if (in_plan) append_repository(out, anchor.values);
    if (s.policy) {
      out += ",\"policy\":{\"address\":";
      append_json_string(out, s.policy->r->address);
      out += ",\"document\":" + s.policy->json + "}";
    }
    if (s.lifecycle) {
      out += ",\"lifecyclePolicy\":{\"address\":";
      append_json_string(out, s.lifecycle->r->address);
      out += ",\"document\":" + s.lifecycle->json + "}";
    }
    out += '}';
    element e;
    if (auto err = out_parser_.parse(out).get(e); err) {
      sink_.error(detail::json_error(err, pos.to_string()), pos);
      return;
    }
    sink_.entity(e, pos);
  }

  // The first element of a Terraform block list ([{...}]) or the object itself.
  static bool block(element values, const char* key, element& out) {
    element v;
    if (values.at_key(key).get(v) != simdjson::SUCCESS) return false;
    simdjson::dom::array a;
    if (v.get_array().get(a) == simdjson::SUCCESS) {
      for (element first : a) {
        out = first;
        return out.type() == simdjson::dom::element_type::OBJECT;
      }
      return false;
    }
    out = v;
    return v.type() == simdjson::dom::element_type::OBJECT;
  }

  static void append_repository(std::string& out, element repo_values) {
    std::string s = string_member(repo_values, "image_tag_mutability");
    if (!s.empty()) {
      out += ",\"imageTagMutability\":";
      append_json_string(out, s);
    }
    element b;
    if (block(repo_values, "image_scanning_configuration", b)) {
      bool scan = false;
      out += ",\"imageScanningConfiguration\":{\"scanOnPush\":";
      out += b.at_key("scan_on_push").get(scan) == simdjson::SUCCESS && scan ? "true" : "false";
      out += '}';
    }
    if (block(repo_values, "encryption_configuration", b)) {
      out += ",\"encryptionConfiguration\":{\"encryptionType\":";
      append_json_string(out, string_member(b, "encryption_type"));
      out += ",\"kmsKey\":";
      append_json_string(out, string_member(b, "kms_key"));
      out += '}';
    }
    simdjson::dom::object tags;
    if (repo_values.at_key("tags").get(tags) == simdjson::SUCCESS) {
      out += ",\"tags\":[";
      bool first = true;
      for (auto kv : tags) {
        std::string_view v;
        if (kv.value.get_string().get(v) != simdjson::SUCCESS) continue;
        out += first ? "" : ",";
        first = false;
        out += "{\"key\":";
        append_json_string(out, kv.key);
        out += ",\"value\":";
        append_json_string(out, v);
        out += '}';
      }
      out += ']';
    }
    out += ",\"terraform\":";
    out += simdjson::to_string(repo_values);
  }

  const std::string& file_;
  entity_sink& sink_;
  std::size_t& index_;
  resource_lines lines_;
  std::vector<resource> resources_;
  std::map<std::string, std::size_t> by_address_;
  std::set<std::string> gone_, dropped_;
  std::size_t deferred_ = 0;
  std::map<std::string, config_entry> config_;
  std::set<std::string> provider_keys_;
  std::map<std::string, std::string> provider_regions_;
  std::vector<repo_slot> repos_;
  simdjson::dom::parser out_parser_;
  simdjson::dom::parser policy_parser_;
};

}  // namespace

void read_terraform_plan(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options) {
  simdjson::dom::parser parser;
  std::size_t index = 0;
  // Every value of the file: plans concatenated, a byte order mark before one.
  // Lines are counted from the start of the text to each value's start, once.
  std::size_t counted_to = 0, line = 1;
  for_each_value(text, file, parser, options, sink, index, [&](element plan, std::size_t start) {
    for (; counted_to < start && counted_to < text.size(); ++counted_to) line += text[counted_to] == '\n';
    plan_reader reader(file, sink, index, resource_lines(text, start, line));
    reader.read(plan);
  });
}

}  // namespace cgsl::io
