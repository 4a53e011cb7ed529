#pragma once
// The recorded quantities of a contiguous block of paths, laid out exactly as the output datasets
// are (path-major, then quarter, then segment, then provider) so a writer can copy it in one go.
//
// kRecordedQuantities is the one list of the quantities recorded every period: it sizes the
// block, and the record levels, the result file's datasets, its reader, its size estimate,
// docs/output-format.md and the Python toolkit (scripts/cloudsim/recorded_quantities.json, kept
// equal by tests/unit/recorded_quantities_test.cpp) all follow it. The drawn inputs and the event
// quarters are per path, not per period, and are spread over columns that differ by scenario:
// they are kept apart.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/huge_pages.hpp"

namespace cloudsim::engine {

struct BlockShape {
  std::size_t quarters = 0;  // recorded quarters, T + 1
  std::size_t segments = 0;
  std::size_t providers = 0;
  std::size_t parameters = 0;  // uncertain inputs drawn per path
  std::size_t events = 0;      // recordable events per path
  std::size_t groups = 0;      // customer groups; 0 without them (no group quantity is recorded)
  std::size_t regimes = 0;     // 1 with growth regimes (regime, segment_regime recorded), else 0
};

struct PathBlock;

// How a quantity adds up over a longer period.
enum class Accumulation {
  flow,   // per period: a year's value is the sum of its quarters'
  stock,  // at a moment: a year's value is its last quarter's
};

enum class QuantityUnit { money, fraction };

// One quantity recorded for every path and period: [path][period][group][segment][provider], the
// group, segment and provider dimensions only where it has them. A quantity per group is recorded
// only for scenarios with customer groups: without them it has no columns and no dataset.
struct RecordedQuantity {
  const char* name;  // of its dataset
  bool per_group;
  bool per_segment;
  bool per_provider;
  Accumulation accumulation;
  QuantityUnit unit;
  const char* description;  // the dataset's long_name
  BlockValues PathBlock::*values;

  // Values per path and period.
  [[nodiscard]] constexpr std::size_t columns(const BlockShape& shape) const {
    return (per_group ? shape.groups : 1) * (per_segment ? shape.segments : 1) *
           (per_provider ? shape.providers : 1);
  }

  // Whether a result of this shape has the quantity's dataset.
  [[nodiscard]] constexpr bool recorded(const BlockShape& shape) const {
    return !per_group || shape.groups != 0;
  }
};

struct PathBlock {
  std::size_t scenario = 0;  // index of the scenario in the run's batch (0 for a single scenario)
  std::uint64_t first_path = 0;
  std::size_t path_count = 0;
  BlockShape shape;
  BlockValues demand;                       // [path][quarter][segment]
  BlockValues revenue;                      // [path][quarter][segment][provider]
  BlockValues multi_cloud_adoption;         // [path][quarter]
  BlockValues parameters;                   // [path][uncertain input]: the values drawn
  BlockValues profit;                       // [path][quarter][provider]
  BlockValues cumulative_profit;            // [path][quarter][provider]
  BlockValues unserved_demand;              // [path][quarter][segment]
  std::vector<std::int32_t> event_quarter;  // [path][event]: t, or −1 if it never happened
  BlockValues group_demand;                 // [path][quarter][group][segment]; empty without groups
  BlockValues group_revenue;                // [path][quarter][group][segment][provider]; likewise
  // Growth regimes (empty without them): r(t) of the macro chain, 0 normal or 1 slowdown, and of
  // the chain driving each segment (−1 for a segment no chain drives). Per period, not money:
  // kept apart from kRecordedQuantities (record_level.cpp reduces them: a year counts its
  // slowdown quarters).
  std::vector<std::int8_t> regime;          // [path][quarter]
  std::vector<std::int8_t> segment_regime;  // [path][quarter][segment]

  // What sinks worked out from this block in BlockSink::prepare, valid only while the flags say
  // so (resize() clears them; the buffers are kept for the next block): the file's column chunks,
  // one buffer per dataset, and each path's hash.
  bool columns_staged = false;
  std::vector<BlockValues> staged_columns;
  bool hashes_staged = false;
  std::vector<std::uint64_t> path_hashes;

  void resize(std::uint64_t first, std::size_t count, const BlockShape& block_shape);
};

// In the order of the result file's datasets (the group quantities last: a file without groups
// keeps the datasets, and the bytes, it had before they existed).
inline constexpr std::array<RecordedQuantity, 8> kRecordedQuantities = {{
    {"demand", false, true, false, Accumulation::flow, QuantityUnit::money,
     "segment demand D_s(t): total spend in the segment", &PathBlock::demand},
    {"revenue", false, true, true, Accumulation::flow, QuantityUnit::money,
     "provider revenue R_{i,s}(t) in each segment", &PathBlock::revenue},
    {"multi_cloud_adoption", false, false, false, Accumulation::stock, QuantityUnit::fraction,
     "m(t): share of customers running multi-cloud (Bass diffusion)",
     &PathBlock::multi_cloud_adoption},
    {"profit", false, false, true, Accumulation::flow, QuantityUnit::money,
     "profit_i(t) = gross margin x revenue - fixed cost (0 after exit)", &PathBlock::profit},
    {"cumulative_profit", false, false, true, Accumulation::stock, QuantityUnit::money,
     "cumulative profit since the start quarter, inclusive", &PathBlock::cumulative_profit},
    {"unserved_demand", false, true, false, Accumulation::flow, QuantityUnit::money,
     "demand no provider had capacity for, removed from the segment", &PathBlock::unserved_demand},
    {"group_demand", true, true, false, Accumulation::flow, QuantityUnit::money,
     "customer group demand D_{s,g}(t) in each segment (only with customer groups)",
     &PathBlock::group_demand},
    {"group_revenue", true, true, true, Accumulation::flow, QuantityUnit::money,
     "provider revenue R_{i,s,g}(t) from each customer group in each segment (only with customer "
     "groups); summed over groups it is revenue",
     &PathBlock::group_revenue},
}};

inline void PathBlock::resize(std::uint64_t first, std::size_t count,
                              const BlockShape& block_shape) {
  first_path = first;
  path_count = count;
  shape = block_shape;
  columns_staged = false;
  hashes_staged = false;
  for (const auto& quantity : kRecordedQuantities) {
    (this->*quantity.values).resize(count * shape.quarters * quantity.columns(shape));
  }
  parameters.resize(count * shape.parameters);
  event_quarter.resize(count * shape.events);
  regime.resize(count * shape.quarters * shape.regimes);
  segment_regime.resize(count * shape.quarters * shape.segments * shape.regimes);
}

}  // namespace cloudsim::engine
