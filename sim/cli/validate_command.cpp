#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "model/market_model.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::cli {

int validate_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  po::options_description options(
      "sim validate SCENARIO.toml\n\nChecks a scenario and reports "
      "every problem found (exit code 2 if any).\n\noptions");
  options.add_options()("help,h", "this text");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "scenario file");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map values;
  po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), values);
  po::notify(values);
  if (values.count("help") != 0) {
    std::cout << options << "\n";
    return 0;
  }
  if (values.count("scenario") == 0) {
    throw UsageError("validate needs a scenario file: sim validate SCENARIO.toml");
  }
  const auto path = values["scenario"].as<std::string>();
  const auto scenario = scenario::load_scenario_file(path);
  const model::MarketModel model(scenario.market);  // the model's own checks, as a run would do
  std::cout << path << ": ok (" << scenario.market.segments.size() << " segments, "
            << scenario.market.providers.size() << " providers, " << scenario.market.quarters
            << " quarters from " << scenario.run.start_quarter.label() << ")\n";
  return 0;
}

}  // namespace cloudsim::cli
