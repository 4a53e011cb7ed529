// The top-level keys that describe a scenario to people: title, description, references.

#include "scenario/prose_reader.hpp"
#include "scenario/section_readers.hpp"

namespace cloudsim::scenario {

void read_about(LoadState& state) {
  state.scenario.title = read_prose(state.root, "title", kTitleRule).value_or("");
  state.scenario.description = read_prose(state.root, "description", kDescriptionRule).value_or("");
  state.scenario.references = read_references(state.root);
}

}  // namespace cloudsim::scenario
