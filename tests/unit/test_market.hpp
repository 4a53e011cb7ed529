#pragma once
// Small markets built in code for tests, and a sink that keeps every block in memory.

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "engine/block_sink.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "model/market_parameters.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::testing {

inline model::ProviderParameters provider(std::string name, double price_index, double affinity,
                                          std::vector<model::ProviderSegmentParameters> segments) {
  model::ProviderParameters p;
  p.name = std::move(name);
  p.price_index = price_index;
  p.multi_cloud_affinity = affinity;
  p.segments = std::move(segments);
  return p;
}

// Two segments, three providers, mild noise: every mechanism of the slice is switched on.
inline model::MarketParameters small_market(int quarters = 13) {
  model::MarketParameters p;
  p.quarters = quarters;
  p.segments = {
      {"IaaS", 100.0, 0.40, 0.15, 8.0, 0.20, 1.5, 1.0, 0.5, false},
      {"PaaS", 30.0, 0.30, 0.10, 8.0, 0.30, 1.0, 1.0, 1.0, false},
  };
  p.segment_correlation.resize(2, 2);
  p.segment_correlation << 1.0, 0.6, 0.6, 1.0;
  p.multi_cloud = {0.26, 0.03, 0.4, 0.85, 0.3};
  p.attraction_noise = {0.3, 0.8};
  p.providers = {
      provider("A", 1.0, 0.0, {{true, 0.6, 1.0, 0.5, 0.05, 0.0}, {true, 0.5, 0.5, 0.5, 0.05, 0.0}}),
      provider("B", 0.9, 1.0, {{true, 0.3, 0.5, 0.2, 0.08, 0.0}, {true, 0.5, 0.8, 0.1, 0.10, 0.0}}),
      provider("C", 1.1, 0.0, {{true, 0.1, 0.2, 0.0, 0.10, 0.0}, {false, 0.0, 0.0, 0.0, 1.0, 0.0}}),
  };
  return p;
}

// A valid one-segment, two-provider scenario. Tests that check line numbers count on its layout:
// volatility on line 13, Zeta's churn_rate on line 20.
inline const char* const kMinimalScenario = R"(# line 1
[simulation]
start_quarter = "2021Q1"
quarters = 8
paths = 10
seed = 1

[segments.IaaS]
initial_demand = 100.0
growth_initial = 0.4
growth_long_run = 0.15
growth_decay_quarters = 12
volatility = 0.1
price_sensitivity = 2.0
capability_sensitivity = 1.0
ecosystem_sensitivity = 1.0

[providers.Zeta.segments.IaaS]
initial_share = 0.7
churn_rate = 0.05

[providers.Alpha.segments.IaaS]
initial_share = 0.3
churn_rate = 0.05
)";

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
    profit.insert(profit.end(), block.profit.begin(), block.profit.end());
    cumulative_profit.insert(cumulative_profit.end(), block.cumulative_profit.begin(),
                             block.cumulative_profit.end());
    unserved.insert(unserved.end(), block.unserved_demand.begin(), block.unserved_demand.end());
    events.insert(events.end(), block.event_quarter.begin(), block.event_quarter.end());
    regime.insert(regime.end(), block.regime.begin(), block.regime.end());
    segment_regime.insert(segment_regime.end(), block.segment_regime.begin(),
                          block.segment_regime.end());
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

  [[nodiscard]] double cumulative_profit_at(std::size_t path, std::size_t quarter,
                                            std::size_t provider) const {
    return cumulative_profit[(path * shape.quarters + quarter) * shape.providers + provider];
  }
  [[nodiscard]] double unserved_at(std::size_t path, std::size_t quarter,
                                   std::size_t segment) const {
    return unserved[(path * shape.quarters + quarter) * shape.segments + segment];
  }
  [[nodiscard]] int event_at(std::size_t path, std::size_t event) const {
    return events[path * shape.events + event];
  }
  [[nodiscard]] double provider_revenue(std::size_t path, std::size_t quarter,
                                        std::size_t provider) const {
    double total = 0.0;
    for (std::size_t s = 0; s < shape.segments; ++s)
      total += revenue_at(path, quarter, s, provider);
    return total;
  }

  engine::BlockShape shape;
  std::size_t blocks_seen = 0;
  std::size_t paths = 0;
  std::vector<double> demand;
  std::vector<double> revenue;
  std::vector<double> adoption;
  std::vector<double> profit;
  std::vector<double> cumulative_profit;
  std::vector<double> unserved;
  std::vector<std::int32_t> events;
  std::vector<std::int8_t> regime;          // empty without growth regimes
  std::vector<std::int8_t> segment_regime;  // likewise
};

// Over every path, quarter and segment: the largest |Σ_i R − D| / D, and the smallest revenue.
struct ConservationCheck {
  double largest_gap = 0.0;
  double smallest_revenue = 0.0;
};
inline ConservationCheck check_conservation(const CollectingSink& sink) {
  ConservationCheck check;
  for (std::size_t n = 0; n < sink.paths; ++n) {
    for (std::size_t t = 0; t < sink.shape.quarters; ++t) {
      for (std::size_t s = 0; s < sink.shape.segments; ++s) {
        double total = 0.0;
        for (std::size_t i = 0; i < sink.shape.providers; ++i) {
          const double r = sink.revenue_at(n, t, s, i);
          check.smallest_revenue = std::min(check.smallest_revenue, r);
          total += r;
        }
        const double demand = sink.demand_at(n, t, s);
        check.largest_gap = std::max(check.largest_gap, std::abs(total - demand) / demand);
      }
    }
  }
  return check;
}

// Runs `paths` paths of `model` (drawing `inputs`, if any) and keeps everything in memory.
inline std::unique_ptr<CollectingSink> run_all(
    const model::MarketModel& model, std::uint64_t paths, std::uint64_t seed,
    const uncertainty::UncertainInputs* inputs = nullptr) {
  auto sink = std::make_unique<CollectingSink>();
  engine::RunOptions options;
  options.paths = paths;
  options.seed = seed;
  options.uncertain_inputs = inputs;
  engine::run_paths(model, options, *sink);
  return sink;
}

}  // namespace cloudsim::testing
