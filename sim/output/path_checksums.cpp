#include "output/path_checksums.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <stdexcept>

#include "output/result_metadata.hpp"

namespace cloudsim::output {
namespace {

template <typename T, typename A>
std::uint64_t chain(std::uint64_t hash, const std::vector<T, A>& values, std::size_t row,
                    std::size_t per_row) {
  if (per_row == 0) {
    return hash;
  }
  return XXH3_64bits_withSeed(values.data() + row * per_row, per_row * sizeof(T), hash);
}

}  // namespace

std::uint64_t path_hash(const engine::PathBlock& block, std::size_t row) {
  const auto& s = block.shape;
  const std::size_t q = s.quarters;
  std::uint64_t hash = block.first_path + row;
  hash = chain(hash, block.demand, row, q * s.segments);
  hash = chain(hash, block.revenue, row, q * s.segments * s.providers);
  hash = chain(hash, block.multi_cloud_adoption, row, q);
  hash = chain(hash, block.parameters, row, s.parameters);
  hash = chain(hash, block.profit, row, q * s.providers);
  hash = chain(hash, block.cumulative_profit, row, q * s.providers);
  hash = chain(hash, block.unserved_demand, row, q * s.segments);
  hash = chain(hash, block.event_quarter, row, s.events);
  // Without customer groups these add nothing: such a path hashes as it did before groups.
  hash = chain(hash, block.group_demand, row, q * s.groups * s.segments);
  hash = chain(hash, block.group_revenue, row, q * s.groups * s.segments * s.providers);
  // Likewise without growth regimes.
  hash = chain(hash, block.regime, row, q * s.regimes);
  hash = chain(hash, block.segment_regime, row, q * s.regimes * s.segments);
  return hash;
}

PathChecksums::PathChecksums(std::size_t scenarios, std::uint64_t paths)
    : chunks_(static_cast<std::size_t>((paths + kPathChunk - 1) / kPathChunk)),
      sums_(scenarios * chunks_, 0) {}

void PathChecksums::prepare(engine::PathBlock& block) const {
  block.path_hashes.resize(block.path_count);
  for (std::size_t row = 0; row < block.path_count; ++row) {
    block.path_hashes[row] = path_hash(block, row);
  }
  block.hashes_staged = true;
}

void PathChecksums::consume(const engine::PathBlock& block) {
  for (std::size_t row = 0; row < block.path_count; ++row) {
    const std::uint64_t path = block.first_path + row;
    const std::size_t cell = block.scenario * chunks_ + static_cast<std::size_t>(path / kPathChunk);
    if (cell >= sums_.size()) {
      throw std::logic_error("a block lies outside the checksummed paths");
    }
    sums_[cell] +=
        block.hashes_staged ? block.path_hashes[row] : path_hash(block, row);  // mod 2^64
  }
}

}  // namespace cloudsim::output
