// SPDX-License-Identifier: Apache-2.0
// The public evaluation entry points: type check, error containment, List<T> documents.
#include <chrono>

#include "cgsl/evaluate.hpp"
#include "cgsl/simdjson_interop.hpp"
#include "common/source.hpp"
#include "compiler/program.hpp"
#include "eval/context.hpp"
#include "eval/list.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"
#include "json/document_impl.hpp"

namespace cgsl {

double clock_now() noexcept {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string_view to_string(outcome o) noexcept {
  switch (o) {
    case outcome::passed:
      return "passed";
    case outcome::failed:
      return "failed";
    case outcome::not_relevant:
      return "not_relevant";
    case outcome::error:
      return "error";
    case outcome::matched:
      return "matched";
    case outcome::excepted:
      return "excepted";
  }
  return "error";
}

namespace {

outcome fail_with(evaluation& out, diag_code code, std::string message) {
  out.result = outcome::error;
  out.evidence.clear();
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  out.error = std::move(d);
  return out.result;
}

// Runs the program, turning every internal failure into an `error` outcome (never a pass).
outcome guarded_run(detail::eval_context& ctx, const detail::program& p, simdjson::dom::element root,
                    const eval_options& options, evaluation& out) {
  try {
    return detail::run_program(ctx, p, root, options, out);
  } catch (const detail::step_limit_exceeded&) {
    return fail_with(out, diag_code::step_limit,
                     "evaluation exceeded the limit of " + std::to_string(options.max_steps) +
                         " steps");
  } catch (const detail::custom_function_failed& e) {
    return fail_with(out, diag_code::internal_error, e.message);
  } catch (const detail::function_error& e) {
    return fail_with(out, diag_code::unreadable_value, e.message);
  } catch (const detail::input_unknown& e) {
    return fail_with(out, diag_code::input_unknown_value, e.message);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return fail_with(out, diag_code::internal_error, std::string("internal error: ") + e.what());
  }
}

}  // namespace

std::string_view entity_type(simdjson::dom::element entity, const eval_options& options) noexcept {
  std::string_view type;
  if (entity.type() == simdjson::dom::element_type::OBJECT &&
      entity.get_object().value_unsafe().at_key("type").get(type) == simdjson::SUCCESS &&
      !type.empty()) {
    return type;
  }
  return options.entity_type;
}

outcome evaluate_into(evaluator& ev, const rule& r, simdjson::dom::element entity,
                      const eval_options& options, evaluation& out) {
  out.evidence.clear();
  out.error.reset();
  const detail::program& p = r.internal_program();
  if (entity.type() != simdjson::dom::element_type::OBJECT) {
    return fail_with(out, diag_code::entity_not_object, "the entity is not a JSON object");
  }
  if (p.is_list) {
    return fail_with(out, diag_code::input_format,
                     "a List<" + p.type + "> rule is evaluated over all entities at once "
                     "(evaluate_list), not over one entity");
  }
  const std::string_view type = entity_type(entity, options);
  if (type.empty()) {
    return fail_with(out, diag_code::entity_no_type,
                     "the entity has no \"type\" member (and no type was given)");
  }
  if (!detail::equal_ignore_ascii_case(type, p.type)) return out.result = outcome::not_relevant;
  return guarded_run(ev.internal_context(), p, entity, options, out);
}

evaluation evaluate(evaluator& ev, const rule& r, simdjson::dom::element entity,
                    const eval_options& options) {
  evaluation out;
  (void)evaluate_into(ev, r, entity, options, out);
  return out;
}

evaluator::evaluator() : ctx_(std::make_unique<detail::eval_context>()) {}
evaluator::~evaluator() = default;
evaluator::evaluator(evaluator&&) noexcept = default;
evaluator& evaluator::operator=(evaluator&&) noexcept = default;

evaluation evaluator::evaluate(const rule& r, const document& entity, const eval_options& options) {
  return cgsl::evaluate(*this, r, entity.internal_impl().root, options);
}

evaluation evaluator::evaluate_list(const rule& r, const std::vector<const document*>& entities,
                                    const eval_options& options) {
  evaluation out;
  const detail::program& p = r.internal_program();
  if (!p.is_list) {
    fail_with(out, diag_code::input_format, "evaluate_list() needs a List<T> rule");
    return out;
  }
  // {"items": [every entity of type T]}, as one document the rule can walk.
  std::string& buf = ctx_->list_buffer;
  buf.assign("{\"items\":[");
  bool first = true;
  for (const document* d : entities) {
    if (d == nullptr) continue;
    simdjson::dom::element e = d->internal_impl().root;
    if (e.type() != simdjson::dom::element_type::OBJECT) continue;
    if (!detail::equal_ignore_ascii_case(entity_type(e, options), p.type)) continue;
    if (!first) buf += ',';
    first = false;
    buf += simdjson::to_string(e);
  }
  buf += "]}";
  simdjson::dom::element root;
  if (auto err = ctx_->list_parser.parse(buf).get(root); err) {
    diagnostic d = detail::json_error(err, "<items>");
    out.result = outcome::error;
    out.error = std::move(d);
    return out;
  }
  guarded_run(*ctx_, p, root, options, out);
  return out;
}

namespace detail {
outcome evaluate_list_root(evaluator& ev, const rule& r, simdjson::dom::element items_root,
                           const eval_options& options, evaluation& out) {
  out.evidence.clear();
  out.error.reset();
  const detail::program& p = r.internal_program();
  if (!p.is_list) return fail_with(out, diag_code::input_format, "evaluate_list() needs a List<T> rule");
  return guarded_run(ev.internal_context(), p, items_root, options, out);
}

outcome evaluate_matched(evaluator& ev, const rule& r, simdjson::dom::element entity,
                         const eval_options& options, evaluation& out) {
  const detail::program& p = r.internal_program();
  if (p.is_list || entity.type() != simdjson::dom::element_type::OBJECT) {
    return evaluate_into(ev, r, entity, options, out);  // the checked path says what is wrong
  }
  out.evidence.clear();
  out.error.reset();
  return guarded_run(ev.internal_context(), p, entity, options, out);
}
}  // namespace detail

evaluation evaluate(const rule& r, const document& entity, const eval_options& options) {
  evaluator ev;
  return ev.evaluate(r, entity, options);
}

}  // namespace cgsl
