// SPDX-License-Identifier: Apache-2.0
// The scan engine: inputs are cut into tasks (NDJSON windows, whole documents, the joined AWS CLI
// outputs, input errors); worker threads evaluate them and format findings for formatting sinks;
// the scanning thread delivers the results in input order. A document task publishes its results
// in parts, so a huge document does not hold its findings in memory either.
#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "cgsl/scan.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "eval/list.hpp"
#include "functions/text.hpp"
#include "input/input.hpp"
#include "json/document_impl.hpp"
#include "scan/index.hpp"

namespace cgsl {
namespace {

constexpr std::size_t part_limit = 1u << 20;  // bytes of results a document task holds at once

// Results of (part of) a task, delivered in order.
struct part {
  std::vector<std::string> text;        // one per formatting sink
  std::vector<finding_record> records;  // for the other sinks
  std::vector<std::uint32_t> masks;     // which of the other sinks each record goes to
  std::vector<std::array<std::size_t, outcome_count>> counts;
  std::vector<std::size_t> matched;     // entities of each rule's type
  std::vector<std::pair<std::string, std::size_t>> types;
  std::vector<std::pair<std::size_t, std::string>> list_entities;
  std::vector<std::size_t> exception_hits;     // entries that accepted a failure
  std::vector<std::size_t> exception_expired;  // expired entries that would have
  std::size_t entities = 0, unreadable = 0, failed = 0, errors = 0;
  std::size_t record_bytes = 0;

  // Keeps the buffers' capacity: a recycled part formats into memory it already has.
  void reset(std::size_t rules, std::size_t formatters) {
    text.resize(formatters);
    for (std::string& t : text) t.clear();
    records.clear();
    masks.clear();
    counts.assign(rules, {});
    matched.assign(rules, 0);
    types.clear();
    list_entities.clear();
    exception_hits.clear();
    exception_expired.clear();
    entities = unreadable = failed = errors = record_bytes = 0;
  }
  [[nodiscard]] std::size_t bytes() const noexcept {
    std::size_t n = record_bytes;
    for (const auto& t : text) n += t.size();
    for (const auto& l : list_entities) n += l.second.size();
    return n;
  }
};

enum class task_kind : std::uint8_t { window, document, aws, error };

struct task {
  task_kind kind = task_kind::error;
  io::window w;  // window: its lines
  std::string file;
  io::opened_input in;                 // document
  bool borrowed_stream = false;        // in.stream belongs to the caller
  std::vector<io::opened_input> group; // aws: every AWS CLI output
  std::vector<bool> group_borrowed;
  diagnostic err;                      // error
  io::position pos;
  part current;                        // filled by the worker
  std::deque<part> ready;              // published parts (guarded by the engine's mutex)
  bool done = false;
  bool helper_run = false;             // evaluated by the reading thread (engine::help)
};

struct worker_state {
  simdjson::dom::parser parser;
  evaluator ev;
  evaluation result;
  std::string lower, id_buf, source, code;
  // The position of the entity being evaluated, until `source` is built from it: most entities
  // produce no finding that is delivered (--show failed), and then "file:line" is never needed.
  const std::string* pending_file = nullptr;
  std::size_t pending_line = 0;
  // The type of the previous entity and the rules it met: inventories come in runs of one type.
  std::string last_type;
  const std::vector<std::size_t>* last_bucket = nullptr;
  unsigned evaluated = 0;  // entities seen, for asking scan_options::cancel now and then
  std::vector<std::string_view> names;  // an entity's names for exception matching
};

class engine;

// Feeds a document reader's entities and errors to the worker evaluating the task.
class task_sink final : public io::entity_sink {
 public:
  task_sink(engine& e, task& t, worker_state& ws) : e_(e), t_(t), ws_(ws) {}
  void entity(simdjson::dom::element el, const io::position& pos) override;
  void error(const diagnostic& d, const io::position& pos) override;

 private:
  engine& e_;
  task& t_;
  worker_state& ws_;
};

// Errors found by the scanning thread itself (at the end of an NDJSON stream): tasks of their own.
class main_sink final : public io::entity_sink {
 public:
  explicit main_sink(engine& e) : e_(e) {}
  void entity(simdjson::dom::element, const io::position&) override {}
  void error(const diagnostic& d, const io::position& pos) override;

