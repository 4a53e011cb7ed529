#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"
#include "model/market_model.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::cli {

int validate_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  ScenarioArguments scenario_arguments;
  po::options_description options(
      "sim validate SCENARIO.toml [--set key.path=value ...]\n\nChecks a scenario and reports "
      "every problem found (exit code 2 if any).\n\noptions");
  options.add_options()("help,h", "this text");
  po::options_description hidden;
  po::positional_options_description positional;
  add_scenario_options(options, hidden, positional, scenario_arguments);
  if (!parse_command_line(arguments, options, hidden, positional)) {
    return 0;
  }
  require_scenario(scenario_arguments, "sim validate SCENARIO.toml");
  const auto& path = scenario_arguments.path;
  const auto scenario = scenario::load_scenario_file(path, load_options(scenario_arguments));
  const model::MarketModel model(scenario.market);  // the model's own checks, as a run would do
  std::cout << path << ": ok (" << scenario.market.segments.size() << " segments, "
            << scenario.market.providers.size() << " providers, " << scenario.market.quarters
            << " quarters from " << scenario.run.start_quarter.label() << ", "
            << scenario.uncertain.inputs.size() << " uncertain inputs)\n";
  return 0;
}

}  // namespace cloudsim::cli
