// SPDX-License-Identifier: Apache-2.0
// Shell completion scripts generated from the CLI11 option table.
#include "cli/completion.hpp"

#include <map>
#include <vector>

namespace cgsl::cli {
namespace {

struct command {
  std::string name, help;
  std::vector<std::pair<std::string, std::string>> options;  // --name, help
};

std::vector<command> commands_of(const CLI::App& app) {
  std::vector<command> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    command c{sub->get_name(), sub->get_description(), {}};
    for (const CLI::Option* o : sub->get_options()) {
      if (o->get_lnames().empty() || o->get_group().empty()) continue;
      c.options.emplace_back("--" + o->get_lnames().front(), o->get_description());
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Fixed value sets of some options (the same lists main.cpp checks).
const std::map<std::string, std::string>& value_sets() {
  static const std::map<std::string, std::string> sets = {
      {"--format", "text json sarif junit github"},
      {"--input", "auto ndjson json cloudguard aws-ecr terraform-plan"},
      {"--fail-on", "Informational Low Medium High Critical"},
      {"--min-severity", "Informational Low Medium High Critical"},
      {"--color", "auto always never"},
      {"--show", "passed failed error not_relevant matched excepted"},
  };
  return sets;
}

std::string first_line(const std::string& s) {
  std::string out = s.substr(0, s.find('\n'));
  for (char& c : out) {
    if (c == '\'' || c == '"' || c == '`' || c == '$' || c == '\\' || c == '[' || c == ']' || c == ':') c = ' ';
  }
  if (out.size() > 70) out = out.substr(0, 67) + "...";
  return out;
}

std::string bash(const std::vector<command>& cmds) {
  std::string s = "# bash completion for cgsl: source <(cgsl completion bash)\n_cgsl() {\n"
                  "  local cur prev words cword\n"
                  "  cur=\"${COMP_WORDS[COMP_CWORD]}\"; prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                  "  local cmd=\"${COMP_WORDS[1]}\"\n"
                  "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n    COMPREPLY=($(compgen -W \"";
  for (std::size_t i = 0; i < cmds.size(); ++i) s += (i ? " " : "") + cmds[i].name;
  s += " --help --version\" -- \"$cur\")); return\n  fi\n  case \"$prev\" in\n";
  for (const auto& [opt, values] : value_sets()) {
    s += "    " + opt + ") COMPREPLY=($(compgen -W \"" + values + "\" -- \"$cur\")); return;;\n";
  }
  s += "  esac\n  case \"$cmd\" in\n";
  for (const auto& c : cmds) {
    s += "    " + c.name + ") COMPREPLY=($(compgen -W \"";
    for (std::size_t i = 0; i < c.options.size(); ++i) s += (i ? " " : "") + c.options[i].first;
    if (c.name == "completion") s += " bash zsh fish";
    s += "\" -- \"$cur\"))";
    s += ";;\n";
  }
  s += "  esac\n  if [[ \"$cur\" != -* ]]; then COMPREPLY+=($(compgen -f -- \"$cur\")); fi\n}\n"
       "complete -o filenames -F _cgsl cgsl\n";
  return s;
}

std::string zsh(const std::vector<command>& cmds) {
  std::string s = "#compdef cgsl\n# zsh completion for cgsl: cgsl completion zsh > \"${fpath[1]}/_cgsl\"\n_cgsl() {\n"
                  "  local -a commands\n  commands=(\n";
  for (const auto& c : cmds) s += "    '" + c.name + ":" + first_line(c.help) + "'\n";
  s += "  )\n  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi\n  case $words[2] in\n";
  for (const auto& c : cmds) {
    s += "    " + c.name + ") _arguments";
    for (const auto& [opt, help] : c.options) {
      s += " '" + opt + "[" + first_line(help) + "]";
      auto it = value_sets().find(opt);
      if (it != value_sets().end()) s += ":value:(" + it->second + ")";
      s += "'";
    }
    if (c.name == "completion") s += " '1:shell:(bash zsh fish)'";
    s += " '*:file:_files';;\n";
  }
  s += "  esac\n}\n_cgsl \"$@\"\n";
  return s;
}

std::string fish(const std::vector<command>& cmds) {
  std::string s = "# fish completion for cgsl: cgsl completion fish > ~/.config/fish/completions/cgsl.fish\n"
                  "complete -c cgsl -f\n";
  for (const auto& c : cmds) {
    s += "complete -c cgsl -n __fish_use_subcommand -a " + c.name + " -d '" + first_line(c.help) + "'\n";
    for (const auto& [opt, help] : c.options) {
      s += "complete -c cgsl -n '__fish_seen_subcommand_from " + c.name + "' -l " + opt.substr(2) + " -d '" +
           first_line(help) + "'";
      auto it = value_sets().find(opt);
      if (it != value_sets().end()) s += " -x -a '" + it->second + "'";
      s += "\n";
    }
    if (c.name == "completion") s += "complete -c cgsl -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n";
    else s += "complete -c cgsl -n '__fish_seen_subcommand_from " + c.name + "' -F\n";
  }
  return s;
}

}  // namespace

std::string completion_script(const CLI::App& app, const std::string& shell) {
  const auto cmds = commands_of(app);
  if (shell == "zsh") return zsh(cmds);
  if (shell == "fish") return fish(cmds);
  return bash(cmds);
}

}  // namespace cgsl::cli
