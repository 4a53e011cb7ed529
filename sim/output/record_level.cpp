#include "output/record_level.hpp"

#include <algorithm>

namespace cloudsim::output {

std::optional<RecordLevel> parse_record_level(const std::string& name) {
  if (name == "full")
    return RecordLevel::full;
  if (name == "annual")
    return RecordLevel::annual;
  if (name == "final")
    return RecordLevel::final_quarter;
  return std::nullopt;
}

const char* record_level_name(RecordLevel level) {
  switch (level) {
    case RecordLevel::full:
      return "full";
    case RecordLevel::annual:
      return "annual";
    case RecordLevel::final_quarter:
      return "final";
  }
  return "?";
}

TimeAxis time_axis(RecordLevel level, model::Quarter start, std::size_t quarters) {
  TimeAxis axis;
  axis.period_of_quarter.resize(quarters);
  switch (level) {
    case RecordLevel::full:
      axis.dimension = "quarter";
      for (std::size_t t = 0; t < quarters; ++t) {
        axis.labels.push_back(start.plus(static_cast<int>(t)).label());
        axis.period_of_quarter[t] = t;
      }
      break;
    case RecordLevel::annual:
      axis.dimension = "year";
      for (std::size_t t = 0; t < quarters; ++t) {
        const int year = start.plus(static_cast<int>(t)).year();
        if (axis.labels.empty() || axis.labels.back() != std::to_string(year)) {
          axis.labels.push_back(std::to_string(year));
        }
        axis.period_of_quarter[t] = axis.labels.size() - 1;
      }
      break;
    case RecordLevel::final_quarter:
      axis.dimension = "quarter";
      axis.labels.push_back(start.plus(static_cast<int>(quarters) - 1).label());
      // Only the last quarter is kept; earlier ones map past the end and are skipped.
      std::fill(axis.period_of_quarter.begin(), axis.period_of_quarter.end(), 1);
      axis.period_of_quarter.back() = 0;
      break;
  }
  return axis;
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
  std::fill(reduced_.demand.begin(), reduced_.demand.end(), 0.0);
  std::fill(reduced_.revenue.begin(), reduced_.revenue.end(), 0.0);
  std::fill(reduced_.profit.begin(), reduced_.profit.end(), 0.0);
  std::fill(reduced_.unserved_demand.begin(), reduced_.unserved_demand.end(), 0.0);
  const std::size_t S = shape.segments;
  const std::size_t P = shape.providers;
  for (std::size_t row = 0; row < block.path_count; ++row) {
    for (std::size_t t = 0; t < quarters; ++t) {
      const std::size_t period = axis_.period_of_quarter[t];
      if (period >= periods)
        continue;
      const std::size_t from = row * quarters + t;
      const std::size_t to = row * periods + period;
      // Flows add up over the period; stocks keep the period's last value (t runs forward).
      for (std::size_t s = 0; s < S; ++s) {
        reduced_.demand[to * S + s] += block.demand[from * S + s];
        reduced_.unserved_demand[to * S + s] += block.unserved_demand[from * S + s];
      }
      for (std::size_t k = 0; k < S * P; ++k) {
        reduced_.revenue[to * S * P + k] += block.revenue[from * S * P + k];
      }
      for (std::size_t i = 0; i < P; ++i) {
        reduced_.profit[to * P + i] += block.profit[from * P + i];
        reduced_.cumulative_profit[to * P + i] = block.cumulative_profit[from * P + i];
      }
      reduced_.multi_cloud_adoption[to] = block.multi_cloud_adoption[from];
    }
  }
  std::copy(block.parameters.begin(), block.parameters.end(), reduced_.parameters.begin());
  std::copy(block.event_quarter.begin(), block.event_quarter.end(), reduced_.event_quarter.begin());
  next_.consume(reduced_);
}

}  // namespace cloudsim::output
