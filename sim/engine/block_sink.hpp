#pragma once
// Where finished blocks go. The driver calls consume() from one thread at a time, in path order,
// so a sink needs no locking and its results (files, running sums) do not depend on threads.
// Before that, prepare() may be called on any worker thread, for several blocks at once: work
// that depends on the block alone (transposing it for the file, hashing its paths) is done there
// and left in the block, so that the in-order stage, which one thread runs, has less to do.

#include <vector>

#include "engine/path_block.hpp"

namespace cloudsim::engine {

class BlockSink {
 public:
  BlockSink() = default;
  BlockSink(const BlockSink&) = delete;
  BlockSink& operator=(const BlockSink&) = delete;
  virtual ~BlockSink() = default;
  virtual void consume(const PathBlock& block) = 0;
  // Thread-safe, and without effect on the sink's results: consume() must give the same result
  // whether or not it was called (blocks from other sources, such as a resumed file, are not).
  // A sink may keep what it worked out for consume() (PathSummaries does, under a lock).
  virtual void prepare(PathBlock& /*block*/) const {}
};

// Hands each block to several sinks in turn.
class FanOutSink final : public BlockSink {
 public:
  explicit FanOutSink(std::vector<BlockSink*> sinks) : sinks_(std::move(sinks)) {}
  void consume(const PathBlock& block) override {
    for (BlockSink* sink : sinks_) {
      sink->consume(block);
    }
  }
  void prepare(PathBlock& block) const override {
    for (const BlockSink* sink : sinks_) {
      sink->prepare(block);
    }
  }

 private:
  std::vector<BlockSink*> sinks_;
};

}  // namespace cloudsim::engine
