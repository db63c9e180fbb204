// SPDX-License-Identifier: Apache-2.0
// cgsl._cgsl: the Python binding (pybind11) over the C++ API. The pure-Python package cgsl
// (python/cgsl/__init__.py) wraps it; docs/python.md describes the API, the GIL and threads.
//
// Threads: every call into the library releases the GIL. Caller functions written in Python take
// it back (py::gil_scoped_acquire) for the duration of the call, from whichever thread evaluates.
// A scan runs cgsl::scan() on a thread of its own that fills a bounded queue of finding batches;
// the Python iterator pops batches (waiting with the GIL released) and turns them into dicts.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cgsl/cgsl.hpp"
#include "cgsl/scan.hpp"
#include "cgsl/version.hpp"

namespace py = pybind11;

namespace {

// ---- small helpers --------------------------------------------------------------------------

// Text from the library as str; bytes that are not UTF-8 (file names) survive as surrogates.
py::str to_str(std::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

std::string from_str(const py::handle& h) {
  if (PyUnicode_Check(h.ptr())) {
    Py_ssize_t n = 0;
    const char* p = PyUnicode_AsUTF8AndSize(h.ptr(), &n);
    if (p == nullptr) throw py::error_already_set();
    return std::string(p, static_cast<std::size_t>(n));
  }
  if (PyBytes_Check(h.ptr())) return std::string(PyBytes_AS_STRING(h.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(h.ptr())));
  throw py::type_error("expected str or bytes");
}

// Objects that live as long as the interpreter (interned keys, the MISSING sentinel).
py::handle leak(py::object o) { return o.release(); }

// The distinct value a caller function receives for a path that does not exist.
struct missing_t {};
py::handle g_missing;

py::handle key(const char* k) {
  PyObject* s = PyUnicode_InternFromString(k);
  if (s == nullptr) throw py::error_already_set();
  return s;  // leaked on purpose: interned for the interpreter's lifetime
}

py::object number(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= 9007199254740992.0) {
    return py::int_(static_cast<long long>(d));
  }
  return py::float_(d);
}

py::object to_python(const cgsl::literal& l) {
  if (const bool* b = std::get_if<bool>(&l)) return py::bool_(*b);
  if (const double* d = std::get_if<double>(&l)) return number(*d);
  return to_str(std::get<std::string>(l));
}

py::object to_python(const cgsl::json_view& v) {
  switch (v.type()) {
    case cgsl::json_view::kind::missing: return py::reinterpret_borrow<py::object>(g_missing);
    case cgsl::json_view::kind::null: return py::none();
    case cgsl::json_view::kind::boolean: return py::bool_(*v.as_bool());
    case cgsl::json_view::kind::number: return number(*v.as_number());
    case cgsl::json_view::kind::string: return to_str(*v.as_string());
    case cgsl::json_view::kind::array: {
      py::list out;
      v.for_each_element([&](const cgsl::json_view& e) { out.append(to_python(e)); });
      return std::move(out);
    }
    case cgsl::json_view::kind::object: {
      py::dict out;
      v.for_each_member([&](std::string_view k, const cgsl::json_view& e) { out[to_str(k)] = to_python(e); });
      return std::move(out);
    }
  }
  return py::none();
}

cgsl::literal to_literal(const py::handle& h) {
  if (PyBool_Check(h.ptr())) return h.cast<bool>();
  if (PyLong_Check(h.ptr()) || PyFloat_Check(h.ptr())) return h.cast<double>();
  if (PyUnicode_Check(h.ptr())) return from_str(h);
  throw py::type_error("list entries must be str, int, float or bool, not " +
                       std::string(py::str(py::type::handle_of(h).attr("__name__"))));
}

// lists: a mapping name -> iterable of literals ("$name" and "name" both name $name).
cgsl::named_lists to_lists(const py::object& lists) {
  cgsl::named_lists out;
  if (lists.is_none()) return out;
  for (auto item : py::dict(lists)) {
    std::string name = from_str(item.first);
    if (!name.empty() && name.front() == '$') name.erase(0, 1);
    std::vector<cgsl::literal> values;
    for (auto v : py::iter(item.second)) values.push_back(to_literal(v));
    out[name] = std::move(values);
  }
  return out;
}

// A Python callable kept by compiled rules (which any thread may copy or drop): its last
// reference is dropped with the GIL held, or leaked when the interpreter is already going away.
struct py_callable {
  py::object fn;
  explicit py_callable(py::object f) : fn(std::move(f)) {}
  py_callable(const py_callable&) = delete;
  py_callable& operator=(const py_callable&) = delete;
  ~py_callable() {
    if (!Py_IsInitialized() || _Py_IsFinalizing()) {
      (void)fn.release();
      return;
    }
    py::gil_scoped_acquire gil;
    fn = py::object();
  }
};

// A thread the library started (a scan's worker) gets one Python thread state for its whole
// life, instead of one created and destroyed around every call of a caller function.
struct worker_thread_state {
  PyGILState_STATE gil_state{};
  PyThreadState* saved = nullptr;
  bool registered = false;

