// SPDX-License-Identifier: Apache-2.0
// The scan engine: a ruleset over inputs in any supported format, with N threads, in input
// order, in bounded memory, delivering findings to sinks (the reporters of cgsl/report.hpp, or
// your own). What `cgsl check` runs; the C API's cgsl_scan_* and the Python module use it too.
//
//   cgsl::ruleset rules = cgsl::load_rules(cgsl::bundled_rules_dir()).value;
//   cgsl::scan_options o;
//   o.threads = 4;
//   auto out = cgsl::make_jsonl_reporter(cgsl::file_writer(stdout));
//   cgsl::scan_summary s = cgsl::scan(rules, {cgsl::input_source::file("inventory.ndjson")}, {out.get()}, o);
//   return s.exit_code();
#ifndef CGSL_SCAN_HPP
#define CGSL_SCAN_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cgsl/diagnostic.hpp"
#include "cgsl/document.hpp"
#include "cgsl/evaluate.hpp"
#include "cgsl/exceptions.hpp"
#include "cgsl/export.hpp"
#include "cgsl/options.hpp"
#include "cgsl/ruleset.hpp"

namespace cgsl {

// ---- inputs ---------------------------------------------------------------------------------

// The entity formats (README.md, "Using the command line"). `automatic` sniffs each input.
enum class input_format : std::uint8_t { automatic, ndjson, json, cloudguard, aws_ecr, terraform_plan, cloudformation };
inline constexpr std::size_t input_format_count = 7;

// "auto", "ndjson" (also "jsonl"), "json", "cloudguard", "aws-ecr", "terraform-plan", "cloudformation"; nullopt
// for anything else.
[[nodiscard]] CGSL_EXPORT std::optional<input_format> parse_input_format(std::string_view name) noexcept;
// The canonical name ("auto" for automatic).
[[nodiscard]] CGSL_EXPORT std::string_view to_string(input_format f) noexcept;

// Where entities come from: a file ("-": standard input), bytes in memory, or an open stream.
// A plain value. Memory sources either own a copy of the bytes (memory()) or borrow them
// (borrowed(): the bytes must outlive the scan). Streams are read, never closed.
class CGSL_EXPORT input_source {
 public:
  enum class kind : std::uint8_t { file, memory, stream };

  [[nodiscard]] static input_source file(std::string path);
  [[nodiscard]] static input_source memory(std::string name, std::string data);
  [[nodiscard]] static input_source borrowed(std::string name, std::string_view data);
  [[nodiscard]] static input_source stream(std::string name, std::FILE* f);

  // The name findings and errors use: the path ("<stdin>" for "-"), or the given name.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] kind source_kind() const noexcept { return kind_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::string_view data() const noexcept;
  [[nodiscard]] std::FILE* stream_handle() const noexcept { return stream_; }

 private:
  kind kind_ = kind::file;
  std::string name_;
  std::string path_;
  std::shared_ptr<const std::string> owned_;
  std::string_view view_;
  std::FILE* stream_ = nullptr;
};

// ---- findings -------------------------------------------------------------------------------

inline constexpr std::size_t outcome_count = 6;  // the values of cgsl::outcome

// A set of outcomes: which findings a scan delivers to its sinks (scan_options::show).
class CGSL_EXPORT outcome_set {
 public:
  constexpr outcome_set() noexcept = default;
  constexpr outcome_set(std::initializer_list<outcome> outcomes) noexcept {
    for (outcome o : outcomes) bits_ |= bit(o);
  }
  // Every outcome; every outcome but not_relevant (the default of a scan).
  [[nodiscard]] static constexpr outcome_set all() noexcept { return from_bits((1u << outcome_count) - 1); }
  [[nodiscard]] static constexpr outcome_set relevant() noexcept {
    return from_bits(((1u << outcome_count) - 1) & ~unsigned{bit(outcome::not_relevant)});
  }
  [[nodiscard]] constexpr bool contains(outcome o) const noexcept { return (bits_ & bit(o)) != 0; }
  constexpr void insert(outcome o) noexcept { bits_ |= bit(o); }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr bool operator==(outcome_set o) const noexcept { return bits_ == o.bits_; }
  [[nodiscard]] constexpr bool operator!=(outcome_set o) const noexcept { return bits_ != o.bits_; }
  // Parses a comma list of outcome names ("failed,error"); nullopt (and the offending word in
  // *bad) for an unknown name or an empty list.
  [[nodiscard]] static std::optional<outcome_set> parse(std::string_view list, std::string* bad = nullptr);
  // The comma list, in outcome order.
  [[nodiscard]] std::string to_string() const;

