#pragma once
// The planner's table printed at the end of `sim run`: median and 90% interval of each provider's
// share of each segment in the last recorded period, per scenario.

#include <cstdint>
#include <ostream>
#include <vector>

#include "output/result_metadata.hpp"

namespace cloudsim::cli {

// `share_table` is the summary table, [scenario][period][segment][provider][statistic].
void print_share_tables(std::ostream& out, const output::ResultMetadata& metadata,
                        const std::vector<double>& share_table, std::uint64_t paths);

}  // namespace cloudsim::cli
