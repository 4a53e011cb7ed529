#include "model/events.hpp"

#include <algorithm>
#include <cmath>

#include "model/strategies/strategy_registry.hpp"

namespace cloudsim::model {

EventTable EventTable::build(const MarketParameters& p) {
  EventTable table;
  const std::size_t providers = p.providers.size();
  table.phase_start.resize(providers);
  table.triggered.resize(providers);
  table.kind_events.resize(providers);
  table.capacity_online.resize(providers);
  table.exit.assign(providers, -1);
  // Two phases may declare the same event (a provider enters a segment once): one entry.
  auto add = [&](std::string name) {
    const auto known = std::find(table.names.begin(), table.names.end(), name);
    if (known != table.names.end()) {
      return static_cast<int>(known - table.names.begin());
    }
    table.names.push_back(std::move(name));
    return static_cast<int>(table.names.size() - 1);
  };
  for (std::size_t i = 0; i < providers; ++i) {
    const auto& provider = p.providers[i];
    table.phase_start[i].assign(provider.phases.size(), -1);
    table.triggered[i].assign(provider.phases.size(), -1);
    table.kind_events[i].resize(provider.phases.size());
    for (std::size_t k = 0; k < provider.phases.size(); ++k) {
      const auto& phase = provider.phases[k];
      table.phase_start[i][k] = add(provider.name + ": " + phase.name + " (" +
                                    std::string(strategy_kind_name(phase.strategy)) + ") starts");
      if (phase.trigger) {
        table.triggered[i][k] = add(provider.name + ": " + phase.name + " triggered");
      }
      for (auto& name : strategy_event_names(phase.strategy, p, i, k)) {
        table.kind_events[i][k].push_back(name.empty() ? -1 : add(std::move(name)));
      }
    }
    for (const auto& site : provider.capacity_additions) {
      table.capacity_online[i].push_back(
          add(provider.name + ": capacity " + site.name + " online"));
    }
    if (std::isfinite(provider.loss_limit)) {
      table.exit[i] = add(provider.name + ": exits");
    }
  }
  return table;
}

}  // namespace cloudsim::model
