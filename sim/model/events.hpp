#pragma once
// The events a path can record (model spec section 10): every phase start, the events of each
// strategy kind (retreats, entries into segments, …), every exit. The list is fixed by the
// scenario, so each path stores one quarter per event (−1 when it never happens).

#include <string>
#include <vector>

#include "model/market_parameters.hpp"

namespace cloudsim::model {

inline constexpr int kNeverHappened = -1;

struct EventTable {
  std::vector<std::string> names;  // "Volcano Engine: phase capture starts", …
  // Where each provider's events sit in the list; -1 where the event cannot happen.
  std::vector<std::vector<int>> phase_start;  // [provider][phase]
  std::vector<std::vector<int>> triggered;    // [provider][phase]: its trigger held; -1 untriggered
  // [provider][phase][local id]: the events each phase's kind declares (strategy_event_names).
  std::vector<std::vector<std::vector<int>>> kind_events;
  std::vector<std::vector<int>> capacity_online;  // [provider][addition]: the site serves
  std::vector<int> exit;                          // [provider]

  static EventTable build(const MarketParameters& parameters);
  [[nodiscard]] std::size_t size() const { return names.size(); }
};

}  // namespace cloudsim::model
