// SPDX-License-Identifier: Apache-2.0
// `cgsl check`: every entity read is evaluated against every rule, or reported as an error.
#include "cli/check.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "cgsl/simdjson_interop.hpp"
#include "common/json_text.hpp"
#include "functions/text.hpp"
#include "input/formats.hpp"
#include "json/document_impl.hpp"
#include "report/report.hpp"

namespace cgsl::cli {
void print_diagnostics(const std::vector<diagnostic>& diags) {
  for (const auto& d : diags) std::fputs(format(d).c_str(), stderr);
}

namespace {

// The entity's identity for reports: the first of id, arn, name; else its position.
std::string_view identity(simdjson::dom::element e, std::string& buf) {
  for (const char* key : {"id", "arn", "name"}) {
    simdjson::dom::element v;
    if (e.at_key(key).get(v) != simdjson::SUCCESS) continue;
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) return s;
    if (v.is_number()) {
      buf = simdjson::to_string(v);
      return buf;
    }
  }
  return {};
}

struct doc_entry {
  std::size_t offset = 0;
  std::size_t length = 0;
  io::position pos;
  std::optional<diagnostic> error;
};

// A unit of work: a window of NDJSON lines, or entities of document inputs; and its results.
struct batch {
  std::size_t seq = 0;
  bool is_window = false;
  io::window w;
  std::string file;
  std::string docs;  // minified entities of document inputs (padded at the end)
  std::vector<doc_entry> entries;
  // Results, written in input order by the main thread.
  std::string json;
  std::vector<report::finding> findings;
  report::rule_counts counts;
  std::vector<std::pair<std::size_t, std::string>> list_entities;
  std::size_t failed = 0, errors = 0, unreadable = 0, entities = 0;
  bool done = false;

