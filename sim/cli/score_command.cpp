// `sim score RESULT.h5 ACTUALS.toml`: how a finished run's forecasts compare with what happened
// (docs/observations.md, "Scoring"). Each actual row's quantity is evaluated on every recorded
// path (× the row's stated scale), and the ensemble of paths (weighted when the file has a
// `weight` dataset) is scored against the actual: bands, PIT, CRPS.

#include <hdf5.h>

#include <array>
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/scenario_options.hpp"
#include "cli/score_report.hpp"
#include "engine/block_row_view.hpp"
#include "observe/observations.hpp"
#include "output/h5.hpp"
#include "output/result_errors.hpp"
#include "output/result_reader.hpp"
#include "text/suggest.hpp"

namespace cloudsim::cli {
namespace {

// The names the actuals resolve against: the file's periods (quarters, or years for annual
// records), so that a row the file cannot answer is "not scorable" rather than an error.
outcome::Names names_of(const output::ResultMetadata& m) {
  outcome::Names names{m.segment_names, m.provider_names, {}, m.quarter_labels};
  if (m.record_level == output::RecordLevel::annual) {
    names.period_word = "year";
    names.quarters_per_period = 4;
  }
  return names;
}

// Why a row is not scorable, in the planner's terms.
std::string reason_for(const observe::Observation& row, const output::ResultMetadata& m) {
  const bool year = row.period.size() == 4;
  if (m.record_level == output::RecordLevel::annual && !year)
    return "a quarter needs a result with full records (sim run --record full); this one has "
           "annual records";
  if (m.record_level == output::RecordLevel::final_quarter)
    return "a result with final records holds only " +
           (m.quarter_labels.empty() ? std::string("its last quarter") : m.quarter_labels.back()) +
           ": " + row.unresolved;
  return row.unresolved;
}

// The `weight` dataset (scenario, path), if the result is weighted; checked against the file's
// shape, since the file is untrusted input.
class Weights {
 public:
  Weights(const std::string& path, const output::ResultMetadata& m) {
    file_ = output::h5::open_file_read_only(path);
    if (!output::h5::has_link(file_.id(), "weight"))
      return;
    dataset_ = output::h5::open_dataset(file_.id(), "weight");
    const auto dims = output::h5::dataset_dims(dataset_.id());
    if (dims.size() != 2 || dims[0] != m.scenarios.size() || dims[1] != m.paths) {
      throw output::NotAResultError(path + ": the weight dataset is not (scenario, path)");
    }
    present_ = true;
  }
  [[nodiscard]] bool present() const { return present_; }
  void read(std::size_t scenario, std::uint64_t first, std::size_t count, double* out) const {
    const std::array<hsize_t, 1> leading = {scenario};
    output::h5::read_rows(dataset_.id(), H5T_NATIVE_DOUBLE, first, count, out, leading);
  }

 private:
  output::h5::Handle file_;
  output::h5::Handle dataset_;
  bool present_ = false;
};

std::vector<std::size_t> chosen_scenarios(const output::ResultMetadata& m,
                                          const std::string& wanted) {
  std::vector<std::size_t> chosen;
  std::vector<std::string> names;
  for (std::size_t k = 0; k < m.scenarios.size(); ++k) {
    names.push_back(m.scenarios[k].name);
    if (wanted.empty() || m.scenarios[k].name == wanted)
      chosen.push_back(k);
  }
  if (chosen.empty()) {
    throw UsageError("the result has no scenario '" + wanted + "'" +
                     text::did_you_mean(wanted, names));
  }
  return chosen;
}

}  // namespace

int score_command(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  std::string result_path;
  std::string actuals_path;
  std::string scenario;
  po::options_description options(
      "sim score RESULT.h5 ACTUALS.toml\n\nScores a result's forecasts against what happened: per "
      "actual (an observations file, docs/observations.md) and scenario, the median, the 50% and "
      "90% bands and whether the actual lies in them, its PIT and CRPS; then per scenario the "
      "bands' coverage and the mean CRPS. Weighted when the result is.\n\noptions");
  options.add_options()("help,h", "this text")("json", "print JSON (for cloudsim.score)")(
      "scenario", po::value<std::string>(&scenario), "score only this scenario of the result");
  po::options_description hidden;
  hidden.add_options()("result", po::value<std::string>(&result_path), "result file")(
      "actuals", po::value<std::string>(&actuals_path), "actuals file");
  po::positional_options_description positional;
  positional.add("result", 1).add("actuals", 1);
  const auto parsed = parse_command_line(arguments, options, hidden, positional);
  if (!parsed)
    return 0;
  if (result_path.empty() || actuals_path.empty())
    throw UsageError(
        "a result file and an actuals file are needed: sim score RESULT.h5 "
        "ACTUALS.toml");

  const output::ResultReader reader(result_path);
  const auto& m = reader.metadata();
  const auto actuals =
      observe::load_observations(actuals_path, names_of(m), observe::Unresolved::keep);
  const std::uint64_t paths = reader.status().paths_completed;
  if (paths == 0)
    throw output::NotAResultError(result_path + ": the result holds no completed path");
  const Weights weights(result_path, m);

  ScoreReport report;
  report.result_file = result_path;
  report.actuals_file = actuals_path;
  report.title = actuals.title();
  report.record_level = output::record_level_name(m.record_level);
  report.weighted = weights.present();
  for (const std::size_t k : chosen_scenarios(m, scenario)) {
    report.scenarios.push_back(m.scenarios[k].name);
    // values[j][path]: row j's scale·h on every path.
    std::vector<std::vector<double>> values(actuals.size());
    std::vector<double> path_weights(weights.present() ? paths : 0);
    engine::PathBlock block;
    for (std::uint64_t first = 0; first < paths; first += output::kPathChunk) {
      const auto count = static_cast<std::size_t>(std::min(output::kPathChunk, paths - first));
      reader.read_block(k, first, count, m.scenarios[k], block, true);
      if (weights.present())
        weights.read(k, first, count, path_weights.data() + first);
      for (std::size_t j = 0; j < actuals.size(); ++j) {
        if (!actuals.row(j).unresolved.empty())
          continue;
        for (std::size_t row = 0; row < count; ++row)
          values[j].push_back(
              actuals.model_value(j, engine::BlockRow(block, row), actuals.scale(j)));
      }
    }
    for (std::size_t j = 0; j < actuals.size(); ++j) {
      const auto& row = actuals.row(j);
      ScoredRow scored{m.scenarios[k].name,
                       row.id,
                       row.quantity_text,
                       row.period,
                       row.value,
                       row.scale,
                       row.unresolved.empty() ? "" : reason_for(row, m),
                       {}};
      if (scored.reason.empty())
        scored.score = observe::score_forecast(values[j], path_weights, row.value);
      report.rows.push_back(std::move(scored));
    }
  }
  if (parsed->count("json"))
    print_score_json(report, std::cout);
  else
    print_score_text(report, std::cout);
  return 0;
}

}  // namespace cloudsim::cli
