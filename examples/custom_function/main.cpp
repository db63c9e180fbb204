// SPDX-License-Identifier: Apache-2.0
// A custom GSL function registered by the embedding program: openSourcesForPort(n).
//
// An embedding tool can give its rules functions that cgsl does not build in. Here the program
// supplies one: applied to a list of inbound firewall rules ({"protocol", "fromPort", "toPort",
// "source"}), it returns the source texts that may reach TCP port n, sorted and joined with ','
// ("" when none, which is false in a condition), so that rules can match on them. (To count the
// addresses that reach a port, rules use the built-in allowedHostsForPort(n) instead; a built-in
// name cannot be registered.) Two rules then use it:
//
//   SecurityGroup should not have inboundRules openSourcesForPort(22) like '%0.0.0.0/0%'
//       SSH must not be open to the whole internet;
//   SecurityGroup should not have inboundRules openSourcesForPort(3389)
//       RDP must not be open to anyone.
//
// Exit code 0 when every outcome is the expected one.
#include <cgsl/cgsl.hpp>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// openSourcesForPort(n). Must be thread-safe (compiled rules are shared between threads) and
// should not throw: it keeps no state and reads only its arguments.
cgsl::function_result open_sources_for_port(const cgsl::json_view& rules,
                                            const std::vector<cgsl::literal>& args) {
  // The argument count is checked when a rule is compiled (exactly 1); its kind is not.
  const double* port = std::get_if<double>(&args.at(0));
  if (port == nullptr) throw std::invalid_argument("openSourcesForPort() takes a port number");
  std::vector<std::string> hosts;
  auto consider = [&](const cgsl::json_view& rule) {
    const std::string_view protocol = rule.get("protocol").as_string().value_or("");
    const bool any_protocol = protocol == "-1" || protocol == "all";
    if (!any_protocol && protocol != "tcp") return;
    const double from = rule.get("fromPort").as_number().value_or(any_protocol ? 0 : -1);
    const double to = rule.get("toPort").as_number().value_or(any_protocol ? 65535 : -1);
    if (from <= *port && *port <= to) {
      if (auto source = rule.get("source").as_string()) hosts.emplace_back(*source);
    }
  };
  if (rules.type() == cgsl::json_view::kind::array) {
    rules.for_each_element(consider);
  } else if (rules.type() == cgsl::json_view::kind::object) {
    consider(rules);  // a single rule object
  }
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  std::string joined;
  for (const std::string& h : hosts) joined += (joined.empty() ? "" : ",") + h;
  return joined;
}

}  // namespace

int main() {
  // Register the function before compiling; compiled rules keep what they use.
  auto functions = std::make_shared<cgsl::function_registry>();
  if (!functions->add("openSourcesForPort", 1, open_sources_for_port)) {
    std::cerr << "cannot register openSourcesForPort\n";
    return 2;
  }
  // A built-in name is refused: allowedHostsForPort() is cgsl's own.
  if (functions->add("allowedHostsForPort", 1, open_sources_for_port)) {
    std::cerr << "registered a built-in name\n";
    return 2;
  }
  cgsl::compile_options options;
  options.functions = functions;

  const char* rule_texts[] = {
      "SecurityGroup should not have inboundRules openSourcesForPort(22) like '%0.0.0.0/0%'",
      "SecurityGroup should not have inboundRules openSourcesForPort(3389)",
  };
  std::vector<cgsl::rule> rules;
  for (const char* text : rule_texts) {
    cgsl::compile_result compiled = cgsl::compile(text, options);
    if (!compiled) {
      std::cerr << compiled.format_errors();
      return 2;
    }
    rules.push_back(*compiled.value);
  }

  const char* entities[] = {
      R"({"type":"SecurityGroup","id":"sg-open","inboundRules":[
            {"protocol":"tcp","fromPort":22,"toPort":22,"source":"0.0.0.0/0"},
            {"protocol":"tcp","fromPort":443,"toPort":443,"source":"0.0.0.0/0"}]})",
      R"({"type":"SecurityGroup","id":"sg-office","inboundRules":[
            {"protocol":"tcp","fromPort":22,"toPort":22,"source":"203.0.113.0/24"},
            {"protocol":"-1","source":"10.0.0.0/8"}]})",
      R"({"type":"SecurityGroup","id":"sg-web","inboundRules":[
            {"protocol":"tcp","fromPort":80,"toPort":443,"source":"0.0.0.0/0"}]})",
  };
  // expected[entity][rule]
  const cgsl::outcome expected[3][2] = {
      {cgsl::outcome::failed, cgsl::outcome::passed},
      {cgsl::outcome::passed, cgsl::outcome::failed},
      {cgsl::outcome::passed, cgsl::outcome::passed},
  };

  cgsl::evaluator evaluator;
  int unexpected = 0;
  for (std::size_t e = 0; e < std::size(entities); ++e) {
    cgsl::document_result entity = cgsl::document::parse(entities[e]);
    if (!entity) {
      std::cerr << cgsl::format(entity.error);
      return 3;
    }
    const std::string id(entity.value->root().get("id").as_string().value_or("?"));
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const cgsl::evaluation result = evaluator.evaluate(rules[r], *entity.value);
      std::cout << id << " rule " << r + 1 << ": " << cgsl::to_string(result.result);
      for (const std::string& path : result.evidence) std::cout << " " << path;
      if (result.error) std::cout << " (" << result.error->message << ")";
      std::cout << "\n";
      if (result.result != expected[e][r]) ++unexpected;
    }
  }
  return unexpected == 0 ? 0 : 1;
}
