// SPDX-License-Identifier: Apache-2.0
// `cgsl completion bash|zsh|fish`: completion scripts made from the program's own option table,
// so they cannot drift from it.
#ifndef CGSL_CLI_COMPLETION_HPP
#define CGSL_CLI_COMPLETION_HPP

#include <CLI/CLI.hpp>

#include <string>

namespace cgsl::cli {

// The script for `shell` ("bash", "zsh" or "fish") completing the subcommands of app and their
// long options (and the values of options that take one of a fixed set).
[[nodiscard]] std::string completion_script(const CLI::App& app, const std::string& shell);

}  // namespace cgsl::cli

#endif  // CGSL_CLI_COMPLETION_HPP
