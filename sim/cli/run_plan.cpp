#include "cli/run_plan.hpp"

#include <filesystem>

#include "cli/commands.hpp"
#include "cli/precision_check.hpp"
#include "cli/result_metadata.hpp"
#include "cloudsim/version.hpp"
#include "output/result_reader.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::cli {
namespace {

// outputs/<stem>.h5 for one input; the stems joined by '+' for several.
std::string default_output(const std::vector<std::string>& inputs) {
  std::string name;
  for (std::size_t k = 0; k < inputs.size() && k < 4; ++k) {
    name += (k ? "+" : "") + std::filesystem::path(inputs[k]).stem().string();
  }
  if (inputs.size() > 4) {
    name += "+" + std::to_string(inputs.size() - 4) + "-more";
  }
  return (std::filesystem::path("outputs") / (name + ".h5")).string();
}

}  // namespace

RunPlan plan_new_run(const RunArguments& arguments) {
  RunPlan plan;
  scenario::LoadOptions load;
  load.assignments = arguments.assignments;
  plan.batch = scenario::load_batch(arguments.inputs, load);
  for (auto& entry : plan.batch.scenarios) {
    if (arguments.paths)
      entry.scenario.run.paths = *arguments.paths;
    if (arguments.seed)
      entry.scenario.run.seed = *arguments.seed;
  }
  plan.precision = plan.batch.precision;
  plan.precision.insert(plan.precision.end(), arguments.precision.begin(),
                        arguments.precision.end());
  if (!plan.precision.empty() && arguments.paths) {
    throw UsageError(
        "--paths and precision targets exclude each other: the batch file's "
        "[batch] precision chooses the path count (cap it with --max-paths)");
  }
  check_precision_targets(plan.batch, arguments.precision);
  plan.max_paths = arguments.max_paths.value_or(plan.batch.max_paths.value_or(kDefaultMaxPaths));
  plan.level = *output::parse_record_level(arguments.record);
  plan.metadata = metadata_for(plan.batch, plan.level);
  plan.output_path =
      arguments.output_path.empty() ? default_output(arguments.inputs) : arguments.output_path;
  plan.replace_existing = arguments.force;
  return plan;
}

RunPlan plan_resumed_run(const RunArguments& arguments) {
  const output::ResultReader reader(arguments.resume);
  const auto& old = reader.metadata();
  const auto& status = reader.status();
  if (old.program_version != kVersion) {
    throw UsageError(arguments.resume + " was written by sim " + old.program_version +
                     "; only the same version (" + kVersion +
                     ") can resume it to an identical result");
  }
  RunPlan plan;
  plan.resume_from = arguments.resume;
  plan.resume_from_partial = !status.complete;
  plan.paths_on_file = status.paths_completed;
  std::uint64_t paths = old.paths;
  if (status.complete) {
    if (!arguments.paths || *arguments.paths <= status.paths_completed) {
      throw UsageError(arguments.resume + " is complete with " +
                       std::to_string(status.paths_completed) +
                       " paths; pass --paths N with a larger N to extend it");
    }
    paths = *arguments.paths;
    plan.output_path = arguments.output_path.empty() ? arguments.resume : arguments.output_path;
    // Extending in place replaces the file, but only with one that holds its paths unchanged.
    plan.replace_existing = arguments.force || arguments.output_path.empty();
  } else {
    if (arguments.paths) {
      if (*arguments.paths < status.paths_completed) {
        throw UsageError(arguments.resume + " already holds " +
                         std::to_string(status.paths_completed) +
                         " paths; --paths must not be "
                         "smaller");
      }
      paths = *arguments.paths;
    }
    plan.output_path = arguments.output_path.empty() ? status.final_output : arguments.output_path;
    if (plan.output_path.empty()) {
      throw UsageError(arguments.resume + " does not say where its result goes; name it with -o");
    }
    plan.replace_existing = arguments.force;
    if (paths == old.paths && !status.precision.empty()) {
      plan.carried.precision = status.precision;  // the path count the precision run chose
      bool all_met = true;
      for (const auto& record : status.precision)
        all_met = all_met && record.met;
      plan.carried.stop_reason = all_met ? "precision targets met" : "path cap reached";
    }
  }

  for (std::size_t k = 0; k < old.scenarios.size(); ++k) {
    const auto& record = old.scenarios[k];
    scenario::BatchScenario entry;
    entry.name = record.name;
    entry.scenario = scenario::load_scenario_text(record.text, record.file);
    entry.scenario.run.seed = old.seed;
    entry.scenario.run.paths = paths;
    entry.sweep_values = record.sweep_values;
    plan.batch.scenarios.push_back(std::move(entry));
  }
  plan.batch.sweep_keys = old.sweep_keys;
  plan.level = *output::parse_record_level(old.record_level);
  plan.metadata = metadata_for(plan.batch, plan.level);
  for (std::size_t k = 0; k < old.scenarios.size(); ++k) {
    plan.metadata.scenarios[k].text = old.scenarios[k].text;  // exactly as recorded
  }
  return plan;
}

}  // namespace cloudsim::cli
