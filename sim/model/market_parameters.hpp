#pragma once
// Plain inputs of the reference market model (docs/model.md). Money is in the scenario's currency
// unit per quarter; growth rates and volatilities are annual; churn rates are quarterly.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "model/strategies/strategy_kinds.hpp"
#include "model/value_range.hpp"
#include "outcome/ast.hpp"

namespace cloudsim::model {

struct SegmentParameters {
  std::string name;
  double initial_demand = 0.0;   // D_s(0), money per quarter; > 0 (unused if books_from_revenue)
  double growth_initial = 0.0;   // G0_s, annual growth rate near t = 0; > -1
  double growth_long_run = 0.0;  // G∞_s, annual growth rate in the long run; > -1
  double growth_decay_quarters = 1.0;   // τ_s, e-folding time of G0 → G∞, in quarters; > 0
  double volatility = 0.0;              // σ_s, annual volatility of ln D_s; ≥ 0
  double price_sensitivity = 0.0;       // β_price,s ≥ 0
  double capability_sensitivity = 0.0;  // β_cap,s ≥ 0
  double ecosystem_sensitivity = 0.0;   // β_eco,s ≥ 0
  bool books_from_revenue = false;      // initial books given as revenues: D_s(0) = Σ_i R_{i,s}(0)
  // Growth regimes (docs/model.md, "Growth regimes"): the chain whose slowdowns lower this
  // segment's growth (an index into GrowthRegimeParameters::chains, −1: none) and by how much.
  int regime_chain = -1;
  double slowdown_penalty = 0.0;  // Δ_s ≥ 0, annual growth points taken off in a slowdown
};

// How a multi-cloud customer's second cloud is chosen (model spec section 3, docs/model.md).
enum class SecondCloudRule {
  excludes_primary,  // v2 (default): never the customer's primary; the exact expectation over it
  independent,       // v1: drawn like the primary, so the leader may win its own customers' slot
};

// Multi-cloud adoption follows a discrete Bass diffusion (model spec section 2).
struct MultiCloudParameters {
  double initial_adoption = 0.0;          // m(0) in [0, ceiling]
  double innovation = 0.0;                // p, annual, ≥ 0
  double imitation = 0.0;                 // q, annual, ≥ 0
  double ceiling = 0.0;                   // M in [0, 1]
  double second_cloud_spend_share = 0.0;  // φ in [0, 1]
  SecondCloudRule second_cloud_rule = SecondCloudRule::excludes_primary;
};

// AR(1) noise on every provider's attraction in every segment (model spec section 3).
struct AttractionNoiseParameters {
  double volatility = 0.0;   // σ_u ≥ 0, stationary standard deviation of η
  double persistence = 0.0;  // ρ in [0, 1)
};

struct ProviderSegmentParameters {
  bool present = false;          // absent: attraction weight 0 and churn rate 1
  double initial_share = 0.0;    // R_{i,s}(0) / D_s(0), in [0, 1] (normalised per segment)
  double capability = 0.0;       // K_{i,s}, relative score (0 = market average)
  double ecosystem = 0.0;        // E_{i,s}, relative score (0 = market average)
  double churn_rate = 1.0;       // k_{i,s}, quarterly share of the book re-tendered, in (0, 1]
  double initial_revenue = 0.0;  // R_{i,s}(0), money per quarter, when books_from_revenue
};

// A condition on the simulated market that starts a phase (docs/model.md, "Triggered phases"):
// watched from the quarter the phase before it begins; when it first holds on the state of
// quarter t, the phase begins at t + 1 + delay, and not before its `start`.
struct PhaseTrigger {
  outcome::Condition when;      // resolved; its threshold is replaced by `threshold` below
  double threshold = 0.0;       // the number the quantity is compared with (may be drawn)
  double delay_quarters = 0.0;  // quarters between the decision and the phase (may be drawn)
};

// A phase of a provider's plan: a strategy kind and when it starts.
struct PhaseParameters {
  std::string name;            // the planner's name for the phase, used in event names
  double start = 0.0;          // t at which the phase begins (with a trigger: not before)
  double ramp_quarters = 4.0;  // quarters over which its targets are reached (0: at once)
  StrategyParameters strategy;
  std::optional<PhaseTrigger> trigger;
};

// A planned step in a provider's capacity (a new data-centre region): from its quarter on, the
// cap is `amount` higher (docs/model.md, "Capacity").
struct CapacityAddition {
  std::string name;      // the planner's name for the site, used in its event
  double quarter = 0.0;  // t from which it serves (may be drawn; rounded to the nearest quarter)
  double amount = 0.0;   // money per quarter of extra capacity, ≥ 0
};

struct ProviderParameters {
  std::string name;
  double price_index = 1.0;                         // P_i > 0, 1 = market average
  double multi_cloud_affinity = 0.0;                // A_i, log-odds bonus for the second-cloud slot
  std::vector<ProviderSegmentParameters> segments;  // indexed like MarketParameters::segments
  double capability_growth = 0.0;                   // drift of every K_{i,s}, score per year
  double gross_margin = 0.0;     // γ_i, share of revenue kept after direct costs
  double fixed_cost = 0.0;       // F_i, money per quarter
  double loss_limit = kNever;    // exits when cumulative profit < −loss_limit
  double capacity = kNever;      // cap_i(0), money per quarter over all segments
  double capacity_growth = 0.0;  // h_i, annual growth of the cap
  std::vector<CapacityAddition> capacity_additions;  // planned sites, on top of the growth
  // c_cap: fixed cost per quarter per unit of capacity above `capacity` (money per quarter of
  // fixed cost per money per quarter of capacity); 0 leaves F as the strategies set it.
  double capacity_fixed_cost = 0.0;
  // Pricing on cost (docs/model.md, "Economics"): with a unit cost the margin is derived,
  // γ = 1 − c_eff / P, instead of being an input.
  bool has_unit_cost = false;
  double unit_cost = 0.0;         // c: cost of serving revenue worth 1 at P = 1, > 0
  double scale_elasticity = 0.0;  // b: experience-curve exponent, c_eff ∝ (peak revenue)^−b
  bool prices_at_or_above_cost = false;  // P is never below c_eff (clamped after strategies)
  std::vector<PhaseParameters> phases;   // in order of start
  bool full_stack = true;                // may serve customer groups that deploy private or hybrid
};

// A scheduled move of captive spend (model spec section 5): during `duration` quarters from
// `start`, amount/duration more per quarter moves from one party to the other. Spend moved onto a
// provider joins its captive book (never churns, not in the pool) unless `contestable`, when it
// joins the contested book like any other spend.
struct MigrationParameters {
  std::string name;
  std::size_t segment = 0;
  int from = -1;          // provider index, or -1 for self-build (outside the public market)
  int to = -1;            // provider index, or -1 for self-build
  double amount = 0.0;    // money per quarter moved once the migration is complete
  double start = 0.0;     // t of the first quarter of the window
  double duration = 1.0;  // quarters, L ≥ 1
  bool contestable = false;
};

// Who may serve a customer group: any provider, or only full-stack ones (private/hybrid cloud).
enum class Deployment { public_cloud, private_hybrid };

// A customer group inside every segment (docs/model.md, "Customer groups"): its share of each
// segment's demand at the start, how much faster it grows, how much more it churns, who may serve
// it and which providers it favours.
struct CustomerGroupParameters {
  std::string name;
  std::vector<double> share;       // share_{s,g} per segment, in [0, 1]; Σ_g = 1 per segment
  double share_everywhere = -1.0;  // ≥ 0: one share for every segment (copied into `share`)
  double growth_offset = 0.0;      // o_g, annual growth relative to the segment's; > -1
  double churn_multiplier = 1.0;   // c_g ≥ 0: k_{i,s,g} = min(1, k_{i,s} c_g)
  Deployment deployment = Deployment::public_cloud;
  std::vector<double> stronghold;  // ΔE_{i,g} per provider, added to E_{i,s} in this group
};

// How a regime chain's first quarter is chosen.
enum class RegimeStart {
  stationary,  // drawn from the chain's stationary law (default)
  normal,
  slowdown,
};

// One Markov chain of growth regimes, normal ↔ slowdown, moving once a quarter (model spec
// section 11). With p_ns = p_sn = 0 the chain never moves and starts normal when stationary.
struct RegimeChainParameters {
  std::string name;                   // "macro" for the chain shared by default
  double slowdown_probability = 0.0;  // p_ns = P(normal → slowdown) per quarter, in [0, 1]
  double recovery_probability = 0.0;  // p_sn = P(slowdown → normal) per quarter, in [0, 1]
  RegimeStart start = RegimeStart::stationary;
};

// Empty `chains`: no regimes, and the model is spec section 1 exactly (no draw is made).
// Otherwise chains[0] is the macro chain, the others segment-specific ones.
struct GrowthRegimeParameters {
  std::vector<RegimeChainParameters> chains;
  // ≥ 0: one Δ for every segment (copied into SegmentParameters::slowdown_penalty, where a drawn
  // value is written); < 0: the segments' own penalties.
  double slowdown_penalty_everywhere = -1.0;
  [[nodiscard]] bool active() const { return !chains.empty(); }
};

struct MarketParameters {
  int quarters = 1;  // number of recorded quarters including t = 0, so T = quarters - 1 steps
  std::vector<SegmentParameters> segments;
  Eigen::MatrixXd segment_correlation;  // C, symmetric positive definite with unit diagonal
  MultiCloudParameters multi_cloud;
  AttractionNoiseParameters attraction_noise;
  std::vector<ProviderParameters> providers;
  std::vector<MigrationParameters> migrations;
  // Empty: one implicit group per segment, the model without groups.
  std::vector<CustomerGroupParameters> customer_groups;
  GrowthRegimeParameters growth_regimes;
};

}  // namespace cloudsim::model
