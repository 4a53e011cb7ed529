#pragma once
// The words a result file keeps for people (format 3.0): each scenario's title, description and
// references, each uncertain input's label, and the batch's title and description.

#include <hdf5.h>

#include <string>
#include <vector>

#include "output/result_metadata.hpp"

namespace cloudsim::output {

// scenario_title, scenario_description, scenario_references (along `scenario_scale`),
// parameter_label (along `parameter_scale`), and the root attributes batch_title and
// batch_description when the batch has them.
void write_scenario_descriptions(hid_t file, const ResultMetadata& metadata,
                                 const std::vector<std::string>& all_parameters,
                                 hid_t scenario_scale, hid_t parameter_scale);

// Fills what write_scenario_descriptions wrote back into `metadata` (whose scenarios and their
// parameter names are already read); a file without them (before format 3.0) leaves it empty.
void read_scenario_descriptions(hid_t file, ResultMetadata& metadata,
                                const std::vector<std::string>& all_parameters);

}  // namespace cloudsim::output
