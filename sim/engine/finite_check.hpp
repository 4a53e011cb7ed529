#pragma once
// The last line of defence against impossible numbers: a block with an infinity or NaN anywhere
// is never handed to the writer. The scenario loader refuses the inputs known to overflow; this
// catches what their combinations still do, and says where.

#include <stdexcept>

#include "engine/path_block.hpp"
#include "model/market_model.hpp"
#include "model/model_error.hpp"

namespace cloudsim::engine {

class NonFiniteResult : public model::ModelError {
 public:
  using model::ModelError::ModelError;
};

// Throws NonFiniteResult naming the path of `row`, the quarter and the quantity that is not
// finite. Called for each path as soon as it is simulated, while its rows are still in cache.
void check_finite(const PathBlock& block, std::size_t row, const model::MarketModel& model);

}  // namespace cloudsim::engine
