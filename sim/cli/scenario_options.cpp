#include "cli/scenario_options.hpp"

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

}  // namespace cloudsim::cli
