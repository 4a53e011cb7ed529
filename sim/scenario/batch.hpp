#pragma once
// A batch: the scenarios one run compares on common random numbers. Built from scenario files
// (`sim run a.toml b.toml`) and batch files, which name scenario files and sweep keys over grids
// or Latin hypercubes (format: docs/scenario-format.md, "Batch files").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/input_error.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::scenario {

// Scenarios in one batch, sweep points included (every file and sweep of a run together).
inline constexpr std::size_t kMaxBatchScenarios = 10'000;

struct BatchScenario {
  std::string name;  // unique in the batch
  Scenario scenario;
  std::vector<double> sweep_values;  // one per Batch::sweep_keys; NaN where not swept
};

struct Batch {
  std::vector<BatchScenario> scenarios;
  std::vector<std::string> sweep_keys;  // key paths varied by sweeps, in order of appearance
  // The question the batch asks, from the first batch file that gives them ("" if none).
  std::string title;
  std::string description;
  // Settings of the first batch file that gives them (command-line options override them).
  std::optional<std::uint64_t> paths;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> max_paths;
  // An observations file to condition every scenario on (docs/conditioning.md), as a path usable
  // from the working directory.
  std::optional<std::string> observations;
  std::vector<std::string> precision;         // --precision targets written in batch files
  std::vector<InputIssue> precision_origins;  // where each is written (message left empty)
};

// True when the TOML file has a top-level [batch] table (so it is a batch file, not a scenario).
bool is_batch_file(const std::string& path, const LoadOptions& options = {});

// Loads every file in order: a scenario file adds one scenario named after the file's stem, a batch
// file its listed scenarios and sweep points. `options.assignments` (--set) apply to every
// scenario. Checks that the scenarios share one market shape (start quarter, horizon, segments,
// providers, currency), so they can be compared path by path. Throws InputError.
Batch load_batch(const std::vector<std::string>& files, const LoadOptions& options = {});

}  // namespace cloudsim::scenario
