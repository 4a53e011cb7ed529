#pragma once
// Model spec section 1: segment demand, a lognormal walk with correlated shocks.

#include <cstdint>
#include <span>

#include "model/market_model.hpp"

namespace cloudsim::model {

// Advances demand from quarter t to t+1 in place. `independent_normals` holds one N(0,1) draw per
// segment (ε); they are correlated here through the Cholesky factor (z = L ε). `regime` holds r(t)
// of every growth regime chain (empty without regimes): a segment whose chain is in a slowdown
// grows at the slowdown drift (spec section 11).
void advance_demand(const MarketModel& model, int quarter,
                    std::span<const double> independent_normals, std::span<double> demand,
                    std::span<const std::int8_t> regime = {});

}  // namespace cloudsim::model
