#pragma once
// Everything a result file records besides the paths themselves: what was run (the scenarios of
// the batch, the seed, the coordinates) and how the run ended. Shared by the writer, the reader
// that resumes runs and `sim info`.

#include <cstdint>
#include <string>
#include <vector>

#include "output/record_level.hpp"

namespace cloudsim::output {

inline constexpr const char* kFileType = "cloudsim-result";
inline constexpr std::int32_t kFormatMajor = 3;
// 2.1: block checksums, run fingerprint; 2.2: group_demand and group_revenue (only with customer
// groups); 2.3: regime and segment_regime (only with growth regimes), and conditioned runs
// (observation_* and the per-scenario conditioning datasets, only when conditioned).
// 3.0: CF-1.10 conventions: the dimension `time` (numeric, with bounds), labels as `quarter` or
// `year` over it, UDUNITS units, _FillValue, Conventions/title/history/source/references.
inline constexpr std::int32_t kFormatMinor = 0;

// Paths per chunk along the path dimension: fixed, so the file layout never depends on how the
// engine blocked its work. Also the unit of the block checksums.
inline constexpr std::uint64_t kPathChunk = 1024;

// One row of the observations a conditioned run was conditioned on (docs/observations.md).
struct ObservationRecord {
  std::string id;
  std::string quantity;  // outcome-language text
  std::string period;    // "2022Q4" or "2022"
  std::string source;
  std::string scope;
  std::string error_kind;  // "relative" or "absolute"
  double value = 0.0;
  double error = 0.0;  // the stated (central) error
  double scale = 1.0;  // the stated (central) scale
};

// How one scenario's paths were conditioned (docs/conditioning.md); empty when not conditioned.
struct ConditioningRecord {
  std::string last_observed_quarter;  // "" when the run is not conditioned
  double effective_sample_size = 0.0;
  double prior_effective_sample_size = 0.0;
  std::uint64_t distinct_histories = 0;
  std::uint64_t stages = 0;
  double move_acceptance = 0.0;
  std::vector<std::uint64_t> distinct_input_values;  // per parameter_names entry
};

// One scenario of the batch.
struct ScenarioRecord {
  std::string name;  // unique within the file: "baseline", "alibaba_price/03", …
  std::string file;  // the scenario file as given (a sweep point names the file it varies)
  std::string text;  // the resolved scenario as run: loading it gives the same scenario
  std::vector<std::string> parameter_names;          // key paths of its uncertain inputs
  std::vector<std::string> parameter_distributions;  // "uniform(low=…, high=…)", same order
  std::vector<std::string> event_names;              // "Volcano Engine: capture retreats", …
  std::vector<double> sweep_values;  // one per ResultMetadata::sweep_keys; NaN where not swept
  ConditioningRecord conditioning;
  // What the scenario file says about itself (format 3.0; "" and none in older files).
  // (Default member initializers: older positional initialisations stay complete.)
  std::string title = "";
  std::string description = "";
  std::vector<std::string> references = {};
  std::vector<std::string> parameter_labels = {};  // per parameter_names entry: its label, or ""
};

struct ResultMetadata {
  std::string program_version;
  std::string currency_unit;  // of every money dataset
  std::string rng_layout;     // how random numbers map to (seed, path, quarter, purpose)
  std::uint64_t seed = 0;
  std::uint64_t paths = 0;  // paths the file has room for
  // What is kept of each path; names the time dimension and the period of money flows.
  RecordLevel record_level = RecordLevel::full;
  std::vector<std::string> quarter_labels;  // the time labels: "2021Q1", … (or "2021", …)
  // The simulated quarters the labels come from: the numeric time coordinate's origin and
  // periods. 0 quarters: the labels are a full record starting at start_quarter (tests).
  model::Quarter start_quarter{2021 * 4};
  std::size_t simulated_quarters = 0;
  std::vector<std::string> segment_names;
  std::vector<std::string> provider_names;
  std::vector<std::string> group_names;  // customer groups, the same in every scenario; often none
  bool growth_regimes = false;  // regime and segment_regime recorded (every scenario has regimes)
  std::vector<ScenarioRecord> scenarios;
  std::vector<std::string> sweep_keys;  // key paths varied by the batch's sweeps
  std::string batch_title;              // of the batch file run ("" if none, or not run from one)
  std::string batch_description;
  // Conditioned runs only (empty text: not conditioned): the observations file as given and as
  // read, the method, and its rows.
  std::string observations_file;
  std::string observations_text;
  std::string conditioning_method;
  std::vector<ObservationRecord> observations;
  [[nodiscard]] bool conditioned() const { return !observations_text.empty(); }

  // Every scenario's uncertain inputs (events), each once, in order of first appearance: the
  // file's `parameter` (`event`) coordinate.
  [[nodiscard]] std::vector<std::string> all_parameter_names() const;
  [[nodiscard]] std::vector<std::string> all_event_names() const;
  // Per entry of `all_parameters`: the first non-empty label the scenarios give it, "" if none.
  [[nodiscard]] std::vector<std::string> parameter_labels(
      const std::vector<std::string>& all_parameters) const;
  // Any title, description, reference or label recorded (files without keep older fingerprints).
  [[nodiscard]] bool described() const;
};

// Where each of `names` stands in `all` (all.size() for a name that is not there): how a
// scenario's own inputs and events map onto the file's common coordinates.
std::vector<std::size_t> positions_in(const std::vector<std::string>& names,
                                      const std::vector<std::string>& all);

// A --precision target and what the run achieved for it.
struct PrecisionRecord {
  std::string target;           // as the planner wrote it
  double goal = 0.0;            // the standard error asked for
  double standard_error = 0.0;  // reached at the last path (largest over the scenarios it covers)
  bool met = false;
};

// How a run ended, written when the file is closed.
struct RunStatus {
  std::uint64_t paths_completed = 0;
  bool complete = true;
  // Why the run stopped: "path count", "precision targets met", "path cap reached",
  // "interrupted".
  std::string stop_reason = "path count";
  std::string final_output;  // partial files: where `sim run --resume` writes the completed result
  std::vector<PrecisionRecord> precision;
};

}  // namespace cloudsim::output
