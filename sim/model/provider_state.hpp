#pragma once
// What a provider is at one quarter of one path: the attributes its strategy moves, its presence,
// capacity and profit. The scenario gives the starting values; strategies change them over time.

#include <vector>

#include "model/strategies/strategy_kinds.hpp"

namespace cloudsim::model {

// The levers a strategy moves; a phase ramps them from a snapshot taken when it starts.
struct ProviderAttributes {
  double price_index = 1.0;
  double affinity = 0.0;
  double margin = 0.0;
  double fixed_cost = 0.0;
  double capability_growth = 0.0;       // score per year
  double capacity_growth = 0.0;         // per year
  std::vector<double> capability;       // per segment, before drift
  std::vector<double> ecosystem;        // per segment
  std::vector<double> group_ecosystem;  // ΔE_{i,g} per customer group (empty without groups)
  double unit_cost_factor = 1.0;  // what chip programmes leave of the unit cost (1: no saving)
};

struct ProviderState {
  ProviderAttributes attributes;
  std::vector<double> capability_drift;  // per segment: accumulated capability growth
  std::vector<char> present;             // per segment
  bool active = true;                    // false after exit
  double capacity = 0.0;                 // money per quarter; infinity when uncapped
  double grown_capacity = 0.0;           // the cap without planned additions (h_i growth only)
  double unit_cost = 0.0;                // c_eff(t) when the provider prices on cost, else 0
  double reference_revenue = 0.0;        // revenue the experience curve starts from; 0 not yet
  double peak_revenue = 0.0;             // the largest quarterly revenue reached so far
  double profit = 0.0;                   // this quarter
  double cumulative_profit = 0.0;        // Π_i(t)

  // The current phase and what it remembers.
  int phase = -1;                   // index into ProviderParameters::phases; -1 before the first
  ProviderAttributes phase_origin;  // attributes when the phase began
  int phase_started = -1;           // t
  int next_phase_decided = -1;      // t at which the next phase's trigger held; -1 not yet
  StrategyState strategy_state;     // what the current phase's kind remembers
};

}  // namespace cloudsim::model