  void ensure() {
    if (registered || PyGILState_GetThisThreadState() != nullptr) return;  // a Python thread already
    gil_state = PyGILState_Ensure();
    saved = PyEval_SaveThread();
    registered = true;
  }
  ~worker_thread_state() {
    if (!registered || !Py_IsInitialized() || _Py_IsFinalizing()) return;
    PyEval_RestoreThread(saved);
    PyGILState_Release(gil_state);
  }
};
thread_local worker_thread_state t_worker_state;

std::string describe_python_error(py::error_already_set& e) {
  std::string type = "Exception";
  try {
    type = py::str(e.type().attr("__name__"));
  } catch (...) {
  }
  std::string text;
  try {
    text = py::str(e.value());
  } catch (...) {
  }
  return text.empty() ? type : type + ": " + text;
}

cgsl::function_result from_python_result(const py::handle& r, const std::string& name) {
  if (r.is_none() || r.is(g_missing)) return std::monostate{};
  if (PyBool_Check(r.ptr())) return r.cast<bool>();
  if (PyLong_Check(r.ptr()) || PyFloat_Check(r.ptr())) return r.cast<double>();
  if (PyUnicode_Check(r.ptr())) return from_str(r);
  throw py::type_error("function '" + name + "' returned " +
                       std::string(py::str(py::type::handle_of(r).attr("__name__"))) +
                       ": return None, a bool, a number or a str");
}

// functions: a sequence of (name, arity, callable) (python/cgsl/__init__.py infers the arity).
std::shared_ptr<const cgsl::function_registry> to_registry(const py::object& functions) {
  if (functions.is_none()) return nullptr;
  auto reg = std::make_shared<cgsl::function_registry>();
  for (auto item : py::iter(functions)) {
    py::tuple t = py::reinterpret_borrow<py::tuple>(item);
    if (t.size() != 3) throw py::value_error("functions: expected (name, arity, callable) triples");
    std::string name = from_str(t[0]);
    const auto arity = t[1].cast<std::size_t>();
    if (!PyCallable_Check(t[2].ptr())) throw py::type_error("function '" + name + "' is not callable");
    auto holder = std::make_shared<py_callable>(py::reinterpret_borrow<py::object>(t[2]));
    cgsl::custom_function fn = [holder, name](const cgsl::json_view& subject,
                                              const std::vector<cgsl::literal>& args) -> cgsl::function_result {
      std::string error;
      t_worker_state.ensure();
      {
        py::gil_scoped_acquire gil;
        try {
          py::tuple call(args.size() + 1);
          call[0] = to_python(subject);
          for (std::size_t i = 0; i < args.size(); ++i) call[i + 1] = to_python(args[i]);
          py::object r = holder->fn(*call);
          return from_python_result(r, name);
        } catch (py::error_already_set& e) {
          error = describe_python_error(e);
        } catch (const std::exception& e) {
          error = e.what();
        }
      }
      // Thrown without the GIL: the evaluation of this entity becomes `error` (E901) with this text.
      throw std::runtime_error(error);
    };
    if (!reg->add(name, arity, std::move(fn))) {
      throw py::value_error("cannot register function '" + name +
                            "': it is a built-in function, registered twice, or not an identifier");
    }
  }
  return reg;
}

// ---- diagnostics and errors -----------------------------------------------------------------

std::string severity_name(cgsl::severity s) {
  switch (s) {
    case cgsl::severity::error: return "error";
    case cgsl::severity::warning: return "warning";
    case cgsl::severity::note: return "note";
  }
  return "error";
}

// Diagnostics as cgsl._types.Diagnostic (plain dataclasses: they pickle).
py::list to_python(const std::vector<cgsl::diagnostic>& diags) {
  py::object cls = py::module_::import("cgsl._types").attr("Diagnostic");
  py::list out;
  for (const auto& d : diags) {
    out.append(cls(py::arg("code") = cgsl::code_name(d.code), py::arg("severity") = severity_name(d.level),
                   py::arg("message") = to_str(d.message), py::arg("hint") = to_str(d.hint),
                   py::arg("source") = to_str(d.source_name), py::arg("line") = d.line, py::arg("column") = d.column,
                   py::arg("offset") = d.offset, py::arg("source_line") = to_str(d.source_line),
                   py::arg("text") = to_str(cgsl::format(d)), py::arg("rule") = to_str(d.rule)));
  }
  return out;
}

[[noreturn]] void raise_compile_error(const std::vector<cgsl::diagnostic>& diags, const std::string& what) {
  std::string text;
  for (const auto& d : diags) {
    if (d.level == cgsl::severity::error) text += cgsl::format(d);
  }
  if (text.empty()) text = what;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  py::object cls = py::module_::import("cgsl._types").attr("CompileError");
  py::object exc = cls(text, to_python(diags));
  PyErr_SetObject(cls.ptr(), exc.ptr());
  throw py::error_already_set();
}

bool has_errors(const std::vector<cgsl::diagnostic>& diags) {
  for (const auto& d : diags) {
    if (d.level == cgsl::severity::error) return true;
  }
  return false;
}

cgsl::compile_options make_compile_options(const py::object& lists, const py::object& functions) {
  cgsl::compile_options o;
  o.lists = to_lists(lists);
  o.functions = to_registry(functions);
  return o;
}

// ---- rules and evaluation -------------------------------------------------------------------

struct py_result {
  std::string outcome;
  std::vector<std::string> evidence;
  std::optional<std::string> message, code;
};

py_result to_result(const cgsl::evaluation& e) {
  py_result r;
  r.outcome = std::string(cgsl::to_string(e.result));
  r.evidence = e.evidence;
  if (e.error) {
    r.message = e.error->message;
    r.code = cgsl::code_name(e.error->code);
  }
  return r;
}

cgsl::eval_options make_eval_options(const py::object& now, bool evidence, const std::string& entity_type,
                                     std::uint64_t max_steps) {
  cgsl::eval_options o;
  if (!now.is_none()) {
    if (py::hasattr(now, "timestamp")) {
      o.now = now.attr("timestamp")().cast<double>();
    } else {
      o.now = now.cast<double>();
    }
  }
  o.evidence = evidence;
  o.entity_type = entity_type;
  if (max_steps != 0) o.max_steps = max_steps;
  return o;
}

// The JSON text of an entity given as dict (or list, ...), str or bytes.
std::string entity_text(const py::object& entity) {
  if (PyUnicode_Check(entity.ptr()) || PyBytes_Check(entity.ptr())) return from_str(entity);
  if (PyByteArray_Check(entity.ptr()) || PyMemoryView_Check(entity.ptr())) {
    return std::string(py::bytes(entity));
  }
  py::object dumps = py::module_::import("json").attr("dumps");
  return from_str(dumps(entity, py::arg("allow_nan") = false, py::arg("ensure_ascii") = false));
}

struct py_rule {
  cgsl::rule compiled;
  std::string source_name;
  py::object lists, functions;  // what it was compiled with (pickled with it)

