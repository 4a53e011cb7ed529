#pragma once
// The table of distribution kinds and their keys in docs/scenario-format.md, generated from the
// registry's field tables (a unit test keeps the docs equal to it).

#include <string>

namespace cloudsim::scenario {

// A Markdown table: one row per kind with its meaning, then one row per key.
std::string distribution_table_markdown();

}  // namespace cloudsim::scenario
