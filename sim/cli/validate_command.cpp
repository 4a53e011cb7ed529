#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"
#include "model/market_model.hpp"
#include "run/precision_check.hpp"
#include "scenario/batch.hpp"

namespace cloudsim::cli {

int validate_command(const std::vector<std::string>& arguments) {
  const auto scenario_arguments = parse_scenario_command(
      arguments,
      "sim validate SCENARIO.toml|BATCH.toml [--set key.path=value ...]\n\nChecks a scenario (or "
      "every scenario and sweep point of a batch) and reports every problem found (exit code 2 "
      "if any).",
      "sim validate SCENARIO.toml");
  if (!scenario_arguments) {
    return 0;
  }
  const auto& path = scenario_arguments->path;
  if (scenario::is_batch_file(path, load_options(*scenario_arguments))) {
    const auto batch = scenario::load_batch({path}, load_options(*scenario_arguments));
    run::check_precision_targets(batch, {});
    for (const auto& entry : batch.scenarios) {
      const model::MarketModel model(entry.scenario.market);
    }
    std::cout << path << ": ok (a batch of " << batch.scenarios.size() << " scenarios";
    if (!batch.sweep_keys.empty())
      std::cout << ", sweeping " << batch.sweep_keys.size() << " keys";
    std::cout << ")\n";
    return 0;
  }
  const auto scenario = scenario::load_scenario_file(path, load_options(*scenario_arguments));
  const model::MarketModel model(scenario.market);  // the model's own checks, as a run would do
  std::cout << path << ": ok (" << scenario.market.segments.size() << " segments, "
            << scenario.market.providers.size() << " providers, " << scenario.market.quarters
            << " quarters from " << scenario.run.start_quarter.label() << ", "
            << scenario.uncertain.inputs.size() << " uncertain inputs)\n";
  return 0;
}

}  // namespace cloudsim::cli
