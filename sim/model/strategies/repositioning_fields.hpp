#pragma once
// The field table of a repositioning kind, given the signs its direction allows: the loader
// rejects a land grab that raises prices, so a sign error is caught at load time.

#include <array>

#include "model/field_table.hpp"
#include "model/strategies/repositioning.hpp"

namespace cloudsim::model {

struct RepositioningRanges {
  ValueRange price, margin, capability_growth, fixed_cost;
};

// A relative rise is at most 10 (x11); a score-per-year change at most kMaxScore.
inline constexpr ValueRange kRelativeCut{-1.0, 0.0, false, true};
inline constexpr ValueRange kRelativeRise{0.0, 10.0, true, true, false, true};
inline constexpr ValueRange kScoreRise{0.0, ValueRange::kMaxScore, true, true, false, true};
inline constexpr ValueRange kScoreCut{-ValueRange::kMaxScore, 0.0, true, true, true, false};
inline constexpr ValueRange kMarginCut{-1.0, 0.0, true, true};
inline constexpr ValueRange kMarginRise{0.0, 1.0, true, true};
inline constexpr ValueRange kCostCut{-1.0, 0.0, true, true};

template <class Kind>
std::array<Field<Kind>, 4> repositioning_fields(const RepositioningRanges& r) {
  return {{
      {.key = "price_change",
       .number = &Kind::price_change,
       .range = r.price,
       .default_value = 0.0,
       .unit = "relative",
       .description = "price index P → P (1 + change) at full ramp"},
      {.key = "margin_change",
       .number = &Kind::margin_change,
       .range = r.margin,
       .default_value = 0.0,
       .unit = "share of revenue",
       .description = "gross margin γ → γ + change at full ramp"},
      {.key = "capability_growth_change",
       .number = &Kind::capability_growth_change,
       .range = r.capability_growth,
       .default_value = 0.0,
       .unit = "score per year",
       .description = "capability drift g_K → g_K + change at full ramp"},
      {.key = "fixed_cost_change",
       .number = &Kind::fixed_cost_change,
       .range = r.fixed_cost,
       .default_value = 0.0,
       .unit = "relative",
       .description = "fixed cost F → F (1 + change) at full ramp"},
  }};
}

}  // namespace cloudsim::model