 private:
  engine& e_;
};

class engine {
 public:
  engine(const ruleset& rules, const std::vector<finding_sink*>& sinks, const scan_options& o)
      : rules_(rules), o_(o), index_(rules) {
    for (finding_sink* s : sinks) {
      if (s == nullptr) continue;
      outcome_set set;
      const outcome_set accepted = s->accepts();
      for (unsigned k = 0; k < outcome_count; ++k) {
        const auto oc = static_cast<outcome>(k);
        if (o.show.contains(oc) && accepted.contains(oc)) set.insert(oc);
      }
      for (unsigned k = 0; k < outcome_count; ++k) {
        if (set.contains(static_cast<outcome>(k))) wanted_.insert(static_cast<outcome>(k));
      }
      if (auto* f = dynamic_cast<formatting_sink*>(s)) {
        formatters_.push_back(f);
        formatter_sets_.push_back(set);
      } else if (plain_.size() < 32) {
        plain_.push_back(s);
        plain_sets_.push_back(set);
      }
      all_sinks_.push_back(s);
    }
    summary_.rules.assign(rules.rules.size(), {});
    matched_.assign(rules.rules.size(), 0);
    if (o.exceptions != nullptr) {
      exception_hits_.assign(o.exceptions->entries().size(), 0);
      exception_expired_.assign(o.exceptions->entries().size(), 0);
    }
    unsigned n = o.threads;
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    max_inflight_ = 2 * std::size_t{n} + 2;
    if (n > 1) {
      // n evaluating threads: n - 1 workers and this thread, which reads the input and, while
      // as many windows as allowed are in flight, evaluates queued windows itself (help()).
      for (unsigned i = 0; i + 1 < n; ++i) workers_.emplace_back([this] { work(); });
      helper_state_ = std::make_unique<worker_state>();
      init_parser(*helper_state_);
    } else {
      inline_state_ = std::make_unique<worker_state>();
      init_parser(*inline_state_);
    }
  }

  ~engine() { stop_workers(); }

  scan_summary run(const std::vector<input_source>& inputs) {
    for (finding_sink* s : all_sinks_) s->begin(rules_, inputs);
    std::vector<io::opened_input> aws;
    std::vector<bool> aws_borrowed;
    main_sink errors(*this);
    const auto fmt = static_cast<io::input_format>(o_.input);
    const auto cancelled = [this] {
      if (!summary_.cancelled && o_.cancel && o_.cancel()) {
        summary_.cancelled = true;
        abandon_.store(true, std::memory_order_relaxed);
      }
      return summary_.cancelled;
    };
    // One opened input: queued as a document, a group member (aws-ecr) or NDJSON windows.
    const auto feed = [&](io::opened_input in, const std::string& name, bool borrowed) {
      in.file = name;
      if (in.error) {
        diagnostic d = *in.error;
        d.source_name = name;
        if (borrowed) (void)in.stream.release();
        add_error(io::position{name, 0, 0, {}}, d);
        return;
      }
      if (in.format == io::input_format::aws_ecr) {
        aws.push_back(std::move(in));
        aws_borrowed.push_back(borrowed);
        return;
      }
      if (in.format != io::input_format::ndjson) {
        task* t = acquire();
        t->kind = task_kind::document;
        t->in = std::move(in);
        t->borrowed_stream = borrowed;
        submit(t);
        return;
      }
      {
        io::ndjson_stream stream(in, o_.window_bytes);
        while (!cancelled()) {
          task* t = acquire();
          if (!stream.next(t->w)) {
            // Nothing more: the task stays empty; it still passes through in order.
            t->kind = task_kind::window;
            t->w.size = 0;
            submit(t);
            break;
          }
          t->kind = task_kind::window;
          t->file = name;
          submit(t);
        }
        // Windows own their bytes, so the next input is read while these are evaluated; the
        // end-of-stream report (a read error, a file that shrank, no entity) is a task in order.
        if (!summary_.cancelled) io::report_stream_end(stream, name, errors);
      }
      if (borrowed) (void)in.stream.release();
    };
    for (const input_source& src : inputs) {
      if (cancelled()) break;
      const std::string& name = src.name();
      switch (src.source_kind()) {
        case input_source::kind::file: {
          std::error_code ec;
          if (src.path() != "-" && std::filesystem::is_directory(src.path(), ec)) {
            read_folder(src.path(), fmt, feed, cancelled);
            continue;
          }
          feed(io::open_input(src.path(), fmt, o_.json), name, false);
          break;
        }
        case input_source::kind::memory:
          feed(io::open_memory(src.data(), name, fmt, o_.json), name, false);
          break;
        case input_source::kind::stream:
          feed(io::open_stream(src.stream_handle(), name, fmt, o_.json), name, true);
          break;
      }
    }
    if (!aws.empty() && !summary_.cancelled) {
      task* t = acquire();
      t->kind = task_kind::aws;
      t->group = std::move(aws);
      t->group_borrowed = std::move(aws_borrowed);
      submit(t);
    } else {
      for (std::size_t i = 0; i < aws.size(); ++i) {
        if (aws_borrowed[i]) (void)aws[i].stream.release();  // the caller's streams stay open
      }
    }
    finish_pending();
    stop_workers();
    if (!summary_.cancelled) run_lists();
    finalize();
    for (finding_sink* s : all_sinks_) s->end(summary_);
    for (finding_sink* s : all_sinks_) summary_.output_failed = summary_.output_failed || s->failed();
    if (o_.progress) o_.progress(summary_, true);
    return summary_;
  }