  void reset(std::size_t rules) {
    is_window = false;
    w.size = 0;
    docs.clear();
    entries.clear();
    json.clear();
    findings.clear();
    counts.assign(rules, {});
    list_entities.clear();
    failed = errors = unreadable = entities = 0;
    done = false;
  }
};

struct worker_state {
  simdjson::dom::parser parser;
  evaluator ev;
  evaluation result;
  std::string entity_part, source_part, id_buf, source;
};

class pipeline {
 public:
  pipeline(const ruleset& rules, const check_options& o, report::output& out, report::reporter* rep)
      : rules_(rules), o_(o), out_(out), rep_(rep), counts_(rules.rules.size()) {
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
      if (rules.rules[i].compiled.is_list()) {
        list_rules_.push_back(i);
      } else {
        prefixes_.emplace_back(i, report::json_rule_prefix(&rules.rules[i].info));
      }
    }
    error_prefix_ = report::json_rule_prefix(nullptr);
    unsigned n = o.threads;
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    threads_ = n;
    max_inflight_ = 2 * n + 2;
    if (n > 1) {
      for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { work(); });
    } else {
      inline_state_ = std::make_unique<worker_state>();
      init_parser(*inline_state_);
    }
    start_ = std::chrono::steady_clock::now();
  }

  ~pipeline() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_work_.notify_all();
    for (auto& t : workers_) t.join();
  }

  // A batch to fill (recycled when possible); waits while too many are in flight.
  batch* acquire() {
    while (inflight_ >= max_inflight_) drain(true);
    std::unique_ptr<batch> b;
    if (!free_.empty()) {
      b = std::move(free_.back());
      free_.pop_back();
    } else {
      b = std::make_unique<batch>();
    }
    b->reset(rules_.rules.size());
    b->seq = next_submit_++;
    batch* raw = b.get();
    pending_.push_back(std::move(b));
    ++inflight_;
    return raw;
  }

  void submit(batch* b) {
    if (workers_.empty()) {
      process(*b, *inline_state_);
      b->done = true;
    } else {
      {
        std::lock_guard<std::mutex> lock(m_);
        queue_.push_back(b);
      }
      cv_work_.notify_one();
    }
    drain(false);
  }

  // Writes finished batches in input order; with wait, blocks until the oldest one is finished.
  void drain(bool wait) {
    while (!pending_.empty()) {
      batch* b = pending_.front().get();
      {
        std::unique_lock<std::mutex> lock(m_);
        if (wait) cv_done_.wait(lock, [&] { return b->done; });
        if (!b->done) break;
      }
      wait = false;
      write(*b);
      free_.push_back(std::move(pending_.front()));
      pending_.pop_front();
      --inflight_;
    }
    show_progress(false);
  }

  void finish_inputs() {
    while (!pending_.empty()) drain(true);
  }

  // List<T> rules, once over every entity of their type; then the reporter's summary.
  void finish() {
    finish_inputs();
    evaluator ev;
    for (std::size_t i : list_rules_) {
      const ruleset_entry& r = rules_.rules[i];
      std::vector<document> docs;
      for (const std::string& text : list_entities_[i]) {
        auto d = document::parse(text);
        if (d) docs.push_back(std::move(*d.value));
      }
      std::vector<const document*> ptrs;
      for (const auto& d : docs) ptrs.push_back(&d);
      evaluation e = ev.evaluate_list(r.compiled, ptrs, o_.eval);
      counts_[i][static_cast<std::size_t>(e.result)]++;
      if (e.result == outcome::failed) ++failed_;
      if (e.result == outcome::error) ++errors_;
      const std::string entity = "List<" + r.compiled.target_type() + ">";
      const std::string source = std::to_string(docs.size()) + " entities";
      if (rep_ == nullptr) {
        std::string part = "\"entity\":", src;
        detail::append_json_string(part, entity);
        part += ",\"entityType\":";
        detail::append_json_string(part, r.compiled.target_type());
        detail::append_json_string(src, source);
        std::string line;
        report::append_json_line(line, report::json_rule_prefix(&r.info), part, e.result, e.evidence, src,
                                 e.error ? e.error->message : std::string());
        out_.write(line);
      } else if (e.result == outcome::failed || e.result == outcome::error) {
        report::finding f;
        f.rule = &r.info;
        f.entity = entity;
        f.entity_type = r.compiled.target_type();
        f.result = e.result;
        f.evidence = std::move(e.evidence);
        f.source = source;
        if (e.error) f.message = e.error->message;
        rep_->add(f);
      }
    }
    show_progress(true);
    if (rep_ != nullptr) rep_->finish(counts_, unreadable_);
    out_.flush();
  }

  [[nodiscard]] int exit_code() const {
    if (errors_ > 0) return exit_unreadable;
    if (failed_ > 0) return exit_failed;
    return exit_ok;
  }

 private:
  void init_parser(worker_state& ws) {
    if (auto err = ws.parser.allocate(1u << 16, o_.eval_limits.max_depth); err) {
      // parse() reports the same failure for every entity; nothing is lost.
      (void)err;
    }
  }

  void work() {
    worker_state ws;
    init_parser(ws);
    while (true) {
      batch* b = nullptr;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        b = queue_.front();
        queue_.pop_front();
      }
      process(*b, ws);
      {
        std::lock_guard<std::mutex> lock(m_);
        b->done = true;
      }
      cv_done_.notify_all();
    }
  }

  void process(batch& b, worker_state& ws) {
    if (b.is_window) {
      io::parse_window(
          b.w, ws.parser, b.file, o_.eval_limits,
          [&](simdjson::dom::element e, std::size_t line) { entity(b, ws, e, b.file, line, {}); },
          [&](const diagnostic& d, std::size_t line) {
            ws.source = b.file + ":" + std::to_string(line);
            unreadable(b, ws, d.message, b.file, line, {});
          });
      return;
    }
    for (const doc_entry& d : b.entries) {
      ws.source = d.pos.to_string();
      if (d.error) {
        unreadable(b, ws, d.error->message, d.pos.file, d.pos.line, d.pos.address);
        continue;
      }
      simdjson::dom::element e;
      if (auto err = ws.parser.parse(b.docs.data() + d.offset, d.length, false).get(e); err) {
        unreadable(b, ws, detail::json_error(err, ws.source).message, d.pos.file, d.pos.line, d.pos.address);
        continue;
      }
      entity(b, ws, e, d.pos.file, d.pos.line, d.pos.address, &d.pos);
    }
  }

  // id: the entity's identity when it has one (an object without a type), else its position.
  void unreadable(batch& b, worker_state& ws, const std::string& message, const std::string& file,
                  std::size_t line, const std::string& address, std::string_view id = {}) {
    ++b.unreadable;
    ++b.errors;
    if (id.empty()) id = ws.source;
    if (rep_ == nullptr) {
      ws.source_part.clear();
      detail::append_json_string(ws.source_part, ws.source);
      ws.entity_part = "\"entity\":";
      detail::append_json_string(ws.entity_part, id);
      ws.entity_part += ",\"entityType\":null";
      report::append_json_line(b.json, error_prefix_, ws.entity_part, outcome::error, {}, ws.source_part, message);
      return;
    }
    report::finding f;
    f.entity = std::string(id);
    f.result = outcome::error;
    f.source = ws.source;
    f.file = file;
    f.line = line;
    f.address = address;
    f.message = message;
    b.findings.push_back(std::move(f));
  }

  void entity(batch& b, worker_state& ws, simdjson::dom::element e, const std::string& file,
              std::size_t line, const std::string& address, const io::position* pos = nullptr) {
    ++b.entities;
    if (pos == nullptr) {
      ws.source.assign(file);
      ws.source += ':';
      char digits[24];
      auto [end, ec] = std::to_chars(digits, digits + sizeof digits, line);
      (void)ec;
      ws.source.append(digits, end);
    }
    if (e.type() != simdjson::dom::element_type::OBJECT) {
      unreadable(b, ws, "the entity is not a JSON object", file, line, address);
      return;
    }
    const std::string_view type = entity_type(e, o_.eval);
    if (type.empty()) {
      unreadable(b, ws, "the entity has no \"type\" member (use --type T for input without one)", file, line, address,
                 identity(e, ws.id_buf));
      return;
    }
    std::string_view id = identity(e, ws.id_buf);
    if (id.empty()) id = ws.source;
    if (rep_ == nullptr) {
      ws.entity_part.assign("\"entity\":");
      detail::append_json_string(ws.entity_part, id);
      ws.entity_part += ",\"entityType\":";
      detail::append_json_string(ws.entity_part, type);
      ws.source_part.clear();
      detail::append_json_string(ws.source_part, ws.source);
    }
    for (const auto& [i, prefix] : prefixes_) {
      const ruleset_entry& r = rules_.rules[i];
      const outcome res = evaluate_into(ws.ev, r.compiled, e, o_.eval, ws.result);
      b.counts[i][static_cast<std::size_t>(res)]++;
      if (res == outcome::failed) ++b.failed;
      if (res == outcome::error) ++b.errors;
      const std::string_view message = ws.result.error ? std::string_view(ws.result.error->message) : std::string_view();
      if (rep_ == nullptr) {
        report::append_json_line(b.json, prefix, ws.entity_part, res, ws.result.evidence, ws.source_part, message);
      } else if (res == outcome::failed || res == outcome::error) {
        report::finding f;
        f.rule = &r.info;
        f.entity = std::string(id);
        f.entity_type = std::string(type);
        f.result = res;
        f.evidence = ws.result.evidence;
        f.source = ws.source;
        f.file = file;
        f.line = line;
        f.address = address;
        f.message = std::string(message);
        b.findings.push_back(std::move(f));
      }
    }
    for (std::size_t i : list_rules_) {
      if (detail::equal_ignore_ascii_case(type, rules_.rules[i].compiled.target_type())) {
        b.list_entities.emplace_back(i, simdjson::to_string(e));
      }
    }
  }

  void write(batch& b) {
    if (b.is_window) io::ndjson_stream::release(b.w);
    if (rep_ == nullptr) {
      out_.write(b.json);
    } else {
      for (const auto& f : b.findings) rep_->add(f);
    }
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      for (std::size_t k = 0; k < 5; ++k) counts_[i][k] += b.counts[i][k];
    }
    for (auto& [i, text] : b.list_entities) list_entities_[i].push_back(std::move(text));
    failed_ += b.failed;
    errors_ += b.errors;
    unreadable_ += b.unreadable;
    entities_ += b.entities;
  }

  void show_progress(bool last) {
    if (!o_.progress) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!last && (elapsed < o_.progress_delay || (progress_shown_ && now - last_progress_ < std::chrono::milliseconds(250)))) return;
    if (last && !progress_shown_) return;
    last_progress_ = now;
    progress_shown_ = true;
    std::fprintf(stderr, "\rcgsl: %zu entities, %zu failed findings, %zu errors, %.1f s%s", entities_,
                 failed_, errors_, elapsed, last ? "\n" : "");
    std::fflush(stderr);
  }

  const ruleset& rules_;
  const check_options& o_;
  report::output& out_;
  report::reporter* rep_;
  std::vector<std::pair<std::size_t, std::string>> prefixes_;
  std::vector<std::size_t> list_rules_;
  std::string error_prefix_;
  report::rule_counts counts_;
  std::map<std::size_t, std::vector<std::string>> list_entities_;
  std::size_t failed_ = 0, errors_ = 0, unreadable_ = 0, entities_ = 0;

  unsigned threads_ = 1;
  std::size_t max_inflight_ = 4;
  std::size_t inflight_ = 0;
  std::size_t next_submit_ = 0;
  std::deque<std::unique_ptr<batch>> pending_;
  std::vector<std::unique_ptr<batch>> free_;
  std::unique_ptr<worker_state> inline_state_;
  std::vector<std::thread> workers_;
  std::deque<batch*> queue_;
  std::mutex m_;
  std::condition_variable cv_work_, cv_done_;
  bool stop_ = false;
  std::chrono::steady_clock::time_point start_, last_progress_;
  bool progress_shown_ = false;
};

