#pragma once
// What `sim run` prints on stdout at the end of a complete run (unless --quiet): the run's size
// and speed, the file written, and the planner's share table.

#include "run/run_batch.hpp"
#include "run/run_plan.hpp"

namespace cloudsim::cli {

void print_run_report(const run::RunPlan& plan, const run::RunResult& result);

}  // namespace cloudsim::cli
