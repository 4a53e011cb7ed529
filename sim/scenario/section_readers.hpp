#pragma once
// The loader's parts (internal to it). Each reads one section of the file into state.scenario,
// reporting problems and reading on; scenario_loader.cpp calls them in the order listed.

#include "scenario/load_state.hpp"

namespace cloudsim::scenario {

void read_about(LoadState& state);                // title, description, references
void read_simulation(LoadState& state);           // [simulation]: horizon, paths, seed
void read_segments(LoadState& state);             // [segments.<name>]
void read_segment_correlation(LoadState& state);  // [segment_correlation], after the segments
void read_multi_cloud(LoadState& state);          // [multi_cloud]
void read_attraction_noise(LoadState& state);     // [attraction_noise]
void read_growth_regimes(LoadState& state);       // [growth_regimes], after the segments
void read_providers(LoadState& state);            // [providers.<name>], cells and phases
void read_migrations(LoadState& state);           // [migrations.<name>], after the providers
void read_customer_groups(LoadState& state);      // [customer_groups.<name>], before the providers
void read_customer_group_strongholds(LoadState& state);  // their strongholds, after the providers
void read_input_correlation(LoadState& state);           // [input_correlation], after every input

// What no single section can check, once every section is read: each segment's size is defined once
// (by initial_demand or by the providers' revenues), initial shares sum to 1, and initial
// multi-cloud adoption stays within the ceiling on every path.
void check_across_sections(LoadState& state);

}  // namespace cloudsim::scenario
