#pragma once
// Profit focus: price and margin up, capability growth and fixed cost down (model spec
// section 7).

#include <string_view>

#include "model/field_table.hpp"
#include "model/strategies/repositioning.hpp"

namespace cloudsim::model {

struct ProfitFocus : Repositioning {
  static constexpr std::string_view name = "profit_focus";
  static constexpr std::string_view summary =
      "raises price and margin, cuts capability growth and fixed cost, over the ramp";
  static FieldTable<ProfitFocus> fields();
};

}  // namespace cloudsim::model
