#pragma once
// Conditioning a scenario on observations (docs/conditioning.md, model spec section 12):
// sequential Monte Carlo over the paths' histories with adaptive likelihood tempering, systematic
// resampling and preconditioned Crank–Nicolson moves of every normal draw of the history (the
// drawn inputs included), so static inputs keep many distinct values. The result is N equally
// weighted histories that path n of the run replays before its own fresh future draws.
//
// Every random choice (resampling, proposals, acceptance) is drawn from counter-based streams keyed
// by the seed, the stage, the move and the particle, and every step is a pure function of the
// particles, so the result is the same for any thread count; two scenarios whose histories are the
// same bit for bit get the same conditioned histories.

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "conditioning/history_likelihood.hpp"
#include "engine/conditioned_histories.hpp"
#include "engine/stepping.hpp"
#include "model/market_model.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::conditioning {

struct SmcOptions {
  std::uint64_t particles = 0;  // the run's path count
  std::uint64_t seed = 0;
  int threads = 0;                  // 0: every hardware thread
  int moves_per_stage = 5;          // pCN moves after each resampling
  double stage_ess_fraction = 0.5;  // each tempering step keeps this ESS of the particles
  int max_stages = 60;              // then the last step goes to φ = 1 whatever its ESS
  const std::atomic<bool>* stop_requested = nullptr;  // checked between moves
  // The histories four at a time in lanes, or each alone through the reference stepper
  // (`sim run --path-by-path`): the same numbers either way.
  engine::Stepping stepping = engine::Stepping::in_lanes;
};

// Recorded as the result's conditioning_method.
inline constexpr const char* kMethodName =
    "SMC: adaptive likelihood tempering (ESS 1/2 per stage), systematic resampling, 5 pCN moves "
    "of every normal draw of the history per stage; future from each path's own stream";

// Below this many effective histories a conditioned result is flagged (docs/conditioning.md).
inline constexpr double kMinEffectiveSampleSize = 100.0;

struct ObservationCheck {
  double prior_nearest = 0.0;  // the smallest |residual| over the prior's histories
};

struct SmcDiagnostics {
  double prior_effective_sample_size = 0.0;  // (Σ L)² / Σ L² over the prior's histories
  // N² / Σ c², c the number of conditioned histories identical to each other: copies count once.
  double effective_sample_size = 0.0;
  std::uint64_t distinct_histories = 0;
  std::uint64_t stages = 0;
  bool reached_posterior = true;         // false: stopped at max_stages and jumped to φ = 1
  double move_acceptance = 0.0;          // over all moves of all stages
  std::vector<std::string> input_names;  // the scenario's uncertain inputs
  std::vector<std::uint64_t> distinct_input_values;  // per input, over the conditioned paths
  std::vector<ObservationCheck> observations;
  double seconds = 0.0;
};

struct ConditionedScenario {
  engine::ConditionedHistories histories;
  SmcDiagnostics diagnostics;
  bool stopped = false;  // stop_requested was set: the histories are not usable
};

// No history the scenario produced can explain the observations: every one of the particles
// has likelihood 0 (a relative error on a quantity that is 0 on every path, say). The user's
// observations or scenario to change, not a fault of the program.
struct ImpossibleObservations : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ImpossibleObservations (above).
ConditionedScenario condition(const model::MarketModel& model,
                              const uncertainty::UncertainInputs* uncertain,
                              const HistoryLikelihood& likelihood, const SmcOptions& options);

// Messages for a result that should not be trusted as it is (empty when none): low ESS, an
// observation no prior history comes near, tempering cut short. Each says what to do.
std::vector<std::string> warnings(const SmcDiagnostics& diagnostics,
                                  const std::vector<std::string>& observation_ids,
                                  std::uint64_t particles);

}  // namespace cloudsim::conditioning
