#pragma once
// What `sim score` found, and its two printed forms: a table for reading, JSON for the toolkit
// (cloudsim.score). Field names of the JSON are documented in docs/observations.md.

#include <ostream>
#include <string>
#include <vector>

#include "observe/forecast_score.hpp"

namespace cloudsim::cli {

struct ScoredRow {
  std::string scenario;
  std::string id;
  std::string quantity;
  std::string period;
  double actual = 0.0;
  double scale = 1.0;
  std::string reason;  // empty when scored; else why the row is not scorable
  observe::ForecastScore score;
};

struct ScoreReport {
  std::string result_file;
  std::string actuals_file;
  std::string title;
  std::string record_level;
  bool weighted = false;
  std::vector<std::string> scenarios;
  std::vector<ScoredRow> rows;  // scenario by scenario, in the file's row order
};

// Per scenario: how the scored rows came out.
struct ScoreSummary {
  std::size_t scored = 0;
  std::size_t not_scorable = 0;
  std::size_t in50 = 0;
  std::size_t in90 = 0;
  double mean_crps = 0.0;
  double mean_relative_crps = 0.0;  // CRPS / |y| over the rows with y ≠ 0
  std::size_t relative_rows = 0;
  double mean_pit = 0.0;
};
ScoreSummary summarise(const ScoreReport& report, const std::string& scenario);

void print_score_text(const ScoreReport& report, std::ostream& out);
void print_score_json(const ScoreReport& report, std::ostream& out);

}  // namespace cloudsim::cli
