#pragma once
// Checksums of the recorded paths, so that a result file can prove, before `--resume` builds on
// it, that its numbers are the ones sim wrote. Each path's recorded values are hashed (XXH3-64,
// seeded with the path number) and the hashes of the paths of each 1,024-path chunk are added
// modulo 2^64: a sum does not depend on the order or size of the blocks the paths came in, so the
// checksums, like the file, are the same for any thread count, block size or number of ranks.

#include <cstdint>
#include <vector>

#include "engine/block_sink.hpp"

namespace cloudsim::output {

// One hash of everything recorded for path `row` of `block`.
std::uint64_t path_hash(const engine::PathBlock& block, std::size_t row);

class PathChecksums final : public engine::BlockSink {
 public:
  PathChecksums(std::size_t scenarios, std::uint64_t paths);
  void consume(const engine::PathBlock& block) override;
  void prepare(engine::PathBlock& block) const override;  // the paths' hashes

  // [scenario][chunk] sums, chunk = path / kPathChunk.
  [[nodiscard]] const std::vector<std::uint64_t>& sums() const { return sums_; }
  [[nodiscard]] std::vector<std::uint64_t>& sums() { return sums_; }
  [[nodiscard]] std::size_t chunks() const { return chunks_; }

 private:
  std::size_t chunks_ = 0;
  std::vector<std::uint64_t> sums_;
};

}  // namespace cloudsim::output
