// Directional checks on the seed scenarios with common random numbers: the same seed gives the
// same shocks on the same path, so each path's difference between two scenarios is the effect of
// the strategy alone. Each check needs the paired mean difference more than 4 standard errors
// from zero.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "scenario/scenario_loader.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

constexpr std::uint64_t kPaths = 400;

struct ScenarioRun {
  scenario::Scenario scenario;
  std::unique_ptr<model::MarketModel> model;
  std::unique_ptr<testing::CollectingSink> sink;

  explicit ScenarioRun(const std::string& name)
      : scenario(
            scenario::load_scenario_file(std::string(CLOUDSIM_SOURCE_DIR) + "/scenarios/" + name)),
        model(std::make_unique<model::MarketModel>(scenario.market)),
        sink(testing::run_all(*model, kPaths, scenario.run.seed, &scenario.uncertain)) {}

  std::size_t provider(const std::string& name) const {
    const auto& all = scenario.market.providers;
    return static_cast<std::size_t>(
        std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.name == name; }) -
        all.begin());
  }
  std::size_t quarter(const std::string& label) const {
    return static_cast<std::size_t>(model::Quarter::parse(label)->index -
                                    scenario.run.start_quarter.index);
  }
  double iaas_share(std::size_t path, const std::string& provider_name,
                    const std::string& label) const {
    const auto t = quarter(label);
    return sink->revenue_at(path, t, 0, provider(provider_name)) / sink->demand_at(path, t, 0);
  }
  double operating_margin(std::size_t path, const std::string& provider_name,
                          const std::string& label) const {
    const auto t = quarter(label);
    const auto i = provider(provider_name);
    return sink->profit[(path * sink->shape.quarters + t) * sink->shape.providers + i] /
           sink->provider_revenue(path, t, i);
  }
};

struct Paired {
  double mean;
  double standard_error;
};

template <typename Measure>
Paired paired_difference(Measure measure) {
  double sum = 0.0, sum_squares = 0.0;
  for (std::size_t n = 0; n < kPaths; ++n) {
    const double d = measure(n);
    sum += d;
    sum_squares += d * d;
  }
  const double mean = sum / kPaths;
  const double variance = (sum_squares - sum * mean) / (kPaths - 1);
  return {mean, std::sqrt(variance / kPaths)};
}

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  return values[values.size() / 2];
}

TEST(WhatIf, MultiCloudCaptureRaisesVolcanoEnginesIaasShare) {
  const ScenarioRun base("baseline.toml");
  const ScenarioRun capture("bytedance-multicloud-capture.toml");
  const auto d = paired_difference([&](std::size_t n) {
    return capture.iaas_share(n, "Volcano Engine", "2025Q4") -
           base.iaas_share(n, "Volcano Engine", "2025Q4");
  });
  EXPECT_GT(d.mean - 4.0 * d.standard_error, 0.0)
      << "mean " << d.mean << ", SE " << d.standard_error;
  std::vector<double> a, b;
  for (std::size_t n = 0; n < kPaths; ++n) {
    a.push_back(base.iaas_share(n, "Volcano Engine", "2025Q4"));
    b.push_back(capture.iaas_share(n, "Volcano Engine", "2025Q4"));
  }
  EXPECT_GT(median(b), median(a));
  // Common random numbers: demand, which no strategy touches here, is identical path by path.
  EXPECT_EQ(base.sink->demand, capture.sink->demand);
}

TEST(WhatIf, ProfitFocusRaisesIncumbentsMarginsAndLowersTheirShare) {
  const ScenarioRun base("baseline.toml");
  const ScenarioRun focus("incumbents-profit-focus.toml");
  for (const std::string provider : {"Alibaba", "Tencent"}) {
    const auto margin = paired_difference([&](std::size_t n) {
      return focus.operating_margin(n, provider, "2025Q4") -
             base.operating_margin(n, provider, "2025Q4");
    });
    EXPECT_GT(margin.mean - 4.0 * margin.standard_error, 0.0)
        << provider << " margin: mean " << margin.mean << ", SE " << margin.standard_error;
    const auto share = paired_difference([&](std::size_t n) {
      return focus.iaas_share(n, provider, "2025Q4") - base.iaas_share(n, provider, "2025Q4");
    });
    EXPECT_LT(share.mean + 4.0 * share.standard_error, 0.0)
        << provider << " share: mean " << share.mean << ", SE " << share.standard_error;
  }
}

}  // namespace
}  // namespace cloudsim
