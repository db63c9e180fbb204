// SPDX-License-Identifier: Apache-2.0
// Linear scans of JSON text for positions (see json_positions.hpp).
#include "loader/json_positions.hpp"

#include <algorithm>
#include <string>

namespace cgsl::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The end of the string whose opening quote is at i (the offset after its closing quote), or npos.
std::size_t skip_string(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<std::size_t> logic_offsets(std::string_view s) {
  // A stack of containers; for objects the last key read and whether a key comes next.
  struct frame {
    bool object;
    bool rules_array;  // the rule list
    bool rule;         // an object element of the rule list
    bool want_key;
    std::string_view key;
  };
  std::vector<frame> stack;
  std::vector<std::size_t> out;
  auto value_start = [&](std::size_t at, bool is_string) {
    if (stack.empty()) return;
    frame& top = stack.back();
    if (top.rules_array) out.push_back(std::string_view::npos);
    if (top.rule && is_string && top.key == "logic" && out.back() == std::string_view::npos) out.back() = at;
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (is_space(c) || c == ':') {
      ++i;
      continue;
    }
    if (c == ',') {
      if (!stack.empty() && stack.back().object) stack.back().want_key = true;
      ++i;
      continue;
    }
    if (c == '{' || c == '[') {
      bool rules_array = false, rule = false;
      if (c == '[') {
        rules_array = stack.empty() || (stack.size() == 1 && stack[0].object && stack[0].key == "rules");
      } else {
        rule = !stack.empty() && stack.back().rules_array;
      }
      value_start(i, false);
      stack.push_back(frame{c == '{', rules_array, rule, c == '{', {}});
      ++i;
      continue;
    }
    if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      ++i;
      continue;
    }
    if (c == '"') {
      const std::size_t end = skip_string(s, i);
      if (end == std::string_view::npos) break;
      if (!stack.empty() && stack.back().object && stack.back().want_key) {
        stack.back().key = s.substr(i + 1, end - i - 2);
        stack.back().want_key = false;
      } else {
        value_start(i, true);
      }
      i = end;
      continue;
    }
    // A number, true, false or null.
    value_start(i, false);
    while (i < s.size() && !is_space(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
  }
  return out;
}

std::size_t raw_offset(std::string_view s, std::size_t quote, std::size_t decoded) {
  std::size_t i = quote + 1, n = 0;
  while (i < s.size() && n < decoded && s[i] != '"') {
    if (s[i] != '\\') {
      ++i;
      ++n;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == 'u' && i + 6 <= s.size()) {
      const unsigned cp = static_cast<unsigned>(std::stoul(std::string(s.substr(i + 2, 4)), nullptr, 16));
      if (cp >= 0xD800 && cp < 0xDC00 && i + 12 <= s.size() && s[i + 6] == '\\') {
        i += 12;  // a surrogate pair: four bytes of UTF-8
        n += 4;
      } else {
        i += 6;
        n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
      }
    } else {
      i += 2;
      ++n;
    }
  }
  return i;
}

std::size_t json_error_offset(std::string_view s) {
  // An iterative checker: a stack of open containers and what may come next.
  enum class want { value, key_or_end, key, colon, comma_or_end, value_or_end };
  std::vector<char> stack;
  want w = want::value;
  std::size_t i = 0;
  auto after_value = [&] { w = stack.empty() ? want::comma_or_end : want::comma_or_end; };
  bool done = false;
  while (true) {
    while (i < s.size() && is_space(s[i])) ++i;
    if (i == s.size()) return done ? std::string_view::npos : i;
    if (done) return i;  // text after the document
    const char c = s[i];
    switch (w) {
      case want::value:
      case want::value_or_end:
        if (w == want::value_or_end && c == ']') {
          stack.pop_back();
          ++i;
          after_value();
          break;
        }
        if (c == '{') {
          stack.push_back('{');
          w = want::key_or_end;
          ++i;
        } else if (c == '[') {
          stack.push_back('[');
          w = want::value_or_end;
          ++i;
        } else if (c == '"') {
          const std::size_t end = skip_string(s, i);
          if (end == std::string_view::npos) return s.size();
          for (std::size_t k = i + 1; k + 1 < end; ++k) {
            if (static_cast<unsigned char>(s[k]) < 0x20) return k;  // a raw control character
          }
          i = end;
          after_value();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          std::size_t k = i + (c == '-' ? 1 : 0);
          if (k >= s.size() || s[k] < '0' || s[k] > '9') return k;
          while (k < s.size() && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == 'e' || s[k] == 'E' ||
                                  s[k] == '+' || s[k] == '-')) {
            ++k;
          }
          i = k;
          after_value();
        } else {
          bool word = false;
          for (std::string_view lit : {"true", "false", "null"}) {
            if (s.substr(i, lit.size()) == lit) {
              i += lit.size();
              word = true;
              break;
            }
          }
          if (!word) return i;
          after_value();
        }
        break;
      case want::key_or_end:
      case want::key:
        if (w == want::key_or_end && c == '}') {
          stack.pop_back();
          ++i;
          after_value();
          break;
        }
        if (c != '"') return i;
        {
          const std::size_t end = skip_string(s, i);
          if (end == std::string_view::npos) return s.size();
          i = end;
        }
        w = want::colon;
        break;
      case want::colon:
        if (c != ':') return i;
        ++i;
        w = want::value;
        break;
      case want::comma_or_end:
        if (stack.empty()) {
          done = true;
          break;
        }
        if (c == ',') {
          w = stack.back() == '{' ? want::key : want::value;
          ++i;
        } else if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
          stack.pop_back();
          ++i;
          after_value();
        } else {
          return i;
        }
        break;
    }
    if (w == want::comma_or_end && stack.empty()) done = true;
  }
}

text_position position_of(std::string_view text, std::size_t offset) {
  text_position p;
  if (offset > text.size()) offset = text.size();
  std::size_t line_start = 0;
  p.line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++p.column;
  }
  std::size_t end = text.find('\n', line_start);
  if (end == std::string_view::npos) end = text.size();
  if (end > line_start && text[end - 1] == '\r') --end;
  p.line_text = text.substr(line_start, end - line_start);
  return p;
}

line_index::line_index(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

text_position line_index::at(std::size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  const std::size_t start = starts_[line - 1];
  text_position p;
  p.line = line;
  p.column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++p.column;
  }
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  p.line_text = text_.substr(start, end - start);
  return p;
}

}  // namespace cgsl::detail
