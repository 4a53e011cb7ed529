#pragma once
// What a result file records about its run, taken from the batch's scenarios (shared by `sim run`
// and the benchmark, so both write the same layout).

#include "output/record_level.hpp"
#include "output/result_writer.hpp"
#include "scenario/batch.hpp"
#include "scenario/scenario.hpp"

namespace cloudsim::run {

output::ResultMetadata metadata_for(const scenario::Batch& batch,
                                    output::RecordLevel level = output::RecordLevel::full);

// A batch of one scenario, named after its file.
scenario::Batch single_scenario_batch(scenario::Scenario scenario);

}  // namespace cloudsim::run
