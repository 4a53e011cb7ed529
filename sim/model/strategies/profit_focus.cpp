#include "model/strategies/profit_focus.hpp"

#include "model/strategies/repositioning_fields.hpp"

namespace cloudsim::model {

FieldTable<ProfitFocus> ProfitFocus::fields() {
  static const auto table =
      repositioning_fields<ProfitFocus>({kRelativeRise, kMarginRise, kScoreCut, kCostCut});
  return table;
}

}  // namespace cloudsim::model