  // A folder: every regular file under it (recursively, in sorted path order) whose sniffed format
  // is one of the document formats that describe resources (a Terraform plan or state, a
  // CloudFormation template, CloudGuard notifications, AWS CLI ECR outputs; with --input X, X
  // only). Other files (cdk.out's manifest.json and tree.json, assets, READMEs) are not input and
  // are skipped; a folder with no such file is an error, never a clean run.
  template <typename Feed, typename Cancelled>
  void read_folder(const std::string& folder, io::input_format fmt, Feed& feed, Cancelled& cancelled) {
    std::vector<std::string> files;
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(folder, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code fe;
      if (it->is_regular_file(fe)) files.push_back(it->path().string());
    }
    if (ec) {
      add_error(io::position{folder, 0, 0, {}}, diag_code::input_unreadable,
                "cannot read the folder: " + ec.message());
      return;
    }
    std::sort(files.begin(), files.end());
    std::size_t read = 0;
    std::vector<std::string> skipped;
    for (const std::string& f : files) {
      if (cancelled()) return;
      io::opened_input in = io::open_input(f, io::input_format::automatic, o_.json);
      if (in.error) {  // a file that cannot be read is an error, never passed over
        ++read;
        feed(std::move(in), f, false);
        continue;
      }
      const bool wanted = fmt == io::input_format::automatic
                              ? (in.format == io::input_format::terraform_plan ||
                                 in.format == io::input_format::cloudformation ||
                                 in.format == io::input_format::cloudguard || in.format == io::input_format::aws_ecr)
                              : in.format == fmt;
      if (!wanted) {
        skipped.push_back(f);
        continue;
      }
      ++read;
      feed(std::move(in), f, false);
    }
    if (read == 0) {
      add_error(io::position{folder, 0, 0, {}}, diag_code::input_unreadable,
                "the folder holds no input: none of its " + std::to_string(files.size()) +
                    " files is a Terraform plan or state, a CloudFormation template, CloudGuard notifications or "
                    "AWS CLI ECR output");
    } else if (!skipped.empty()) {
      // Said, so that an entity file left in a folder of templates does not vanish unnoticed.
      std::string w = "folder " + folder + ": " + std::to_string(skipped.size()) +
                      " file(s) that are not IaC, CloudGuard or AWS CLI input were not read (give them as files): ";
      for (std::size_t i = 0; i < skipped.size() && i < 5; ++i) w += (i ? ", " : "") + skipped[i];
      if (skipped.size() > 5) w += ", ...";
      folder_warnings_.push_back(std::move(w));
    }
  }

  // ---- called by the workers (and the sinks of the readers) ------------------------------------

