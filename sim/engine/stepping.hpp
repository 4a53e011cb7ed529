#pragma once

namespace cloudsim::engine {

// How a block's paths are stepped through the quarters. Both give the same results to the bit;
// path_by_path is the reference the lockstep stepper is tested against, and `sim run
// --path-by-path` lets a user check a result, or its speed, against it.
enum class Stepping {
  in_lanes,      // four paths at a time (model::LockstepStepper)
  path_by_path,  // every path alone (model::QuarterStepper)
};

}  // namespace cloudsim::engine
