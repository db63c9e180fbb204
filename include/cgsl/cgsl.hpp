// SPDX-License-Identifier: Apache-2.0
// cgsl: CloudGuard Governance Specification Language (GSL) rules, compiled once and evaluated
// over JSON entities from many threads.
//
//   #include <cgsl/cgsl.hpp>
//
//   auto compiled = cgsl::compile(
//       "EcrRepository should not have policy.document.Statement contain "
//       "[ Effect='Allow' and (Principal='*' or Principal.AWS='*') and Condition ]");
//   if (!compiled) { std::cerr << compiled.format_errors(); return 2; }
//   auto entity = cgsl::document::parse(R"({"type":"EcrRepository","policy":{...}})");
//   if (!entity) { std::cerr << cgsl::format(entity.error); return 3; }
//   cgsl::evaluation e = cgsl::evaluate(*compiled.value, *entity.value);
//   if (e.result == cgsl::outcome::failed)
//     for (const auto& path : e.evidence) std::cout << "failed at " << path << "\n";
//
// The headers include only the standard library (simdjson interop is opt-in, in
// cgsl/simdjson_interop.hpp). No function throws for bad rule text or bad JSON (only
// std::bad_alloc may escape, when memory runs out); the library never prints, logs or exits.
//
// Threads: compiled rules, rulesets and parsed documents are immutable and may be shared by any
// number of threads; an evaluator is scratch space for one thread at a time.
//
// Link with CMake's cgsl::cgsl (find_package(cgsl)) or pkg-config's cgsl. docs/api.md walks
// through the API with complete programs; cgsl/cgsl.h is the C API for C, Go, Rust and Python.
#ifndef CGSL_CGSL_HPP
#define CGSL_CGSL_HPP

#include "cgsl/diagnostic.hpp"
#include "cgsl/document.hpp"
#include "cgsl/evaluate.hpp"
#include "cgsl/exceptions.hpp"
#include "cgsl/options.hpp"
#include "cgsl/report.hpp"
#include "cgsl/rule.hpp"
#include "cgsl/ruleset.hpp"
#include "cgsl/scan.hpp"
#include "cgsl/value.hpp"
#include "cgsl/version.hpp"

#endif  // CGSL_CGSL_HPP
