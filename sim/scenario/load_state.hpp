#pragma once
// What the section readers of one scenario load share (internal to the loader): the document, the
// scenario being filled, where problems and uncertain inputs go, and what one section learns that a
// later section or the cross-section checks need. scenario_loader.cpp decides the read order.

#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/document.hpp"
#include "scenario/read_context.hpp"
#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {

// Each provider's initial book is a share of initial_demand or a revenue; one segment uses one form
// throughout, so that its size is defined once.
enum class BookForm { unknown, share, revenue, inconsistent };

struct LoadState {
  LoadState(const ScenarioDocument& source, Scenario& target, Diagnostics& problems)
      : document(source),
        scenario(target),
        context{problems, target.uncertain.inputs},
        root(source.root, "", context) {}
  // `root` refers to `context`: the state stays where it was built.
  LoadState(const LoadState&) = delete;
  LoadState& operator=(const LoadState&) = delete;

  [[nodiscard]] Diagnostics& diagnostics() const { return context.diagnostics; }

  const ScenarioDocument& document;
  Scenario& scenario;
  ReadContext context;
  TableReader root;                 // the top level: its sections, and keys that are none
  bool horizon_known = false;       // [simulation].quarters read without error
  std::vector<bool> demand_given;   // per segment: initial_demand present
  std::vector<BookForm> book_form;  // per segment: how the providers give their books
};

}  // namespace cloudsim::scenario
