#include "model/strategies/land_grab.hpp"

#include "model/strategies/repositioning_fields.hpp"

namespace cloudsim::model {

FieldTable<LandGrab> LandGrab::fields() {
  static const auto table =
      repositioning_fields<LandGrab>({kRelativeCut, kMarginCut, kScoreRise, kRelativeRise});
  return table;
}

}  // namespace cloudsim::model
