// SPDX-License-Identifier: Apache-2.0
// Shared by the fuzz targets: the oracle that turns a broken promise of the library into a crash
// libFuzzer can report. Sanitizers catch memory and undefined-behaviour bugs; these checks catch
// the logical ones: a failure that turns into a pass, an error without a reason, a limit that
// changes an answer instead of refusing to give one.
#ifndef CGSL_FUZZ_COMMON_HPP
#define CGSL_FUZZ_COMMON_HPP

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cgsl/cgsl.hpp"
#include "cgsl/simdjson_interop.hpp"

namespace cgsl_fuzz {

// Aborts (a crash for libFuzzer) with a message when a promise is broken.
[[noreturn]] inline void broken(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "cgsl fuzz oracle: %s\n  %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

inline void check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) broken(what, detail);
}

// A fixed "now" (2024-06-01T00:00:00Z), so that a crash reproduces on another day.
constexpr double kNow = 1717200000.0;

// Per-entity budget while fuzzing: far below the default, so that every input runs quickly; inputs
// that need more come out as `error` (E403), which is itself checked.
constexpr std::uint64_t kSteps = 200'000;

inline bool is_code_in(const cgsl::diagnostic& d, int from, int to) {
  const int c = static_cast<int>(d.code);
  return c >= from && c <= to;
}

// The promises every evaluation keeps, whatever the rule and the entity.
inline void check_evaluation(const cgsl::evaluation& e, std::string_view what) {
  if (e.result == cgsl::outcome::error) {
    check(e.error.has_value(), "an error outcome without a diagnostic", what);
    check(!e.error->message.empty(), "an error outcome with an empty message", what);
    check(e.evidence.empty(), "an error outcome with evidence", what);
    (void)cgsl::format(*e.error);
  } else {
    check(!e.error.has_value(), "a diagnostic on an outcome that is not error", what);
  }
  if (e.result != cgsl::outcome::failed) check(e.evidence.empty(), "evidence on an outcome that is not failed", what);
  for (const std::string& p : e.evidence) check(!p.empty(), "an empty evidence path", what);
}

// Evaluates r over entity the way a caller would, then again with evidence off and with small step
// budgets, checking each result. Fail closed: a budget may turn the outcome into `error` (E403)
// but never into another answer, and turning evidence off never changes the outcome, except that
// a failure found by the fast pass may become `error` when the evidence pass meets an exception
// (a throwing caller function): both are "not passed". `failures` counts calls of a caller
// function that threw; an evaluation that saw one must come out as `error`.
inline cgsl::evaluation evaluate_checked(cgsl::evaluator& ev, const cgsl::rule& r,
                                         simdjson::dom::element entity, int* failures = nullptr) {
  cgsl::eval_options o;
  o.now = kNow;
  o.max_steps = kSteps;
  o.entity_type = r.target_type();  // entities without "type" are evaluated too
  auto run = [&] {
    if (failures != nullptr) *failures = 0;
    cgsl::evaluation e = cgsl::evaluate(ev, r, entity, o);
    check_evaluation(e, r.text());
    if (failures != nullptr && *failures > 0) {
      check(e.result == cgsl::outcome::error, "a caller function threw but the outcome is not error", r.text());
    }
    return e;
  };
  const cgsl::evaluation full = run();

  o.evidence = false;
  const cgsl::evaluation quiet = run();
  check(quiet.result == full.result ||
            (quiet.result == cgsl::outcome::failed && full.result == cgsl::outcome::error),
        "turning evidence off changed the outcome", r.text());
  check(quiet.evidence.empty(), "evidence although evidence is off", r.text());

  o.evidence = true;
  for (std::uint64_t budget : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{17}}) {
    o.max_steps = budget;
    const cgsl::evaluation limited = run();
    // The fast pass's answer (quiet) stands when the budget ends only the evidence pass.
    if (limited.result == full.result || limited.result == quiet.result) continue;
    check(limited.result == cgsl::outcome::error && limited.error->code == cgsl::diag_code::step_limit,
          "a step budget changed the outcome instead of making it an E403 error (fail open)", r.text());
  }
  return full;
}

}  // namespace cgsl_fuzz

#endif  // CGSL_FUZZ_COMMON_HPP
