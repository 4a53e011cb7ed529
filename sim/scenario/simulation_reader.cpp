// [simulation]: start quarter, horizon, paths, seed, currency unit.

#include <cstdint>
#include <string>

#include "scenario/section_readers.hpp"

namespace cloudsim::scenario {

void read_simulation(LoadState& state) {
  const toml::table* table = state.root.subtable("simulation", true);
  if (table == nullptr) {
    return;
  }
  auto& run = state.scenario.run;
  TableReader reader(*table, "simulation", state.context);
  if (const auto start = reader.string("start_quarter", true)) {
    if (const auto quarter = model::Quarter::parse(*start)) {
      run.start_quarter = *quarter;
    } else {
      state.diagnostics().error(table->get("start_quarter")->source(), "simulation.start_quarter",
                                "expected a quarter like \"2021Q1\", found \"" + *start + "\"");
    }
  }
  if (const auto quarters = reader.integer("quarters", 2, kMaxQuarters, true)) {
    state.scenario.market.quarters = static_cast<int>(*quarters);
    state.horizon_known = true;
  }
  if (const auto paths = reader.integer("paths", 1, static_cast<std::int64_t>(kMaxPaths), false)) {
    run.paths = static_cast<std::uint64_t>(*paths);
  }
  if (const auto seed = reader.integer("seed", 0, INT64_MAX, true)) {
    run.seed = static_cast<std::uint64_t>(*seed);
  }
  if (const auto unit = reader.string("currency_unit", false)) {
    run.currency_unit = *unit;
  }
  reader.reject_unknown_keys();
}

}  // namespace cloudsim::scenario
