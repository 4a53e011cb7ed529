#pragma once
// One path's quarterly step, composed from the mechanisms of the model spec in this order:
//   strategies at t (phase starts, ramps, reviews, entries)  →  π(t) from attributes, η(t), m(t)
//   →  D(t+1)  →  churn and re-allocation  →  migrations  →  capacity  →  profit and exit at t+1
//   →  η(t+1), m(t+1), capability drift.
// Pure: the caller hands in every random number, and moves the growth regimes (PathState::regime,
// model/growth_regimes.hpp) between steps: demand from t to t+1 grows in the regime of t. The
// stepper owns scratch memory, a flat copy of the path's parameters (made by initialise, so call it
// again after changing them) and the last logarithms and exponentials it computed (reused while
// their inputs are unchanged), so give each thread its own.

#include <span>
#include <vector>

#include "model/customer_groups.hpp"
#include "model/market_model.hpp"
#include "model/path_state.hpp"
#include "model/provider_step.hpp"

namespace cloudsim::model {

class QuarterStepper {
 public:
  explicit QuarterStepper(const MarketModel& model);

  // How many N(0,1) draws each call consumes.
  [[nodiscard]] std::size_t demand_normals_per_step() const { return model_.segment_count(); }
  [[nodiscard]] std::size_t attraction_normals_per_step() const { return cells_; }

  // State at t = 0: initial demand and books, η(0) = σ_u ε, m(0), providers as configured,
  // profit of quarter 0, every growth regime chain normal (until the caller draws r(0)).
  void initialise(std::span<const double> attraction_normals, PathState& state);

  // Advances `state` from quarter t to t+1. `review_draws` holds one U(0,1) per provider (used
  // only by providers whose strategy reviews, see MarketModel::needs_review_draws).
  void advance(int quarter, std::span<const double> demand_normals,
               std::span<const double> attraction_normals, std::span<const double> review_draws,
               PathState& state);

 private:
  void refresh_provider_terms(const PathState& state);
  void compute_choice(const PathState& state);
  void book_profits(int quarter, PathState& state) const;

  const MarketModel& model_;
  std::size_t cells_;
  // Scratch, cell layout unless noted.
  std::vector<double> utility_;
  std::vector<char> eligible_;
  std::vector<double> choice_;  // segment rows; not computed with customer groups (theirs are)
  std::vector<double> churn_;
  std::vector<double> kept_;
  std::vector<double> affinity_weight_;   // per provider
  std::vector<double> demand_before_;     // per segment
  std::vector<double> released_captive_;  // per segment: captive books of providers that left
  std::vector<double> row_max_utility_;   // per segment
  // The path's parameters that every quarter reads, flat (filled by initialise).
  std::vector<double> price_sensitivity_;       // per segment
  std::vector<double> capability_sensitivity_;  // per segment
  std::vector<double> ecosystem_sensitivity_;   // per segment
  std::vector<double> churn_rate_;              // per cell
  std::vector<double> capacity_;                // per provider
  std::vector<double> moved_;                   // per migration
  std::vector<double> log_price_;               // per provider: ln P_i(t)
  std::vector<double> price_of_log_;          // per provider: the P_i log_price_ was computed from
  std::vector<double> affinity_of_weight_;    // per provider: the A_i affinity_weight_ is from
  std::vector<double> capacity_scratch_;      // segments + providers
  std::vector<double> second_cloud_scratch_;  // for the v2 choice (choice_lanes.hpp)
  ProviderStep providers_step_;               // strategies, pricing on cost, caps, drift
  CustomerGroupStep groups_;                  // inactive without customer groups
};

}  // namespace cloudsim::model
