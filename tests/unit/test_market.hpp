#pragma once
// Small markets built in code for tests, and a sink that keeps every block in memory.

#include <vector>

#include "engine/block_sink.hpp"
#include "model/market_parameters.hpp"

namespace cloudsim::testing {

// Two segments, three providers, mild noise: every mechanism of the slice is switched on.
inline model::MarketParameters small_market(int quarters = 13) {
  model::MarketParameters p;
  p.quarters = quarters;
  p.segments = {
      {"IaaS", 100.0, 0.40, 0.15, 8.0, 0.20, 1.5, 1.0, 0.5},
      {"PaaS", 30.0, 0.30, 0.10, 8.0, 0.30, 1.0, 1.0, 1.0},
  };
  p.segment_correlation.resize(2, 2);
  p.segment_correlation << 1.0, 0.6, 0.6, 1.0;
  p.multi_cloud = {0.26, 0.03, 0.4, 0.85, 0.3};
  p.attraction_noise = {0.3, 0.8};
  p.providers = {
      {"A", 1.0, 0.0, {{true, 0.6, 1.0, 0.5, 0.05}, {true, 0.5, 0.5, 0.5, 0.05}}},
      {"B", 0.9, 1.0, {{true, 0.3, 0.5, 0.2, 0.08}, {true, 0.5, 0.8, 0.1, 0.10}}},
      {"C", 1.1, 0.0, {{true, 0.1, 0.2, 0.0, 0.10}, {false, 0.0, 0.0, 0.0, 1.0}}},
  };
  return p;
}

class CollectingSink final : public engine::BlockSink {
 public:
  void consume(const engine::PathBlock& block) override {
    if (blocks_seen == 0) {
      shape = block.shape;
    }
    ++blocks_seen;
    demand.insert(demand.end(), block.demand.begin(),
                  block.demand.begin() + static_cast<std::ptrdiff_t>(
                                             block.path_count * shape.quarters * shape.segments));
    revenue.insert(
        revenue.end(), block.revenue.begin(),
        block.revenue.begin() + static_cast<std::ptrdiff_t>(block.path_count * shape.quarters *
                                                            shape.segments * shape.providers));
    adoption.insert(adoption.end(), block.multi_cloud_adoption.begin(),
                    block.multi_cloud_adoption.begin() +
                        static_cast<std::ptrdiff_t>(block.path_count * shape.quarters));
    paths += block.path_count;
  }

  [[nodiscard]] double demand_at(std::size_t path, std::size_t quarter, std::size_t segment) const {
    return demand[(path * shape.quarters + quarter) * shape.segments + segment];
  }
  [[nodiscard]] double revenue_at(std::size_t path, std::size_t quarter, std::size_t segment,
                                  std::size_t provider) const {
    return revenue[((path * shape.quarters + quarter) * shape.segments + segment) *
                       shape.providers +
                   provider];
  }

  engine::BlockShape shape;
  std::size_t blocks_seen = 0;
  std::size_t paths = 0;
  std::vector<double> demand;
  std::vector<double> revenue;
  std::vector<double> adoption;
};

}  // namespace cloudsim::testing
