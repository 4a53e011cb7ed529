#pragma once
// The histories a conditioned run continues (docs/conditioning.md): per path, the tape of draws of
// its quarters before `history_quarters` (PathDraws), so path n replays its conditioned history and
// then continues with its own fresh draws.

#include <cstdint>
#include <vector>

#include "engine/path_draws.hpp"

namespace cloudsim::engine {

struct ConditionedHistories {
  std::uint64_t history_quarters = 0;
  TapeLayout layout;
  std::vector<double> tapes;  // [path][layout.length]

  [[nodiscard]] const double* tape(std::uint64_t path) const {
    return tapes.data() + path * layout.length;
  }
};

}  // namespace cloudsim::engine
