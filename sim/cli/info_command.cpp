#include <boost/program_options.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/info_json.hpp"
#include "cli/printable.hpp"
#include "cli/scenario_options.hpp"
#include "output/result_info.hpp"

namespace cloudsim::cli {
namespace {

std::string list(const std::vector<std::string>& items, std::size_t at_most = 8) {
  std::string text;
  for (std::size_t k = 0; k < items.size() && k < at_most; ++k) {
    text += (k ? ", " : "") + printable(items[k]);
  }
  if (items.size() > at_most)
    text += ", … (" + std::to_string(items.size() - at_most) + " more)";
  return text;
}

}  // namespace

int info_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  std::string path;
  bool json = false;
  po::options_description options(
      "sim info RESULT.h5 [--json]\n\nDescribes a result file: format, scenarios, paths (complete "
      "or partial), precision targets, dimensions.\n\noptions");
  options.add_options()("help,h", "this text")(
      "json", po::bool_switch(&json),
      "print one JSON document instead: the metadata, scenarios with their titles, inputs with "
      "their labels, the integrity check and the stored summaries (docs/exports.md)");
  po::options_description hidden;
  hidden.add_options()("result", po::value<std::string>(&path), "result file");
  po::positional_options_description positional;
  positional.add("result", 1);
  if (!parse_command_line(arguments, options, hidden, positional)) {
    return 0;
  }
  if (path.empty()) {
    throw UsageError("a result file is needed: sim info RESULT.h5");
  }
  const auto info = output::read_result_info(path);
  if (json) {
    // Built whole before printing: a damaged file prints its error and nothing on stdout.
    const std::string document = info_json(info);
    std::cout << document << "\n";
    return 0;
  }
  const auto& m = info.metadata;
  const auto& status = info.status;
  const auto& v = info.format_version;
  std::vector<std::string> scenario_names;
  for (const auto& scenario : m.scenarios)
    scenario_names.push_back(scenario.name);
  std::cout << printable(info.path) << ": cloudsim result, format " << v[0] << "."
            << (v.size() > 1 ? v[1] : 0) << ", written by sim " << printable(m.program_version)
            << "\n"
            << "  scenarios  " << m.scenarios.size() << ": " << list(scenario_names) << " (seed "
            << m.seed << ", common random numbers)\n";
  if (!m.batch_title.empty()) {
    std::cout << "  batch      " << printable(m.batch_title) << "\n";
  }
  if (m.scenarios.size() == 1) {
    std::cout << "  file       " << printable(m.scenarios.front().file) << "\n";
    if (!m.scenarios.front().title.empty())
      std::cout << "  title      " << printable(m.scenarios.front().title) << "\n";
  }
  if (!m.sweep_keys.empty()) {
    std::cout << "  swept      " << list(m.sweep_keys, 4) << "\n";
  }
  std::cout << "  paths      " << status.paths_completed << " of " << m.paths
            << (status.complete ? " (complete" : " (PARTIAL") << "; "
            << printable(status.stop_reason) << ")\n";
  if (!status.complete) {
    const auto beside = std::filesystem::path(info.path).parent_path() /
                        std::filesystem::path(status.final_output).filename();
    std::error_code ignored;
    const bool replaces = std::filesystem::exists(beside, ignored);  // an in-place extension's
    std::cout << "  resume     sim run --resume " << shell_quoted(info.path)
              << (replaces ? " --force" : "") << "   (result goes to " << printable(beside.string())
              << (replaces ? ", replacing it," : "") << " unless you name it with -o)\n";
  }
  for (const auto& record : status.precision) {
    std::cout << "  precision  " << printable(record.target) << ": standard error "
              << record.standard_error << (record.met ? " (met)" : " (NOT met)") << "\n";
  }
  std::cout << "  " << (m.record_level == output::RecordLevel::annual ? "years   " : "quarters")
            << "   " << m.quarter_labels.size() << ": "
            << (m.quarter_labels.empty() ? ""
                                         : printable(m.quarter_labels.front()) + " … " +
                                               printable(m.quarter_labels.back()))
            << "\n"
            << "  segments   " << m.segment_names.size() << ": " << list(m.segment_names) << "\n"
            << "  providers  " << m.provider_names.size() << ": " << list(m.provider_names) << "\n";
  if (!m.group_names.empty()) {  // a run without customer groups prints what it did before
    std::cout << "  groups     " << m.group_names.size() << ": " << list(m.group_names) << "\n";
  }
  if (m.growth_regimes) {  // likewise without growth regimes
    std::cout << "  regimes    growth regimes recorded per path (regime, segment_regime)\n";
  }
  const auto parameters = m.all_parameter_names();
  const auto events = m.all_event_names();
  std::cout << "  inputs     " << parameters.size() << " drawn per path"
            << (parameters.empty() ? "" : ": " + list(parameters, 4)) << "\n"
            << "  events     " << events.size() << (events.empty() ? "" : ": " + list(events, 4))
            << "\n"
            << "  records    " << output::record_level_name(m.record_level) << " ("
            << output::record_level_description(m.record_level) << ")"
            << "; money in " << printable(m.currency_unit) << "\n"
            << "  size       " << std::fixed << std::setprecision(1)
            << static_cast<double>(info.bytes) / 1e6 << " MB\n";
  if (m.conditioned()) {  // docs/conditioning.md
    std::cout << "  observed   " << m.observations.size() << " observations of "
              << printable(m.observations_file) << "; forecast after the last observed quarter\n";
    for (const auto& scenario : m.scenarios) {
      std::cout << "             " << printable(scenario.name) << ": through "
                << printable(scenario.conditioning.last_observed_quarter)
                << ", effective sample size " << std::setprecision(0)
                << scenario.conditioning.effective_sample_size << "\n";
    }
  }
  return 0;
}

}  // namespace cloudsim::cli
