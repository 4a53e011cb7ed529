#pragma once
// A result file as tidy tables (docs/exports.md): one row per observation, one column per
// variable, so that pandas, R and a spreadsheet read them without reshaping. Tables are produced
// row by row, because the per-path ones can be far larger than the writer needs at once.

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "output/result_info.hpp"

namespace cloudsim::exporting {

// A cell: absent (NaN in the file, an empty string where the column is a number), text, a whole
// number or a double.
using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Table {
  std::string name;  // file stem / sheet name: "summaries", "metadata", …
  std::vector<std::string> columns;
  std::uint64_t rows = 0;
  // Fills `row` (columns.size() cells) with row k, 0 <= k < rows; called in order.
  std::function<void(std::uint64_t k, std::vector<Cell>& row)> row;
};

// The stored summaries (summary_share, summary_revenue and their rank errors): one row per
// scenario × summary period × segment × provider × quantity. Files without summaries give none.
// Throws output::NotAResultError when a summary dataset has the wrong shape.
Table summary_table(const output::ResultInfo& info);

// The summary periods' labels ("2021Q4", …; none in a file without summaries).
std::vector<std::string> summary_periods(const output::ResultInfo& info);

// What `sim info` reports, as key/value rows (lists joined by ", ").
Table metadata_table(const output::ResultInfo& info);

// One row per scenario: name, file, title, description, references (one a line), sweep values.
Table scenario_table(const output::ResultInfo& info);

// One row per scenario × uncertain input it draws: key path, label, distribution.
Table input_table(const output::ResultInfo& info);

// Per completed path (`sim export --paths`): each provider's share of each segment's revenue and
// its revenue at each recorded period, and the drawn inputs. Rows they would have, to refuse
// what is too large before reading.
std::uint64_t path_outcome_rows(const output::ResultInfo& info);
std::uint64_t path_input_rows(const output::ResultInfo& info);
Table path_outcome_table(const output::ResultInfo& info);
Table path_input_table(const output::ResultInfo& info);

}  // namespace cloudsim::exporting
