#pragma once
// `sim info --json`: what `sim info` says, and the stored summaries, as one JSON document
// (docs/exports.md, "sim info --json").

#include <string>

#include "output/result_info.hpp"

namespace cloudsim::cli {

// Reads the summaries too; throws output::NotAResultError for a damaged summary dataset.
std::string info_json(const output::ResultInfo& info);

}  // namespace cloudsim::cli
