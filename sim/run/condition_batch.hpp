#pragma once
// A conditioned run's first step (docs/conditioning.md): each scenario of the batch conditioned
// on the plan's observations before any path is written. Scenarios whose histories agree bit for
// bit up to the last observation get the same conditioned histories (every choice of the engine
// is keyed by seed, stage, move and path, never by scenario), so what-ifs that differ only later
// stay paired path by path.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "conditioning/smc.hpp"
#include "observe/observations.hpp"
#include "output/result_writer.hpp"
#include "run/run_plan.hpp"
#include "run/run_steps.hpp"

namespace cloudsim::run {

class RunObserver;

struct ConditionedBatch {
  std::vector<conditioning::ConditionedScenario> scenarios;
  bool stopped = false;
};

// Conditions every scenario, points `models.scenarios[k].histories` at the result and records the
// observations and diagnostics in plan.metadata. Nothing happens for an unconditioned plan.
std::unique_ptr<ConditionedBatch> condition_batch(RunPlan& plan, BatchModels& models, int threads,
                                                  engine::Stepping stepping,
                                                  const std::atomic<bool>* stop_requested,
                                                  RunObserver& observer);

// A conditioned scenario's paths are not independent draws (copies share histories): its stored
// standard errors are multiplied by sqrt(paths / effective_sample_size) (docs/conditioning.md),
// as the toolkit does. Unconditioned scenarios are left as they are.
void inflate_conditioned_errors(output::SummaryTables& tables,
                                const output::ResultMetadata& metadata);

// The scenario's names as observations and outcomes read them (quarters as simulated).
outcome::Names observation_names(const scenario::Scenario& scenario);

}  // namespace cloudsim::run
