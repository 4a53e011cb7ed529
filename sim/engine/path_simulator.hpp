#pragma once
// Runs whole paths through the model and records them into a PathBlock. One per thread at a time:
// it owns the model's scratch memory and the random-number buffers.

#include <cstdint>
#include <vector>

#include "engine/path_block.hpp"
#include "model/market_model.hpp"
#include "model/path_state.hpp"
#include "model/quarter_stepper.hpp"

namespace cloudsim::engine {

class PathSimulator {
 public:
  PathSimulator(const model::MarketModel& model, std::uint64_t seed);

  [[nodiscard]] BlockShape block_shape() const;

  // Simulates paths block.first_path … block.first_path + block.path_count − 1 into `block`.
  void simulate_block(PathBlock& block);

 private:
  void simulate_path(std::uint64_t path, PathBlock& block, std::size_t row);

  const model::MarketModel& model_;
  std::uint64_t seed_;
  model::QuarterStepper stepper_;
  model::PathState state_;
  std::vector<double> demand_normals_;
  std::vector<double> attraction_normals_;
};

}  // namespace cloudsim::engine