  py_result evaluate(const py::object& entity, const py::object& now, bool evidence, const std::string& entity_type,
                     std::uint64_t max_steps) const {
    const std::string text = entity_text(entity);
    const cgsl::eval_options o = make_eval_options(now, evidence, entity_type, max_steps);
    cgsl::evaluation e;
    {
      py::gil_scoped_release release;
      thread_local cgsl::evaluator ev;  // per-thread scratch space, reused
      cgsl::document_result doc = cgsl::document::parse(text);
      if (!doc) {
        e.result = cgsl::outcome::error;
        e.error = doc.error;
      } else {
        e = ev.evaluate(compiled, *doc.value, o);
      }
    }
    return to_result(e);
  }
};

py_rule compile_rule(const std::string& text, const py::object& lists, const py::object& functions,
                     const std::string& source_name) {
  const cgsl::compile_options o = make_compile_options(lists, functions);
  cgsl::compile_result c;
  {
    py::gil_scoped_release release;
    c = cgsl::compile(text, o, source_name);
  }
  if (!c.ok()) raise_compile_error(c.diagnostics, "the rule does not compile");
  return py_rule{*c.value, source_name, lists, functions};
}

// A ruleset with what each rule was compiled with, so that it pickles by source.
struct py_ruleset {
  std::shared_ptr<const cgsl::ruleset> rules;
  std::vector<std::pair<py::object, py::object>> compiled_with;  // (lists, functions) per rule
  std::vector<cgsl::diagnostic> warnings;
};

py::tuple info_state(const cgsl::rule_info& i) {
  py::list extra;
  for (const auto& [k, v] : i.extra) extra.append(py::make_tuple(to_str(k), to_str(v)));
  return py::make_tuple(to_str(i.id), to_str(i.name), to_str(i.severity), to_str(i.description),
                        to_str(i.remediation), to_str(i.category), to_str(i.compliance_tag), to_str(i.logic),
                        to_str(i.file), extra);
}

cgsl::rule_info info_from_state(const py::tuple& t) {
  if (t.size() != 10) throw py::value_error("bad rule state");
  cgsl::rule_info i;
  i.id = from_str(t[0]);
  i.name = from_str(t[1]);
  i.severity = from_str(t[2]);
  i.description = from_str(t[3]);
  i.remediation = from_str(t[4]);
  i.category = from_str(t[5]);
  i.compliance_tag = from_str(t[6]);
  i.logic = from_str(t[7]);
  i.file = from_str(t[8]);
  for (auto e : py::list(t[9])) {
    py::tuple kv = py::reinterpret_borrow<py::tuple>(e);
    i.extra.emplace_back(from_str(kv[0]), from_str(kv[1]));
  }
  return i;
}

py_ruleset load_ruleset(const std::vector<std::string>& paths, const py::object& lists, const py::object& functions) {
  const cgsl::compile_options o = make_compile_options(lists, functions);
  cgsl::ruleset_result loaded;
  {
    py::gil_scoped_release release;
    for (const auto& p : paths) cgsl::merge_rules(loaded, cgsl::load_rules(p, o));
  }
  if (!loaded.ok()) raise_compile_error(loaded.diagnostics, "the rules do not load");
  py_ruleset out;
  out.compiled_with.assign(loaded.value.rules.size(), {lists, functions});
  out.warnings = std::move(loaded.diagnostics);
  out.rules = std::make_shared<const cgsl::ruleset>(std::move(loaded.value));
  return out;
}

// entries: (info state, lists, functions) per rule: each logic compiled again, with the name
// load_rules() gives its diagnostics.
py_ruleset ruleset_from_state(const py::list& entries) {
  auto rs = std::make_shared<cgsl::ruleset>();
  py_ruleset out;
  std::vector<cgsl::diagnostic> diags;
  for (auto e : entries) {
    py::tuple t = py::reinterpret_borrow<py::tuple>(e);
    cgsl::rule_info info = info_from_state(py::reinterpret_borrow<py::tuple>(t[0]));
    py::object lists = t[1], functions = t[2];
    const cgsl::compile_options o = make_compile_options(lists, functions);
    const std::string source = info.file.empty() ? info.id : info.file + "(" + info.id + ")";
    cgsl::compile_result c;
    {
      py::gil_scoped_release release;
      c = cgsl::compile(info.logic, o, source);
    }
    diags.insert(diags.end(), c.diagnostics.begin(), c.diagnostics.end());
    if (!c.ok()) continue;
    rs->rules.push_back(cgsl::ruleset_entry{std::move(info), *c.value});
    out.compiled_with.emplace_back(lists, functions);
  }
  if (has_errors(diags)) raise_compile_error(diags, "the rules do not compile");
  out.warnings = std::move(diags);
  out.rules = std::move(rs);
  return out;
}

py::list ruleset_state(const py_ruleset& r) {
  py::list entries;
  for (std::size_t i = 0; i < r.rules->rules.size(); ++i) {
    entries.append(py::make_tuple(info_state(r.rules->rules[i].info), r.compiled_with[i].first, r.compiled_with[i].second));
  }
  return entries;
}

// ---- the scan -------------------------------------------------------------------------------

// The state shared by a Scan object (Python side) and its scanning thread (C++ side).
struct scan_state {
  std::shared_ptr<const cgsl::ruleset> rules;
  std::vector<cgsl::input_source> inputs;
  cgsl::scan_options options;

