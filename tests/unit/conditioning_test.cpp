// The conditioning engine (docs/conditioning.md): the weight arithmetic exactly, replayed histories
// bit for bit, thread-count independence, and the posterior of a case with a closed form.

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "conditioning/history_evaluator.hpp"
#include "conditioning/smc.hpp"
#include "conditioning/tempering.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

// Observes ln D_IaaS(K) with a normal error of sd `error`: the history's likelihood.
class DemandObservation final : public conditioning::HistoryLikelihood {
 public:
  DemandObservation(std::size_t quarter, double value, double error)
      : quarter_(quarter), value_(value), error_(error) {}
  [[nodiscard]] std::size_t last_quarter() const override { return quarter_; }
  [[nodiscard]] std::vector<std::string> input_key_paths() const override { return {}; }
  [[nodiscard]] std::size_t size() const override { return 1; }
  [[nodiscard]] double log_likelihood(const outcome::MarketView& history,
                                      std::span<const double>) const override {
    const double z = residual(history);
    return -0.5 * z * z - std::log(error_);
  }
  void residuals(const outcome::MarketView& history, std::span<const double>,
                 std::span<double> out) const override {
    out[0] = residual(history);
  }

 private:
  [[nodiscard]] double residual(const outcome::MarketView& history) const {
    return (std::log(value_) - std::log(history.demand(0, quarter_))) / error_;
  }
  std::size_t quarter_;
  double value_;
  double error_;
};

TEST(Tempering, EqualLikelihoodsKeepEveryParticleOnce) {
  const std::vector<double> flat(100, -3.5);
  EXPECT_EQ(conditioning::effective_sample_size(flat, 1.0), 100.0);
  const auto ancestors = conditioning::systematic_resample(flat, 1.0, 0.37);
  for (std::uint64_t k = 0; k < 100; ++k)
    EXPECT_EQ(ancestors[k], k);
}

TEST(Tempering, SystematicResamplingKeepsEachParticleWithinOneOfItsExpectedCount) {
  std::vector<double> log_weights;
  for (int i = 0; i < 50; ++i)
    log_weights.push_back(std::log(1.0 + i % 7));
  double total = 0.0;
  for (const double l : log_weights)
    total += std::exp(l);
  for (const double u : {0.01, 0.5, 0.999, 1.0}) {
    const auto ancestors = conditioning::systematic_resample(log_weights, 1.0, u);
    std::vector<int> counts(50, 0);
    for (const auto a : ancestors)
      ++counts[a];
    for (int i = 0; i < 50; ++i) {
      const double expected = 50.0 * std::exp(log_weights[static_cast<std::size_t>(i)]) / total;
      EXPECT_LE(std::abs(counts[static_cast<std::size_t>(i)] - expected), 1.0) << i << " u " << u;
    }
  }
}

TEST(Tempering, NextIncrementHitsTheTargetEss) {
  std::vector<double> log_likelihoods;
  for (int i = 0; i < 1000; ++i)
    log_likelihoods.push_back(-0.01 * i * i / 10.0);
  const double delta = conditioning::next_increment(log_likelihoods, 1.0, 500.0);
  ASSERT_LT(delta, 1.0);
  EXPECT_NEAR(conditioning::effective_sample_size(log_likelihoods, delta), 500.0, 1e-6);
}

std::unique_ptr<testing::CollectingSink> run(const model::MarketModel& model,
                                             const engine::ConditionedHistories* histories,
                                             int threads, std::uint64_t paths) {
  auto sink = std::make_unique<testing::CollectingSink>();
  engine::RunOptions options;
  options.paths = paths;
  options.seed = 5;
  options.threads = threads;
  options.block_size = 17;
  engine::run_paths({engine::ScenarioModel{&model, nullptr, histories}}, options, *sink);
  return sink;
}

TEST(ConditionedHistories, ReplayingEachPathsOwnDrawsGivesTheUnconditionedPaths) {
  const model::MarketModel model(testing::small_market());
  const DemandObservation observation(4, 150.0, 0.1);
  conditioning::HistoryEvaluator evaluator(model, nullptr, observation, 5);
  engine::ConditionedHistories histories;
  histories.history_quarters = evaluator.history_quarters();
  std::vector<double> tape;
  for (std::uint64_t n = 0; n < 40; ++n) {
    evaluator.record(n, tape, n == 0 ? &histories.layout : nullptr);
    histories.tapes.insert(histories.tapes.end(), tape.begin(), tape.end());
  }
  const auto fresh = run(model, nullptr, 2, 40);
  const auto replayed = run(model, &histories, 2, 40);
  EXPECT_EQ(replayed->demand, fresh->demand);
  EXPECT_EQ(replayed->revenue, fresh->revenue);
  EXPECT_EQ(replayed->profit, fresh->profit);
}

