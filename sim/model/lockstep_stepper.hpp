#pragma once
// Four paths through a quarter at once: lane k of every vector is path k ("paths in lanes",
// docs/performance.md). It covers the market's common core, steps 1–4, 6 and 7 of a quarter in
// docs/model.md: demand with correlated shocks, logit attraction with AR(1) noise and the second
// cloud, churn and re-allocation, capacity (growth, planned sites and their fixed cost, and the
// cap: a lane over it goes through enforce_capacity alone, as its path would), profit and exit,
// and customer groups (their rows' choice, churn and re-allocation, the segment books as their
// sums), and growth regimes (each lane's chains, moved by the caller as it moves a path's; demand
// grows with the drift of its lane's regime), and pricing on cost (each lane's experience curve,
// price floor and margin, price_on_cost's operations; a price it moves moves that provider's
// utilities from then on). A model with anything that makes paths part ways or reads their
// history (strategies, captive books, migrations) is not covered: `covers` says so and the
// engine steps its paths one by one with QuarterStepper.
//
// QuarterStepper stays the specification. Every lane does exactly its IEEE operations in its
// order, so a path's results are the same to the bit whichever stepper ran it
// (tests/unit/lockstep_stepper_test.cpp). What does not change within a path (the deterministic
// part of each utility for every quarter, the churn rates, the drift of demand, the initial books,
// the groups' weights of every quarter) is tabulated per lane when the lanes' models are set,
// instead of computed every quarter: once per stepper when every path has the same inputs, once
// per four paths when inputs are drawn per path. The initial group books are CustomerGroupStep's
// own, computed by it for each lane. So are the affinities' logit weights and the second cloud's
// share s₂ m(t) of every quarter: the choice kernel takes each lane's (drawn per path or not). A
// provider's exit is the one branch the covered model has: a lane in which a provider exits is
// reported by `diverged` and the caller simulates that path again with QuarterStepper, which is
// exact because every draw is counter-based.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "model/customer_groups.hpp"
#include "model/market_model.hpp"
#include "model/path_state.hpp"
#include "numeric/lanes.hpp"

namespace cloudsim::model {

class LockstepStepper {
 public:
  static constexpr std::size_t kPaths = numeric::kLanes;

  // Whether every path of `model` stays in the common core (with inputs drawn per path, ask
  // for each path's model).
  [[nodiscard]] static bool covers(const MarketModel& model);

  // Every lane starts with `model`'s inputs.
  explicit LockstepStepper(const MarketModel& model);

  // Lane `lane` follows `model` (the same structure as the stepper's, with this path's drawn
  // inputs) from the next initialise().
  void set_lane(std::size_t lane, const MarketModel& model);

  // Normals are laid out path by path: [lane][cell] and [lane][segment], as each path's own
  // QuarterStepper would take them.
  void initialise(std::span<const double> attraction_normals);
  void advance(int quarter, std::span<const double> demand_normals,
               std::span<const double> attraction_normals);

  // Lane `lane`'s growth regime chains, r(t) (PathState::regime): every chain normal after
  // initialise; the caller draws r(0) and moves them between steps (model/growth_regimes.hpp),
  // as it does a path's. Empty without growth regimes.
  [[nodiscard]] std::span<std::int8_t> regime(std::size_t lane) {
    return std::span(regime_).subspan(lane * regime_chains_, regime_chains_);
  }

  // Bit k is set once a provider has exited on path k: from then on lane k is not that path.
  [[nodiscard]] unsigned diverged() const { return diverged_; }

  // The state after the last call, as the stepper holds it: [entry][lane], kPaths doubles per
  // entry, lane k's at k (engine/lane_records.hpp copies them out path by path). Entries: demand
  // per segment, revenue per cell, profit and cumulative profit per provider; the customer groups'
  // demand per row r = g·S + s and revenue per row and provider, as PathState lays them out.
  [[nodiscard]] std::span<const double> demand() const { return demand_; }
  [[nodiscard]] std::span<const double> revenue() const { return revenue_; }
  [[nodiscard]] std::span<const double> profit() const { return profit_; }
  [[nodiscard]] std::span<const double> cumulative_profit() const { return cumulative_profit_; }
  // Demand no provider could serve, per segment (0 unless a capped provider was over its cap).
  [[nodiscard]] std::span<const double> unserved() const { return unserved_; }
  // Lane `lane`'s event quarters, as PathState::event_quarters: the quarter each planned site came
  // online, kNeverHappened for every other event (an exit takes the path out of the lanes).
  [[nodiscard]] std::span<const int> event_quarters(std::size_t lane) const {
    return std::span(event_quarters_).subspan(lane * events_, events_);
  }
  [[nodiscard]] std::size_t group_rows() const { return group_rows_; }
  [[nodiscard]] std::span<const double> group_demand() const { return group_demand_; }
  [[nodiscard]] std::span<const double> group_revenue() const { return group_revenue_; }
  [[nodiscard]] double multi_cloud_adoption(std::size_t lane) const {
    return adoption_[quarter_ * kPaths + lane];
  }