  std::mutex m;
  std::condition_variable cv_items, cv_space;
  std::deque<std::vector<cgsl::finding_record>> batches;  // full batches, oldest first
  std::vector<cgsl::finding_record> filling;                // owned by the scanning thread
  std::size_t batch_size = 256, capacity = 16;              // at most capacity full batches wait
  std::atomic<bool> cancel{false};
  std::atomic<bool> consumer_waiting{false};
  bool finished = false;  // the scanning thread is done (guarded by m)
  cgsl::scan_summary summary;
  std::string error;  // an exception escaped cgsl::scan (std::bad_alloc)
  std::thread thread;
  std::mutex join_m;

  void push_filling_locked() {
    if (filling.empty()) return;
    batches.push_back(std::move(filling));
    filling = {};
    filling.reserve(batch_size);
    cv_items.notify_all();
  }

  // On the scanning thread: keep a finding; blocks while the queue is full (the consumer is slow)
  // until there is space or the consumer went away (then the findings are dropped).
  void add(const cgsl::finding& f) {
    if (cancel.load(std::memory_order_relaxed)) return;
    filling.emplace_back(f);
    if (filling.size() < batch_size && !consumer_waiting.load(std::memory_order_relaxed)) return;
    std::unique_lock<std::mutex> lock(m);
    cv_space.wait(lock, [&] { return batches.size() < capacity || cancel.load(); });
    if (cancel.load()) {
      filling.clear();
      return;
    }
    push_filling_locked();
  }

