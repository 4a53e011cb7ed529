#pragma once
// Multi-cloud capture: a push for the second-cloud slot of multi-cloud customers, with ROI
// reviews that may end it (model spec section 7).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StrategyContext;
struct MarketParameters;

struct MultiCloudCapture {
  static constexpr std::string_view name = "multi_cloud_capture";
  static constexpr std::string_view summary =
      "pushes for the second-cloud slot: affinity, ecosystem, capability and capacity ramp up at "
      "a rising fixed cost; ROI reviews may cut the push back";

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

  struct State {
    bool retreated = false;  // the push was cut at a review
  };
  enum Event { retreat };

  static FieldTable<MultiCloudCapture> fields();
  [[nodiscard]] std::vector<FieldProblem> problems(const MarketParameters& market,
                                                   std::size_t provider) const;
  [[nodiscard]] std::vector<std::string> event_names(const MarketParameters& market,
                                                     std::size_t provider, std::size_t phase) const;
  [[nodiscard]] bool needs_review_draws() const { return !review_quarters.empty(); }
  void apply(StrategyContext& context) const;
};

}  // namespace cloudsim::model
