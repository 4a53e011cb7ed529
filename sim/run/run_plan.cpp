#include "run/run_plan.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cloudsim/version.hpp"
#include "output/result_reader.hpp"
#include "run/precision_check.hpp"
#include "run/result_metadata.hpp"
#include "run/run_error.hpp"
#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::run {
namespace {

// outputs/<stem>.h5 for one input; the stems joined by '+' for several. The default folder is the
// one folder sim creates (a folder named with -o must exist).
std::string default_output(const std::vector<std::string>& inputs) {
  std::error_code ignored;
  std::filesystem::create_directory("outputs", ignored);
  std::string name;
  for (std::size_t k = 0; k < inputs.size() && k < 4; ++k) {
    name += (k ? "+" : "") + std::filesystem::path(inputs[k]).stem().string();
  }
  if (inputs.size() > 4) {
    name += "+" + std::to_string(inputs.size() - 4) + "-more";
  }
  return (std::filesystem::path("outputs") / (name + ".h5")).string();
}

// A stored scenario text is resolved: it never names a parent. One that does was edited, and
// following it would read files the user did not name.
void refuse_extends(const std::string& file, const output::ScenarioRecord& record) {
  std::istringstream lines(record.text);
  std::string line;
  while (std::getline(lines, line)) {
    auto at = line.find_first_not_of(" \t");
    if (at == std::string::npos) {
      continue;
    }
    if (line[at] == '"' || line[at] == '\'') {
      ++at;  // a quoted key: "extends" = …
    }
    if (line.compare(at, 7, "extends") != 0) {
      continue;
    }
    const auto rest = line.find_first_not_of(" \t\"'", at + 7);
    if (rest != std::string::npos && (line[rest] == '=' || line[rest] == '.')) {
      throw output::NotAResultError(file + ": the stored text of scenario '" + record.name +
                                    "' names a parent (extends), which a resolved scenario never "
                                    "does; resume does not follow it");
    }
  }
}

// The scenarios as reloaded must give the file's own coordinates, or the recorded paths and the
// new ones would come from two different models.
void check_same_shape(const std::string& file, const output::ResultMetadata& recorded,
                      const output::ResultMetadata& reloaded) {
  const auto differ = [&](const std::string& what) {
    throw output::NotAResultError(file + ": its scenario texts give other " + what +
                                  " than its datasets record; it was changed after sim wrote it "
                                  "and cannot be resumed");
  };
  if (reloaded.quarter_labels != recorded.quarter_labels)
    differ(std::string(output::time_label(recorded.record_level)) + "s");
  if (reloaded.segment_names != recorded.segment_names)
    differ("segments");
  if (reloaded.provider_names != recorded.provider_names)
    differ("providers");
  if (reloaded.group_names != recorded.group_names)
    differ("customer groups");
  if (reloaded.growth_regimes != recorded.growth_regimes)
    differ("growth regimes");
  if (reloaded.currency_unit != recorded.currency_unit)
    differ("currency units");
  if (reloaded.all_parameter_names() != recorded.all_parameter_names())
    differ("uncertain inputs");
  if (reloaded.all_event_names() != recorded.all_event_names())
    differ("events");
  for (std::size_t k = 0; k < recorded.scenarios.size(); ++k) {
    const auto positions = output::positions_in(recorded.scenarios[k].parameter_names,
                                                reloaded.scenarios[k].parameter_names);
    for (std::size_t j = 0; j < positions.size(); ++j) {
      if (positions[j] >= reloaded.scenarios[k].parameter_names.size() ||
          reloaded.scenarios[k].parameter_distributions[positions[j]] !=
              recorded.scenarios[k].parameter_distributions[j]) {
        differ("input distributions");
      }
    }
    if (recorded.scenarios[k].parameter_names.size() !=
        reloaded.scenarios[k].parameter_names.size())
      differ("input distributions");
  }
}

}  // namespace

RunPlan plan_new_run(const RunRequest& request) {
  RunPlan plan;
  scenario::LoadOptions load;
  load.assignments = request.assignments;
  plan.batch = scenario::load_batch(request.inputs, load);
  for (auto& entry : plan.batch.scenarios) {
    if (request.paths)
      entry.scenario.run.paths = *request.paths;
    if (request.seed)
      entry.scenario.run.seed = *request.seed;
  }
  plan.precision = plan.batch.precision;
  plan.precision.insert(plan.precision.end(), request.precision.begin(), request.precision.end());
  if (!plan.precision.empty() && request.paths) {
    throw RequestError(
        "--paths and precision targets exclude each other: the batch file's "
        "[batch] precision chooses the path count (cap it with --max-paths)");
  }
  check_precision_targets(plan.batch, request.precision);
  plan.max_paths = request.max_paths.value_or(plan.batch.max_paths.value_or(kDefaultMaxPaths));
  plan.level = *output::parse_record_level(request.record);
  plan.metadata = metadata_for(plan.batch, plan.level);
  plan.output_path = request.output_given ? request.output_path : default_output(request.inputs);
  const std::string observations =
      !request.observations.empty() ? request.observations : plan.batch.observations.value_or("");
  if (!observations.empty()) {
    if (!plan.precision.empty()) {
      throw RequestError(
          "precision targets and observations exclude each other: a conditioned run's paths are "
          "a resampled set of a fixed size, chosen before any is written; give --paths");
    }
    std::ifstream in(observations, std::ios::binary);
    if (!in)
      throw RequestError("cannot read the observations file " + observations);
    std::ostringstream text;
    text << in.rdbuf();
    plan.metadata.observations_file = observations;
    plan.metadata.observations_text = text.str();
    if (plan.metadata.observations_text.empty())
      throw RequestError("the observations file " + observations + " is empty");
    plan.replace_policy.inputs.emplace_back(observations);
  }
  plan.replace_policy.replace_existing = request.force;
  for (const auto& input : request.inputs)
    plan.replace_policy.inputs.emplace_back(input);
  return plan;
}