  void run() {
    cgsl::callback_sink sink([this](const cgsl::finding& f) { add(f); });
    options.cancel = [this] { return cancel.load(std::memory_order_relaxed); };
    cgsl::scan_summary s;
    std::string err;
    try {
      s = cgsl::scan(*rules, inputs, {&sink}, options);
    } catch (const std::exception& e) {
      err = e.what();
    } catch (...) {
      err = "unknown error";
    }
    std::lock_guard<std::mutex> lock(m);
    if (!cancel.load()) push_filling_locked();
    summary = std::move(s);
    error = std::move(err);
    finished = true;
    cv_items.notify_all();
  }

  // Stops the scan (if running) and waits for its thread; call without the GIL.
  void stop_and_join() {
    cancel.store(true);
    {
      std::lock_guard<std::mutex> lock(m);
      cv_space.notify_all();
    }
    std::lock_guard<std::mutex> lock(join_m);
    if (thread.joinable()) thread.join();
  }
};

// Live scans, stopped at interpreter exit (atexit) while caller functions can still run.
std::mutex g_live_m;
std::set<std::shared_ptr<scan_state>> g_live;

void stop_all_scans() {
  std::vector<std::shared_ptr<scan_state>> live;
  {
    std::lock_guard<std::mutex> lock(g_live_m);
    live.assign(g_live.begin(), g_live.end());
  }
  py::gil_scoped_release release;
  for (auto& s : live) s->stop_and_join();
}

struct finding_keys {
  py::handle rule_id, rule_name, severity, entity, entity_type, outcome, evidence, source, message, code;
};
finding_keys g_keys;

class py_scan {
 public:
  py_scan(const py_ruleset& rules, std::vector<cgsl::input_source> inputs, cgsl::scan_options options)
      : state_(std::make_shared<scan_state>()) {
    state_->rules = rules.rules;
    state_->inputs = std::move(inputs);
    state_->options = std::move(options);
    state_->filling.reserve(state_->batch_size);
    for (const auto& r : rules.rules->rules) {
      rule_fields_.push_back({to_str(r.info.id), to_str(r.info.name),
                              r.info.severity.empty() ? py::object(py::none()) : py::object(to_str(r.info.severity))});
    }
    for (std::size_t k = 0; k < cgsl::outcome_count; ++k) {
      outcome_names_.push_back(to_str(cgsl::to_string(static_cast<cgsl::outcome>(k))));
    }
    {
      std::lock_guard<std::mutex> lock(g_live_m);
      g_live.insert(state_);
    }
    std::shared_ptr<scan_state> s = state_;
    state_->thread = std::thread([s] { s->run(); });
  }

