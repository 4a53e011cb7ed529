#include "model/migration.hpp"

#include <algorithm>
#include <cmath>

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

bool migration_active(const MigrationParameters& m, int quarter) {
  const int first = whole_quarter(m.start);
  const int length = std::max(1, whole_quarter(m.duration));
  return quarter >= first && quarter < first + length;
}

void apply_migrations(const MarketParameters& market, int quarter, std::span<const char> eligible,
                      std::span<double> revenue, std::span<double> captive,
                      std::span<double> demand, std::span<double> moved) {
  const std::size_t providers = market.providers.size();
  for (std::size_t k = 0; k < market.migrations.size(); ++k) {
    const auto& m = market.migrations[k];
    moved[k] = 0.0;
    if (!migration_active(m, quarter)) {
      continue;
    }
    if (m.to >= 0 && !eligible[m.segment * providers + static_cast<std::size_t>(m.to)]) {
      continue;
    }
    const double per_quarter = m.amount / std::max(1, whole_quarter(m.duration));
    double delta = per_quarter;
    if (m.from >= 0) {
      double& source = revenue[m.segment * providers + static_cast<std::size_t>(m.from)];
      delta = std::min(per_quarter, source);
      source -= delta;
      if (!captive.empty()) {
        // The contested book goes first; the captive book gives only what the rest cannot.
        double& held = captive[m.segment * providers + static_cast<std::size_t>(m.from)];
        held = std::min(held, source);
      }
    } else {
      demand[m.segment] += delta;
    }
    if (m.to >= 0) {
      const std::size_t cell = m.segment * providers + static_cast<std::size_t>(m.to);
      revenue[cell] += delta;
      if (!m.contestable && !captive.empty()) {
        captive[cell] += delta;
      }
    } else {
      demand[m.segment] -= delta;
    }
    moved[k] = delta;
  }
}

}  // namespace cloudsim::model
