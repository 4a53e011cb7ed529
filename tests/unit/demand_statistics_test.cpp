// Model spec section 1 against its closed forms, with tolerances of 4 standard errors.

#include <gtest/gtest.h>

#include <cmath>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

constexpr double kGrowth = 0.25;
constexpr int kSteps = 12;
constexpr std::size_t kPaths = 20000;
const double kVolatility[3] = {0.20, 0.35, 0.10};

model::MarketParameters constant_growth_market() {
  model::MarketParameters p;
  p.quarters = kSteps + 1;
  const char* names[3] = {"IaaS", "PaaS", "SaaS"};
  for (int s = 0; s < 3; ++s) {
    p.segments.push_back(
        {names[s], 100.0 * (s + 1), kGrowth, kGrowth, 5.0, kVolatility[s], 1.0, 1.0, 1.0, false});
  }
  p.segment_correlation.resize(3, 3);
  p.segment_correlation << 1.0, 0.7, -0.3, 0.7, 1.0, 0.2, -0.3, 0.2, 1.0;
  p.providers = {testing::provider(
      "Only", 1.0, 0.0,
      {{true, 1.0, 0, 0, 0.1, 0.0}, {true, 1.0, 0, 0, 0.1, 0.0}, {true, 1.0, 0, 0, 0.1, 0.0}})};
  return p;
}

class DemandStatistics : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    model_ = new model::MarketModel(constant_growth_market());
    sink_ = new testing::CollectingSink();
    engine::RunOptions options;
    options.paths = kPaths;
    options.seed = 314159;
    engine::run_paths(*model_, options, *sink_);
  }
  static void TearDownTestSuite() {
    delete sink_;
    delete model_;
  }
  static model::MarketModel* model_;
  static testing::CollectingSink* sink_;
};
model::MarketModel* DemandStatistics::model_ = nullptr;
testing::CollectingSink* DemandStatistics::sink_ = nullptr;

TEST_F(DemandStatistics, MeanOfFinalDemandMatchesCompoundGrowth) {
  for (std::size_t s = 0; s < 3; ++s) {
    double sum = 0.0;
    double sum_squares = 0.0;
    for (std::size_t n = 0; n < kPaths; ++n) {
      const double d = sink_->demand_at(n, kSteps, s);
      sum += d;
      sum_squares += d * d;
    }
    const double mean = sum / kPaths;
    const double variance = (sum_squares - sum * mean) / (kPaths - 1);
    const double standard_error = std::sqrt(variance / kPaths);
    const double expected =
        100.0 * static_cast<double>(s + 1) * std::pow(1.0 + kGrowth, kSteps / 4.0);
    EXPECT_NEAR(mean, expected, 4.0 * standard_error)
        << "segment " << s << ": expected " << expected << ", got " << mean << ", SE "
        << standard_error;
  }
}

TEST_F(DemandStatistics, VarianceOfLogDemandGrowsLinearly) {
  for (std::size_t s = 0; s < 3; ++s) {
    double sum = 0.0;
    double sum_squares = 0.0;
    for (std::size_t n = 0; n < kPaths; ++n) {
      const double x = std::log(sink_->demand_at(n, kSteps, s));
      sum += x;
      sum_squares += x * x;
    }
    const double mean = sum / kPaths;
    const double variance = (sum_squares - sum * mean) / (kPaths - 1);
    const double expected = kSteps * std::pow(kVolatility[s] / 2.0, 2);
    // The sample variance of normal data has standard error σ² sqrt(2 / (n − 1)).
    const double standard_error = expected * std::sqrt(2.0 / (kPaths - 1));
    EXPECT_NEAR(variance, expected, 4.0 * standard_error)
        << "segment " << s << ": expected " << expected << ", got " << variance;
  }
}

TEST_F(DemandStatistics, ShocksHaveTheConfiguredCorrelation) {
  const auto& c = model_->parameters().segment_correlation;
  const double drift_rate = std::log1p(kGrowth) / 4.0;
  std::vector<double> z(3);
  double sums[3] = {0, 0, 0};
  double cross[3][3] = {};
  std::size_t count = 0;
  for (std::size_t n = 0; n < kPaths; ++n) {
    for (std::size_t t = 0; t < kSteps; ++t) {
      for (std::size_t s = 0; s < 3; ++s) {
        const double q = kVolatility[s] / 2.0;
        const double step = std::log(sink_->demand_at(n, t + 1, s) / sink_->demand_at(n, t, s));
        z[s] = (step - drift_rate + 0.5 * q * q) / q;
        sums[s] += z[s];
      }
      for (std::size_t a = 0; a < 3; ++a) {
        for (std::size_t b = 0; b < 3; ++b) {
          cross[a][b] += z[a] * z[b];
        }
      }
      ++count;
    }
  }
  const double n = static_cast<double>(count);
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = a + 1; b < 3; ++b) {
      const double cov_ab = cross[a][b] / n - sums[a] / n * sums[b] / n;
      const double var_a = cross[a][a] / n - sums[a] / n * sums[a] / n;
      const double var_b = cross[b][b] / n - sums[b] / n * sums[b] / n;
      const double correlation = cov_ab / std::sqrt(var_a * var_b);
      const double expected = c(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      // Standard error of a sample correlation: (1 − ρ²) / sqrt(n).
      const double standard_error = (1.0 - expected * expected) / std::sqrt(n);
      EXPECT_NEAR(correlation, expected, 4.0 * standard_error)
          << "segments " << a << "," << b << " over " << count << " shocks";
    }
  }
}

}  // namespace
}  // namespace cloudsim

namespace cloudsim {
namespace {

// set_inputs() keeps a segment's drift when its growth and volatility are unchanged (per-path draws
// call it once per path); each change must still reach the drift, in any order.
TEST(DemandDrift, RefreshFollowsEveryChangeOfGrowthAndVolatility) {
  model::MarketModel model(constant_growth_market());
  const auto expected = [&](std::size_t s, int t) {
    const auto& segment = model.parameters().segments[s];
    const double sigma = segment.volatility / 2.0;
    return std::log1p(model::annual_growth(segment, t)) / 4.0 - 0.5 * sigma * sigma;
  };
  const auto check = [&](const char* after) {
    for (std::size_t s = 0; s < 3; ++s)
      for (int t = 0; t < model.steps(); ++t)
        ASSERT_EQ(model.log_drift(t, s), expected(s, t)) << after << ", segment " << s;
  };
  check("construction");
  using Segment = model::SegmentParameters;
  const auto segment = [](std::size_t s, double Segment::*member) {
    return model::ParameterAddress::of_segment(s).at(member);
  };
  const std::vector<model::ParameterAddress> first = {segment(1, &Segment::growth_initial)};
  model.set_inputs(first, std::vector<double>{0.6});
  check("growth_initial of segment 1");
  const std::vector<model::ParameterAddress> second = {segment(0, &Segment::volatility),
                                                       segment(2, &Segment::growth_decay_quarters)};
  model.set_inputs(second, std::vector<double>{0.5, 2.0});
  check("volatility of 0 and decay of 2");
  const std::vector<model::ParameterAddress> third = {segment(1, &Segment::growth_initial),
                                                      segment(1, &Segment::growth_long_run)};
  model.set_inputs(third, std::vector<double>{kGrowth, 0.05});  // growth back to the first value
  check("growth of segment 1 back and long-run growth");
  model.set_inputs({}, {});
  check("a refresh with nothing changed");
}

}  // namespace
}  // namespace cloudsim