 private:
  static constexpr std::uint8_t bit(outcome o) noexcept {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(o));
  }
  static constexpr outcome_set from_bits(unsigned b) noexcept {
    outcome_set s;
    s.bits_ = static_cast<std::uint8_t>(b);
    return s;
  }
  std::uint8_t bits_ = 0;
};

// A read-only list of strings (the evidence of a finding).
struct string_list {
  const std::string* first = nullptr;
  std::size_t count = 0;
  [[nodiscard]] const std::string* begin() const noexcept { return first; }
  [[nodiscard]] const std::string* end() const noexcept { return first + count; }
  [[nodiscard]] std::size_t size() const noexcept { return count; }
  [[nodiscard]] bool empty() const noexcept { return count == 0; }
  [[nodiscard]] const std::string& operator[](std::size_t i) const noexcept { return first[i]; }
};

// One finding: the result of one rule over one entity (or, for List<T>, over every entity of
// T), or an entity that could not be read at all (rule == nullptr). The JSON Lines reporter
// writes exactly these fields. A view: valid only during the sink call that receives it (copy
// what you keep, e.g. with finding_record).
struct finding {
  const rule_info* rule = nullptr;  // nullptr: an unreadable entity (malformed, not an object, no type)
  std::size_t rule_index = 0;       // index of rule in the scanned ruleset (when rule != nullptr)
  std::string_view entity;          // identity: id, arn or name, else the position
  std::string_view entity_type;     // "" for an unreadable entity
  outcome result = outcome::error;
  string_list evidence;             // failed: JSON paths of the elements that made the rule fail
  std::string_view source;          // "FILE:LINE", "FILE#INDEX", "FILE:ADDRESS" or "N entities"
  std::string_view file;            // the input's name ("" for List<T> results)
  std::size_t line = 0;             // 1-based line in the file, 0 when not line-oriented
  std::string_view address;         // Terraform resource address, when known
  std::string_view message;         // error: why; excepted: the exception's reason
  std::string_view code;            // error: the diagnostic code ("E403", "E301"); "" otherwise
  std::string_view exception;       // excepted: where the accepting entry is ("FILE#INDEX", "FILE:LINE")
  bool baseline = false;            // excepted by a baseline entry (not by an exception)
};

// An owning copy of a finding (rule stays a pointer into the ruleset).
struct finding_record {
  const rule_info* rule = nullptr;
  std::size_t rule_index = 0;
  std::string entity, entity_type;
  outcome result = outcome::error;
  std::vector<std::string> evidence;
  std::string source, file;
  std::size_t line = 0;
  std::string address, message, code, exception;
  bool baseline = false;

  finding_record() = default;
  CGSL_EXPORT explicit finding_record(const finding& f);
  // A view of this record (valid as long as the record).
  [[nodiscard]] CGSL_EXPORT finding view() const noexcept;
};

// ---- the summary ----------------------------------------------------------------------------

// Counts per rule. outcomes[] is indexed by outcome; not_relevant includes the entities of other
// types, so the outcomes of a rule add up to scan_summary::entities (a List<T> rule has one
// outcome for the whole set). entities_of_type counts the entities whose type the rule targets.
struct rule_tally {
  std::array<std::size_t, outcome_count> outcomes{};
  std::size_t entities_of_type = 0;
  [[nodiscard]] std::size_t count(outcome o) const noexcept { return outcomes[static_cast<std::size_t>(o)]; }
};