  void on_entity(worker_state& ws, part& p, simdjson::dom::element e, const std::string& file,
                 std::size_t line, std::string_view address) {
    // Cancelled: the rest is not evaluated (asked every 64 entities, so a long window stops soon).
    if ((++ws.evaluated & 63u) == 0 && o_.cancel && o_.cancel()) abandon_.store(true, std::memory_order_relaxed);
    if (abandon_.load(std::memory_order_relaxed)) return;
    if (e.type() != simdjson::dom::element_type::OBJECT) {
      build_source(ws);
      unreadable(ws, p, diag_code::entity_not_object, "the entity is not a JSON object", file, line, address);
      return;
    }
    const std::string_view type = entity_type(e, o_.eval);
    if (type.empty()) {
      // An object without a type keeps its identity in reports, when it has one.
      build_source(ws);
      unreadable(ws, p, diag_code::entity_no_type,
                 "the entity has no \"type\" member (use --type T for input without one)", file, line, address,
                 detail::entity_identity(e, ws.id_buf));
      return;
    }
    ++p.entities;
    count_type(p, type);
    finding f;
    f.entity_type = type;
    f.file = file;
    f.line = line;
    f.address = address;
    // The identity and the "file:line" source, built when a finding needs them.
    std::string_view id;
    bool named = false;
    const auto name = [&] {
      if (named) return;
      named = true;
      build_source(ws);
      id = detail::entity_identity(e, ws.id_buf);
      if (id.empty()) id = ws.source;
      f.entity = id;
      f.source = ws.source;
    };
    if (ws.last_bucket == nullptr || type != ws.last_type) {
      ws.last_bucket = &index_.rules_for(type, ws.lower);
      ws.last_type.assign(type);
    }
    const std::vector<std::size_t>& bucket = *ws.last_bucket;
    for (std::size_t i : bucket) {
      const ruleset_entry& r = rules_.rules[i];
      // The index matched the entity's type to the rule's: no second read of "type".
      outcome res = detail::evaluate_matched(ws.ev, r.compiled, e, o_.eval, ws.result);
      const exception_entry* accepted = nullptr;
      if (res == outcome::failed && o_.exceptions != nullptr) {
        name();
        ws.names.clear();
        ws.names.push_back(id);
        if (std::string_view arn; e.at_key("arn").get(arn) == simdjson::SUCCESS && arn != id) ws.names.push_back(arn);
        if (!address.empty()) ws.names.push_back(address);
        accepted = accept(p, r.info.id, ws.names);
        if (accepted != nullptr) res = outcome::excepted;
      }
      p.counts[i][static_cast<std::size_t>(res)]++;
      p.matched[i]++;
      if (res == outcome::failed) ++p.failed;
      if (res == outcome::error) ++p.errors;
      if (!wanted_.contains(res)) continue;
      name();
      f.rule = &r.info;
      f.rule_index = i;
      f.result = res;
      f.evidence = string_list{ws.result.evidence.data(), ws.result.evidence.size()};
      f.exception = {};
      f.baseline = false;
      if (ws.result.error) {
        f.message = ws.result.error->message;
        ws.code = code_name(ws.result.error->code);
        f.code = ws.code;
      } else if (accepted != nullptr) {
        f.message = accepted->reason;
        f.code = {};
        f.exception = accepted->source;
        f.baseline = accepted->baseline;
      } else {
        f.message = {};
        f.code = {};
      }
      emit(p, f);
    }
    if (wanted_.contains(outcome::not_relevant) && bucket.size() < index_.plain_rules().size()) {
      name();
      f.result = outcome::not_relevant;
      f.evidence = {};
      f.message = {};
      f.code = {};
      f.exception = {};
      f.baseline = false;
      for (std::size_t i : index_.plain_rules()) {
        if (std::binary_search(bucket.begin(), bucket.end(), i)) continue;
        f.rule = &rules_.rules[i].info;
        f.rule_index = i;
        emit(p, f);
      }
    }
    if (index_.has_lists()) {
      for (std::size_t i : index_.list_rules_for(type, ws.lower)) {
        p.matched[i]++;
        p.list_entities.emplace_back(i, simdjson::to_string(e));
      }
    }
  }

  // id: the entity's identity when it has one (an object without a type), else its position.
  void unreadable(worker_state& ws, part& p, diag_code code, std::string_view message, const std::string& file,
                  std::size_t line, std::string_view address, std::string_view id = {}) {
    ++p.unreadable;
    ++p.errors;
    if (!wanted_.contains(outcome::error)) return;
    finding f;
    // Named by its identity, else its Terraform address, else where it is.
    f.entity = !id.empty() ? id : !address.empty() ? address : std::string_view(ws.source);
    f.result = outcome::error;
    f.source = ws.source;
    f.file = file;
    f.line = line;
    f.address = address;
    f.message = message;
    ws.code = code_name(code);
    f.code = ws.code;
    emit(p, f);
  }

  void set_source(worker_state& ws, const io::position& pos) {
    ws.pending_file = nullptr;
    ws.source = pos.to_string();
  }

  // The entity at file:line is next; its source string is built only if something needs it.
  static void defer_source(worker_state& ws, const std::string& file, std::size_t line) {
    ws.pending_file = &file;
    ws.pending_line = line;
  }
  static void build_source(worker_state& ws) {
    if (ws.pending_file == nullptr) return;
    const std::string& file = *ws.pending_file;
    ws.pending_file = nullptr;
    set_source(ws, file, ws.pending_line);
  }

