#pragma once
// The loader's names for the typo suggestions of sim/text, which lives below every module that
// suggests spellings, so that summaries can use them without depending on the scenario loader.

#include "text/suggest.hpp"

namespace cloudsim::scenario {

using text::closest_match;
using text::did_you_mean;

}  // namespace cloudsim::scenario