RunPlan plan_resumed_run(const RunRequest& request, const std::atomic<bool>* stop_requested) {
  const output::ResultReader reader(request.resume, output::ResultReader::Trust::untrusted,
                                    stop_requested);
  const auto& old = reader.metadata();
  const auto& status = reader.status();
  if (old.program_version != kVersion) {
    throw RequestError(request.resume + " was written by sim " + old.program_version +
                       "; only the same version (" + kVersion +
                       ") can resume it to an identical result");
  }
  RunPlan plan;
  plan.resume_from = request.resume;
  plan.resume_from_partial = !status.complete;
  plan.paths_on_file = status.paths_completed;
  std::uint64_t paths = old.paths;
  if (status.complete) {
    if (!request.paths || *request.paths <= status.paths_completed) {
      throw RequestError(request.resume + " is complete with " +
                         std::to_string(status.paths_completed) +
                         " paths; pass --paths N with a larger N to extend it");
    }
    if (old.conditioned()) {
      throw RequestError(request.resume +
                         " is conditioned on observations: its paths are a "
                         "resampled set of " +
                         std::to_string(old.paths) +
                         " that more paths would change; run it again with --paths N");
    }
    paths = *request.paths;
    plan.output_path = request.output_given ? request.output_path : request.resume;
    // Extending in place replaces the file, but only with one that holds its paths unchanged.
    plan.replace_policy.replace_existing = request.force || !request.output_given;
  } else {
    if (request.paths && old.conditioned() && *request.paths != old.paths) {
      throw RequestError(request.resume +
                         " is conditioned on observations: it can be completed "
                         "to its " +
                         std::to_string(old.paths) + " paths, not resized");
    }
    if (request.paths) {
      if (*request.paths < status.paths_completed) {
        throw RequestError(request.resume + " already holds " +
                           std::to_string(status.paths_completed) +
                           " paths; --paths must not be "
                           "smaller");
      }
      paths = *request.paths;
    }
    // The file suggests a name; only the user's -o writes anywhere but beside the partial file.
    const auto suggested = std::filesystem::path(status.final_output).filename();
    if (!request.output_given && (suggested.empty() || suggested == "." || suggested == "..")) {
      throw RequestError(request.resume + " does not say where its result goes; name it with -o");
    }
    plan.output_path =
        request.output_given
            ? request.output_path
            : (std::filesystem::path(request.resume).parent_path() / suggested).string();
    plan.replace_policy.replace_existing = request.force;
    plan.replace_policy.inputs.emplace_back(request.resume);
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
    refuse_extends(request.resume, record);
    scenario::BatchScenario entry;
    entry.name = record.name;
    try {
      entry.scenario = scenario::load_scenario_text(record.text, record.file);
    } catch (const scenario::InputError& e) {
      // The text was fingerprinted, so this is a forged file; say which file, not the scenario's.
      throw output::NotAResultError(request.resume + ": the stored text of scenario '" +
                                    record.name + "' does not load: " + e.what());
    }
    entry.scenario.run.seed = old.seed;
    entry.scenario.run.paths = paths;
    entry.sweep_values = record.sweep_values;
    plan.batch.scenarios.push_back(std::move(entry));
  }
  plan.batch.sweep_keys = old.sweep_keys;
  plan.batch.title = old.batch_title;  // the batch file is not read again
  plan.batch.description = old.batch_description;
  plan.level = old.record_level;
  plan.metadata = metadata_for(plan.batch, plan.level);
  for (std::size_t k = 0; k < old.scenarios.size(); ++k) {
    plan.metadata.scenarios[k].text = old.scenarios[k].text;  // exactly as recorded
  }
  check_same_shape(request.resume, old, plan.metadata);
  plan.metadata.observations_file = old.observations_file;  // conditioned again, identically
  plan.metadata.observations_text = old.observations_text;
  return plan;
}

}  // namespace cloudsim::run
