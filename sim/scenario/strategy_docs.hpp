#pragma once
// The table of strategy kinds and their keys in docs/scenario-format.md, generated from the
// registry's field tables (model/strategies/strategy_kinds.hpp; a unit test keeps the docs equal
// to it).

#include <string>

namespace cloudsim::scenario {

// A Markdown table, after a sentence on which keys may be uncertain: one row per kind with its
// summary, then one row per key.
std::string strategy_table_markdown();

}  // namespace cloudsim::scenario