  static void set_source(worker_state& ws, const std::string& file, std::size_t line) {
    ws.pending_file = nullptr;
    ws.source.assign(file);
    ws.source += ':';
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, line);
    (void)ec;
    ws.source.append(digits, end);
  }

  // A document task's results so far go out (and the worker waits while two parts are unread).
  void maybe_publish(task& t) {
    if (t.current.bytes() < part_limit) return;
    publish(t);
  }

  void add_error(const io::position& pos, diag_code code, std::string message) {
    diagnostic d;
    d.code = code;
    d.message = std::move(message);
    d.source_name = pos.to_string();
    add_error(pos, d);
  }

  void add_error(const io::position& pos, const diagnostic& d) {
    task* t = acquire();
    t->kind = task_kind::error;
    t->err = d;
    t->pos = pos;
    submit(t);
  }

 private:
  // The exception entry that accepts a failure of rule_id on an entity with these names, or
  // nullptr; records which entry was used (or had expired) for the summary's warnings.
  const exception_entry* accept(part& p, std::string_view rule_id, const std::vector<std::string_view>& names) {
    std::size_t expired = std::string_view::npos;
    const std::size_t k = o_.exceptions->match(rule_id, names, o_.eval.now, &expired);
    if (k != std::string_view::npos) {
      p.exception_hits.push_back(k);
      return &o_.exceptions->entries()[k];
    }
    if (expired != std::string_view::npos) p.exception_expired.push_back(expired);
    return nullptr;
  }

  void init_parser(worker_state& ws) {
    // A failure here makes parse() report the same failure for every entity; nothing is lost.
    if (ws.parser.allocate(1u << 16, o_.json.max_depth) != simdjson::SUCCESS) return;
  }

  void count_type(part& p, std::string_view type) {
    for (auto& [name, n] : p.types) {
      if (name.size() == type.size() && (name == type || detail::equal_ignore_ascii_case(name, type))) {
        ++n;
        return;
      }
    }
    p.types.emplace_back(std::string(type), 1);
  }

  void emit(part& p, const finding& f) {
    for (std::size_t k = 0; k < formatters_.size(); ++k) {
      if (formatter_sets_[k].contains(f.result)) formatters_[k]->format(f, p.text[k]);
    }
    std::uint32_t mask = 0;
    for (std::size_t k = 0; k < plain_.size(); ++k) {
      if (plain_sets_[k].contains(f.result)) mask |= std::uint32_t{1} << k;
    }
    if (mask != 0) {
      p.records.emplace_back(f);
      p.masks.push_back(mask);
      p.record_bytes += 128 + f.entity.size() + f.source.size() + f.message.size();
      for (const auto& e : f.evidence) p.record_bytes += e.size() + 32;
    }
  }

  // ---- tasks ---------------------------------------------------------------------------------

  task* acquire() {
    while (inflight_ >= max_inflight_) {
      if (help()) {
        drain(false);
      } else {
        drain(true);
      }
    }
    std::unique_ptr<task> t;
    if (!free_.empty()) {
      t = std::move(free_.back());
      free_.pop_back();
    } else {
      t = std::make_unique<task>();
    }
    t->current.reset(rules_.rules.size(), formatters_.size());
    t->ready.clear();
    t->done = false;
    t->helper_run = false;
    t->w.size = 0;
    task* raw = t.get();
    pending_.push_back(std::move(t));
    ++inflight_;
    return raw;
  }

  void submit(task* t) {
    if (workers_.empty()) {
      process(*t, *inline_state_);
      t->done = true;
    } else {
      {
        std::lock_guard<std::mutex> lock(m_);
        queue_.push_back(t);
      }
      cv_work_.notify_one();
    }
    drain(false);
  }

  void publish(task& t) {
    if (t.helper_run) {
      // Run by the reading thread: once every older task is delivered, this part can go out.
      while (!pending_.empty() && pending_.front().get() != &t) drain(true);
      write_part(t.current);
    } else if (workers_.empty()) {
      // Inline: every earlier task is delivered already, so this part can go out now.
      write_part(t.current);
    } else {
      std::unique_lock<std::mutex> lock(m_);
      t.ready.push_back(std::move(t.current));
      cv_done_.notify_all();
      cv_space_.wait(lock, [&] { return t.ready.size() < 2 || stop_; });
    }
    t.current.reset(rules_.rules.size(), formatters_.size());
  }

