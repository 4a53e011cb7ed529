#include "output/record_level.hpp"

#include <algorithm>
#include <array>

namespace cloudsim::output {
namespace {

struct LevelRow {
  RecordLevel level;
  const char* name;  // as `--record` takes it and the file's `record_level` attribute holds it
  const char* time_label;
  const char* description;
};

constexpr std::array<LevelRow, 3> kLevels = {{
    {RecordLevel::full, "full", "quarter", "every quarter of every path"},
    {RecordLevel::annual, "annual", "year", "yearly sums of flows, year-end stocks"},
    {RecordLevel::final_quarter, "final", "quarter", "the final quarter only"},
}};

const LevelRow& row_of(RecordLevel level) {
  return *std::find_if(kLevels.begin(), kLevels.end(),
                       [level](const LevelRow& row) { return row.level == level; });
}

}  // namespace

std::vector<RecordLevel> all_record_levels() {
  std::vector<RecordLevel> levels;
  for (const auto& row : kLevels)
    levels.push_back(row.level);
  return levels;
}

std::optional<RecordLevel> parse_record_level(const std::string& name) {
  for (const auto& row : kLevels) {
    if (name == row.name)
      return row.level;
  }
  return std::nullopt;
}

const char* record_level_name(RecordLevel level) {
  return row_of(level).name;
}

std::string record_level_choices(bool described) {
  std::string text;
  for (std::size_t k = 0; k < kLevels.size(); ++k) {
    text += (k == 0 ? "" : k + 1 == kLevels.size() ? " or " : ", ");
    text += kLevels[k].name;
    if (described) {
      text += std::string(" (") + kLevels[k].description + ")";
    }
  }
  return text;
}

const char* record_level_description(RecordLevel level) {
  return row_of(level).description;
}

const char* time_label(RecordLevel level) {
  return row_of(level).time_label;
}

TimeAxis time_axis(RecordLevel level, model::Quarter start, std::size_t quarters) {
  TimeAxis axis;
  axis.period_of_quarter.resize(quarters);
  switch (level) {
    case RecordLevel::full:
      for (std::size_t t = 0; t < quarters; ++t) {
        axis.labels.push_back(start.plus(static_cast<int>(t)).label());
        axis.period_of_quarter[t] = t;
      }
      break;
    case RecordLevel::annual:
      for (std::size_t t = 0; t < quarters; ++t) {
        const int year = start.plus(static_cast<int>(t)).year();
        if (axis.labels.empty() || axis.labels.back() != std::to_string(year)) {
          axis.labels.push_back(std::to_string(year));
        }
        axis.period_of_quarter[t] = axis.labels.size() - 1;
      }
      break;
    case RecordLevel::final_quarter:
      axis.labels.push_back(start.plus(static_cast<int>(quarters) - 1).label());
      // Only the last quarter is kept; earlier ones map past the end and are skipped.
      std::fill(axis.period_of_quarter.begin(), axis.period_of_quarter.end(), 1);
      axis.period_of_quarter.back() = 0;
      break;
  }
  return axis;
}

void RecordReducer::reduce_regimes(const engine::PathBlock& block, std::size_t quarters,
                                   std::size_t periods) {
  // A year records how many of its quarters were in a slowdown (0 … 4), the final record the
  // last quarter's regime; a segment that no chain drives stays −1.
  const bool count = level_ == RecordLevel::annual;
  const auto reduce = [&](const std::vector<std::int8_t>& from, std::vector<std::int8_t>& to,
                          std::size_t columns) {
    std::fill(to.begin(), to.end(), std::int8_t{0});
    for (std::size_t row = 0; row < block.path_count; ++row) {
      for (std::size_t t = 0; t < quarters; ++t) {
        const std::size_t period = axis_.period_of_quarter[t];
        if (period >= periods)
          continue;
        const std::int8_t* in = from.data() + (row * quarters + t) * columns;
        std::int8_t* out = to.data() + (row * periods + period) * columns;
        for (std::size_t c = 0; c < columns; ++c) {
          out[c] = count && in[c] >= 0 ? static_cast<std::int8_t>(out[c] + in[c]) : in[c];
        }
      }
    }
  };
  reduce(block.regime, reduced_.regime, block.shape.regimes);
  reduce(block.segment_regime, reduced_.segment_regime, block.shape.regimes * block.shape.segments);
}

RecordReducer::RecordReducer(RecordLevel level, TimeAxis axis, engine::BlockSink& next)
    : level_(level), axis_(std::move(axis)), next_(next) {}

void RecordReducer::consume(const engine::PathBlock& block) {
  if (level_ == RecordLevel::full) {
    next_.consume(block);
    return;
  }
  engine::BlockShape shape = block.shape;
  const std::size_t quarters = shape.quarters;
  const std::size_t periods = axis_.labels.size();
  shape.quarters = periods;
  reduced_.resize(block.first_path, block.path_count, shape);
  reduced_.scenario = block.scenario;
  for (const auto& quantity : engine::kRecordedQuantities) {
    const engine::BlockValues& from_values = block.*quantity.values;
    engine::BlockValues& to_values = reduced_.*quantity.values;
    const bool flow = quantity.accumulation == engine::Accumulation::flow;
    if (flow) {
      std::fill(to_values.begin(), to_values.end(), 0.0);
    }
    const std::size_t columns = quantity.columns(shape);
    for (std::size_t row = 0; row < block.path_count; ++row) {
      for (std::size_t t = 0; t < quarters; ++t) {
        const std::size_t period = axis_.period_of_quarter[t];
        if (period >= periods)
          continue;
        const double* from = from_values.data() + (row * quarters + t) * columns;
        double* to = to_values.data() + (row * periods + period) * columns;
        // Flows add up over the period; stocks keep the period's last value (t runs forward).
        for (std::size_t c = 0; c < columns; ++c) {
          to[c] = flow ? to[c] + from[c] : from[c];
        }
      }
    }
  }
  reduce_regimes(block, quarters, periods);
  std::copy(block.parameters.begin(), block.parameters.end(), reduced_.parameters.begin());
  std::copy(block.event_quarter.begin(), block.event_quarter.end(), reduced_.event_quarter.begin());
  next_.consume(reduced_);
}

}  // namespace cloudsim::output
