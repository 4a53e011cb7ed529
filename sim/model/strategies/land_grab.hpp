#pragma once
// Land grab: price and margin down, capability growth and fixed cost up (model spec section 7).

#include <string_view>

#include "model/field_table.hpp"
#include "model/strategies/repositioning.hpp"

namespace cloudsim::model {

struct LandGrab : Repositioning {
  static constexpr std::string_view name = "land_grab";
  static constexpr std::string_view summary =
      "cuts price and margin, raises capability growth and fixed cost, over the ramp";
  static FieldTable<LandGrab> fields();
};

}  // namespace cloudsim::model
