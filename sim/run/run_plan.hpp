#pragma once
// What a run is about to do, decided before any path is simulated: the batch, where the
// result goes and, for `--resume`, which file's paths it starts from.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "output/record_level.hpp"
#include "output/result_metadata.hpp"
#include "output/staged_file.hpp"
#include "run/run_request.hpp"
#include "scenario/batch.hpp"

namespace cloudsim::run {

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

// Both throw RequestError for a request that cannot be run, scenario::InputError for bad inputs
// and output::NotAResultError for a file that cannot be resumed.

// A new run of the request's scenario and batch files.
RunPlan plan_new_run(const RunRequest& request);

// A run that completes or extends request.resume; reading it stops (output::ReadInterrupted)
// when *stop_requested is set.
RunPlan plan_resumed_run(const RunRequest& request, const std::atomic<bool>* stop_requested);

}  // namespace cloudsim::run
