#pragma once
// Customer groups, a second axis inside every segment (docs/model.md, "Customer groups"). The
// segment's demand evolves as without groups; each segment is split into group rows (s, g) with
// their own books R_{i,s,g}, choice and churn, and the segment books R_{i,s} = Σ_g R_{i,s,g} are
// what the rest of the model sees. Rows are laid out r = g·S + s, cells r·N + i.
//
// With one group of share 1 (no offset, multiplier 1, public, no stronghold) every operation here
// reduces exactly to the segment's (x·1, x + 0, x − 0), so results are bit-identical to a scenario
// without groups. The stepper owns one of these per thread (it holds scratch memory).

#include <span>
#include <vector>

#include "model/market_model.hpp"
#include "model/path_state.hpp"

namespace cloudsim::model {

// w_{s,g}(t) = share_{s,g} (1 + o_g)^{t/4} / Σ_h share_{s,h} (1 + o_h)^{t/4}, written for every
// segment and group at weights[g·S + s].
void group_weights(const MarketParameters& market, int quarter, std::span<double> weights);

// (1 + o_g)^{t/4}, the growth factor of group g at quarter t.
[[nodiscard]] double group_growth(double growth_offset, int quarter);

// The same weights from the groups' growth factors `growth` (one per group, group_growth).
void group_weights(const MarketParameters& market, std::span<const double> growth,
                   std::span<double> weights);

class CustomerGroupStep {
 public:
  explicit CustomerGroupStep(const MarketModel& model);

  [[nodiscard]] bool active() const { return groups_ > 0; }
  [[nodiscard]] std::size_t groups() const { return groups_; }
  // Whether provider i may serve group g at all (deployment and full_stack).
  [[nodiscard]] bool may_serve(std::size_t g, std::size_t i) const;

  // t = 0: splits the segment books already in state.revenue into group books (pro rata to the
  // group shares, an ineligible provider's part going to the eligible ones of the row), sets the
  // group demands, the providers' ΔE from the strongholds, and state.revenue = Σ_g.
  void initialise(PathState& state);
  // Each provider's ΔE_{i,g} at t = 0, its strongholds (part of initialise).
  static void initial_group_ecosystem(const MarketParameters& market,
                                      std::span<ProviderState> providers);

  // The group rows' utility, churn, eligibility and π, from the segment utility (−∞ where the
  // provider cannot be chosen) and churn computed by the stepper; `independent` selects the v1
  // second-cloud rule, otherwise the second cloud is never the primary (v2).
  void choose(const PathState& state, std::span<const double> segment_utility,
              std::span<const double> segment_churn, std::span<const double> ecosystem_sensitivity,
              std::span<const double> affinity_weight, double second_cloud, bool independent);

  // After D_s(t+1) is in state.demand: captive books C_{i,s} (outside every group) grow with
  // D_s(t+1) / D_s(t); the rest, D_s(t+1) − Σ_i C_{i,s}, is split into D_{s,g}(t+1) by the
  // closed-form weights; churn and re-allocation per row; state.revenue = Σ_g + C.
  // `released` (per segment) is captive spend of providers that left this quarter, already
  // removed from their captive books: it joins the groups' demand at t, pro rata to it, and is
  // contested in full.
  void reallocate(int next_quarter, std::span<const double> demand_before,
                  std::span<const double> released, PathState& state);

  // After apply_migrations moved `moved[k]` on the segment books: the same moves on the group
  // books (pro rata to the source's group books; customers keep their group). Spend that lands
  // in a captive book leaves the groups. Then state.revenue = Σ_g + C.
  void spread_migrations(int quarter, std::span<const double> moved, PathState& state);

  // Capacity caps on the provider's total over every (s, g) row and its captive books, which it
  // never cuts; writes state.unserved per segment and removes it from state.demand.
  void enforce_capacity(std::span<const double> capacity, PathState& state);

 private:
  void sum_books(PathState& state) const;
  // weights_now_ = group_weights at `quarter`: from weight_table_ once that quarter is known,
  // otherwise computed (into weights_, then the table) with each (1 + o_g)^{t/4} computed once
  // for as long as o_g stays the same (across paths when it is not drawn): pow costs more than
  // the rest of a quarter's group weights.
  void weights_at(int quarter);
  // Once a path: forgets weight_table_ when the path's shares or offsets are not the table's.
  void check_weight_table();

  const MarketModel& model_;
  std::size_t groups_;
  std::size_t segments_;
  std::size_t providers_;
  std::size_t rows_;
  std::vector<double> utility_;  // group-row cell layout
  std::vector<double> churn_;
  std::vector<double> choice_;
  std::vector<char> eligible_;
  std::vector<double> kept_;
  std::vector<double> unserved_;       // per row
  std::vector<double> scratch_;        // rows + providers, for enforce_capacity
  std::vector<double> weights_;        // per group
  std::vector<double> part_;           // per group
  std::vector<double> row_max_;        // per row: the largest utility
  std::vector<double> rows_scratch_;   // for the v2 choice (choice_lanes.hpp)
  std::vector<double> room_;           // per provider: capacity left after captive books
  std::size_t growth_quarters_;        // quarters 0 .. T kept in growth_
  std::vector<double> growth_;         // group × quarter: (1 + o_g)^{t/4}, NaN until known
  std::vector<double> growth_offset_;  // per group: the o_g that growth_ holds
  std::vector<double> growth_now_;     // per group: the factors of the quarter asked for
  std::vector<char> serves_;           // group × provider: may_serve(g, i)
  std::vector<double> bonus_;          // per provider: ΔE_{i,g} of the group being chosen
  std::vector<double> weight_table_;   // quarter × row: the weights, for the inputs below
  std::vector<char> weights_known_;    // per quarter: whether weight_table_ holds it
  std::vector<double> table_inputs_;   // per group: o_g, then share_{s,g} per segment
  // The weights of the quarter weights_at was last asked for (weights_ or a row of the table).
  const double* weights_now_ = nullptr;
};

}  // namespace cloudsim::model