  py_scan(const py_scan&) = delete;
  py_scan& operator=(const py_scan&) = delete;

  ~py_scan() {
    {
      py::gil_scoped_release release;
      state_->stop_and_join();
    }
    unregister();
  }

  py::object next() {
    if (pos_ >= batch_.size()) {
      batch_.clear();
      pos_ = 0;
      if (done_) throw py::stop_iteration();
      bool finished = false;
      {
        py::gil_scoped_release release;
        std::unique_lock<std::mutex> lock(state_->m);
        state_->consumer_waiting.store(true);
        state_->cv_items.wait(lock, [&] { return !state_->batches.empty() || state_->finished; });
        state_->consumer_waiting.store(false);
        if (!state_->batches.empty()) {
          batch_ = std::move(state_->batches.front());
          state_->batches.pop_front();
          state_->cv_space.notify_all();
        } else {
          finished = true;
        }
      }
      if (finished) {
        finish();
        throw py::stop_iteration();
      }
    }
    return to_dict(batch_[pos_++]);
  }

  // Stops the scan early: the findings not yet taken are dropped; summary stays None.
  void close() {
    if (done_) return;
    {
      py::gil_scoped_release release;
      state_->stop_and_join();
    }
    unregister();
    done_ = true;
    cancelled_ = true;
    batch_.clear();
    pos_ = 0;
  }

  [[nodiscard]] py::object summary() const { return summary_; }
  // Findings held in memory, taken or not (the bound on a scan's memory, tested).
  [[nodiscard]] std::size_t buffered() const {
    std::size_t n = batch_.size() - pos_;
    std::lock_guard<std::mutex> lock(state_->m);
    for (const auto& b : state_->batches) n += b.size();
    return n;
  }
  [[nodiscard]] std::size_t max_buffered() const { return (state_->capacity + 2) * state_->batch_size; }
  [[nodiscard]] bool cancelled() const { return cancelled_; }
  [[nodiscard]] int exit_code() const {
    if (!done_ || cancelled_) throw py::value_error("the scan has not finished");
    return exit_code_;
  }

 private:
  void unregister() {
    std::lock_guard<std::mutex> lock(g_live_m);
    g_live.erase(state_);
  }

  void finish() {
    {
      py::gil_scoped_release release;
      state_->stop_and_join();  // finished already: only joins
    }
    unregister();
    done_ = true;
    if (!state_->error.empty()) throw std::runtime_error("cgsl scan failed: " + state_->error);
    cancelled_ = state_->summary.cancelled;
    exit_code_ = state_->summary.exit_code();
    const std::string json = cgsl::summary_json(state_->summary, *state_->rules);
    summary_ = py::module_::import("json").attr("loads")(to_str(json));
  }

