#pragma once
// Chip programme: the provider pays for in-house chips while the phase runs and, after a lag,
// its unit cost falls by a fraction reached over the phase's ramp. Needs a provider that prices
// on cost (unit_cost), whose margin then follows (docs/model.md, "Economics").

#include <cstddef>
#include <string_view>
#include <vector>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StrategyContext;
struct MarketParameters;

struct ChipProgramme {
  static constexpr std::string_view name = "chip_programme";
  static constexpr std::string_view summary =
      "pays a fixed cost while it runs; after a lag its unit cost falls by a fraction reached "
      "over the ramp (the saving reached stays when the next phase begins)";

  double programme_cost = 0.0;  // money per quarter added to F while the phase runs
  double lag_quarters = 4.0;    // quarters from the phase's start before any saving
  double unit_cost_cut = 0.0;   // fraction of the unit cost saved at full ramp

  static FieldTable<ChipProgramme> fields();
  [[nodiscard]] std::vector<FieldProblem> problems(const MarketParameters& market,
                                                   std::size_t provider) const;
  void apply(StrategyContext& context) const;
  // The programme's spending stops with it; the saving reached so far stays.
  void end(StrategyContext& context) const;
};

}  // namespace cloudsim::model