 private:
  void compute_choice();
  // The group rows' utilities and churn from the segment utilities in segment_utility_ (−∞ where
  // the provider cannot be chosen), as CustomerGroupStep::choose makes them, into the kernel's
  // rows.
  void compute_group_rows();
  // Churn and re-allocation of every row of segment s (CustomerGroupStep::reallocate without
  // captive books), with D_s(t+1) in demand_, then the segment books as the rows' sums.
  void reallocate_groups(std::size_t s, std::size_t next_quarter);
  void sum_group_books();
  // Step 6 at `next_quarter`: the lanes in which a capped provider's books exceed its cap by more
  // than enforce_capacity's slack go through it one by one (enforce_lane_capacity); the others
  // are left exactly as enforce_capacity would leave them, untouched.
  void enforce_capacity(std::size_t next_quarter);
  void enforce_lane_capacity(std::size_t lane, std::size_t next_quarter);
  // price_on_cost for every provider that prices on cost, on every lane, from the books now.
  void price_on_cost();
  // This quarter's u − η of the cells of providers that price on cost, from each lane's price now.
  // In a covered model a price moves only at t = 0 (the experience curve only lowers the unit
  // cost, and no strategy moves the price), so from t = 1 this re-makes the tabulated values; it
  // is kept per quarter for the strategies that will move prices in lanes.
  void refresh_priced_utilities();
  void book_profits();
  // Lane `lane`'s column of the tables from `model`: the initial books, the churn rates, the
  // utilities' terms (tabulate_utilities makes u − η of every quarter from them at the next
  // initialise), the affinities' logit weights, m(t) and s₂ m(t), the demand's drift, volatility
  // and shock factor, the noise's parameters and profit's terms. With `shared`, also what is the
  // model's structure, the same on every lane (written, not compared: lane 0's).
  void tabulate(std::size_t lane, const MarketModel& model, bool shared);
  // Lane `lane`'s capacity and fixed cost of every quarter and its sites' event quarters.
  void tabulate_capacity(std::size_t lane, const MarketModel& model, bool shared);
  // The customer groups' columns: initial group books (and the segment books, their sums) from
  // CustomerGroupStep::initialise, the weights of every quarter, the rows' churn and ΔE terms.
  void tabulate_groups(std::size_t lane, const MarketModel& model, bool shared);
  // shared_utility_ from the utility terms of every lane, four lanes per operation.
  void tabulate_utilities();

