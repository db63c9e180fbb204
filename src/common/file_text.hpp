// SPDX-License-Identifier: Apache-2.0
// Reading a whole file into a string (rule files, exceptions and baselines).
#ifndef CGSL_COMMON_FILE_TEXT_HPP
#define CGSL_COMMON_FILE_TEXT_HPP

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cgsl::detail {

// The bytes of the file at p in out; false when it cannot be opened or a read fails.
inline bool read_file_text(const std::filesystem::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

}  // namespace cgsl::detail

#endif  // CGSL_COMMON_FILE_TEXT_HPP
