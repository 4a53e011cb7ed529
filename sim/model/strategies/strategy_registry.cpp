#include "model/strategies/strategy_registry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace cloudsim::model {
namespace {

template <std::size_t... K>
constexpr auto names_of(std::index_sequence<K...>) {
  return std::array<std::string_view, sizeof...(K)>{
      std::variant_alternative_t<K, StrategyParameters>::name...};
}
constexpr auto kKindNames =
    names_of(std::make_index_sequence<std::variant_size_v<StrategyParameters>>());

// Makes the state of the phase's kind the current one, fresh.
template <std::size_t... K>
void reset_state(std::size_t kind, StrategyState& state, std::index_sequence<K...>) {
  ((kind == K ? (state.template emplace<K>(), 0) : 0), ...);
}

}  // namespace

std::span<const std::string_view> strategy_kind_names() {
  return kKindNames;
}

std::string_view strategy_kind_name(const StrategyParameters& strategy) {
  return kKindNames[strategy.index()];
}

std::optional<StrategyParameters> make_strategy(std::string_view name) {
  std::optional<StrategyParameters> made;
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    ((kKindNames[K] == name ? (made.emplace(std::in_place_index<K>), 0) : 0), ...);
  }
  (std::make_index_sequence<kKindNames.size()>());
  return made;
}

double ramp_fraction(int quarter, int started, double ramp_quarters) {
  if (ramp_quarters <= 0.0) {
    return 1.0;
  }
  return std::clamp((quarter - started + 1) / ramp_quarters, 0.0, 1.0);
}

int whole_quarter(double quarter) {
  // Saturates: a quarter beyond int's range never comes (or has always come), it does not wrap.
  constexpr double kLargest = std::numeric_limits<int>::max();
  constexpr double kSmallest = std::numeric_limits<int>::min();
  if (std::isnan(quarter) || quarter >= kLargest) {
    return std::numeric_limits<int>::max();
  }
  if (quarter <= kSmallest) {
    return std::numeric_limits<int>::min();
  }
  // Quarters are mostly whole already (a label, or a discrete draw among labels): then the
  // conversion is exact and lround, a library call made for every phase, migration and site
  // every quarter, is not needed.
  const int truncated = static_cast<int>(quarter);
  if (static_cast<double>(truncated) == quarter) {
    return truncated;
  }
  return static_cast<int>(std::lround(quarter));
}

void begin_phase(StrategyContext& context) {
  ProviderState& state = context.state;
  if (state.phase >= 0) {
    const auto previous_index = static_cast<std::size_t>(state.phase);
    const PhaseParameters& previous =
        context.market.providers[context.provider].phases[previous_index];
    StrategyContext ending{context.quarter,     context.market, context.provider,
                           previous_index,      previous,       context.state,
                           context.revenue,     context.demand, context.prices,
                           context.review_draw, context.events, context.event_quarters};
    std::visit(
        [&](const auto& kind) {
          if constexpr (requires { kind.end(ending); }) {
            kind.end(ending);
          }
        },
        previous.strategy);
  }
  state.phase = static_cast<int>(context.phase_index);
  state.phase_started = context.quarter;
  state.phase_origin = state.attributes;
  reset_state(context.phase.strategy.index(), state.strategy_state,
              std::make_index_sequence<std::variant_size_v<StrategyParameters>>());
  const int start = context.events.phase_start[context.provider][context.phase_index];
  if (start >= 0 && context.event_quarters[static_cast<std::size_t>(start)] == kNeverHappened) {
    context.event_quarters[static_cast<std::size_t>(start)] = context.quarter;
  }
  std::visit(
      [&](const auto& kind) {
        if constexpr (requires { kind.begin(context); }) {
          kind.begin(context);
        }
      },
      context.phase.strategy);
}

void apply_phase(StrategyContext& context) {
  std::visit(
      [&](const auto& kind) {
        if constexpr (requires { kind.apply(context); }) {
          kind.apply(context);
        }
      },
      context.phase.strategy);
}

bool needs_review_draws(const StrategyParameters& strategy) {
  return std::visit(
      [](const auto& kind) {
        if constexpr (requires { kind.needs_review_draws(); }) {
          return kind.needs_review_draws();
        } else {
          return false;
        }
      },
      strategy);
}

std::vector<FieldProblem> strategy_problems(const StrategyParameters& strategy,
                                            const MarketParameters& market, std::size_t provider) {
  return std::visit(
      [&](const auto& kind) -> std::vector<FieldProblem> {
        if constexpr (requires { kind.problems(market, provider); }) {
          return kind.problems(market, provider);
        } else {
          return {};
        }
      },
      strategy);
}

std::vector<std::string> strategy_event_names(const StrategyParameters& strategy,
                                              const MarketParameters& market, std::size_t provider,
                                              std::size_t phase) {
  return std::visit(
      [&](const auto& kind) -> std::vector<std::string> {
        if constexpr (requires { kind.event_names(market, provider, phase); }) {
          return kind.event_names(market, provider, phase);
        } else {
          return {};
        }
      },
      strategy);
}

}  // namespace cloudsim::model
