#pragma once
// Recording four paths stepped in lanes (model/lockstep_stepper.hpp): the stepper holds each
// quantity as [entry][lane], four paths' values of an entry side by side, and a block wants each
// path's entries one after the other. Four entries at a time are transposed in registers and
// stored as four runs of four; one double at a time, the copy of a grouped market's 162 values a
// path and quarter was a tenth of its run.

#include <cstdint>
#include <span>

#include "numeric/lanes.hpp"

namespace cloudsim::engine {

// to[k][e] = by_entry[e · kLanes + k] for e < entries, and not_finite[k] gets the OR of
// infinite_or_nan_bit over lane k's values (bit 63 set when one is an infinity or NaN).
void copy_lanes_out(std::span<const double> by_entry, std::size_t entries,
                    double* const (&to)[numeric::kLanes],
                    std::uint64_t (&not_finite)[numeric::kLanes]);

}  // namespace cloudsim::engine
