#pragma once
// Four paths through a quarter at once: lane k of every vector is path k ("paths in lanes",
// docs/performance.md). Every model is stepped in lanes: the market's rows (demand with correlated
// shocks, logit attraction with AR(1) noise and the second cloud, the customer groups' rows,
// churn and re-allocation with captive books, the books' sums and capacity's test) four paths per
// operation, and what happens provider by provider lane by lane, as scalar code.
//
// QuarterStepper stays the specification. Every lane does exactly its IEEE operations in its
// order, so a path's results are the same to the bit whichever stepper ran it
// (tests/unit/lockstep_stepper_test.cpp). Two ways of getting there:
//   - A static model (no strategies, captive books or migrations: nothing moves a provider's
//     attributes within a path) has its deterministic parts tabulated per lane when the lanes'
//     models are set, instead of computed every quarter: the part of each utility that is not
//     noise for every quarter, the churn rates, the drift of demand, the initial books, the
//     groups' weights of every quarter, m(t) and s2 m(t), the affinities' logit weights, the
//     caps and fixed costs of every quarter. Pricing on cost runs in the lanes (price_on_cost's
//     operations), and a lane over a cap goes through enforce_capacity alone.
//   - A dynamic model (strategies, reviews, triggers, captive books, migrations) keeps each
//     lane's path as QuarterStepper holds it (paths_) for the code that works provider by
//     provider, which is QuarterStepper's own (ProviderStep: strategies, pricing on cost, caps,
//     capability drift; apply_migrations and CustomerGroupStep::spread_migrations in the
//     quarters a migration moves spend). Each quarter, after the strategies, the lane's
//     utilities (less the noise), churn, affinity weights, group bonuses, margins, caps and fixed
//     costs are written from it into the lanes' tables; the books stay in the lanes.
// A provider's exit is the one branch left out: a lane in which a provider exits is reported by
// `diverged` and the caller simulates that path again with QuarterStepper, which is exact because
// every draw is counter-based.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "model/customer_groups.hpp"
#include "model/market_model.hpp"
#include "model/path_state.hpp"
#include "model/provider_step.hpp"
#include "numeric/lanes.hpp"

namespace cloudsim::model {

class LockstepStepper {
 public:
  static constexpr std::size_t kPaths = numeric::kLanes;

  // Every lane starts with `model`'s inputs.
  explicit LockstepStepper(const MarketModel& model);

  // Lane `lane` follows `model` (the same structure as the stepper's, with this path's drawn
  // inputs) from the next initialise(). `model` must outlive the stepper's use of the lane.
  void set_lane(std::size_t lane, const MarketModel& model);

  // Normals are laid out path by path: [lane][cell] and [lane][segment], as each path's own
  // QuarterStepper would take them; so are the review draws, [lane][provider], kPaths ·
  // providers of them (read only for providers whose strategy reviews,
  // MarketModel::needs_review_draws; a dynamic model throws std::logic_error without them).
  void initialise(std::span<const double> attraction_normals);
  void advance(int quarter, std::span<const double> demand_normals,
               std::span<const double> attraction_normals, std::span<const double> review_draws);

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
  // Lane `lane`'s event quarters, as PathState::event_quarters (an exit takes the path out of the
  // lanes, so none is recorded).
  [[nodiscard]] std::span<const int> event_quarters(std::size_t lane) const {
    if (dynamic_) {
      return paths_[lane].event_quarters;
    }
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
  // A dynamic model's quarter begins lane by lane: the lane's books into its path, the strategies
  // and pricing on cost of ProviderStep, then write_lane_terms.
  void begin_lane_quarter(std::size_t lane, std::span<const double> review_draws);
  // From lane `lane`'s providers now: this quarter's u − η of their cells (−∞ where the provider
  // cannot be chosen, into the first row of shared_utility_), churn, eligibility, group bonuses
  // and margins, of every provider or only those that may move (lane_moving_); and the affinity
  // weights.
  void write_lane_terms(std::size_t lane, bool every_provider);
  // Lane `lane`'s caps at `next_quarter` (ProviderStep::grow_capacity) and fixed costs then.
  void grow_lane_capacity(std::size_t lane, std::size_t next_quarter);
  // Captive books of providers that cannot be chosen go back to tender (QuarterStepper::advance):
  // into released_, per segment.
  void release_captive_books(std::size_t lane);
  // The migrations of `next_quarter` on lane `lane`'s books: apply_migrations, and with groups
  // CustomerGroupStep::spread_migrations, on its path, and back.
  void migrate(std::size_t lane, std::size_t next_quarter);
  // A dynamic model's lane `lane` at t = 0: its path's providers (ProviderStep::initialise, the
  // groups' ΔE), pricing on cost, margins, fixed costs and caps.
  void initialise_lane_path(std::size_t lane);
  // Lane `lane`'s segment books and demand into paths_[lane]; `with_groups`: its captive books and
  // group books and demands too. And back, all of them.
  void books_to_path(std::size_t lane, bool with_groups);
  void books_from_path(std::size_t lane);
  // Profit and cumulative profit from the lanes into each lane's path (triggers and strategies
  // read them).
  void profits_to_paths();
  // Churn and re-allocation of segment s without groups, with captive books
  // (reallocate_segment_with_captive), into kept_rows_ the kept contested books.
  void reallocate_captive_segment(std::size_t s);
  // R ← R + π Q of segment s without groups, Q the contested pool.
  [[gnu::always_inline]] void share_out_pool(std::size_t s, numeric::Doubles pool);
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
  // What provider i's group rows may hold under `cap`: the cap, or with captive books and groups
  // what its captive books leave of it (CustomerGroupStep::enforce_capacity).
  [[gnu::always_inline]] numeric::Doubles room(std::size_t i, numeric::Doubles cap) const;
  void enforce_lane_capacity(std::size_t lane, std::size_t next_quarter);
  // price_on_cost for every provider that prices on cost, on every lane, from the books now.
  void price_on_cost();
  // This quarter's u − η of the cells of providers that price on cost, from each lane's price now.
  // Static models only (a dynamic model's lanes write theirs from their paths). There a price
  // moves only at t = 0 (the experience curve only lowers the unit cost), so from t = 1 this
  // re-makes the tabulated values: cheap, and it keeps no assumption about when prices move.
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
  // A dynamic model (see the top): each lane's path for the provider-level code and its model.
  bool dynamic_ = false;
  bool captive_books_ = false;
  bool migrations_ = false;
  bool revenue_history_ = false;
  const MarketModel* lane_models_[kPaths] = {};
  PathState paths_[kPaths];
  ProviderStep provider_step_;
  std::vector<double> captive_;              // per cell: C, with captive books
  std::vector<double> released_;             // per segment: captive spend released this quarter
  std::vector<char> lane_eligible_;          // [lane][cell]: active and present
  std::vector<char> lane_moving_;            // [lane][provider]: whether its terms may move
  std::vector<char> lane_row_eligible_;      // per kernel row and provider, for one lane
  std::vector<double> lane_log_price_;       // [lane][provider]: ln P
  std::vector<double> lane_price_of_log_;    // [lane][provider]: the P it is from
  std::vector<double> lane_affinity_;        // [lane][provider]: the A the weights are from
  std::vector<double> lane_group_bonus_of_;  // [lane][provider][group]: the ΔE the bonuses are from
  std::vector<double> lane_caps_;            // per provider, scratch
  std::vector<double> moved_;                // per migration, scratch
};

}  // namespace cloudsim::model
