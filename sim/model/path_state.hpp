#pragma once
// The state of one Monte Carlo path at one quarter.

#include <cstdint>
#include <vector>

#include "model/provider_state.hpp"

namespace cloudsim::model {

struct PathState {
  std::vector<double> demand;         // D_s, money per quarter, one per segment
  double multi_cloud_adoption = 0.0;  // m, share of customers running multi-cloud
  std::vector<double> revenue;        // R_{i,s}, money per quarter, at MarketModel::cell(s, i)
  // C_{i,s} ≤ R_{i,s}: the captive part of the book, which never churns (spec section 3). Empty
  // unless MarketModel::has_captive_books(), so a market without it pays nothing for it.
  std::vector<double> captive;
  std::vector<double> attraction_noise;  // η_{i,s}, at MarketModel::cell(s, i)
  std::vector<ProviderState> providers;
  std::vector<double> unserved;     // demand no provider could serve this quarter, per segment
  std::vector<int> event_quarters;  // per EventTable entry: t it happened, or kNeverHappened
  // Customer groups (empty without them): the books R_{i,s,g} at ((g·S + s)·N + i) and the demand
  // D_{s,g} at (g·S + s); `revenue` is then Σ_g of the books (docs/model.md, "Customer groups").
  std::vector<double> group_revenue;
  std::vector<double> group_demand;
  // r(t) of every growth regime chain (model/growth_regimes.hpp), 0 normal or 1 slowdown; empty
  // without regimes. Set and moved by the caller (initial_regimes, advance_regimes).
  std::vector<std::int8_t> regime;
  // R of every quarter so far, [t][cell], kept only when a trigger looks back (growth over N).
  std::vector<double> revenue_history;
};

}  // namespace cloudsim::model
