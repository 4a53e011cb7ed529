#pragma once
// What a result file records about its run, taken from the scenario (shared by `sim run` and the
// benchmark, so both write the same layout).

#include "output/record_level.hpp"
#include "output/result_writer.hpp"
#include "scenario/scenario.hpp"

namespace cloudsim::cli {

output::ResultMetadata metadata_for(const scenario::Scenario& scenario,
                                    output::RecordLevel level = output::RecordLevel::full);

}  // namespace cloudsim::cli