  // The reading thread evaluates the oldest queued task, as a worker would; false when none is
  // queued. Every older task is then evaluated by a worker already, so when this task publishes a
  // part (a large document), the reading thread delivers the older tasks first, waiting for them
  // (their workers wait only for it to deliver), and then the part itself (helper_run).
  bool help() {
    if (!helper_state_) return false;
    task* t = nullptr;
    {
      std::lock_guard<std::mutex> lock(m_);
      if (!queue_.empty()) {
        t = queue_.front();
        queue_.pop_front();
        t->helper_run = true;
      }
    }
    if (t == nullptr) return false;
    process(*t, *helper_state_);
    {
      std::lock_guard<std::mutex> lock(m_);
      t->ready.push_back(std::move(t->current));
      t->done = true;
    }
    cv_done_.notify_all();
    return true;
  }

  void work() {
    worker_state ws;
    init_parser(ws);
    while (true) {
      task* t = nullptr;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        t = queue_.front();
        queue_.pop_front();
      }
      process(*t, ws);
      {
        std::lock_guard<std::mutex> lock(m_);
        t->ready.push_back(std::move(t->current));
        t->done = true;
      }
      cv_done_.notify_all();
    }
  }

  void process(task& t, worker_state& ws) {
    part& p = t.current;
    switch (t.kind) {
      case task_kind::window:
        if (t.w.size == 0) return;
        io::parse_window(
            t.w, ws.parser, t.file, o_.json,
            [&](simdjson::dom::element e, std::size_t line) {
              defer_source(ws, t.file, line);
              on_entity(ws, p, e, t.file, line, {});
            },
            [&](const diagnostic& d, std::size_t line) {
              set_source(ws, t.file, line);
              unreadable(ws, p, d.code, d.message, t.file, line, {});
            });
        return;
      case task_kind::error:
        set_source(ws, t.pos);
        unreadable(ws, p, t.err.code, t.err.message, t.pos.file, t.pos.line, t.pos.address);
        return;
      case task_kind::document: {
        task_sink sink(*this, t, ws);
        io::reader_options ro;
        ro.json = o_.json;
        ro.window_bytes = o_.window_bytes;
        io::read_document(t.in, sink, ro);
        if (t.borrowed_stream) (void)t.in.stream.release();
        t.in = io::opened_input{};
        return;
      }
      case task_kind::aws: {
        task_sink sink(*this, t, ws);
        io::reader_options ro;
        ro.json = o_.json;
        ro.window_bytes = o_.window_bytes;
        io::read_aws_ecr(t.group, sink, ro);
        for (std::size_t i = 0; i < t.group.size(); ++i) {
          if (i < t.group_borrowed.size() && t.group_borrowed[i]) (void)t.group[i].stream.release();
        }
        t.group.clear();
        return;
      }
    }
  }

  // Delivers finished parts in input order; with wait, blocks until the oldest task is finished.
  void drain(bool wait) {
    while (!pending_.empty()) {
      task* t = pending_.front().get();
      std::deque<part> got;
      bool finished = false;
      if (workers_.empty()) {
        finished = t->done;
        if (finished) got.push_back(std::move(t->current));
      } else {
        std::unique_lock<std::mutex> lock(m_);
        if (wait) cv_done_.wait(lock, [&] { return t->done || !t->ready.empty(); });
        got.swap(t->ready);
        finished = t->done;
      }
      if (!got.empty() && !workers_.empty()) cv_space_.notify_all();
      for (part& p : got) write_part(p);
      if (!finished) {
        if (!wait) break;
        continue;
      }
      // The task's last part goes back to it, so its buffers are reused by the next task.
      if (!got.empty()) t->current = std::move(got.back());
      free_.push_back(std::move(pending_.front()));
      pending_.pop_front();
      --inflight_;
      wait = false;
    }
  }