conditioning::ConditionedScenario condition(const model::MarketModel& model,
                                            const conditioning::HistoryLikelihood& likelihood,
                                            std::uint64_t particles, std::uint64_t seed,
                                            int threads) {
  conditioning::SmcOptions options;
  options.particles = particles;
  options.seed = seed;
  options.threads = threads;
  return conditioning::condition(model, nullptr, likelihood, options);
}

TEST(Conditioning, IsTheSameForAnyThreadCount) {
  const model::MarketModel model(testing::small_market());
  const DemandObservation observation(6, 190.0, 0.05);
  const auto one = condition(model, observation, 300, 11, 1);
  const auto two = condition(model, observation, 300, 11, 2);
  EXPECT_EQ(one.histories.tapes, two.histories.tapes);
  EXPECT_EQ(one.diagnostics.stages, two.diagnostics.stages);
  EXPECT_GT(one.diagnostics.stages, 1u);  // the observation is informative: tempering had work
  // The continued paths, too, are the same for any thread count.
  const auto a = run(model, &one.histories, 1, 300);
  const auto b = run(model, &two.histories, 2, 300);
  EXPECT_EQ(a->revenue, b->revenue);
}

// ln D(K) = c + σ_q Σ ε with fixed inputs: a normal prior N(c, K σ_q²), observed with a normal
// error on the log scale, has a normal posterior. R independent conditioned runs give R posterior
// means and variances; their average must match the closed form within 4 standard errors of that
// average (the spread over runs, so the correlation between particles is accounted for).
TEST(Conditioning, MatchesTheConjugatePosteriorOfLogDemand) {
  const model::MarketModel model(testing::small_market());
  constexpr std::size_t kQuarter = 6;
  double prior_mean = std::log(model.parameters().segments[0].initial_demand);
  for (int t = 0; t < static_cast<int>(kQuarter); ++t)
    prior_mean += model.log_drift(t, 0);
  const double prior_variance =
      static_cast<double>(kQuarter) * std::pow(model.quarterly_volatility(0), 2);
  const double error = 0.5 * std::sqrt(prior_variance);
  const double observed = prior_mean + 1.2 * std::sqrt(prior_variance);
  const double posterior_variance = 1.0 / (1.0 / prior_variance + 1.0 / (error * error));
  const double posterior_mean =
      posterior_variance * (prior_mean / prior_variance + observed / (error * error));
  const DemandObservation observation(kQuarter, std::exp(observed), error);

  constexpr int kRuns = 24;
  constexpr std::uint64_t kParticles = 400;
  std::vector<double> means;
  std::vector<double> variances;
  for (int r = 0; r < kRuns; ++r) {
    const auto conditioned =
        condition(model, observation, kParticles, 1000 + static_cast<std::uint64_t>(r), 2);
    const auto paths = run(model, &conditioned.histories, 2, kParticles);
    double sum = 0.0;
    double squares = 0.0;
    for (std::uint64_t n = 0; n < kParticles; ++n) {
      const double x = std::log(paths->demand_at(n, kQuarter, 0));
      sum += x;
      squares += x * x;
    }
    const double mean = sum / kParticles;
    means.push_back(mean);
    variances.push_back(squares / kParticles - mean * mean);
  }
  const auto mean_and_se = [](const std::vector<double>& values) {
    const auto count = static_cast<double>(values.size());
    const double m = std::accumulate(values.begin(), values.end(), 0.0) / count;
    double s = 0.0;
    for (const double v : values)
      s += (v - m) * (v - m);
    return std::pair{m, std::sqrt(s / (count - 1.0) / count)};
  };
  const auto [mean, mean_se] = mean_and_se(means);
  const auto [variance, variance_se] = mean_and_se(variances);
  EXPECT_NEAR(mean, posterior_mean, 4.0 * mean_se);
  // The sample variance is biased by a factor (1 − 1/N_eff); allow it on top of 4 SE.
  EXPECT_NEAR(variance, posterior_variance, 4.0 * variance_se + 0.02 * posterior_variance);
  // Conditioning narrowed the band: the posterior variance is well below the prior's.
  EXPECT_LT(variance, 0.5 * prior_variance);
}

TEST(Conditioning, AnObservationFarOutsideThePriorIsFlagged) {
  const model::MarketModel model(testing::small_market());
  const DemandObservation observation(4, 100000.0, 0.02);  // ~1000× the prior's level
  const auto conditioned = condition(model, observation, 200, 3, 2);
  const auto found = conditioning::warnings(conditioned.diagnostics, {"absurd"}, 200);
  ASSERT_FALSE(found.empty());
  EXPECT_NE(found.front().find("outside what the scenario's prior produces"), std::string::npos)
      << found.front();
}

}  // namespace
}  // namespace cloudsim
