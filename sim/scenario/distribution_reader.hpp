#pragma once
// Reads a distribution written as a TOML table, e.g.
//   growth_initial = { distribution = "triangular", low = 0.3, mode = 0.4, high = 0.5 }
// Kinds and their keys come from the registry in uncertainty/distribution.hpp; the docs table
// (docs/scenario-format.md) is generated from the same field tables.

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "scenario/read_context.hpp"
#include "scenario/table_reader.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::scenario {

// Reports every problem to the context's diagnostics; returns nothing if there was any. With
// `over_quarters`, the parameters in the input's unit are quarter labels ("2022Q3") and the
// distribution is over quarter indices t. Every kind also takes an optional `label`, the input's
// name for people (docs/scenario-format.md), stored in `*label` when given.
std::optional<uncertainty::Distribution> read_distribution(const toml::table& table,
                                                           const std::string& key_path,
                                                           ReadContext& context,
                                                           bool over_quarters = false,
                                                           std::string* label = nullptr);

// The longest list a distribution parameter may hold (a discrete distribution's values).
constexpr std::size_t kMaxDistributionList = 1000;

// A parameter's allowed values as the reader checks and describes them.
NumberRange number_range(const uncertainty::ParameterRange& range);

}  // namespace cloudsim::scenario
