// Model spec section 4: with no noise and constant choice probabilities π and churn k, shares
// converge to x*_i = (π_i / k_i) / Σ_j (π_j / k_j). π is computed here from the spec's formulas,
// independently of the model's code.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

TEST(Equilibrium, SharesConvergeToChoiceOverChurn) {
  auto p = testing::small_market(301);
  for (auto& s : p.segments) {
    s.volatility = 0.0;
  }
  p.attraction_noise = {0.0, 0.0};
  p.multi_cloud.innovation = 0.0;  // m stays at m(0), so π is constant
  p.multi_cloud.imitation = 0.0;
  // Churn of at least 0.1 makes the gap shrink by ≥ 10% a quarter: 300 quarters leave ~1e-14.
  p.providers[0].segments[0].churn_rate = 0.10;
  p.providers[0].segments[1].churn_rate = 0.15;
  const model::MarketModel model(p);
  testing::CollectingSink sink;
  engine::RunOptions options;
  options.paths = 2;
  options.seed = 5;
  engine::run_paths(model, options, sink);

  const double m = p.multi_cloud.initial_adoption;
  const double second = p.multi_cloud.second_cloud_spend_share * m;
  for (std::size_t s = 0; s < p.segments.size(); ++s) {
    const auto& seg = p.segments[s];
    std::vector<double> w(p.providers.size(), 0.0);
    std::vector<double> wa(p.providers.size(), 0.0);
    double w_total = 0.0;
    double wa_total = 0.0;
    for (std::size_t i = 0; i < p.providers.size(); ++i) {
      const auto& c = p.providers[i].segments[s];
      if (!c.present)
        continue;
      const double u = -seg.price_sensitivity * std::log(p.providers[i].price_index) +
                       seg.capability_sensitivity * c.capability +
                       seg.ecosystem_sensitivity * c.ecosystem;
      w[i] = std::exp(u);
      wa[i] = w[i] * std::exp(p.providers[i].multi_cloud_affinity);
      w_total += w[i];
      wa_total += wa[i];
    }
    // The second cloud is never the primary (v2): π²_i = Σ_{j≠i} π¹_j v_i / Σ_{k≠j} v_k.
    const auto second_share = [&](std::size_t i) {
      double total = 0.0;
      for (std::size_t j = 0; j < p.providers.size(); ++j) {
        if (j != i)
          total += w[j] / w_total * wa[i] / (wa_total - wa[j]);
      }
      return total;
    };
    std::vector<double> ratio(p.providers.size(), 0.0);
    double ratio_total = 0.0;
    for (std::size_t i = 0; i < p.providers.size(); ++i) {
      if (w[i] == 0.0)
        continue;
      const double pi = (1.0 - second) * w[i] / w_total + second * second_share(i);
      ratio[i] = pi / p.providers[i].segments[s].churn_rate;
      ratio_total += ratio[i];
    }
    for (std::size_t path = 0; path < 2; ++path) {
      const double demand = sink.demand_at(path, 300, s);
      for (std::size_t i = 0; i < p.providers.size(); ++i) {
        const double share = sink.revenue_at(path, 300, s, i) / demand;
        EXPECT_NEAR(share, ratio[i] / ratio_total, 1e-9)
            << "segment " << seg.name << ", provider " << p.providers[i].name;
      }
    }
  }
}

}  // namespace
}  // namespace cloudsim
