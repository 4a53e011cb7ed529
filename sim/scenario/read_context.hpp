#pragma once
// What every reader of one scenario load shares: where problems go and where uncertain inputs
// are registered as they are found.

#include <vector>

#include "scenario/diagnostics.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::scenario {

struct ReadContext {
  Diagnostics& diagnostics;
  std::vector<uncertainty::UncertainInput>& inputs;
};

}  // namespace cloudsim::scenario
