#pragma once
// What `sim run` is about to do, decided before any path is simulated: the batch, where the
// result goes and, for `--resume`, which file's paths it starts from.

#include <cstdint>
#include <string>
#include <vector>

#include "cli/run_arguments.hpp"
#include "output/record_level.hpp"
#include "output/result_metadata.hpp"
#include "output/staged_file.hpp"
#include "scenario/batch.hpp"

namespace cloudsim::cli {

struct RunPlan {
  scenario::Batch batch;  // every scenario's run.seed and run.paths are the run's
  output::RecordLevel level = output::RecordLevel::full;
  output::ResultMetadata metadata;  // what the file records; metadata.paths is the path count
  std::string output_path;
  output::ReplacePolicy replace_policy;  // --force, and the inputs it must never replace
  std::vector<std::string> precision;    // targets; empty for a fixed path count
  std::uint64_t max_paths = kDefaultMaxPaths;
  // Resuming: the file whose first `paths_on_file` paths the new result starts from.
  std::string resume_from;
  bool resume_from_partial = false;
  std::uint64_t paths_on_file = 0;
  output::RunStatus carried;  // how the resumed run meant to end (stop reason, precision)
};

// A new run of the scenario and batch files on the command line.
RunPlan plan_new_run(const RunArguments& arguments);

// A run that completes or extends arguments.resume.
RunPlan plan_resumed_run(const RunArguments& arguments);

}  // namespace cloudsim::cli
