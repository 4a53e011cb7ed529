#pragma once
// What every reader of one scenario load shares: where problems go and where uncertain inputs
// are registered as they are found.

#include <optional>
#include <vector>

#include "model/quarter.hpp"
#include "scenario/diagnostics.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::scenario {

// How quarter labels such as "2022Q3" become quarter indices t: t = label − origin, within
// [0, last]. Known once [simulation] has been read.
struct QuarterScale {
  model::Quarter origin;
  int last = 0;  // T
};

struct ReadContext {
  Diagnostics& diagnostics;
  std::vector<uncertainty::UncertainInput>& inputs;
  std::optional<QuarterScale> quarters = std::nullopt;
};

}  // namespace cloudsim::scenario