  void finish_pending() {
    while (!pending_.empty()) {
      if (help()) {
        drain(false);
      } else {
        drain(true);
      }
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_work_.notify_all();
    cv_space_.notify_all();
    for (auto& th : workers_) th.join();
    workers_.clear();
    if (!inline_state_) {
      inline_state_ = std::make_unique<worker_state>();
      init_parser(*inline_state_);
    }
  }

  void write_part(part& p) {
    for (std::size_t k = 0; k < formatters_.size(); ++k) {
      if (!p.text[k].empty()) formatters_[k]->write(p.text[k]);
    }
    for (std::size_t r = 0; r < p.records.size(); ++r) {
      const finding f = p.records[r].view();
      for (std::size_t k = 0; k < plain_.size(); ++k) {
        if ((p.masks[r] >> k) & 1u) plain_[k]->add(f);
      }
    }
    for (std::size_t i = 0; i < p.counts.size() && i < summary_.rules.size(); ++i) {
      for (std::size_t k = 0; k < outcome_count; ++k) summary_.rules[i].outcomes[k] += p.counts[i][k];
      matched_[i] += p.matched[i];
    }
    for (auto& [name, n] : p.types) {
      std::string folded;
      detail::fold_ascii(name, folded);
      auto it = types_.find(folded);
      if (it == types_.end()) {
        types_.emplace(std::move(folded), std::make_pair(name, n));
      } else {
        it->second.second += n;
      }
    }
    for (auto& [i, text] : p.list_entities) list_entities_[i].push_back(std::move(text));
    for (std::size_t k : p.exception_hits) exception_hits_[k]++;
    for (std::size_t k : p.exception_expired) exception_expired_[k]++;
    summary_.entities += p.entities;
    summary_.unreadable += p.unreadable;
    summary_.failed += p.failed;
    summary_.errors += p.errors;
    if (o_.progress) o_.progress(summary_, false);
  }

  // List<T> rules, once over every entity of their type.
  void run_lists() {
    if (!index_.has_lists()) return;
    worker_state& ws = *inline_state_;
    part p;
    p.reset(rules_.rules.size(), formatters_.size());
    std::string items;
    simdjson::dom::parser list_parser;
    for (std::size_t i : index_.list_rules()) {
      const ruleset_entry& r = rules_.rules[i];
      const std::vector<std::string>& texts = list_entities_[i];
      items.assign("{\"items\":[");
      for (std::size_t k = 0; k < texts.size(); ++k) {
        if (k) items += ',';
        items += texts[k];
      }
      items += "]}";
      simdjson::dom::element root;
      evaluation& e = ws.result;
      if (auto err = list_parser.parse(items).get(root); err) {
        e = evaluation{};
        e.result = outcome::error;
        e.error = detail::json_error(err, "<items>");
      } else {
        (void)detail::evaluate_list_root(ws.ev, r.compiled, root, o_.eval, e);
      }
      const std::string entity = "List<" + r.compiled.target_type() + ">";
      const exception_entry* accepted = nullptr;
      if (e.result == outcome::failed && o_.exceptions != nullptr) {
        accepted = accept(p, r.info.id, {entity});
        if (accepted != nullptr) e.result = outcome::excepted;
      }
      p.counts[i][static_cast<std::size_t>(e.result)]++;
      if (e.result == outcome::failed) ++p.failed;
      if (e.result == outcome::error) ++p.errors;
      if (!wanted_.contains(e.result)) continue;
      const std::string source = std::to_string(texts.size()) + " entities";
      finding f;
      f.rule = &r.info;
      f.rule_index = i;
      f.entity = entity;
      f.entity_type = r.compiled.target_type();
      f.result = e.result;
      f.evidence = string_list{e.evidence.data(), e.evidence.size()};
      f.source = source;
      if (e.error) {
        f.message = e.error->message;
        ws.code = code_name(e.error->code);
        f.code = ws.code;
      } else if (accepted != nullptr) {
        f.message = accepted->reason;
        f.exception = accepted->source;
        f.baseline = accepted->baseline;
      }
      emit(p, f);
    }
    p.matched.assign(rules_.rules.size(), 0);
    write_part(p);
  }

  // The family of an entity type, for the warning about rules that applied to no entity:
  // Terraform resource types are lower_snake_case (aws_iam_role), CloudFormation ones AWS_X_Y
  // (AWS_IAM_Role), CloudGuard entity types have no underscore (EcrRepository).
  enum class type_family { cloudguard, terraform, cloudformation };
  static type_family family_of(std::string_view type) noexcept {
    if (type.find('_') == std::string_view::npos) return type_family::cloudguard;
    for (char c : type) {
      if (c >= 'A' && c <= 'Z') return type_family::cloudformation;
    }
    return type_family::terraform;
  }

  void finalize() {
    const std::size_t entities = summary_.entities;
    // A rule over a type of a family that the input does not have at all (a Terraform rule in a
    // scan of a CloudGuard inventory: the bundled rules cover every family) is not a misspelt
    // type, and is not warned about; within a family that was read, a type that no entity had is
    // (and with no entity at all, every rule is).
    bool family_read[3] = {false, false, false};
    for (const auto& [folded, entry] : types_) family_read[static_cast<int>(family_of(entry.first))] = true;
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      rule_tally& t = summary_.rules[i];
      t.entities_of_type = matched_[i];
      if (!rules_.rules[i].compiled.is_list()) {
        t.outcomes[static_cast<std::size_t>(outcome::not_relevant)] += entities - matched_[i];
      }
      if (matched_[i] == 0 &&
          (types_.empty() || family_read[static_cast<int>(family_of(rules_.rules[i].compiled.target_type()))])) {
        summary_.rules_without_entities.push_back(i);
      }
      const std::size_t failed = t.count(outcome::failed);
      if (auto sev = parse_severity(rules_.rules[i].info.severity)) {
        summary_.failed_by_severity[static_cast<std::size_t>(*sev)] += failed;
      } else {
        summary_.failed_unrated += failed;
      }
      summary_.excepted += t.count(outcome::excepted);
    }
    if (o_.exceptions != nullptr) {
      const auto& entries = o_.exceptions->entries();
      for (std::size_t k = 0; k < entries.size(); ++k) {
        const exception_entry& x = entries[k];
        const std::string what = "exception " + x.source + " (ruleId " + x.rule_id + ", entity " + x.entity + ")";
        if (!x.expires.empty() && o_.eval.now >= x.expires_at) {
          summary_.warnings.push_back(what + " expired on " + x.expires + " and no longer applies" +
                                      (exception_expired_[k] > 0
                                           ? ": " + std::to_string(exception_expired_[k]) + " failure(s) count again"
                                           : std::string()));
        } else if (!x.baseline && exception_hits_[k] == 0) {
          summary_.warnings.push_back(what + " matched no failure (fixed, or a typo in it?)");
        }
      }
    }
    for (auto& [folded, entry] : types_) summary_.entities_per_type.push_back(entry);
    std::sort(summary_.entities_per_type.begin(), summary_.entities_per_type.end());
    for (auto& w : folder_warnings_) summary_.warnings.push_back(std::move(w));
  }

