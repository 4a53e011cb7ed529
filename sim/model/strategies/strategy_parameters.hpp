#pragma once
// Parameters of each strategy kind (model spec section 7; docs/model.md says what each does).
// Plain data: every number may be drawn per path, so the loader writes into these structs.
// Quarters are indices t since the start quarter, as doubles because they may be drawn; the model
// rounds them to the nearest quarter.

#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace cloudsim::model {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

// Attributes stay as they are (apart from their own drift).
struct StatusQuoParameters {};

// Land grab and profit focus move the same four levers in opposite directions, linearly over the
// phase's ramp, from their values when the phase starts.
struct RepositioningParameters {
  double price_change = 0.0;              // relative: P → P (1 + change)
  double margin_change = 0.0;             // absolute: γ → γ + change
  double capability_growth_change = 0.0;  // absolute, score per year: g_K → g_K + change
  double fixed_cost_change = 0.0;         // relative: F → F (1 + change)
};
struct LandGrabParameters : RepositioningParameters {};     // price and margin down, the rest up
struct ProfitFocusParameters : RepositioningParameters {};  // price and margin up, the rest down

struct MultiCloudCaptureParameters {
  double affinity = 0.0;                  // A at full ramp
  std::vector<double> ecosystem_boost;    // per segment, added to E at full ramp
  std::vector<double> capability_target;  // per segment, K at full ramp; NaN keeps K
  double capacity_growth = 0.0;           // annual growth of capacity while the push lasts
  double fixed_cost_increase = 0.0;       // money per quarter added to F at full ramp
  std::vector<double> review_quarters;    // t of each ROI review
  std::vector<double> target_revenue;     // revenue per quarter expected at each review
  double tolerance = 0.2;                 // a review fails when revenue < target (1 − tolerance)
  double retreat_probability = 0.5;       // chance that a failed review ends the push
  double retreat_cut = 0.7;               // share of the push given up on retreat
};

struct PaasFirstParameters {
  std::vector<char> home;                 // per segment: present from the start
  double entry_share_threshold = 1.0;     // home-segment share that triggers entry elsewhere
  double latest_entry = kNever;           // t by which it enters regardless
  double entry_capability = 0.0;          // K in a newly entered segment at entry
  double capability_ramp_quarters = 8.0;  // quarters from entry_capability to the segment's K
};

using StrategyParameters =
    std::variant<StatusQuoParameters, LandGrabParameters, ProfitFocusParameters,
                 MultiCloudCaptureParameters, PaasFirstParameters>;

struct PhaseParameters {
  std::string name;            // the planner's name for the phase, used in event names
  double start = 0.0;          // t at which the phase begins
  double ramp_quarters = 4.0;  // quarters over which its targets are reached (0: at once)
  StrategyParameters strategy;
};

const char* strategy_kind_name(const StrategyParameters& strategy);

}  // namespace cloudsim::model