  const MarketModel& model_;  // the structure; each lane's numbers are in the tables below
  std::size_t segments_;
  std::size_t providers_;
  std::size_t cells_;
  std::size_t quarters_;
  // Per path: kPaths doubles per entry, path k's at k. Plain doubles, moved with numeric::load
  // and store: a std::vector of Doubles would not be aligned for the AVX2 clone.
  std::vector<double> demand_;             // per segment
  std::vector<double> demand_before_;      // per segment
  std::vector<double> revenue_;            // per cell
  std::vector<double> attraction_noise_;   // per cell, η
  std::vector<double> profit_;             // per provider
  std::vector<double> cumulative_profit_;  // per provider
  unsigned diverged_ = 0;
  std::size_t quarter_ = 0;  // t of the state
  // Per lane, tabulated (kPaths doubles per entry as above).
  std::vector<double> initial_demand_;   // per segment: D(0)
  std::vector<double> initial_revenue_;  // per cell: R(0)
  std::vector<double> shared_utility_;   // [quarter][cell]: u − η, or −∞ where not eligible
  bool utilities_stale_ = true;          // whether utility terms changed since it was made
  std::vector<double> utility_terms_;    // [cell]: −β_price ln P, β_cap, K, β_eco E
  std::vector<double> capability_step_;  // [provider]: g/4, the drift's growth a quarter
  std::vector<double> churn_;            // per cell: k, or 1 where the provider can't be chosen
  std::vector<double> log_drift_;        // [quarter < steps][segment]: μ_s(t)
  std::vector<double> slowdown_log_drift_;  // the same in a slowdown (empty without regimes)
  std::size_t regime_chains_;
  std::vector<std::int8_t> regime_;   // [lane][chain]
  std::vector<int> segment_chain_;    // per segment, shared: its regime chain, or −1
  std::vector<double> volatility_;    // per segment: quarterly σ_s
  std::vector<double> shock_factor_;  // [segment][segment]: L, lower triangle
  std::vector<double> noise_terms_;   // σ_η, ρ, and σ_η √(1 − ρ²)
  std::vector<double> profit_terms_;  // [provider]: margin, −loss limit
  // Pricing on cost: per lane, tabulated (kPaths doubles per entry).
  std::vector<double> cost_terms_;         // [provider]: c, b, P(0)
  std::vector<double> price_sensitivity_;  // [segment]: β_price
  std::vector<double> capability_term_;    // [quarter][cell]: β_cap (K + drift), priced cells only
  // … and its state: each lane's price, margin, reference and peak revenue, and −β_price ln P.
  std::vector<double> price_;              // per provider
  std::vector<double> margin_;             // per provider
  std::vector<double> reference_revenue_;  // per provider
  std::vector<double> peak_revenue_;       // per provider
  std::vector<double> price_term_;         // per cell
  std::vector<double> fixed_cost_;         // [quarter][provider]: F + c_cap (cap(t) − capacity)
  std::vector<double> capacity_;           // [quarter][provider]: cap(t), ∞ where uncapped
  std::vector<int> event_quarters_;        // [lane][event]
  std::size_t events_;
  std::vector<double> adoption_;         // per quarter: m(t)
  std::vector<double> second_cloud_;     // per quarter: s₂ m(t)
  std::vector<double> affinity_weight_;  // per provider
  // Shared by every lane.
  std::vector<char> eligible_;  // per cell (presence is never drawn)
  // Per provider: whether it has a cap on some lane (set by lane 0's tabulate, or-ed by the
  // others'); with none, nothing of step 6 runs.
  std::vector<char> capped_;
  bool any_capped_ = false;
  // Per provider: whether it prices on cost, and with a floor at its unit cost (never drawn).
  std::vector<char> priced_;
  std::vector<char> price_floor_;
  bool any_priced_ = false;
  // Per kernel row and provider: whether the provider may be chosen in the row (enforce_capacity's
  // eligibility; the same on every lane, since presence and who may serve a group are never drawn).
  std::vector<char> row_eligible_;
  // The choice kernel's rows, four paths' row interleaved: [row][provider][lane], the segments'
  // rows, or the groups' rows where there are groups.
  std::vector<double> utility_rows_;
  std::vector<double> max_utility_rows_;  // [row][lane]
  std::vector<double> choice_rows_;
  std::vector<double> choice_scratch_;
  // With a capped provider: the books each kernel row kept after churn, before the pool was split
  // (what capacity never cuts), [row][provider][lane]; and the demand no one could serve,
  // [segment][lane].
  std::vector<double> kept_rows_;
  std::vector<double> unserved_;
  // One lane's rows for enforce_capacity, laid out as a path's: books, kept books, choice,
  // demand and unserved demand per row, caps, and its scratch.
  std::vector<double> lane_books_, lane_kept_, lane_choice_, lane_demand_, lane_unserved_;
  std::vector<double> lane_capacity_, capacity_scratch_;
  // Customer groups (none: every group table is empty). Rows r = g·S + s.
  std::size_t groups_;
  std::size_t group_rows_;
  std::vector<double> group_demand_;           // per row, D_{s,g}
  std::vector<double> group_revenue_;          // per row and provider, R_{i,s,g}
  std::vector<double> initial_group_demand_;   // per lane, tabulated: per row
  std::vector<double> initial_group_revenue_;  // per row and provider
  std::vector<double> group_weight_;           // [quarter < quarters][row]: w_{s,g}(t)
  std::vector<double> group_churn_;            // per row and provider: min(1, k c_g)
  std::vector<double> group_bonus_;            // per row and provider: β_eco,s ΔE_{i,g}
  std::vector<double> group_churn_now_;        // per row and provider: this quarter's k
  std::vector<double> segment_utility_;        // per cell: u, or −∞ where it can't be chosen
  std::vector<char> group_serves_;             // [group][provider], shared: may_serve
  // Per lane, the CustomerGroupStep that splits its initial books, made again only for another
  // model object (a lane's model is the same object from path to path, its inputs rewritten): it
  // keeps its weights for as long as the groups' inputs stay the same.
  std::unique_ptr<CustomerGroupStep> group_steps_[kPaths];
  const MarketModel* group_step_models_[kPaths] = {};
  PathState group_state_;  // scratch for the split
  // The weights of every quarter for the shares and offsets in group_weight_inputs_: pow costs
  // more than the rest of a lane's tables, and these are seldom drawn.
  std::vector<double> group_weight_inputs_;   // per group: o_g, then share_{s,g} per segment
  std::vector<double> group_weight_cache_;    // [quarter][row]
  std::vector<double> group_inputs_scratch_;  // this lane's o_g and shares, for the comparison
  std::vector<double> books_scratch_;         // per provider, for tabulate
  std::vector<double> adoption_scratch_;      // per quarter, for tabulate
  std::vector<double> drift_scratch_;         // per cell and lane, for tabulate_utilities
};

}  // namespace cloudsim::model
