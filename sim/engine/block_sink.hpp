#pragma once
// Where finished blocks go. The driver calls consume() from one thread at a time, in path order,
// so a sink needs no locking and its results (files, running sums) do not depend on threads.

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

 private:
  std::vector<BlockSink*> sinks_;
};

}  // namespace cloudsim::engine