// What a scan saw. Nothing disappears from it: every entity read is counted (per type), every
// (entity, rule) pair is counted in its rule's outcomes (also those not delivered because of
// scan_options::show), every unreadable entity is counted.
struct scan_summary {
  std::size_t entities = 0;    // entities read and evaluated
  std::size_t unreadable = 0;  // entities or inputs that could not be read (one error finding each)
  // Entities per type, sorted by type name; types that differ only in ASCII case count as one
  // (under the first spelling seen).
  std::vector<std::pair<std::string, std::size_t>> entities_per_type;
  std::vector<rule_tally> rules;  // index as in the ruleset
  // Rules whose target type no entity had, among the type families the input has (CloudGuard
  // types like EcrRepository, Terraform's aws_iam_role, CloudFormation's AWS_IAM_Role; every rule
  // when no entity was read): a misspelt type must not look like a clean run, while the bundled
  // Terraform rules are not named in a scan of a CloudGuard inventory.
  std::vector<std::size_t> rules_without_entities;
  std::size_t failed = 0;  // failed findings (all rules; excepted ones are not failed)
  std::size_t errors = 0;  // error findings, unreadable entities included
  std::size_t excepted = 0;  // failures accepted by an exception or the baseline
  // Failed findings per rule severity (index: rule_severity), and of rules without one (inline).
  std::array<std::size_t, rule_severity_count> failed_by_severity{};
  std::size_t failed_unrated = 0;
  // Exceptions that expired (their failures count again) or matched no failure, one sentence
  // each, naming the entry ("FILE#INDEX" / "FILE:LINE"). The library does not print them.
  std::vector<std::string> warnings;
  bool output_failed = false;  // a sink reported a write error (finding_sink::failed())
  bool cancelled = false;      // scan_options::cancel stopped the scan: the counts are partial

  // Failures of rules at or above `s` (rules without a severity always count).
  [[nodiscard]] std::size_t failed_at_or_above(rule_severity s) const noexcept {
    std::size_t n = failed_unrated;
    for (std::size_t k = static_cast<std::size_t>(s); k < rule_severity_count; ++k) n += failed_by_severity[k];
    return n;
  }
  // The severity gate: 3 when anything could not be evaluated, else 1 when a rule at or above
  // fail_on failed, else 0 (the exit codes of `cgsl check`, whose --fail-on default is low; a
  // write error is the CLI's to report). The default here counts every failure.
  [[nodiscard]] int exit_code(rule_severity fail_on = rule_severity::informational) const noexcept {
    return errors > 0 ? 3 : failed_at_or_above(fail_on) > 0 ? 1 : 0;
  }
};

// The summary as one JSON object (what `cgsl check --summary FILE` writes):
// {"entities":N,"unreadable":N,"failed":N,"errors":N,"excepted":N,
//  "failedBySeverity":{"Informational":N,...,"Critical":N},"entitiesPerType":{"T":N,...},
//  "rules":[{"ruleId":...,"severity":...,"entityType":...,"passed":N,"failed":N,
//  "not_relevant":N,"error":N,"matched":N,"excepted":N,"entitiesOfType":N},...],
//  "rulesWithoutEntities":[ID,...],"warnings":[TEXT,...]}
[[nodiscard]] CGSL_EXPORT std::string summary_json(const scan_summary& s, const ruleset& rules);

// ---- sinks ----------------------------------------------------------------------------------

// Receives a scan's findings, in input order, on the thread that called scan(). begin() comes
// first and end() last, once each.
class CGSL_EXPORT finding_sink {
 public:
  virtual ~finding_sink();
  virtual void begin(const ruleset& rules, const std::vector<input_source>& inputs);
  virtual void add(const finding& f) = 0;
  virtual void end(const scan_summary& summary);
  // Whether writing the output failed (the scan records it in scan_summary::output_failed).
  [[nodiscard]] virtual bool failed() const noexcept;
  // The outcomes this sink renders (default: all). The scan delivers to it only the findings
  // whose outcome is in both scan_options::show and this set, and skips building the others.
  [[nodiscard]] virtual outcome_set accepts() const noexcept;
};

// A sink whose output is the concatenation of one piece of text per finding, each independent of
// the others (JSON Lines, CSV, ...). The scan's worker threads call format() concurrently, and the
// scanning thread write()s the pieces in input order, so formatting runs in parallel.
class CGSL_EXPORT formatting_sink : public finding_sink {
 public:
  // Appends f's text to out. Called from any thread, concurrently: must not modify the sink,
  // and must not throw.
  virtual void format(const finding& f, std::string& out) const = 0;
  // Writes formatted text (of one or more findings), in input order.
  virtual void write(std::string_view text) = 0;
  void add(const finding& f) override;
};

// A sink that calls a function for each finding (bindings, tests).
class CGSL_EXPORT callback_sink final : public finding_sink {
 public:
  explicit callback_sink(std::function<void(const finding&)> on_finding,
                         std::function<void(const scan_summary&)> on_end = {});
  void add(const finding& f) override;
  void end(const scan_summary& summary) override;

