// Correlated uncertain inputs, and their path in the engine: drawn once per path from streams
// keyed by their names, recorded, and applied.

#include "uncertainty/uncertain_inputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/random_stream.hpp"
#include "engine/run_driver.hpp"
#include "model/correlation.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

using uncertainty::Distribution;

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    r[order[k]] = static_cast<double>(k);
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) * (x[k] - mx);
    syy += (y[k] - my) * (y[k] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

// Two inputs, correlated through a copula with correlation `copula`; returns their samples.
std::pair<std::vector<double>, std::vector<double>> correlated_pair(Distribution a, Distribution b,
                                                                    double copula) {
  uncertainty::UncertainInputs inputs;
  inputs.inputs = {{"a", a, {}}, {"b", b, {}}};
  Eigen::MatrixXd c(2, 2);
  c << 1.0, copula, copula, 1.0;
  inputs.groups.push_back({{0, 1}, *model::cholesky_factor(c)});
  std::vector<double> xs, ys, values(2), scratch;
  for (std::uint64_t path = 0; path < 20000; ++path) {
    const engine::PathRandomStream random(5, path);
    const double normals[2] = {
        random.normal_at(0, engine::RandomPurpose::parameter_draw, uncertainty::stream_index("a")),
        random.normal_at(0, engine::RandomPurpose::parameter_draw, uncertainty::stream_index("b"))};
    inputs.sample(normals, values, scratch);
    xs.push_back(values[0]);
    ys.push_back(values[1]);
  }
  return {xs, ys};
}

TEST(InputCorrelation, RankCorrelationIsReproduced) {
  const double target = 0.6;
  const auto [x, y] = correlated_pair(Distribution{uncertainty::Uniform{0.0, 1.0}},
                                      Distribution{uncertainty::LogNormal{0.0, 1.0}},
                                      uncertainty::copula_correlation_for_rank(target));
  const double spearman = pearson(ranks(x), ranks(y));
  // Fisher's z of a Spearman correlation has variance ≈ 1.06 / (n − 3).
  const double tolerance = 4.0 * std::sqrt(1.06 / (static_cast<double>(x.size()) - 3.0));
  EXPECT_NEAR(std::atanh(spearman), std::atanh(target), tolerance) << "spearman " << spearman;
}

TEST(InputCorrelation, GaussianCorrelationOfNormalInputsIsReproduced) {
  const double target = -0.45;
  const auto [x, y] = correlated_pair(Distribution{uncertainty::Normal{0.0, 1.0}},
                                      Distribution{uncertainty::Normal{3.0, 2.0}}, target);
  const double r = pearson(x, y);
  const double tolerance = 4.0 / std::sqrt(static_cast<double>(x.size()) - 3.0);
  EXPECT_NEAR(std::atanh(r), std::atanh(target), tolerance) << "pearson " << r;
}

TEST(InputCorrelation, UncorrelatedInputsStayIndependent) {
  const auto [x, y] = correlated_pair(Distribution{uncertainty::Uniform{0.0, 1.0}},
                                      Distribution{uncertainty::Uniform{0.0, 1.0}}, 0.0);
  EXPECT_NEAR(pearson(x, y), 0.0, 4.0 / std::sqrt(static_cast<double>(x.size())));
}

uncertainty::UncertainInputs demand_inputs(bool with_extra_input) {
  uncertainty::UncertainInputs inputs;
  inputs.inputs.push_back(
      {"segments.IaaS.initial_demand", Distribution{uncertainty::Uniform{50.0, 150.0}},
       model::ParameterAddress::of_segment(0).at(&model::SegmentParameters::initial_demand)});
  if (with_extra_input) {
    inputs.inputs.insert(
        inputs.inputs.begin(),
        {"providers.B.price_index", Distribution{uncertainty::Uniform{0.8, 1.2}},
         model::ParameterAddress::of_provider(1).at(&model::ProviderParameters::price_index)});
  }
  return inputs;
}

TEST(UncertainInputsInTheEngine, DrawsAreRecordedAndApplied) {
  const model::MarketModel model(testing::small_market());
  const auto inputs = demand_inputs(false);
  struct Check final : engine::BlockSink {
    std::vector<double> drawn, initial_demand;
    void consume(const engine::PathBlock& b) override {
      for (std::size_t row = 0; row < b.path_count; ++row) {
        drawn.push_back(b.parameters[row]);
        initial_demand.push_back(b.demand[row * b.shape.quarters * b.shape.segments]);
      }
    }
  } check;
  engine::RunOptions options;
  options.paths = 300;
  options.seed = 21;
  options.uncertain_inputs = &inputs;
  engine::run_paths(model, options, check);
  ASSERT_EQ(check.drawn.size(), 300u);
  for (std::size_t n = 0; n < 300; ++n) {
    EXPECT_GE(check.drawn[n], 50.0);
    EXPECT_LE(check.drawn[n], 150.0);
    EXPECT_NEAR(check.initial_demand[n], check.drawn[n], 1e-12 * check.drawn[n]) << "path " << n;
  }
  EXPECT_NE(check.drawn[0], check.drawn[1]);
}

TEST(UncertainInputsInTheEngine, AnInputKeepsItsDrawsWhenAnotherInputIsAdded) {
  // Streams are keyed by the input's name, so a what-if that adds an uncertain input leaves the
  // other inputs' draws (and every process shock) unchanged: common random numbers.
  const model::MarketModel model(testing::small_market());
  const auto one = demand_inputs(false);
  const auto two = demand_inputs(true);
  testing::CollectingSink a, b;
  engine::RunOptions options;
  options.paths = 100;
  options.seed = 4;
  options.uncertain_inputs = &one;
  engine::run_paths(model, options, a);
  options.uncertain_inputs = &two;
  engine::run_paths(model, options, b);
  for (std::size_t n = 0; n < 100; ++n) {
    // Demand depends on the demand input and the shocks only, not on B's price.
    for (std::size_t t = 0; t < a.shape.quarters; ++t) {
      EXPECT_EQ(a.demand_at(n, t, 0), b.demand_at(n, t, 0)) << "path " << n << " quarter " << t;
    }
  }
  EXPECT_NE(a.revenue, b.revenue) << "B's drawn price must still change the split";
}

}  // namespace
}  // namespace cloudsim
