// SPDX-License-Identifier: Apache-2.0
// The one function table: built-ins by family, caller-registered functions beside them, and
// the compile-time checks a descriptor carries (here: the networking family's port argument).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cgsl/cgsl.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"

namespace {

cgsl::custom_function nothing() {
  return [](const cgsl::json_view&, const std::vector<cgsl::literal>&) { return cgsl::function_result{}; };
}

TEST(FunctionTable, HoldsEveryFamily) {
  const auto& table = cgsl::detail::builtin_functions();
  for (const char* name : {"length", "isEmpty", "before", "after", "isPublic", "isFilterPatternEqual",
                           "allowedHostsForPort", "allowedPublicHostsForPort"}) {
    auto d = table.find(name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->name, name);
    EXPECT_FALSE(d->caller_registered);
  }
  auto net = table.find("ALLOWEDHOSTSFORPORT");
  ASSERT_NE(net, nullptr);
  EXPECT_EQ(net->arity, 1u);
  // Every built-in is evaluated through its descriptor.
  for (const auto& d : table.all()) EXPECT_TRUE(static_cast<bool>(d->eval)) << d->name;
}

// function_registry::add consults the same table: no name in it, in any case, can be registered.
TEST(FunctionTable, BuiltinNamesCannotBeRegistered) {
  for (const auto& d : cgsl::detail::builtin_functions().all()) {
    cgsl::function_registry r;
    EXPECT_FALSE(r.add(d->name, d->arity, nothing())) << d->name;
    EXPECT_FALSE(r.add(cgsl::detail::ascii_lower(d->name), d->arity, nothing())) << d->name;
    std::string upper = d->name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_FALSE(r.add(upper, 0, nothing())) << upper;
    EXPECT_EQ(r.size(), 0u);
  }
  cgsl::function_registry r;
  EXPECT_TRUE(r.add("allowedHostsForPortRange", 2, nothing()));  // a different name is fine
}

TEST(FunctionTable, CallersFunctionsResolveBesideBuiltins) {
  auto registry = std::make_shared<cgsl::function_registry>();
  ASSERT_TRUE(registry->add("tagValue", 1, [](const cgsl::json_view&, const std::vector<cgsl::literal>& a) {
    return cgsl::function_result{std::get<std::string>(a.at(0))};
  }));
  auto d = cgsl::detail::resolve_function("TAGVALUE", registry.get());
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->caller_registered);
  EXPECT_EQ(d->arity, 1u);
  EXPECT_EQ(cgsl::detail::resolve_function("allowedPublicHostsForPort", registry.get()),
            cgsl::detail::builtin_functions().find("allowedPublicHostsForPort"));
  EXPECT_EQ(cgsl::detail::resolve_function("nope", registry.get()), nullptr);
  // The compiled rule keeps the function after the registry is gone.
  cgsl::compile_options o;
  o.functions = registry;
  auto r = cgsl::compile("T should have x tagValue('Name') = 'Name'", o);
  ASSERT_TRUE(r.ok()) << r.format_errors();
  o.functions.reset();
  registry.reset();
  auto doc = cgsl::document::parse(R"({"type":"T","x":1})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(cgsl::evaluate(*r.value, *doc.value).result, cgsl::outcome::passed);
}

struct bad_call {
  const char* rule;
  cgsl::diag_code code;
  const char* message_part;
};

TEST(NetworkFunctions, ArgumentsAreCheckedAtCompileTime) {
  const bad_call rows[] = {
      {"SecurityGroup should not have inboundRules allowedHostsForPort() > 0", cgsl::diag_code::wrong_arity,
       "allowedHostsForPort() takes 1 argument(s), not 0"},
      {"SecurityGroup should not have inboundRules allowedHostsForPort(22, 23) > 0", cgsl::diag_code::wrong_arity,
       "takes 1 argument(s), not 2"},
      {"SecurityGroup should not have inboundRules allowedHostsForPort('22') > 0", cgsl::diag_code::bad_argument,
       "must be a port number 0..65535"},
      {"SecurityGroup should not have inboundRules allowedPublicHostsForPort(70000) > 0",
       cgsl::diag_code::bad_argument, "allowedPublicHostsForPort() must be a port number"},
      {"SecurityGroup should not have inboundRules allowedPublicHostsForPort(-1) > 0", cgsl::diag_code::bad_argument,
       "must be a port number"},
      {"SecurityGroup should not have inboundRules allowedPublicHostsForPort(22.5) > 0",
       cgsl::diag_code::bad_argument, "must be a port number"},
      {"SecurityGroup should not have inboundRules allowedPublicHostsForPort(true) > 0",
       cgsl::diag_code::bad_argument, "must be a port number"},
  };
  for (const auto& row : rows) {
    auto r = cgsl::compile(row.rule);
    ASSERT_FALSE(r.ok()) << row.rule;
    ASSERT_EQ(r.diagnostics.size(), 1u) << r.format_errors();
    EXPECT_EQ(r.diagnostics[0].code, row.code) << row.rule;
    EXPECT_NE(r.diagnostics[0].message.find(row.message_part), std::string::npos) << r.diagnostics[0].message;
  }
  // The bad argument is pointed at: column of '70000'.
  auto r = cgsl::compile("T should have x allowedHostsForPort(70000) > 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].column, 37u);
  EXPECT_EQ(r.diagnostics[0].hint, "usage: inboundRules allowedHostsForPort(22) > 0");
  // Both ends of the port range compile.
  EXPECT_TRUE(cgsl::compile("T should have x allowedHostsForPort(0) > 0").ok());
  EXPECT_TRUE(cgsl::compile("T should have x allowedPublicHostsForPort(65535) > 0").ok());
}

TEST(NetworkFunctions, UnknownFunctionHintListsThem) {
  // A typo of one gets a guess; a name far from every built-in gets the list, which has them.
  auto typo = cgsl::compile("T should have x allowedHostForPort(22) > 0");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.diagnostics[0].code, cgsl::diag_code::unknown_function);
  EXPECT_EQ(typo.diagnostics[0].hint, "did you mean 'allowedHostsForPort()'?");
  auto r = cgsl::compile("T should have x openPortsOfGroup(22) > 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, cgsl::diag_code::unknown_function);
  EXPECT_NE(r.diagnostics[0].hint.find("allowedHostsForPort(port), allowedPublicHostsForPort(port)"),
            std::string::npos)
      << r.diagnostics[0].hint;
}

// The error for an unreadable value names the element even though the fast pass records no paths.
TEST(NetworkFunctions, ErrorNamesTheElementPath) {
  auto r = cgsl::compile("SecurityGroup should not have inboundRules allowedHostsForPort(22) > 0");
  ASSERT_TRUE(r.ok());
  auto doc = cgsl::document::parse(
      R"({"type":"SecurityGroup","inboundRules":[{"port":22,"scope":"1.2.3.4"},{"port":22,"scope":"1.2.3.4/40"}]})");
  ASSERT_TRUE(doc.ok());
  for (bool evidence : {true, false}) {
    cgsl::eval_options o;
    o.evidence = evidence;
    auto e = cgsl::evaluate(*r.value, *doc.value, o);
    EXPECT_EQ(e.result, cgsl::outcome::error);
    ASSERT_TRUE(e.error.has_value());
    EXPECT_EQ(e.error->code, cgsl::diag_code::unreadable_value);
    EXPECT_EQ(e.error->message,
              "allowedHostsForPort(22): inboundRules[1].scope is not an address, a CIDR or a reference: \"1.2.3.4/40\"");
    EXPECT_TRUE(e.evidence.empty());
  }
}

// The step budget covers the work of the functions: a huge rule list runs out of steps (error),
// never into a pass.
TEST(NetworkFunctions, StepLimitCoversTheRuleList) {
  std::string entity = R"({"type":"SecurityGroup","inboundRules":[)";
  for (int i = 0; i < 2000; ++i) entity += std::string(i ? "," : "") + R"({"port":22,"scope":["8.8.8.8","9.9.9.9"]})";
  entity += "]}";
  auto doc = cgsl::document::parse(entity);
  ASSERT_TRUE(doc.ok());
  auto r = cgsl::compile("SecurityGroup should not have inboundRules allowedHostsForPort(22) > 0");
  ASSERT_TRUE(r.ok());
  cgsl::eval_options o;
  o.max_steps = 1000;
  EXPECT_EQ(cgsl::evaluate(*r.value, *doc.value, o).result, cgsl::outcome::error);
  o.max_steps = 100000;
  EXPECT_EQ(cgsl::evaluate(*r.value, *doc.value, o).result, cgsl::outcome::failed);
}

}  // namespace