 private:
  std::function<void(const finding&)> on_finding_;
  std::function<void(const scan_summary&)> on_end_;
};

// ---- evaluating a ruleset over one entity ---------------------------------------------------

// The rules of a ruleset that apply to one entity, and their results.
struct entity_result {
  std::optional<diagnostic> error;  // the entity could not be read (then results is empty)
  std::string type;                 // its type
  std::string id;                   // its identity (id, arn, name; "" when it has none)
  // (rule index, result) for every rule whose target type is the entity's type (ASCII case
  // ignored), in ruleset order; rules of other types are not_relevant and not listed. List<T>
  // rules are not evaluated here (they need every entity: use scan()).
  std::vector<std::pair<std::size_t, evaluation>> results;
};

// Evaluates a whole ruleset over one entity at a time. The rules are indexed by target type when
// it is constructed, so an entity meets only the rules of its type and rules for other types cost
// close to nothing. Owns a JSON parser and an evaluator that it reuses: one per thread (not
// thread-safe; the ruleset is shared and must outlive it and stay unmodified).
class CGSL_EXPORT ruleset_evaluator {
 public:
  explicit ruleset_evaluator(const ruleset& rules, eval_options options = {},
                             parse_options limits = {});
  ~ruleset_evaluator();
  ruleset_evaluator(ruleset_evaluator&&) noexcept;
  ruleset_evaluator& operator=(ruleset_evaluator&&) noexcept;

  // The entity as JSON text (parsed with the reused parser) or as a parsed document.
  [[nodiscard]] entity_result evaluate_json(std::string_view json);
  [[nodiscard]] entity_result evaluate(const document& entity);
  // The indices of the non-List rules that target `type` (ASCII case ignored), in ruleset order.
  [[nodiscard]] const std::vector<std::size_t>& rules_for_type(std::string_view type) const;

  struct impl;
  [[nodiscard]] impl& internal() noexcept { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

// ---- the scan -------------------------------------------------------------------------------

struct scan_options {
  input_format input = input_format::automatic;
  unsigned threads = 0;                    // evaluating threads (N - 1 workers and the calling
                                           // thread, which reads and delivers); 0: one per core
  outcome_set show = outcome_set::relevant();  // which findings reach the sinks
  eval_options eval;                       // now, step budget, evidence, entity_type (--type)
  parse_options json;                      // per-document depth and size limits
  std::size_t window_bytes = 1u << 19;     // NDJSON read window (also the unit of work of a thread)
  // Accepted failures (exceptions and baseline; cgsl/exceptions.hpp): a failure they match is
  // delivered and counted as outcome::excepted, with the reason as its message. Expiry is judged
  // at eval.now. Not owned: must outlive the scan. nullptr: none.
  const exception_list* exceptions = nullptr;
  // Called on the scanning thread now and then (about every window) and once at the end with
  // done = true; for progress displays.
  std::function<void(const scan_summary& so_far, bool done)> progress;
  // Asked on the scanning thread before each input and each NDJSON window, and by the workers
  // every 64 entities (so it must be thread-safe and cheap: an atomic flag); once it returns
  // true the scan reads nothing more and the workers skip the
  // entities they have not evaluated yet (of windows and documents in flight), AWS CLI inputs
  // and List<T> rules are left out, and the summary says cancelled (its counts are partial: they
  // cover what was evaluated). For consumers that went away (the Python module's generator
  // closed early).
  std::function<bool()> cancel;
};

// Reads every input in order, evaluates every rule over every entity (List<T> rules once over
// every entity of T, after the other inputs), and delivers the findings that options.show selects
// to every sink, in input order, identically for any thread count. AWS CLI inputs (aws-ecr, named
// or sniffed) are joined across all inputs and evaluated after the others. Memory stays bounded
// by the window size times the thread count (plus the entities List<T> rules need). Never throws
// for bad input: unreadable files, malformed lines or documents become error findings (rule ==
// nullptr) and are counted; the good entities around them are still evaluated.
[[nodiscard]] CGSL_EXPORT scan_summary scan(const ruleset& rules, const std::vector<input_source>& inputs,
                                            const std::vector<finding_sink*>& sinks,
                                            const scan_options& options = {});

}  // namespace cgsl

#endif  // CGSL_SCAN_HPP
