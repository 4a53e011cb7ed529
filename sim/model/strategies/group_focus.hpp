#pragma once
// Group focus: the provider invests in chosen customer groups (docs/model.md, "Customer groups"):
// its ecosystem bonus ΔE in those groups rises by `ecosystem_gain` over the phase's ramp, at a
// fixed cost per quarter while the phase lasts. The gain stays when the phase ends; the cost
// does not.

#include <cstddef>
#include <string_view>
#include <vector>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StrategyContext;
struct MarketParameters;

struct GroupFocus {
  static constexpr std::string_view name = "group_focus";
  static constexpr std::string_view summary =
      "raises its ecosystem bonus in chosen customer groups over the ramp, at a fixed cost per "
      "quarter while the phase lasts";

  std::vector<char> groups;     // per customer group: focused
  double ecosystem_gain = 0.0;  // ΔE added in the focused groups at full ramp
  double fixed_cost = 0.0;      // money per quarter while the phase is current

  static FieldTable<GroupFocus> fields();
  [[nodiscard]] std::vector<FieldProblem> problems(const MarketParameters& market,
                                                   std::size_t provider) const;
  void apply(StrategyContext& context) const;
  void end(StrategyContext& context) const;
};

}  // namespace cloudsim::model
