#include "engine/finite_check.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace cloudsim::engine {
namespace {

// One cheap pass per path (infinite_or_nan_bit).
bool all_finite(const BlockValues& values, std::size_t row, std::size_t per_row) {
  const double* x = values.data() + row * per_row;
  std::uint64_t any = 0;
  for (std::size_t k = 0; k < per_row; ++k)
    any |= infinite_or_nan_bit(x[k]);
  return (any >> 63) == 0;
}

}  // namespace

void check_finite(const PathBlock& block, std::size_t path_row, const model::MarketModel& model) {
  const auto& s = block.shape;
  const std::size_t q = s.quarters;
  if (all_finite(block.demand, path_row, q * s.segments) &&
      all_finite(block.revenue, path_row, q * s.segments * s.providers) &&
      all_finite(block.multi_cloud_adoption, path_row, q) &&
      all_finite(block.parameters, path_row, s.parameters) &&
      all_finite(block.profit, path_row, q * s.providers) &&
      all_finite(block.cumulative_profit, path_row, q * s.providers) &&
      all_finite(block.unserved_demand, path_row, q * s.segments) &&
      all_finite(block.group_demand, path_row, q * s.groups * s.segments) &&
      all_finite(block.group_revenue, path_row, q * s.groups * s.segments * s.providers)) {
    return;
  }
  const auto& parameters = model.parameters();
  const auto segment = [&](std::size_t g) { return parameters.segments.at(g).name; };
  const auto provider = [&](std::size_t p) { return parameters.providers.at(p).name; };
  // [path][quarter][columns]: which member, and the name of column c.
  struct Member {
    const char* name;
    const BlockValues* values;
    std::size_t columns;
    bool per_quarter;
  };
  const Member members[] = {
      {"demand", &block.demand, s.segments, true},
      {"revenue", &block.revenue, s.segments * s.providers, true},
      {"multi-cloud adoption", &block.multi_cloud_adoption, 1, true},
      {"drawn input", &block.parameters, s.parameters, false},
      {"profit", &block.profit, s.providers, true},
      {"cumulative profit", &block.cumulative_profit, s.providers, true},
      {"unserved demand", &block.unserved_demand, s.segments, true},
      {"group demand", &block.group_demand, s.groups * s.segments, true},
      {"group revenue", &block.group_revenue, s.groups * s.segments * s.providers, true},
  };
  const std::size_t row = path_row;
  for (const auto& member : members) {
    const std::size_t quarters = member.per_quarter ? s.quarters : 1;
    for (std::size_t t = 0; t < quarters; ++t) {
      for (std::size_t c = 0; c < member.columns; ++c) {
        const double x = (*member.values)[(row * quarters + t) * member.columns + c];
        if (std::isfinite(x)) {
          continue;
        }
        std::string where = member.name;
        if (member.values == &block.revenue) {
          where += " of " + provider(c % s.providers) + " in " + segment(c / s.providers);
        } else if (member.values == &block.demand || member.values == &block.unserved_demand) {
          where += " of " + segment(c);
        } else if (member.values == &block.profit || member.values == &block.cumulative_profit) {
          where += " of " + provider(c);
        } else if (member.values == &block.group_demand) {
          where += " of " + parameters.customer_groups.at(c / s.segments).name + " in " +
                   segment(c % s.segments);
        } else if (member.values == &block.group_revenue) {
          const std::size_t r = c / s.providers;
          where += " of " + provider(c % s.providers) + " from " +
                   parameters.customer_groups.at(r / s.segments).name + " in " +
                   segment(r % s.segments);
        } else if (member.values == &block.parameters) {
          where += " number " + std::to_string(c + 1);
        }
        throw NonFiniteResult(
            "path " + std::to_string(block.first_path + row) +
            (member.per_quarter ? ", quarter " + std::to_string(t) + " of the run" : "") +
            ", scenario " + std::to_string(block.scenario + 1) + ": " + where + " is " +
            (std::isnan(x) ? "not a number" : "infinite") +
            " (the model overflowed: some inputs are too large for it; nothing was written)");
      }
    }
  }
}

}  // namespace cloudsim::engine
