#pragma once
// Model spec section 4: churn and re-allocation of one segment's spend.

#include <cstddef>
#include <span>

namespace cloudsim::model {

// Moves one segment's books from quarter t to t+1 in place:
//   kept_i = (1 − k_i) R_i g,  g = D(t+1)/D(t);  Q = D(t+1) − Σ kept;  R_i ← kept_i + π_i Q.
// `revenue`, `churn_rate` and `choice` have one entry per provider. Σ_i R_i = D(t+1) afterwards,
// to rounding, whenever Σ π = 1.
// Inline: it runs for every segment (or customer-group row) of every quarter, and a call with
// five spans cost about a third of its own work.
inline void reallocate_segment(double demand_before, double demand_after,
                               std::span<const double> churn_rate, std::span<const double> choice,
                               std::span<double> revenue) {
  const double market_growth = demand_after / demand_before;
  double kept_total = 0.0;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    revenue[i] *= (1.0 - churn_rate[i]) * market_growth;
    kept_total += revenue[i];
  }
  const double contested = demand_after - kept_total;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    revenue[i] += choice[i] * contested;
  }
}

// The same with captive books C_i (spec section 3, "Captive spend"), which never churn and are
// not part of the pool:
//   C_i ← C_i g;  B_i = (1 − k_i)(R_i − C_i) g;  Q = D(t+1) − Σ (C_i + B_i);
//   R_i ← C_i + B_i + π_i Q.
// Updates `captive` in place and writes the kept contested books B_i to `kept_contested`.
void reallocate_segment_with_captive(double demand_before, double demand_after,
                                     std::span<const double> churn_rate,
                                     std::span<const double> choice, std::span<double> revenue,
                                     std::span<double> captive, std::span<double> kept_contested);

}  // namespace cloudsim::model
