#include "model/events.hpp"

#include <cmath>

namespace cloudsim::model {

EventTable EventTable::build(const MarketParameters& p) {
  EventTable table;
  const std::size_t providers = p.providers.size();
  table.phase_start.resize(providers);
  table.retreat.resize(providers);
  table.entry.resize(providers);
  table.exit.assign(providers, -1);
  auto add = [&](std::string name) {
    table.names.push_back(std::move(name));
    return static_cast<int>(table.names.size() - 1);
  };
  for (std::size_t i = 0; i < providers; ++i) {
    const auto& provider = p.providers[i];
    table.phase_start[i].assign(provider.phases.size(), -1);
    table.retreat[i].assign(provider.phases.size(), -1);
    table.entry[i].assign(p.segments.size(), -1);
    for (std::size_t k = 0; k < provider.phases.size(); ++k) {
      const auto& phase = provider.phases[k];
      table.phase_start[i][k] = add(provider.name + ": " + phase.name + " (" +
                                    strategy_kind_name(phase.strategy) + ") starts");
      if (std::holds_alternative<MultiCloudCaptureParameters>(phase.strategy)) {
        table.retreat[i][k] = add(provider.name + ": " + phase.name + " retreats");
      }
      if (const auto* paas = std::get_if<PaasFirstParameters>(&phase.strategy)) {
        for (std::size_t s = 0; s < p.segments.size(); ++s) {
          if (!paas->home[s] && provider.segments[s].present && table.entry[i][s] < 0) {
            table.entry[i][s] = add(provider.name + ": enters " + p.segments[s].name);
          }
        }
      }
    }
    if (std::isfinite(provider.loss_limit)) {
      table.exit[i] = add(provider.name + ": exits");
    }
  }
  return table;
}

}  // namespace cloudsim::model
