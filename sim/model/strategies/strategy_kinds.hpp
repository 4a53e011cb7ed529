#pragma once
// The registry of strategy kinds (model spec section 7). A kind is one header/source pair in
// this folder holding its name, its parameters with their field table, its per-provider state,
// its events and its hooks; the variant below is the only other place that names it. Reading,
// name lookup, messages, dispatch, events and the docs table all come from this list
// (strategy_registry.hpp).

#include <cstddef>
#include <type_traits>
#include <variant>

#include "model/strategies/chip_programme.hpp"
#include "model/strategies/group_focus.hpp"
#include "model/strategies/land_grab.hpp"
#include "model/strategies/multi_cloud_capture.hpp"
#include "model/strategies/paas_first.hpp"
#include "model/strategies/price_response.hpp"
#include "model/strategies/profit_focus.hpp"
#include "model/strategies/status_quo.hpp"

namespace cloudsim::model {

// The first kind is the default of a phase that names none.
using StrategyParameters = std::variant<StatusQuo, LandGrab, ProfitFocus, MultiCloudCapture,
                                        PaasFirst, PriceResponse, GroupFocus, ChipProgramme>;

// What a kind remembers while it is a provider's current phase: its State, or nothing.
template <class Kind>
struct StateOf {
  using type = std::monostate;
};
template <class Kind>
requires requires {
  typename Kind::State;
}
struct StateOf<Kind> {
  using type = typename Kind::State;
};

template <class Variant>
struct StatesOf;
template <class... Kinds>
struct StatesOf<std::variant<Kinds...>> {
  using type = std::variant<typename StateOf<Kinds>::type...>;
};
// Indexed like StrategyParameters (alternatives may repeat, so always by index).
using StrategyState = typename StatesOf<StrategyParameters>::type;

// Position of Kind in StrategyParameters.
template <class Kind, class Variant = StrategyParameters>
struct KindIndex;
template <class Kind, class... Kinds>
struct KindIndex<Kind, std::variant<Kinds...>> {
  static constexpr std::size_t value = [] {
    constexpr bool matches[] = {std::is_same_v<Kind, Kinds>...};
    for (std::size_t k = 0; k < sizeof...(Kinds); ++k) {
      if (matches[k]) {
        return k;
      }
    }
    return sizeof...(Kinds);
  }();
  static_assert(value < sizeof...(Kinds), "not a registered strategy kind");
};

}  // namespace cloudsim::model
