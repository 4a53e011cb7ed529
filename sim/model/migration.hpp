#pragma once
// Model spec section 5: scheduled migrations of captive spend, applied after churn and
// re-allocation in each quarter of their window.

#include <span>

#include "model/market_parameters.hpp"

namespace cloudsim::model {

// Whether quarter t falls inside the migration's window [start, start + duration).
bool migration_active(const MigrationParameters& migration, int quarter);

// Moves δ = min(amount / duration, R_from) (δ = amount / duration from self-build) for every
// migration active at `quarter`. `revenue` is in MarketModel::cell layout; a move to or from
// self-build changes the segment's demand by δ. A move to a provider that is not `eligible` in
// the segment (present and active, cell layout) does not happen that quarter. `moved` (one entry
// per migration) receives each δ.
// `captive` (cell layout) holds the captive books, and is empty when no migration is a
// non-contestable move onto a provider (then every move is contestable). Such a move adds δ to
// the receiver's captive book. A
// provider giving δ gives from its contested book first: its captive book becomes
// min(C_from, R_from − δ).
void apply_migrations(const MarketParameters& market, int quarter, std::span<const char> eligible,
                      std::span<double> revenue, std::span<double> captive,
                      std::span<double> demand, std::span<double> moved);

}  // namespace cloudsim::model
