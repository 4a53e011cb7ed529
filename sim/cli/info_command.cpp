#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"
#include "output/result_info.hpp"

namespace cloudsim::cli {
namespace {

std::string list(const std::vector<std::string>& items, std::size_t at_most = 8) {
  std::string text;
  for (std::size_t k = 0; k < items.size() && k < at_most; ++k) {
    text += (k ? ", " : "") + items[k];
  }
  if (items.size() > at_most)
    text += ", … (" + std::to_string(items.size() - at_most) + " more)";
  return text;
}

}  // namespace

int info_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  std::string path;
  po::options_description options(
      "sim info RESULT.h5\n\nDescribes a result file: format, scenario, paths (complete or not), "
      "dimensions.\n\noptions");
  options.add_options()("help,h", "this text");
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
  const auto& v = info.format_version;
  std::cout << info.path << ": cloudsim result, format " << v[0] << "." << (v.size() > 1 ? v[1] : 0)
            << ", written by sim " << info.program_version << "\n"
            << "  scenario   " << info.scenario_file << " (seed " << info.seed << ")\n"
            << "  paths      " << info.paths_completed << " of " << info.paths_requested
            << (info.complete() ? " (complete)" : " (INCOMPLETE)") << "\n"
            << "  " << (info.time_dimension == "year" ? "years   " : "quarters") << "   "
            << info.quarters.size() << ": "
            << (info.quarters.empty() ? "" : info.quarters.front() + " … " + info.quarters.back())
            << "\n"
            << "  segments   " << info.segments.size() << ": " << list(info.segments) << "\n"
            << "  providers  " << info.providers.size() << ": " << list(info.providers) << "\n"
            << "  inputs     " << info.parameters.size() << " drawn per path"
            << (info.parameters.empty() ? "" : ": " + list(info.parameters, 4)) << "\n"
            << "  events     " << info.events.size()
            << (info.events.empty() ? "" : ": " + list(info.events, 4)) << "\n"
            << "  records    " << info.record_level
            << (info.record_level == "full"     ? " (every quarter of every path)"
                : info.record_level == "annual" ? " (yearly sums of flows, year-end stocks)"
                                                : " (the final quarter only)")
            << "; money in " << info.currency_unit << "\n"
            << "  size       " << std::fixed << std::setprecision(1)
            << static_cast<double>(info.bytes) / 1e6 << " MB\n";
  return 0;
}

}  // namespace cloudsim::cli
