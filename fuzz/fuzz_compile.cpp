// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary rule text. compile() must return a rule or diagnostics (never crash,
// hang or throw), diagnostics must render, a compiled rule must explain itself and evaluate over a
// few fixed entities without breaking the promises of fuzz_common.hpp. Two registered functions
// exercise the custom-function path: `boom()` always throws, and an evaluation that called it
// must come out as `error`, never as passed or failed.
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "fuzz_common.hpp"
#include "json/document_impl.hpp"

namespace {

thread_local int boom_calls = 0;

struct fixture {
  cgsl::compile_options options;
  std::vector<cgsl::document> entities;
};

fixture& fixed() {
  static fixture* f = [] {
    auto* fx = new fixture;
    auto functions = std::make_shared<cgsl::function_registry>();
    functions->add("boom", 0, [](const cgsl::json_view&, const std::vector<cgsl::literal>&) -> cgsl::function_result {
      ++boom_calls;
      throw std::runtime_error("boom() always fails");
    });
    functions->add("pick", 1, [](const cgsl::json_view& v, const std::vector<cgsl::literal>& args) -> cgsl::function_result {
      if (const auto* s = std::get_if<std::string>(&args.at(0))) {
        if (auto m = v.get(*s).as_string()) return std::string(*m);
        return std::monostate{};
      }
      return static_cast<double>(v.size());
    });
    fx->options.functions = functions;
    fx->options.lists["ports"] = {cgsl::literal{22.0}, cgsl::literal{std::string("3389")}, cgsl::literal{true}};
    fx->options.lists["regions"] = {cgsl::literal{std::string("us-east-1")}};
    const char* docs[] = {
        R"({"type":"EcrRepository","id":"r1","name":"prod-api","policy":{"document":{"Statement":[
            {"Effect":"Allow","Principal":"*","Condition":{"a":1},"Action":["ecr:*"]},
            {"Effect":"Deny","Principal":{"AWS":["arn:aws:iam::1:root","*"]},"port":22,"portTo":3389}]}},
            "tags":[{"key":"env","value":"dev"},{"key":"owner"}],"created":"2021-03-04T05:06:07Z",
            "ip":"8.8.8.8","cidr":"10.0.0.0/8","n":-0,"big":18446744073709551615,"neg":-9223372036854775808,
            "f":1.5e300,"s":"\u0000\u00e9\ud83d\ude00","e":{},"a":[],"z":null,"b":true,
            "nested":[[1,[2,[3,["x"]]]],{"k":[{"k":[{"k":1}]}]}]})",
        R"({"id":"no-type","x":[1,"1","true",false,null,{"y":"z"}],"name":"Prod-API"})",
        R"({"type":"T","v":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!","w":[{},[],""]})",
        // Firewall rule lists in every shape the networking functions read.
        R"({"type":"SecurityGroup","id":"sg-1","inboundRules":[
            {"protocol":"TCP","port":22,"portTo":22,"scope":"0.0.0.0/0"},
            {"protocol":"ALL","port":0,"portTo":0,"scope":"::/0"},
            {"protocol":"-1","fromPort":-1,"toPort":-1,"cidr":"10.0.0.0/8"},
            {"protocol":"UDP","port":53,"scope":"sg-0123"},null],
          "inbound":[{"number":100,"action":"DENY","source":"1.2.3.0/24","destinationPort":0,"destinationPortTo":65535},
            {"ruleNumber":"200","ruleAction":"allow","ipv6CidrBlock":"2001:db8::/32","cidrBlock":"0.0.0.0/0"}],
          "securityRules":[{"priority":100,"access":"Deny","sourceAddressPrefix":"Internet","destinationPortRanges":["1000-2000","22"]},
            {"priority":200,"access":"Allow","sourceAddressPrefixes":["*","VirtualNetwork","fe80::/10"],"destinationPortRanges":["*"]}],
          "firewallRules":[{"priority":1000,"action":"allow","protocol":"tcp","sourceRanges":["35.191.0.0/16"],"ports":["22",80,{"from":8000,"to":9000}]}],
          "badRules":[{"port":"ssh","scope":"10.0.0.300/24"}],
          "nics":[{"inboundRules":[{"port":443,"scope":"203.0.113.0/24"}],"subnet":{"nacl":{"inbound":[{"number":1,"action":"allow","source":"0.0.0.0/0"}]}}}]})",
    };
    for (const char* d : docs) {
      auto parsed = cgsl::document::parse(d);
      if (!parsed) cgsl_fuzz::broken("fixed entity does not parse", cgsl::format(parsed.error));
      fx->entities.push_back(std::move(*parsed.value));
    }
    return fx;
  }();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fixture& fx = fixed();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cgsl::compile_result r = cgsl::compile(text, fx.options, "fuzz");
  if (!r) {
    cgsl_fuzz::check(!r.diagnostics.empty(), "a rule that does not compile without a diagnostic");
    for (const cgsl::diagnostic& d : r.diagnostics) {
      cgsl_fuzz::check(!d.message.empty(), "a diagnostic without a message");
      cgsl_fuzz::check(cgsl_fuzz::is_code_in(d, 100, 499) || d.code == cgsl::diag_code::internal_error,
                       "a compile diagnostic outside E1xx-E4xx", d.message);
      (void)cgsl::format(d);
    }
    return 0;
  }
  for (const cgsl::diagnostic& d : r.diagnostics) {
    cgsl_fuzz::check(d.level != cgsl::severity::error, "a compiled rule with an error diagnostic", d.message);
  }
  const cgsl::rule& rule = *r.value;
  cgsl_fuzz::check(rule.text() == text, "the rule does not keep its text");
  cgsl_fuzz::check(!rule.target_type().empty(), "a compiled rule without a target type");
  (void)rule.explain();

  static cgsl::evaluator ev;
  if (rule.is_list()) {
    std::vector<const cgsl::document*> all;
    for (const auto& d : fx.entities) all.push_back(&d);
    cgsl::eval_options o;
    o.now = cgsl_fuzz::kNow;
    o.max_steps = cgsl_fuzz::kSteps;
    o.entity_type = rule.target_type();
    boom_calls = 0;
    cgsl::evaluation e = ev.evaluate_list(rule, all, o);
    cgsl_fuzz::check_evaluation(e, rule.text());
    if (boom_calls > 0) {
      cgsl_fuzz::check(e.result == cgsl::outcome::error, "a throwing function did not make the outcome error", rule.text());
    }
    return 0;
  }
  for (const auto& d : fx.entities) {
    (void)cgsl_fuzz::evaluate_checked(ev, rule, d.internal_impl().root, &boom_calls);
  }
  return 0;
}
