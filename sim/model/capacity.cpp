#include "model/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsim::model {
namespace {

double total_of(std::span<const double> revenue, std::size_t segments, std::size_t providers,
                std::size_t i) {
  double total = 0.0;
  for (std::size_t s = 0; s < segments; ++s)
    total += revenue[s * providers + i];
  return total;
}

}  // namespace

void enforce_capacity(const CapacityInputs& in, std::span<double> revenue, std::span<double> demand,
                      std::span<double> unserved) {
  const std::size_t S = in.segments;
  const std::size_t P = in.providers;
  std::fill(unserved.begin(), unserved.end(), 0.0);
  // Working memory comes from the caller: this runs every quarter of every path.
  const std::span<double> returned = in.scratch.subspan(0, S);
  const std::span<double> add = in.scratch.subspan(S, P);
  // Each round fills at least one provider, so P + 1 rounds always suffice.
  for (std::size_t round = 0; round <= P; ++round) {
    std::fill(returned.begin(), returned.end(), 0.0);
    bool any = false;
    for (std::size_t i = 0; i < P; ++i) {
      if (!std::isfinite(in.capacity[i]))
        continue;
      const double excess = total_of(revenue, S, P, i) - in.capacity[i];
      if (excess <= in.capacity[i] * kCapacitySlack)
        continue;
      double gains = 0.0;
      for (std::size_t s = 0; s < S; ++s) {
        gains += std::max(revenue[s * P + i] - in.kept[s * P + i], 0.0);
      }
      const double cut = std::min(excess, gains);
      if (cut <= 0.0)
        continue;
      const double scale = cut / gains;
      for (std::size_t s = 0; s < S; ++s) {
        const double take = std::max(revenue[s * P + i] - in.kept[s * P + i], 0.0) * scale;
        revenue[s * P + i] -= take;
        returned[s] += take;
      }
      any = true;
    }
    if (!any)
      break;
    if (round == P) {
      // Out of rounds (only rounding can get here): what is still returned is not placed.
      for (std::size_t s = 0; s < S; ++s)
        unserved[s] += returned[s];
      break;
    }
    for (std::size_t s = 0; s < S; ++s) {
      if (returned[s] <= 0.0)
        continue;
      double weight = 0.0;
      for (std::size_t j = 0; j < P; ++j) {
        const bool headroom = !std::isfinite(in.capacity[j]) ||
                              total_of(revenue, S, P, j) < in.capacity[j] * (1.0 - kCapacitySlack);
        if (in.eligible[s * P + j] && headroom)
          weight += in.choice[s * P + j];
      }
      if (weight <= 0.0) {
        unserved[s] += returned[s];
        continue;
      }
      // Headroom is judged before this segment's share-out; a provider that overfills here gives
      // the excess back in the next round.
      std::fill(add.begin(), add.end(), 0.0);
      for (std::size_t j = 0; j < P; ++j) {
        const bool headroom = !std::isfinite(in.capacity[j]) ||
                              total_of(revenue, S, P, j) < in.capacity[j] * (1.0 - kCapacitySlack);
        if (in.eligible[s * P + j] && headroom)
          add[j] = returned[s] * in.choice[s * P + j] / weight;
      }
      for (std::size_t j = 0; j < P; ++j)
        revenue[s * P + j] += add[j];
    }
  }
  for (std::size_t s = 0; s < S; ++s) {
    demand[s] -= unserved[s];
  }
}

}  // namespace cloudsim::model
