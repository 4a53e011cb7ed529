#include "cli/run_report.hpp"

#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/printable.hpp"
#include "cli/share_table.hpp"
#include "cloudsim/version.hpp"
#include "output/result_writer.hpp"

namespace cloudsim::cli {

void print_run_report(const run::RunPlan& plan, const run::RunResult& result) {
  const engine::RunReport& report = result.report;
  const std::size_t scenario_count = plan.metadata.scenarios.size();
  const std::uint64_t paths = plan.metadata.paths;
  const double path_steps = static_cast<double>(report.paths_completed) *
                            static_cast<double>(result.steps) * static_cast<double>(scenario_count);
  std::cout << "sim " << kVersion << ": " << scenario_count
            << (scenario_count == 1
                    ? " scenario (" + printable(plan.batch.scenarios.front().name) + ")"
                    : " scenarios")
            << ", " << paths << " paths x " << result.steps << " quarterly steps, seed "
            << plan.metadata.seed << ", " << report.threads << " threads";
  if (result.ranks > 1) {
    std::cout << " on each of " << result.ranks << " MPI ranks (blocks "
              << (result.blocks_as_asked ? "as the ranks asked" : "dealt in turn")
              << "; paths simulated per rank:";
    for (std::size_t k = 0; k < result.paths_per_rank.size(); ++k) {
      std::cout << (k == 0 ? " " : ", ") << result.paths_per_rank[k];
    }
    std::cout << ")";
  }
  if (plan.paths_on_file != 0) {
    std::cout << "; " << plan.paths_on_file << " paths taken from " << printable(plan.resume_from);
  }
  std::cout << "\n  " << std::fixed << std::setprecision(2) << report.seconds << " s, "
            << std::setprecision(0) << (report.seconds > 0 ? path_steps / report.seconds : 0.0)
            << " path-steps/s\n"
            << "  wrote " << printable(plan.output_path) << " (" << std::setprecision(2)
            << static_cast<double>(std::filesystem::file_size(plan.output_path)) / 1e6
            << " MB; estimated "
            << static_cast<double>(output::estimated_file_bytes(plan.metadata)) / 1e6 << " MB)\n";
  print_share_tables(std::cout, plan.metadata, result.tables.share, result.summarised_paths);
}

}  // namespace cloudsim::cli
