#pragma once
// The datasets of a conditioned run (docs/output-format.md, "Conditioned runs"): the observations
// it was conditioned on, over an `observation` dimension, and each scenario's diagnostics.

#include <hdf5.h>

#include <vector>

#include "output/result_metadata.hpp"

namespace cloudsim::output {

// Writes nothing for a run that is not conditioned. `parameter_columns[k][j]` is where scenario
// k's j-th input sits on the file's `parameter` coordinate.
void write_conditioning_datasets(hid_t file, const ResultMetadata& metadata, hid_t scenario_scale,
                                 hid_t parameter_scale,
                                 const std::vector<std::vector<std::size_t>>& parameter_columns);

}  // namespace cloudsim::output
