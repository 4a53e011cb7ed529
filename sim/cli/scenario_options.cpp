#include "cli/scenario_options.hpp"

#include <iostream>

#include "cli/commands.hpp"

namespace cloudsim::cli {

void add_scenario_options(boost::program_options::options_description& visible,
                          boost::program_options::options_description& hidden,
                          boost::program_options::positional_options_description& positional,
                          ScenarioArguments& arguments) {
  namespace po = boost::program_options;
  visible.add_options()("set",
                        po::value<std::vector<std::string>>(&arguments.assignments)->composing(),
                        "override a scenario value after `extends`, e.g. "
                        "--set providers.Alibaba.price_index=1.1 (repeatable; the value is TOML)");
  hidden.add_options()("scenario", po::value<std::string>(&arguments.path), "scenario file");
  positional.add("scenario", 1);
}

void require_scenario(const ScenarioArguments& arguments, const std::string& usage) {
  if (arguments.path.empty()) {
    throw UsageError("a scenario file is needed: " + usage);
  }
}

scenario::LoadOptions load_options(const ScenarioArguments& arguments) {
  scenario::LoadOptions options;
  options.assignments = arguments.assignments;
  return options;
}

std::optional<boost::program_options::variables_map> parse_command_line(
    const std::vector<std::string>& arguments,
    const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden,
    const boost::program_options::positional_options_description& positional) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map values;
  po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), values);
  po::notify(values);
  if (values.count("help") != 0) {
    std::cout << visible << "\n";
    return std::nullopt;
  }
  return values;
}

std::optional<ScenarioArguments> parse_scenario_command(const std::vector<std::string>& arguments,
                                                        const std::string& description,
                                                        const std::string& usage) {
  namespace po = boost::program_options;
  ScenarioArguments scenario;
  po::options_description options(description + "\n\noptions");
  options.add_options()("help,h", "this text");
  po::options_description hidden;
  po::positional_options_description positional;
  add_scenario_options(options, hidden, positional, scenario);
  if (!parse_command_line(arguments, options, hidden, positional)) {
    return std::nullopt;
  }
  require_scenario(scenario, usage);
  return scenario;
}

}  // namespace cloudsim::cli