// Collects the entities of document inputs into batches for the pipeline.
class document_feeder final : public io::entity_sink {
 public:
  document_feeder(pipeline& p, std::size_t limit) : p_(p), limit_(limit) {}
  void entity(simdjson::dom::element e, const io::position& pos) override {
    batch& b = current();
    doc_entry d;
    d.offset = b.docs.size();
    b.docs += simdjson::to_string(e);
    d.length = b.docs.size() - d.offset;
    d.pos = pos;
    b.entries.push_back(std::move(d));
    if (b.docs.size() >= limit_) flush();
  }
  void error(const diagnostic& diag, const io::position& pos) override {
    batch& b = current();
    doc_entry d;
    d.pos = pos;
    d.error = diag;
    b.entries.push_back(std::move(d));
  }
  void flush() {
    if (b_ == nullptr) return;
    b_->docs.resize(b_->docs.size() + simdjson::SIMDJSON_PADDING, ' ');
    p_.submit(b_);
    b_ = nullptr;
  }

 private:
  batch& current() {
    if (b_ == nullptr) b_ = p_.acquire();
    return *b_;
  }
  pipeline& p_;
  std::size_t limit_;
  batch* b_ = nullptr;
};

}  // namespace

bool load_named_list(const std::string& arg, named_lists& lists, std::string& error) {
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
    error = "expected NAME=FILE";
    return false;
  }
  std::string name = arg.substr(0, eq);
  if (!name.empty() && name.front() == '$') name.erase(0, 1);
  std::ifstream in(arg.substr(eq + 1), std::ios::binary);
  if (!in) {
    error = "cannot read " + arg.substr(eq + 1);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<literal> values;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array items;
  if (parser.parse(text).get(root) == simdjson::SUCCESS && root.get_array().get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : items) {
      auto l = io::literal_of(v);
      if (!l) {
        error = "list entries must be strings, numbers or booleans";
        return false;
      }
      values.push_back(std::move(*l));
    }
  } else {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) values.emplace_back(line);
    }
  }
  lists[name] = std::move(values);
  return true;
}

