#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"
#include "scenario/input_error.hpp"

namespace cloudsim::cli {

int show_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  ScenarioArguments scenario_arguments;
  po::options_description options(
      "sim show SCENARIO.toml [--set key.path=value ...]\n\nPrints the fully resolved scenario "
      "(extends and --set applied) as TOML: exactly\nwhat a run would record. Problems in it are "
      "reported on stderr (exit code 2).\n\noptions");
  options.add_options()("help,h", "this text");
  po::options_description hidden;
  po::positional_options_description positional;
  add_scenario_options(options, hidden, positional, scenario_arguments);
  if (!parse_command_line(arguments, options, hidden, positional)) {
    return 0;
  }
  require_scenario(scenario_arguments, "sim show SCENARIO.toml");
  const auto load = load_options(scenario_arguments);
  std::cout << scenario::resolve_scenario_file(scenario_arguments.path, load);
  // Print first, then validate: a planner debugging a merge wants to see the result either way.
  scenario::load_scenario_file(scenario_arguments.path, load);
  return 0;
}

}  // namespace cloudsim::cli
