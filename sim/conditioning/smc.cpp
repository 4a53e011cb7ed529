#include "conditioning/smc.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "conditioning/history_evaluator.hpp"
#include "conditioning/history_set.hpp"
#include "conditioning/pcn_move.hpp"
#include "conditioning/tempering.hpp"
#include "engine/random_stream.hpp"

namespace cloudsim::conditioning {
namespace {

constexpr double kInitialBeta = 0.5;
// Per stage, the step β is tuned towards an acceptance rate between these (Roberts and
// Rosenthal's 0.234 for random-walk moves in many dimensions lies inside).
constexpr double kLowAcceptance = 0.15;
constexpr double kHighAcceptance = 0.40;

bool stop(const SmcOptions& options) {
  return options.stop_requested != nullptr && options.stop_requested->load();
}

// Whether to accept a move from ℓ to ℓ' at tempering exponent φ, given u ~ U(0,1].
bool accept(double current, double proposed, double phi, double uniform) {
  if (!std::isfinite(proposed))
    return false;
  if (!std::isfinite(current))
    return true;
  return std::log(uniform) < phi * (proposed - current);
}

double resampling_uniform(std::uint64_t seed, std::uint64_t stage) {
  return engine::PathRandomStream(move_seed(seed, stage, ~0ULL), 0)
      .uniform_at(stage, engine::RandomPurpose::conditioning, 1);
}

}  // namespace

ConditionedScenario condition(const model::MarketModel& model,
                              const uncertainty::UncertainInputs* uncertain,
                              const HistoryLikelihood& likelihood, const SmcOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t n = options.particles;
  if (n == 0)
    throw std::invalid_argument("conditioning needs at least one path");
  ConditionedScenario result;
  SmcDiagnostics& diagnostics = result.diagnostics;
  auto& histories = result.histories;

  tbb::enumerable_thread_specific<HistoryEvaluator> evaluators([&] {
    return HistoryEvaluator(model, uncertain, likelihood, options.seed, options.stepping);
  });
  {
    std::vector<double> tape;
    HistoryEvaluator first(model, uncertain, likelihood, options.seed);
    first.record(0, tape, &histories.layout);
    histories.history_quarters = first.history_quarters();
  }
  const std::size_t length = histories.layout.length;
  HistorySet particles(n, length);

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::task_arena arena(threads);
  // The histories' simulations, four particles at a time in vector lanes (`four` from k), the
  // few a range leaves one at a time (`one`): the same numbers either way. Path by path, all
  // one at a time.
  constexpr std::uint64_t kLanes = HistoryEvaluator::kLanes;
  const bool in_lanes = options.stepping == engine::Stepping::in_lanes;
  auto for_each_four = [&](auto&& four, auto&& one) {
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, n, 16),
                        [&](const tbb::blocked_range<std::uint64_t>& range) {
                          auto& evaluator = evaluators.local();
                          std::uint64_t k = range.begin();
                          for (; in_lanes && k + kLanes <= range.end(); k += kLanes)
                            four(evaluator, k);
                          for (; k != range.end(); ++k)
                            one(evaluator, k);
                        });
    });
  };
  // Work with no lanes of its own (the prior's residuals): one particle at a time.
  auto for_each_particle = [&](auto&& body) {
    for_each_four(
        [&](HistoryEvaluator& evaluator, std::uint64_t k) {
          for (std::uint64_t lane = 0; lane < kLanes; ++lane)
            body(evaluator, k + lane);
        },
        body);
  };

  // Stage 0: the prior's histories, each from its own path's stream.
  const auto keep_prior = [&](std::uint64_t k, const std::vector<double>& tape, double value) {
    if (tape.size() != length)
      throw std::logic_error("history tapes differ in length");
    std::copy(tape.begin(), tape.end(), particles.tape(k));
    particles.log_likelihood[k] = value;
  };
  for_each_four(
      [&](HistoryEvaluator& evaluator, std::uint64_t k) {
        thread_local std::vector<double> tapes[kLanes];
        std::vector<double>* const into[kLanes] = {&tapes[0], &tapes[1], &tapes[2], &tapes[3]};
        double values[kLanes];
        evaluator.record_four(k, into, values);
        for (std::uint64_t lane = 0; lane < kLanes; ++lane)
          keep_prior(k + lane, tapes[lane], values[lane]);
      },
      [&](HistoryEvaluator& evaluator, std::uint64_t k) {
        thread_local std::vector<double> tape;
        const double value = evaluator.record(k, tape, nullptr);
        keep_prior(k, tape, value);
      });
  diagnostics.prior_effective_sample_size = effective_sample_size(particles.log_likelihood, 1.0);
  if (diagnostics.prior_effective_sample_size == 0.0) {
    throw ImpossibleObservations(
        "none of the " + std::to_string(n) +
        " simulated histories can have produced the observations (every one has likelihood 0: "
        "a relative error on a quantity that is 0 on every path, or a quantity the scenario "
        "gives no finite value for): check each observation's quantity and error against the "
        "scenario, or run more paths if the quantity is only rarely nonzero");
  }
  const auto prior_nearest = particles.nearest_residuals(for_each_particle, likelihood.size());
  diagnostics.observations.resize(likelihood.size());
  for (std::size_t j = 0; j < likelihood.size(); ++j)
    diagnostics.observations[j].prior_nearest = prior_nearest[j];

  double phi = 0.0;
  double beta = kInitialBeta;
  std::uint64_t proposals = 0;
  std::uint64_t accepted = 0;
  std::vector<char> moved(n);
  while (phi < 1.0) {
    if (stop(options)) {
      result.stopped = true;
      return result;
    }
    const std::uint64_t stage = diagnostics.stages;
    const double remaining = 1.0 - phi;
    const double target = options.stage_ess_fraction * static_cast<double>(n);
    double increment = remaining;
    if (stage + 1 < static_cast<std::uint64_t>(options.max_stages)) {
      increment = next_increment(particles.log_likelihood, remaining, target);
    } else if (effective_sample_size(particles.log_likelihood, remaining) < target) {
      diagnostics.reached_posterior = false;
    }
    particles.resample(systematic_resample(particles.log_likelihood, increment,
                                           resampling_uniform(options.seed, stage)));
    phi = increment == remaining ? 1.0 : phi + increment;

    std::uint64_t stage_accepted = 0;
    for (int m = 0; m < options.moves_per_stage; ++m) {
      if (stop(options)) {
        result.stopped = true;
        return result;
      }
      const std::uint64_t key = move_seed(options.seed, stage, static_cast<std::uint64_t>(m));
      const auto settle = [&](std::uint64_t k, const std::vector<double>& proposal,
                              double proposed) {
        moved[k] = accept(particles.log_likelihood[k], proposed, phi, acceptance_uniform(key, k));
        if (moved[k] != 0) {
          std::copy(proposal.begin(), proposal.end(), particles.tape(k));
          particles.log_likelihood[k] = proposed;
        }
      };
      for_each_four(
          [&](HistoryEvaluator& evaluator, std::uint64_t k) {
            thread_local std::vector<double> candidates[kLanes];
            thread_local std::vector<double> scratch;
            for (std::uint64_t lane = 0; lane < kLanes; ++lane) {
              propose(histories.layout, particles.tape(k + lane), beta, key, k + lane,
                      candidates[lane], scratch);
            }
            const double* const tapes[kLanes] = {candidates[0].data(), candidates[1].data(),
                                                 candidates[2].data(), candidates[3].data()};
            double proposed[kLanes];
            evaluator.replay_four(tapes, proposed);
            for (std::uint64_t lane = 0; lane < kLanes; ++lane)
              settle(k + lane, candidates[lane], proposed[lane]);
          },
          [&](HistoryEvaluator& evaluator, std::uint64_t k) {
            thread_local std::vector<double> proposal;
            thread_local std::vector<double> scratch;
            propose(histories.layout, particles.tape(k), beta, key, k, proposal, scratch);
            settle(k, proposal, evaluator.replay(proposal.data()));
          });
      const auto round = static_cast<std::uint64_t>(std::count(moved.begin(), moved.end(), 1));
      stage_accepted += round;
      const double rate = static_cast<double>(round) / static_cast<double>(n);
      if (rate < kLowAcceptance)
        beta *= 0.6;
      if (rate > kHighAcceptance)
        beta = std::min(1.0, beta * 1.4);
    }
    proposals += n * static_cast<std::uint64_t>(options.moves_per_stage);
    accepted += stage_accepted;
    diagnostics.stages = stage + 1;
  }
  diagnostics.move_acceptance =
      proposals == 0 ? 0.0 : static_cast<double>(accepted) / static_cast<double>(proposals);

  const auto copies = particles.copy_counts();
  diagnostics.distinct_histories = copies.size();
  double squares = 0.0;
  for (const auto c : copies)
    squares += static_cast<double>(c) * static_cast<double>(c);
  diagnostics.effective_sample_size = static_cast<double>(n) * static_cast<double>(n) / squares;
  if (uncertain != nullptr) {
    for (const auto& input : uncertain->inputs)
      diagnostics.input_names.push_back(input.key_path);
    diagnostics.distinct_input_values =
        particles.distinct_input_values(histories.layout, *uncertain);
  }

  histories.tapes = std::move(particles.tapes);
  diagnostics.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<std::string> warnings(const SmcDiagnostics& diagnostics,
                                  const std::vector<std::string>& observation_ids,
                                  std::uint64_t particles) {
  std::vector<std::string> found;
  const auto fixed = [](double value, int digits) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return std::string(text);
  };
  for (std::size_t j = 0; j < diagnostics.observations.size(); ++j) {
    const auto& check = diagnostics.observations[j];
    if (check.prior_nearest > 4.0) {
      found.push_back("observation '" + observation_ids[j] +
                      "' lies outside what the scenario's prior produces: the nearest of " +
                      std::to_string(particles) + " prior histories is " +
                      fixed(check.prior_nearest, 1) +
                      " errors away (the prior's effective "
                      "sample size on all observations is " +
                      fixed(diagnostics.prior_effective_sample_size, 1) +
                      "): the conditioned paths would be a confident answer to the wrong "
                      "question. Check its value, scope and scale, widen its error, or give "
                      "the scenario's inputs a prior that can explain it");
    }
  }
  if (!diagnostics.reached_posterior) {
    found.push_back("tempering stopped after " + std::to_string(diagnostics.stages) +
                    " stages and jumped to the full likelihood: the observations are far from the "
                    "prior; the conditioned paths are not a reliable posterior");
  }
  if (diagnostics.effective_sample_size < kMinEffectiveSampleSize) {
    found.push_back("effective sample size " + fixed(diagnostics.effective_sample_size, 0) +
                    " is below " + fixed(kMinEffectiveSampleSize, 0) +
                    ": too few distinct histories to trust bands or probabilities. Run more paths, "
                    "widen the observation errors, or use a prior that can explain the data");
  }
  return found;
}

}  // namespace cloudsim::conditioning