  const ruleset& rules_;
  const scan_options& o_;
  detail::type_index index_;
  std::vector<formatting_sink*> formatters_;
  std::vector<outcome_set> formatter_sets_;
  std::vector<finding_sink*> plain_;
  std::vector<outcome_set> plain_sets_;
  std::vector<finding_sink*> all_sinks_;
  outcome_set wanted_;

  scan_summary summary_;
  std::vector<std::size_t> matched_;
  std::map<std::string, std::pair<std::string, std::size_t>> types_;
  std::map<std::size_t, std::vector<std::string>> list_entities_;
  std::vector<std::size_t> exception_hits_, exception_expired_;  // per exception entry

  std::size_t max_inflight_ = 4;
  std::size_t inflight_ = 0;
  std::deque<std::unique_ptr<task>> pending_;
  std::vector<std::unique_ptr<task>> free_;
  std::unique_ptr<worker_state> inline_state_;
  std::unique_ptr<worker_state> helper_state_;  // the reading thread's, when it helps workers
  std::vector<std::thread> workers_;
  std::deque<task*> queue_;
  std::mutex m_;
  std::condition_variable cv_work_, cv_done_, cv_space_;
  bool stop_ = false;
  std::vector<std::string> folder_warnings_;  // files of folder inputs that were not read
  std::atomic<bool> abandon_{false};  // scan_options::cancel said stop: workers skip what is left
};

void task_sink::entity(simdjson::dom::element el, const io::position& pos) {
  e_.set_source(ws_, pos);
  e_.on_entity(ws_, t_.current, el, pos.file, pos.line, pos.address);
  e_.maybe_publish(t_);
}

void task_sink::error(const diagnostic& d, const io::position& pos) {
  e_.set_source(ws_, pos);
  e_.unreadable(ws_, t_.current, d.code, d.message, pos.file, pos.line, pos.address);
  e_.maybe_publish(t_);
}

void main_sink::error(const diagnostic& d, const io::position& pos) { e_.add_error(pos, d); }

}  // namespace

scan_summary scan(const ruleset& rules, const std::vector<input_source>& inputs,
                  const std::vector<finding_sink*>& sinks, const scan_options& options) {
  engine e(rules, sinks, options);
  return e.run(inputs);
}

}  // namespace cgsl
