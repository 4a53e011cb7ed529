#pragma once
// The recorded quantities of a contiguous block of paths, laid out exactly as the output datasets
// are (path-major, then quarter, then segment, then provider) so a writer can copy it in one go.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cloudsim::engine {

struct BlockShape {
  std::size_t quarters = 0;  // recorded quarters, T + 1
  std::size_t segments = 0;
  std::size_t providers = 0;
  std::size_t parameters = 0;  // uncertain inputs drawn per path
  std::size_t events = 0;      // recordable events per path
};

struct PathBlock {
  std::size_t scenario = 0;  // index of the scenario in the run's batch (0 for a single scenario)
  std::uint64_t first_path = 0;
  std::size_t path_count = 0;
  BlockShape shape;
  std::vector<double> demand;                // [path][quarter][segment]
  std::vector<double> revenue;               // [path][quarter][segment][provider]
  std::vector<double> multi_cloud_adoption;  // [path][quarter]
  std::vector<double> parameters;            // [path][uncertain input]: the values drawn
  std::vector<double> profit;                // [path][quarter][provider]
  std::vector<double> cumulative_profit;     // [path][quarter][provider]
  std::vector<double> unserved_demand;       // [path][quarter][segment]
  std::vector<std::int32_t> event_quarter;   // [path][event]: t, or −1 if it never happened

  void resize(std::uint64_t first, std::size_t count, const BlockShape& block_shape) {
    first_path = first;
    path_count = count;
    shape = block_shape;
    const std::size_t rows = count * shape.quarters;
    demand.resize(rows * shape.segments);
    revenue.resize(rows * shape.segments * shape.providers);
    multi_cloud_adoption.resize(rows);
    parameters.resize(count * shape.parameters);
    profit.resize(rows * shape.providers);
    cumulative_profit.resize(rows * shape.providers);
    unserved_demand.resize(rows * shape.segments);
    event_quarter.resize(count * shape.events);
  }
};

}  // namespace cloudsim::engine
