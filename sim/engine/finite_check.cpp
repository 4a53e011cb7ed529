#include "engine/finite_check.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace cloudsim::engine {
namespace {

// x * 0 is 0 for every finite x and NaN for ±inf and NaN: one branch-free pass over the block.
bool all_finite(const std::vector<double>& values) {
  double probe = 0.0;
  for (const double x : values)
    probe += x * 0.0;
  return probe == 0.0;
}

}  // namespace

void check_finite(const PathBlock& block, const model::MarketModel& model) {
  if (all_finite(block.demand) && all_finite(block.revenue) &&
      all_finite(block.multi_cloud_adoption) && all_finite(block.parameters) &&
      all_finite(block.profit) && all_finite(block.cumulative_profit) &&
      all_finite(block.unserved_demand)) {
    return;
  }
  const auto& parameters = model.parameters();
  const auto& s = block.shape;
  const auto segment = [&](std::size_t g) { return parameters.segments.at(g).name; };
  const auto provider = [&](std::size_t p) { return parameters.providers.at(p).name; };
  // [path][quarter][columns]: which member, and the name of column c.
  struct Member {
    const char* name;
    const std::vector<double>* values;
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
  };
  for (std::size_t row = 0; row < block.path_count; ++row) {
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
}

}  // namespace cloudsim::engine