  py::object to_dict(const cgsl::finding_record& f) {
    py::dict d;
    if (f.rule != nullptr && f.rule_index < rule_fields_.size()) {
      const auto& rf = rule_fields_[f.rule_index];
      d[g_keys.rule_id] = rf[0];
      d[g_keys.rule_name] = rf[1];
      d[g_keys.severity] = rf[2];
    } else {
      d[g_keys.rule_id] = py::none();
      d[g_keys.rule_name] = py::none();
      d[g_keys.severity] = py::none();
    }
    d[g_keys.entity] = to_str(f.entity);
    if (f.rule == nullptr && f.entity_type.empty()) {
      d[g_keys.entity_type] = py::none();
    } else {
      d[g_keys.entity_type] = to_str(f.entity_type);
    }
    d[g_keys.outcome] = outcome_names_[static_cast<std::size_t>(f.result)];
    if (!f.evidence.empty()) {
      py::list ev;
      for (const auto& e : f.evidence) ev.append(to_str(e));
      d[g_keys.evidence] = ev;
    }
    d[g_keys.source] = to_str(f.source);
    if (!f.message.empty()) d[g_keys.message] = to_str(f.message);
    if (!f.code.empty()) d[g_keys.code] = to_str(f.code);
    return std::move(d);
  }

  std::shared_ptr<scan_state> state_;
  std::vector<std::array<py::object, 3>> rule_fields_;
  std::vector<py::object> outcome_names_;
  std::vector<cgsl::finding_record> batch_;
  std::size_t pos_ = 0;
  bool done_ = false, cancelled_ = false;
  int exit_code_ = 0;
  py::object summary_ = py::none();
};

// inputs: a sequence of str (a file path, "-" for standard input) or (name, bytes|str) pairs
// (bytes in memory, copied).
std::vector<cgsl::input_source> to_inputs(const py::iterable& items) {
  std::vector<cgsl::input_source> out;
  for (auto item : items) {
    if (PyTuple_Check(item.ptr())) {
      py::tuple t = py::reinterpret_borrow<py::tuple>(item);
      if (t.size() != 2) throw py::value_error("an in-memory input is a (name, data) pair");
      out.push_back(cgsl::input_source::memory(from_str(t[0]), from_str(t[1])));
    } else {
      out.push_back(cgsl::input_source::file(from_str(item)));
    }
  }
  return out;
}

std::unique_ptr<py_scan> start_scan(const py_ruleset& rules, const py::iterable& inputs, unsigned threads,
                                    const std::string& input, const std::string& show, const py::object& now,
                                    bool evidence, const std::string& entity_type, std::size_t window_bytes,
                                    std::uint64_t max_steps) {
  cgsl::scan_options o;
  const auto fmt = cgsl::parse_input_format(input);
  if (!fmt) throw py::value_error("unknown input format '" + input +
                                  "' (auto, ndjson, jsonl, json, cloudguard, aws-ecr, terraform-plan)");
  o.input = *fmt;
  o.threads = threads;
  if (!show.empty()) {
    std::string bad;
    auto set = cgsl::outcome_set::parse(show, &bad);
    if (!set) throw py::value_error("unknown outcome '" + bad + "' in show (" + cgsl::outcome_set::all().to_string() + ", all)");
    o.show = *set;
  }
  o.eval = make_eval_options(now, evidence, entity_type, max_steps);
  if (window_bytes != 0) o.window_bytes = window_bytes;
  return std::make_unique<py_scan>(rules, to_inputs(inputs), std::move(o));
}

}  // namespace

