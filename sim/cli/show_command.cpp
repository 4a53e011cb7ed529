#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"

namespace cloudsim::cli {

int show_command(const std::vector<std::string>& arguments) {
  const auto scenario_arguments = parse_scenario_command(
      arguments,
      "sim show SCENARIO.toml [--set key.path=value ...]\n\nPrints the fully resolved scenario "
      "(extends and --set applied) as TOML: exactly\nwhat a run would record. Problems in it are "
      "reported on stderr (exit code 2).",
      "sim show SCENARIO.toml");
  if (!scenario_arguments) {
    return 0;
  }
  const auto load = load_options(*scenario_arguments);
  std::cout << scenario::resolve_scenario_file(scenario_arguments->path, load);
  // Print first, then validate: a planner debugging a merge wants to see the result either way.
  scenario::load_scenario_file(scenario_arguments->path, load);
  return 0;
}

}  // namespace cloudsim::cli
