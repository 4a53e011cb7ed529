#include "run/condition_batch.hpp"

#include <cmath>

#include "output/record_level.hpp"
#include "run/observation_likelihood.hpp"
#include "run/run_observer.hpp"
#include "summary/path_summaries.hpp"

namespace cloudsim::run {

void inflate_conditioned_errors(output::SummaryTables& tables,
                                const output::ResultMetadata& metadata) {
  const std::size_t scenarios = metadata.scenarios.size();
  for (auto* table : {&tables.share, &tables.revenue}) {
    const std::size_t per_scenario = table->size() / scenarios;
    for (std::size_t k = 0; k < scenarios; ++k) {
      const double ess = metadata.scenarios[k].conditioning.effective_sample_size;
      if (metadata.scenarios[k].conditioning.last_observed_quarter.empty() || ess <= 0.0)
        continue;
      const double factor = std::sqrt(static_cast<double>(metadata.paths) / ess);
      for (std::size_t at = k * per_scenario + 1; at < (k + 1) * per_scenario;
           at += summary::kStatistics)
        (*table)[at] *= factor;  // statistic 1: the standard error
    }
  }
}

outcome::Names observation_names(const scenario::Scenario& scenario) {
  outcome::Names names;
  for (const auto& segment : scenario.market.segments)
    names.segments.push_back(segment.name);
  for (const auto& provider : scenario.market.providers)
    names.providers.push_back(provider.name);
  names.periods = output::time_axis(output::RecordLevel::full, scenario.run.start_quarter,
                                    static_cast<std::size_t>(scenario.market.quarters))
                      .labels;
  return names;
}

std::unique_ptr<ConditionedBatch> condition_batch(RunPlan& plan, BatchModels& models, int threads,
                                                  engine::Stepping stepping,
                                                  const std::atomic<bool>* stop_requested,
                                                  RunObserver& observer) {
  auto& m = plan.metadata;
  if (!m.conditioned())
    return nullptr;
  auto batch = std::make_unique<ConditionedBatch>();
  const auto scenario_count = plan.batch.scenarios.size();
  batch->scenarios.reserve(scenario_count);
  m.conditioning_method = conditioning::kMethodName;
  for (std::size_t k = 0; k < scenario_count; ++k) {
    const auto& entry = plan.batch.scenarios[k];
    const auto names = observation_names(entry.scenario);
    const auto observations =
        observe::read_observations(m.observations_text, m.observations_file, names);
    if (k == 0) {
      m.observations.clear();
      for (std::size_t j = 0; j < observations.size(); ++j) {
        m.observations.push_back(
            {observations.id(j), observations.quantity_text(j), observations.period(j),
             observations.source(j), observations.scope(j),
             observe::name_of(observations.error_kind(j)), observations.value(j),
             observations.error(j), observations.scale(j)});
      }
    }
    const ObservationLikelihood likelihood(observations);
    conditioning::SmcOptions options;
    options.particles = m.paths;
    options.seed = m.seed;
    options.threads = threads;
    options.stop_requested = stop_requested;
    options.stepping = stepping;
    observer.conditioning_started(entry.name, m.paths, observations.size());
    batch->scenarios.push_back(conditioning::condition(
        *models.scenarios[k].model, models.scenarios[k].uncertain_inputs, likelihood, options));
    auto& conditioned = batch->scenarios.back();
    if (conditioned.stopped) {
      batch->stopped = true;
      return batch;
    }
    models.scenarios[k].histories = &conditioned.histories;
    const auto& d = conditioned.diagnostics;
    auto& record = m.scenarios[k].conditioning;
    record.last_observed_quarter = names.periods[observations.last_quarter()];
    record.effective_sample_size = d.effective_sample_size;
    record.prior_effective_sample_size = d.prior_effective_sample_size;
    record.distinct_histories = d.distinct_histories;
    record.stages = d.stages;
    record.move_acceptance = d.move_acceptance;
    record.distinct_input_values.clear();
    for (const auto& name : m.scenarios[k].parameter_names) {
      std::uint64_t distinct = 0;
      for (std::size_t i = 0; i < d.input_names.size(); ++i)
        if (d.input_names[i] == name)
          distinct = d.distinct_input_values[i];
      record.distinct_input_values.push_back(distinct);
    }
    std::vector<std::string> ids;
    for (std::size_t j = 0; j < observations.size(); ++j)
      ids.push_back(observations.id(j));
    observer.conditioning_ended(entry.name, record, d, conditioning::warnings(d, ids, m.paths));
  }
  return batch;
}

}  // namespace cloudsim::run
