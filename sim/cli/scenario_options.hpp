#pragma once
// Command-line pieces every scenario-reading command shares: the scenario path and --set.

#include <boost/program_options.hpp>
#include <optional>
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

// The whole command line of a command whose only input is a scenario and --set (show, validate):
// `description` heads --help. Returns nothing when --help was given; throws UsageError without a
// scenario.
std::optional<ScenarioArguments> parse_scenario_command(const std::vector<std::string>& arguments,
                                                        const std::string& description,
                                                        const std::string& usage);

// Parses a subcommand's arguments into the variables bound in `visible` and `hidden`. Prints
// `visible` and returns nothing when --help was given (the command then exits 0).
std::optional<boost::program_options::variables_map> parse_command_line(
    const std::vector<std::string>& arguments,
    const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden,
    const boost::program_options::positional_options_description& positional);

}  // namespace cloudsim::cli
