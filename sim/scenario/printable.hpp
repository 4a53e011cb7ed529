#pragma once
// The loader's name for text::printable (sim/text), which lives below every module that reports
// user text, so that summaries can use it without depending on the scenario loader.

#include "text/printable.hpp"

namespace cloudsim::scenario {

using text::printable;

}  // namespace cloudsim::scenario
