#pragma once
// Command-line pieces every scenario-reading command shares: the scenario path and --set.

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "scenario/scenario_loader.hpp"

namespace cloudsim::cli {

struct ScenarioArguments {
  std::string path;
  std::vector<std::string> assignments;  // --set key.path=value, in command-line order
};

// Adds --set to `visible` and the positional scenario path to `hidden`/`positional`.
void add_scenario_options(boost::program_options::options_description& visible,
                          boost::program_options::options_description& hidden,
                          boost::program_options::positional_options_description& positional,
                          ScenarioArguments& arguments);

// Throws UsageError naming `usage` when no scenario was given.
void require_scenario(const ScenarioArguments& arguments, const std::string& usage);

scenario::LoadOptions load_options(const ScenarioArguments& arguments);

}  // namespace cloudsim::cli
