// SPDX-License-Identifier: Apache-2.0
// `terraform show -json PLAN`: ECR repositories with their repository and lifecycle policies,
// from every module, as EcrRepository entities positioned at their resource addresses. A policy
// that is unknown until apply is an error for its repository, never a pass.
#include <map>

#include "common/json_text.hpp"
#include "input/formats.hpp"
#include "json/document_impl.hpp"

namespace cgsl::io {
namespace {

using detail::append_json_string;
using simdjson::dom::element;

struct resource {
  std::string address;
  std::string type;
  element values;                 // planned values (may lack unknown attributes)
  element unknown;                // after_unknown (object) when the plan has it
  bool has_unknown = false;
  std::size_t order = 0;
};

bool is_unknown(const resource& r, const char* key) {
  if (!r.has_unknown) return false;
  bool b = false;
  return r.unknown.at_key(key).get(b) == simdjson::SUCCESS && b;
}

std::string string_member(element e, const char* key) {
  std::string_view s;
  return e.at_key(key).get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

void collect_module(element module, std::vector<resource>& out) {
  simdjson::dom::array resources;
  if (module.at_key("resources").get(resources) == simdjson::SUCCESS) {
    for (element r : resources) {
      resource x;
      x.address = string_member(r, "address");
      x.type = string_member(r, "type");
      if (string_member(r, "mode") == "data") continue;
      if (r.at_key("values").get(x.values) != simdjson::SUCCESS) continue;
      x.order = out.size();
      out.push_back(x);
    }
  }
  simdjson::dom::array children;
  if (module.at_key("child_modules").get(children) == simdjson::SUCCESS) {
    for (element c : children) collect_module(c, out);
  }
}

// Resources from resource_changes (with what is unknown until apply), else from planned_values.
std::vector<resource> collect(element plan) {
  std::vector<resource> out;
  simdjson::dom::array changes;
  if (plan.at_key("resource_changes").get(changes) == simdjson::SUCCESS) {
    for (element rc : changes) {
      if (string_member(rc, "mode") == "data") continue;
      element change;
      if (rc.at_key("change").get(change) != simdjson::SUCCESS) continue;
      simdjson::dom::array actions;
      bool deleted_only = false;
      if (change.at_key("actions").get(actions) == simdjson::SUCCESS) {
        std::size_t n = 0;
        bool del = false;
        for (element a : actions) {
          ++n;
          std::string_view s;
          if (a.get_string().get(s) == simdjson::SUCCESS && s == "delete") del = true;
        }
        deleted_only = del && n == 1;
      }
      if (deleted_only) continue;  // gone after apply
      resource x;
      x.address = string_member(rc, "address");
      x.type = string_member(rc, "type");
      if (change.at_key("after").get(x.values) != simdjson::SUCCESS ||
          x.values.type() != simdjson::dom::element_type::OBJECT) {
        continue;
      }
      x.has_unknown = change.at_key("after_unknown").get(x.unknown) == simdjson::SUCCESS &&
                      x.unknown.type() == simdjson::dom::element_type::OBJECT;
      x.order = out.size();
      out.push_back(x);
    }
    return out;
  }
  element root;
  if (plan.at_key("planned_values").at_key("root_module").get(root) == simdjson::SUCCESS) {
    collect_module(root, out);
  }
  return out;
}

// The first element of a Terraform block list ([{...}]) or the object itself.
bool block(element values, const char* key, element& out) {
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

struct policy_ref {
  const resource* r = nullptr;
  std::string json;      // parsed and minified policy document
  bool used = false;
};

}  // namespace

void read_terraform_plan(std::string_view text, const std::string& file, entity_sink& sink,
                         const reader_options& options) {
  simdjson::dom::parser parser;
  if (auto err = parser.allocate(text.size(), options.json.max_depth); err) {
    position pos{file, 0, 0, {}};
    sink.error(detail::json_error(err, file), pos);
    return;
  }
  element plan;
  if (auto err = parser.parse(text.data(), text.size(), true).get(plan); err) {
    position pos{file, 0, 0, {}};
    sink.error(detail::json_error(err, file), pos);
    return;
  }
  const std::vector<resource> resources = collect(plan);
  simdjson::dom::parser inner, out_parser;
  std::size_t index = 0;
  auto pos_of = [&](const resource& r) { return position{file, 0, index++, r.address}; };

  // Policies first, by the repository name they attach to.
  std::map<std::string, std::vector<policy_ref>> policies, lifecycles;
  std::vector<std::pair<const resource*, diagnostic>> problems;
  for (const resource& r : resources) {
    const bool is_policy = r.type == "aws_ecr_repository_policy";
    if (!is_policy && r.type != "aws_ecr_lifecycle_policy") continue;
    const std::string repo = string_member(r.values, "repository");
    std::string_view text_policy;
    const bool policy_known = r.values.at_key("policy").get(text_policy) == simdjson::SUCCESS && !is_unknown(r, "policy");
    if (repo.empty() || is_unknown(r, "repository")) {
      position p{file, 0, 0, r.address};
      problems.emplace_back(&r, input_error(diag_code::input_unknown_value,
                                            r.address + ": the repository it applies to is unknown at plan time", p));
      continue;
    }
    policy_ref ref;
    ref.r = &r;
    if (policy_known) {
      element doc;
      if (auto err = inner.parse(text_policy.data(), text_policy.size(), true).get(doc); err) {
        position p{file, 0, 0, r.address};
        problems.emplace_back(&r, input_error(diag_code::input_format,
                                              r.address + ": the policy is not valid JSON (" +
                                                  simdjson::error_message(err) + ")",
                                              p));
        continue;
      }
      ref.json = simdjson::to_string(doc);
    }
    (is_policy ? policies : lifecycles)[repo].push_back(std::move(ref));
  }

  auto emit = [&](const resource& anchor, const std::string& name, element* repo_values,
                  policy_ref* policy, policy_ref* lifecycle) {
    position pos = pos_of(anchor);
    for (policy_ref* p : {policy, lifecycle}) {
      if (p != nullptr && p->json.empty()) {
        // Unknown until apply: fail closed, naming the resource that holds it.
        sink.error(input_error(diag_code::input_unknown_value,
                               p->r->address + ": the policy is unknown at plan time (it depends on values "
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
    append_json_string(out, name);
    if (repo_values != nullptr) {
      std::string s = string_member(*repo_values, "image_tag_mutability");
      if (!s.empty()) {
        out += ",\"imageTagMutability\":";
        append_json_string(out, s);
      }
      element b;
      if (block(*repo_values, "image_scanning_configuration", b)) {
        bool scan = false;
        out += ",\"imageScanningConfiguration\":{\"scanOnPush\":";
        out += b.at_key("scan_on_push").get(scan) == simdjson::SUCCESS && scan ? "true" : "false";
        out += '}';
      }
      if (block(*repo_values, "encryption_configuration", b)) {
        out += ",\"encryptionConfiguration\":{\"encryptionType\":";
        append_json_string(out, string_member(b, "encryption_type"));
        out += ",\"kmsKey\":";
        append_json_string(out, string_member(b, "kms_key"));
        out += '}';
      }
      simdjson::dom::object tags;
      if (repo_values->at_key("tags").get(tags) == simdjson::SUCCESS) {
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
      out += simdjson::to_string(*repo_values);
    }
    if (policy != nullptr) {
      out += ",\"policy\":{\"address\":";
      append_json_string(out, policy->r->address);
      out += ",\"document\":" + policy->json + "}";
    }
    if (lifecycle != nullptr) {
      out += ",\"lifecyclePolicy\":{\"address\":";
      append_json_string(out, lifecycle->r->address);
      out += ",\"document\":" + lifecycle->json + "}";
    }
    out += '}';
    element e;
    if (auto err = out_parser.parse(out).get(e); err) {
      sink.error(detail::json_error(err, pos.to_string()), pos);
      return;
    }
    sink.entity(e, pos);
  };

  auto take = [](std::map<std::string, std::vector<policy_ref>>& m, const std::string& name) -> policy_ref* {
    auto it = m.find(name);
    if (it == m.end()) return nullptr;
    for (policy_ref& p : it->second) {
      if (!p.used) {
        p.used = true;
        return &p;
      }
    }
    return nullptr;
  };

  for (const resource& r : resources) {
    if (r.type != "aws_ecr_repository") continue;
    std::string name = string_member(r.values, "name");
    if (name.empty()) name = r.address;
    element values = r.values;
    emit(r, name, &values, take(policies, name), take(lifecycles, name));
  }
  // Policies for repositories outside this plan (or a second policy for one) are still checked.
  for (auto* m : {&policies, &lifecycles}) {
    for (auto& [name, refs] : *m) {
      for (policy_ref& p : refs) {
        if (p.used) continue;
        p.used = true;
        emit(*p.r, name, nullptr, m == &policies ? &p : nullptr, m == &lifecycles ? &p : nullptr);
      }
    }
  }
  for (auto& [r, d] : problems) {
    position pos{file, 0, index++, r->address};
    sink.error(d, pos);
  }
}

}  // namespace cgsl::io
