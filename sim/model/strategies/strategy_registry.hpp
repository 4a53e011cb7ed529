#pragma once
// Everything that is the same for every strategy kind, driven by the list in strategy_kinds.hpp:
// names, construction by name, the hooks' dispatch, events, review draws and checks. A kind
// provides `name`, `summary` and `fields()`, and optionally `State`, `begin`, `apply`, `end`,
// `event_names`, `needs_review_draws` and `problems`.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

// Every kind's name, in registration order (the first is the default).
std::span<const std::string_view> strategy_kind_names();
std::string_view strategy_kind_name(const StrategyParameters& strategy);
// A kind's parameters at their defaults, or nothing for an unknown name.
std::optional<StrategyParameters> make_strategy(std::string_view name);

// Starts `context.phase` for its provider: ends the current phase (its end hook), snapshots the
// attributes the ramp starts from, resets the kind's state, records the start, runs the begin
// hook.
void begin_phase(StrategyContext& context);
// Applies the provider's current phase for one quarter.
void apply_phase(StrategyContext& context);

// Whether a phase of this kind needs a U(0, 1) draw each quarter.
bool needs_review_draws(const StrategyParameters& strategy);
// What is wrong with a phase's parameters as a whole (checks no single field can make).
std::vector<FieldProblem> strategy_problems(const StrategyParameters& strategy,
                                            const MarketParameters& market, std::size_t provider);
// The events a phase can record, by local id ("" where there is none).
std::vector<std::string> strategy_event_names(const StrategyParameters& strategy,
                                              const MarketParameters& market, std::size_t provider,
                                              std::size_t phase);

}  // namespace cloudsim::model