PYBIND11_MODULE(_cgsl, m) {
  m.doc() = "cgsl's native module (pybind11). Use the package: import cgsl.";
  m.attr("__version__") = CGSL_VERSION_STRING;

  py::class_<missing_t>(m, "_Missing", "The type of cgsl.MISSING: a path that does not exist.")
      .def("__repr__", [](const missing_t&) { return "cgsl.MISSING"; })
      .def("__bool__", [](const missing_t&) { return false; })
      .def("__reduce__", [](const missing_t&) { return py::str("MISSING"); });
  g_missing = leak(py::cast(missing_t{}));
  m.attr("MISSING") = g_missing;

  g_keys = finding_keys{key("ruleId"), key("ruleName"), key("severity"), key("entity"), key("entityType"),
                        key("outcome"), key("evidence"), key("source"), key("message"), key("code")};

  py::list outcomes;
  for (std::size_t k = 0; k < cgsl::outcome_count; ++k) outcomes.append(to_str(cgsl::to_string(static_cast<cgsl::outcome>(k))));
  m.attr("OUTCOMES") = py::tuple(outcomes);

  py::class_<py_result>(m, "Result", "The outcome of one rule over one entity.")
      .def_readonly("outcome", &py_result::outcome, "'passed', 'failed', 'not_relevant', 'error' or 'matched'")
      .def_readonly("evidence", &py_result::evidence, "For 'failed': JSON paths of the elements that failed")
      .def_readonly("message", &py_result::message, "For 'error': why; else None")
      .def_readonly("code", &py_result::code, "For 'error': the diagnostic code ('E305'); else None")
      .def("__repr__", [](const py_result& r) {
        std::string s = "<Result " + r.outcome;
        for (const auto& e : r.evidence) s += " " + e;
        if (r.message) s += ": " + *r.message;
        return s + ">";
      });

  py::class_<py_rule>(m, "Rule", "A compiled GSL rule: immutable, shareable by threads, picklable by its text.")
      .def_property_readonly("text", [](const py_rule& r) { return to_str(r.compiled.text()); })
      .def_property_readonly("target_type", [](const py_rule& r) { return to_str(r.compiled.target_type()); })
      .def_property_readonly("is_list", [](const py_rule& r) { return r.compiled.is_list(); })
      .def_property_readonly("is_query", [](const py_rule& r) { return r.compiled.is_query(); })
      .def_readonly("source_name", &py_rule::source_name)
      .def_readonly("lists", &py_rule::lists)
      .def_readonly("functions", &py_rule::functions)
      .def("explain", [](const py_rule& r) { return r.compiled.explain(); })
      .def("evaluate", &py_rule::evaluate, py::arg("entity"), py::kw_only(), py::arg("now") = py::none(),
           py::arg("evidence") = true, py::arg("entity_type") = "", py::arg("max_steps") = 0)
      .def("__repr__", [](const py_rule& r) { return "<cgsl.Rule " + r.compiled.text() + ">"; });

  py::class_<py_ruleset>(m, "Ruleset", "Compiled rules with their metadata.")
      .def("__len__", [](const py_ruleset& r) { return r.rules->rules.size(); })
      .def_property_readonly("warnings", [](const py_ruleset& r) { return to_python(r.warnings); })
      .def("_state", &ruleset_state)
      .def("_rule", [](const py_ruleset& r, std::size_t i) {
        if (i >= r.rules->rules.size()) throw py::index_error();
        const auto& e = r.rules->rules[i];
        const std::string source = e.info.file.empty() ? e.info.id : e.info.file + "(" + e.info.id + ")";
        return py_rule{e.compiled, source, r.compiled_with[i].first, r.compiled_with[i].second};
      });

  py::class_<py_scan>(m, "Scan", "Findings of a running scan, in input order (an iterator).")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &py_scan::next)
      .def("close", &py_scan::close)
      .def_property_readonly("summary", &py_scan::summary)
      .def_property_readonly("cancelled", &py_scan::cancelled)
      .def_property_readonly("exit_code", &py_scan::exit_code)
      .def_property_readonly("_buffered", &py_scan::buffered)
      .def_property_readonly("_max_buffered", &py_scan::max_buffered);

  m.def("compile", &compile_rule, py::arg("text"), py::arg("lists") = py::none(), py::arg("functions") = py::none(),
        py::arg("source_name") = "<rule>");
  m.def("load_rules", &load_ruleset, py::arg("paths"), py::arg("lists") = py::none(), py::arg("functions") = py::none());
  m.def("ruleset_from_state", &ruleset_from_state, py::arg("entries"));
  m.def("bundled_rules_dir", [] { return cgsl::bundled_rules_dir().string(); });
  m.def("start_scan", &start_scan, py::arg("rules"), py::arg("inputs"), py::arg("threads"), py::arg("input"),
        py::arg("show"), py::arg("now"), py::arg("evidence"), py::arg("entity_type"), py::arg("window_bytes"),
        py::arg("max_steps"));
  m.def("_stop_all_scans", &stop_all_scans);
  m.def("_live_scans", [] {
    std::lock_guard<std::mutex> lock(g_live_m);
    return g_live.size();
  });
  py::module_::import("atexit").attr("register")(m.attr("_stop_all_scans"));
}
