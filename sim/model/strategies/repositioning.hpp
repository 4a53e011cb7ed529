#pragma once
// The four levers land grab and profit focus move in opposite directions (model spec section 7):
// linearly over the phase's ramp, from their values when the phase starts. Not a kind itself:
// each direction is a kind with its own allowed signs.

namespace cloudsim::model {

struct StrategyContext;

struct Repositioning {
  double price_change = 0.0;              // relative: P → P (1 + change)
  double margin_change = 0.0;             // absolute: γ → γ + change
  double capability_growth_change = 0.0;  // absolute, score per year: g_K → g_K + change
  double fixed_cost_change = 0.0;         // relative: F → F (1 + change)

  void apply(StrategyContext& context) const;
};

}  // namespace cloudsim::model
