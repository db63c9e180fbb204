// SPDX-License-Identifier: Apache-2.0
// The networking family (docs/language.md, "Networking functions"; spec §4a):
//   allowedHostsForPort(p)        distinct source addresses that a list of firewall rules lets
//                                 reach port p over TCP (or any protocol)
//   allowedPublicHostsForPort(p)  the same, counting only addresses outside the private and
//                                 special ranges of isPublic()
// Both read a list of rule objects (AWS security group rules and NACL entries, Azure NSG rules,
// GCP firewall rules, CloudGuard's normalised forms), apply first-match order with deny/drop, and
// count the union of IPv4 and IPv6 blocks exactly (functions/network.hpp). A field that is
// present but unreadable makes the call an evaluation error naming the element's path.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "eval/context.hpp"
#include "functions/network.hpp"
#include "functions/registry.hpp"
#include "functions/text.hpp"

namespace cgsl::detail {
namespace {

using simdjson::dom::element_type;

constexpr std::int64_t max_port = 65535;

struct port_range {
  std::int64_t lo = 0;
  std::int64_t hi = max_port;
};

// One rule element as read: what it does for the port asked about.
struct rule_element {
  bool admits_port = false;
  bool allow = true;
  bool has_order = false;
  double order = 0;
  std::vector<address_interval> v4;
  std::vector<address_interval> v6;
};

// Compact JSON text of e for messages, at most 60 bytes.
std::string shown(element e) {
  std::string text = simdjson::to_string(e);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

// Reads the rule elements of one call; every failure names the element's path.
class rule_reader {
 public:
  rule_reader(function_frame& frame, std::string_view function, double port)
      : frame_(frame), function_(function), port_(static_cast<std::int64_t>(port)) {}

  rule_element read(const value& item) {
    rule_element r;
    item_ = &item;
    const element e = item.e;
    if (item.k != value::kind::element || e.type() != element_type::OBJECT) {
      fail("", "is not a firewall rule object", item.k == value::kind::element ? shown(e) : "a computed value");
    }
    obj_ = object_of(e);
    // Every field is read, whether or not the element matters for this port: an unreadable one
    // is an error either way.
    const bool protocol = admits_protocol();
    const bool port = admits_port();
    r.admits_port = protocol && port;
    read_action(r);
    read_order(r);
    read_sources(r);
    return r;
  }

 private:
  [[noreturn]] void fail(std::string_view field, std::string_view problem, const std::string& text) {
    std::string where = frame_.path_of(*item_);
    if (!field.empty()) {
      if (!where.empty()) where += '.';
      where += field;
    }
    if (where.empty()) where = "a rule element";
    throw function_error{std::string(function_) + "(" + std::to_string(port_) + "): " + where + " " +
                         std::string(problem) + (text.empty() ? "" : ": " + text)};
  }

  // The member key, or nothing when it is absent or null.
  bool get(std::string_view key, element& out) const {
    if (obj_.at_key(key).get(out) != simdjson::SUCCESS) return false;
    return out.type() != element_type::NULL_VALUE;
  }

  // Protocol: TCP, ALL, -1, *, any or 6 (any case), or missing, admit TCP traffic.
  bool admits_protocol() {
    element p;
    all_protocols_ = true;
    if (!get("protocol", p)) return true;
    all_protocols_ = false;
    if (p.type() == element_type::STRING) {
      const std::string lower = ascii_lower(p.get_string().value_unsafe());
      all_protocols_ = lower == "all" || lower == "-1" || lower == "*" || lower == "any";
      return all_protocols_ || lower == "tcp" || lower == "6";
    }
    if (p.type() == element_type::INT64 || p.type() == element_type::UINT64 ||
        p.type() == element_type::DOUBLE) {
      const double n = p.get_double().value_unsafe();
      all_protocols_ = n == -1;
      return all_protocols_ || n == 6;
    }
    fail("protocol", "is not a protocol name or number", shown(p));
  }

  // A port bound: an integer 0..65535 or -1 (JSON number or decimal string), or "*" (every port,
  // returned as -1).
  std::int64_t bound(element b, const std::string& field) {
    if (b.type() == element_type::STRING) {
      const std::string_view s = b.get_string().value_unsafe();
      if (s == "*" || s == "-1") return -1;
      if (auto n = decimal(s)) return *n;
    } else if (b.type() == element_type::INT64) {
      const std::int64_t n = b.get_int64().value_unsafe();
      if (n >= -1 && n <= max_port) return n;
    } else if (b.type() == element_type::UINT64) {
      const std::uint64_t n = b.get_uint64().value_unsafe();
      if (n <= static_cast<std::uint64_t>(max_port)) return static_cast<std::int64_t>(n);
    } else if (b.type() == element_type::DOUBLE) {
      const double d = b.get_double().value_unsafe();
      if (std::trunc(d) == d && d >= -1 && d <= static_cast<double>(max_port)) {
        return static_cast<std::int64_t>(d);
      }
    }
    fail(field, "is not a port (0..65535 or '*')", shown(b));
  }

  static std::optional<std::int64_t> decimal(std::string_view s) {
    if (s.empty() || s.size() > 5) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n > max_port) return std::nullopt;
    return n;
  }

  // A range from two bounds; -1 or "*" on either side is every port, and so is 0-0 on an
  // all-protocols element (CloudGuard writes AWS "all traffic" rules as protocol ALL, port 0,
  // portTo 0).
  port_range make_range(std::int64_t lo, std::int64_t hi, const std::string& field, element at) {
    if (lo == -1 || hi == -1) return port_range{};
    if (lo == 0 && hi == 0 && all_protocols_) return port_range{};
    if (lo > hi) fail(field, "is a port range whose start is above its end", shown(at));
    return port_range{lo, hi};
  }

  // "22", "1000-2000", "*".
  port_range range_text(std::string_view s, const std::string& field, element at) {
    if (s == "*") return port_range{};
    const std::size_t dash = s.find('-');
    if (dash == std::string_view::npos) {
      if (auto n = decimal(s)) return make_range(*n, *n, field, at);
    } else {
      auto lo = decimal(s.substr(0, dash));
      auto hi = decimal(s.substr(dash + 1));
      if (lo && hi) return make_range(*lo, *hi, field, at);
    }
    fail(field, "is not a port or port range ('22', '1000-2000' or '*')", shown(at));
  }

  // A pair of bound fields in object o (port/portTo, destinationPort/destinationPortTo,
  // fromPort/toPort; in a port list entry also from/to); false when neither is present.
  bool pair_in(simdjson::dom::object o, const std::string& prefix, port_range& out, bool entry) {
    static constexpr std::string_view pairs[][2] = {{"port", "portTo"},
                                                    {"destinationPort", "destinationPortTo"},
                                                    {"fromPort", "toPort"},
                                                    {"from", "to"}};
    for (const auto& pr : pairs) {
      if (!entry && pr[0] == std::string_view("from")) break;
      element from;
      element to;
      const bool has_from = o.at_key(pr[0]).get(from) == simdjson::SUCCESS && from.type() != element_type::NULL_VALUE;
      const bool has_to = o.at_key(pr[1]).get(to) == simdjson::SUCCESS && to.type() != element_type::NULL_VALUE;
      if (!has_from && !has_to) continue;
      const std::string from_field = prefix + std::string(pr[0]);
      const std::string to_field = prefix + std::string(pr[1]);
      const std::int64_t lo = has_from ? bound(from, from_field) : bound(to, to_field);
      const std::int64_t hi = has_to ? bound(to, to_field) : lo;
      out = make_range(lo, hi, has_to ? to_field : from_field, has_to ? to : from);
      return true;
    }
    return false;
  }

  bool covers(const port_range& r) const { return r.lo <= port_ && port_ <= r.hi; }

  // Port fields, first found wins; none at all admits every port.
  bool admits_port() {
    port_range r;
    if (pair_in(obj_, "", r, false)) return covers(r);
    for (std::string_view key : {"destinationPortRanges", "ports"}) {
      element list;
      if (!get(key, list)) continue;
      if (list.type() != element_type::ARRAY) return covers(entry(list, std::string(key)));
      simdjson::dom::array a = array_of(list);
      if (!(a.begin() != a.end())) continue;  // [] names no port: look further
      bool any = false;
      std::size_t i = 0;
      for (element x : a) {
        frame_.tick();
        if (covers(entry(x, std::string(key) + "[" + std::to_string(i) + "]"))) any = true;
        ++i;
      }
      return any;
    }
    return true;
  }

  // One entry of a port list: a number, a string, or an object with bound fields.
  port_range entry(element x, const std::string& field) {
    switch (x.type()) {
      case element_type::STRING:
        return range_text(x.get_string().value_unsafe(), field, x);
      case element_type::INT64:
      case element_type::UINT64:
      case element_type::DOUBLE: {
        const std::int64_t n = bound(x, field);
        return make_range(n, n, field, x);
      }
      case element_type::OBJECT: {
        port_range r;
        if (pair_in(object_of(x), field + ".", r, true)) return r;
        break;
      }
      default:
        break;
    }
    fail(field, "is not a port, a port range or '*'", shown(x));
  }

  void read_action(rule_element& r) {
    for (std::string_view key : {"action", "access", "ruleAction"}) {
      element a;
      if (!get(key, a)) continue;
      if (a.type() == element_type::STRING) {
        const std::string_view s = a.get_string().value_unsafe();
        if (equal_ignore_ascii_case(s, "allow")) {
          r.allow = true;
          return;
        }
        if (equal_ignore_ascii_case(s, "deny") || equal_ignore_ascii_case(s, "drop")) {
          r.allow = false;
          return;
        }
      }
      fail(key, "is not allow, deny or drop", shown(a));
    }
  }

  void read_order(rule_element& r) {
    for (std::string_view key : {"number", "priority", "ruleNumber"}) {
      element o;
      if (!get(key, o)) continue;
      std::optional<double> n;
      if (o.type() == element_type::STRING) {
        n = parse_complete_number(o.get_string().value_unsafe());
      } else if (o.type() == element_type::INT64 || o.type() == element_type::UINT64 ||
                 o.type() == element_type::DOUBLE) {
        n = o.get_double().value_unsafe();
      }
      if (!n || std::isnan(*n)) fail(key, "is not a rule number", shown(o));
      r.has_order = true;
      r.order = *n;
      return;
    }
  }

  // A reference to something other than addresses: a security group id ("sg-0123", also with a
  // description after it), a prefix list, a service tag ("VirtualNetwork", "Storage.WestUS"), an
  // ARN. It starts with a letter and has no ':' unless it is an ARN, so that a malformed IPv6
  // address ("fe80::1x") is an error, not a reference.
  static bool is_reference(std::string_view s) {
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (s.empty() || !letter(s.front())) return false;
    if (s.substr(0, 4) == "arn:") return true;
    return s.find(':') == std::string_view::npos;
  }

  void source(element s, const std::string& field, rule_element& r) {
    frame_.tick();
    if (s.type() == element_type::NULL_VALUE) return;
    if (s.type() != element_type::STRING) fail(field, "is not an address, a CIDR or a reference", shown(s));
    const std::string_view text = s.get_string().value_unsafe();
    if (text == "*" || equal_ignore_ascii_case(text, "any") || equal_ignore_ascii_case(text, "internet")) {
      r.v4.push_back(address_interval{0, 0xFFFFFFFFU});
      return;
    }
    if (auto range = parse_ip_range(text)) {
      (range->is_v6 ? r.v6 : r.v4).push_back(interval_of(*range));
      return;
    }
    if (is_reference(text)) return;
    fail(field, "is not an address, a CIDR or a reference", shown(s));
  }

  // The first present source field: a string or a list of strings.
  void read_sources(rule_element& r) {
    for (std::string_view key : {"scope", "source", "sourceAddressPrefix", "sourceAddressPrefixes",
                                 "sourceRanges", "cidr", "cidrBlock", "ipv6CidrBlock"}) {
      element s;
      if (!get(key, s)) continue;
      if (s.type() == element_type::STRING && s.get_string().value_unsafe().empty()) continue;
      if (s.type() == element_type::ARRAY) {
        simdjson::dom::array a = array_of(s);
        if (!(a.begin() != a.end())) continue;
        std::size_t i = 0;
        for (element x : a) {
          source(x, std::string(key) + "[" + std::to_string(i) + "]", r);
          ++i;
        }
        return;
      }
      source(s, std::string(key), r);
      return;
    }
  }

  function_frame& frame_;
  std::string_view function_;
  std::int64_t port_;
  const value* item_ = nullptr;
  simdjson::dom::object obj_;
  bool all_protocols_ = true;  // protocol missing counts as any protocol
};

// The allowed addresses of the list `subject` for the port, per family, then counted.
eval_result allowed_hosts(function_frame& frame, const value& subject, const bound_call& call,
                          std::string_view function, bool public_only) {
  rule_reader reader(frame, function, call.number);
  std::vector<rule_element> elements;
  frame.for_each_item(subject, [&](const value& item) {
    if (item.k == value::kind::element && item.e.type() == element_type::NULL_VALUE) return true;
    elements.push_back(reader.read(item));
    return true;
  });
  // Evaluation order: by rule number when there is one (lower first), list order otherwise and
  // among equal numbers; elements without a number come after the numbered ones.
  std::stable_sort(elements.begin(), elements.end(), [](const rule_element& a, const rule_element& b) {
    if (a.has_order != b.has_order) return a.has_order;
    return a.has_order && a.order < b.order;
  });
  std::vector<ranked_interval> v4;
  std::vector<ranked_interval> v6;
  for (std::size_t rank = 0; rank < elements.size(); ++rank) {
    const rule_element& e = elements[rank];
    if (!e.admits_port) continue;
    for (const auto& iv : e.v4) v4.push_back(ranked_interval{iv, rank, e.allow});
    for (const auto& iv : e.v6) v6.push_back(ranked_interval{iv, rank, e.allow});
  }
  const auto allowed4 = first_match_allowed(std::move(v4));
  const auto allowed6 = first_match_allowed(std::move(v6));
  const address_count n4 = public_only ? count_addresses_outside(allowed4, non_public_intervals(false))
                                       : count_addresses(allowed4);
  const address_count n6 = public_only ? count_addresses_outside(allowed6, non_public_intervals(true))
                                       : count_addresses(allowed6);
  return eval_result{n4.to_double() + n6.to_double()};
}

// The port argument: a whole number 0..65535.
std::vector<arg_problem> check_port(std::string_view name, const std::vector<literal>& args,
                                    bound_call& call) {
  const double* p = std::get_if<double>(&args[0]);
  if (p == nullptr || std::trunc(*p) != *p || *p < 0 || *p > static_cast<double>(max_port)) {
    return {arg_problem{0, diag_code::bad_argument,
                        "the argument of " + std::string(name) + "() must be a port number 0..65535",
                        "usage: inboundRules " + std::string(name) + "(22) > 0"}};
  }
  call.number = *p;
  return {};
}

function_descriptor network_function(std::string name, bool public_only) {
  function_descriptor d;
  d.name = name;
  d.arity = 1;
  d.signature = name + "(port)";
  d.usage = "inboundRules " + name + "(22) > 0";
  d.check = [name](const std::vector<literal>& args, bound_call& call) { return check_port(name, args, call); };
  d.eval = [name, public_only](function_frame& frame, const value& subject, const bound_call& call) {
    return allowed_hosts(frame, subject, call, name, public_only);
  };
  return d;
}

}  // namespace

void register_network_functions(function_table& table) {
  table.add(network_function("allowedHostsForPort", false));
  table.add(network_function("allowedPublicHostsForPort", true));
}

}  // namespace cgsl::detail