int run_check(const check_options& o) {
  ruleset rules;
  std::vector<diagnostic> diags;
  std::vector<std::string> paths = o.rule_paths;
  if (paths.empty() && o.inline_rules.empty()) {
    const auto dir = bundled_rules_dir();
    if (dir.empty()) {
      std::fputs("cgsl: no --rules or --rule given and the bundled rules were not found (set CGSL_RULES_DIR)\n", stderr);
      return exit_usage;
    }
    paths.push_back(dir.string());
  }
  {  // merged: a ruleId given twice, in one path or across --rules paths, is E308
    ruleset_result loaded;
    for (const auto& p : paths) merge_rules(loaded, load_rules(p, o.compile));
    diags = std::move(loaded.diagnostics);
    rules = std::move(loaded.value);
  }
  for (std::size_t i = 0; i < o.inline_rules.size(); ++i) {
    const std::string id = "rule-" + std::to_string(i + 1);
    compile_result c = compile(o.inline_rules[i], o.compile, "--rule#" + std::to_string(i + 1));
    diags.insert(diags.end(), c.diagnostics.begin(), c.diagnostics.end());
    if (!c.ok()) continue;
    rule_info info;
    info.id = id;
    info.name = o.inline_rules[i];
    info.logic = o.inline_rules[i];
    rules.rules.push_back(ruleset_entry{std::move(info), std::move(*c.value)});
  }
  if (!diags.empty()) {
    print_diagnostics(diags);
    return exit_usage;
  }
  if (rules.rules.empty()) {
    std::fputs("cgsl: no rules to check\n", stderr);
    return exit_usage;
  }
  check_options opts = o;
  opts.eval.evidence = !o.no_evidence;
  report::output out(stdout);
  std::vector<std::string> files = o.files;
  if (files.empty()) files.push_back("-");
  std::unique_ptr<report::reporter> rep;
  if (o.format == "text") rep = report::make_text_reporter(out, rules, o.color);
  if (o.format == "sarif") rep = report::make_sarif_reporter(out, rules, files);
  pipeline p(rules, opts, out, rep.get());
  document_feeder feeder(p, o.window_bytes);
  io::reader_options ro;
  ro.json = o.eval_limits;
  ro.window_bytes = o.window_bytes;
  std::vector<io::opened_input> aws_group;
  for (const auto& f : files) {
    io::opened_input in = io::open_input(f, o.input);
    if (in.error) {
      feeder.error(*in.error, io::position{f, 0, 0, {}});
      continue;
    }
    if (in.format == io::input_format::aws_ecr) {
      aws_group.push_back(std::move(in));
      continue;
    }
    if (in.format != io::input_format::ndjson) {
      io::read_document(in, feeder, ro);
      feeder.flush();
      continue;
    }
    feeder.flush();
    io::ndjson_stream stream(in, o.window_bytes);
    const std::string name = f == "-" ? "<stdin>" : f;
    while (true) {
      batch* b = p.acquire();
      if (!stream.next(b->w)) {
        // Nothing more: the batch stays empty; it still passes through in order.
        p.submit(b);
        break;
      }
      b->is_window = true;
      b->file = name;
      p.submit(b);
    }
    // The windows of a mapped file point into the mapping: finish them before it goes away.
    p.finish_inputs();
    io::report_stream_end(stream, f, feeder);
    feeder.flush();
  }
  if (!aws_group.empty()) {
    io::read_aws_ecr(aws_group, feeder, ro);
    feeder.flush();
  }
  p.finish();
  if (out.failed()) {
    std::fputs("cgsl: error writing the output\n", stderr);
    return exit_unreadable;
  }
  return p.exit_code();
}

}  // namespace cgsl::cli
