#pragma once
// What a path's providers do each quarter outside the split of the market: their state at t = 0,
// their strategies (phases, triggers, reviews), pricing on cost, the growth of their caps and of
// their capabilities. Provider by provider and cheap next to the market's rows, so the stepper
// of one path (QuarterStepper) and the stepper of four paths in lanes (LockstepStepper, lane by
// lane) run this same code, and a path's providers are the same whichever stepper ran it. Pure:
// the caller hands in the review draws; the state is the path's.

#include <span>
#include <vector>

#include "model/market_model.hpp"
#include "model/path_state.hpp"

namespace cloudsim::model {

class ProviderStep {
 public:
  explicit ProviderStep(std::size_t providers);

  // The providers as configured at t = 0, every event not yet happened but the sites online at 0.
  static void initialise(const MarketModel& model, PathState& state);

  // The strategies at quarter t: phases that begin (after the one before, once their start has
  // come or their trigger has held for its delay), then every provider's current phase. Reads
  // state.revenue, demand and, for triggers that look back, revenue_history, as of quarter t.
  void run_strategies(const MarketModel& model, int quarter, std::span<const double> review_draws,
                      PathState& state);

  // Unit cost, price floor and margin of the active providers that price on cost (economics.hpp),
  // from each one's revenue in state.revenue.
  static void price_on_cost(const MarketModel& model, PathState& state);

  // Every capped provider's cap at `next`: grown by (1 + g)^¼, then the planned sites online.
  // Writes each provider's cap (∞ if uncapped) to `capacity`; whether any provider is capped.
  bool grow_capacity(const MarketModel& model, int next, PathState& state,
                     std::span<double> capacity);

  // The capability drift of quarter t + 1: each provider's growth a quarter, g/4, in every segment.
  static void drift_capability(PathState& state);

 private:
  // Whether provider i's next phase begins at `quarter`; watches its trigger, if any.
  bool phase_is_due(const MarketModel& model, const PhaseParameters& phase, std::size_t i,
                    int quarter, PathState& state) const;
  [[nodiscard]] bool trigger_holds(const MarketModel& model, const PhaseTrigger& trigger,
                                   int quarter, const PathState& state) const;

  std::vector<double> prices_;                     // per provider: P at the start of the quarter
  std::vector<double> capacity_factor_;            // per provider: (1 + g_i)^¼
  std::vector<double> growth_of_capacity_factor_;  // per provider: the g_i it is from
};

// Σ_s R_{i,s}, provider i's revenue now.
double provider_revenue(const MarketModel& model, const PathState& state, std::size_t i);

}  // namespace cloudsim::model
