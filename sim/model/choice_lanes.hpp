#pragma once
// The choice of many rows (segments, or customer-group rows) at once, four rows to a vector
// (eight on AVX-512): each lane does, for its row, exactly the IEEE operations of
// choice_probabilities_excluding_primary (attraction.hpp), which stays the reference; the branches
// of the scalar kernel become selections of one of the two values it could have taken, so the
// results are the same to the bit. The rows of one path are independent here, while within a row
// every step depends on the one before (running sums, one division after another): lanes over rows
// keep four of those chains in flight, where lanes over providers could not.

#include <cstddef>
#include <span>

namespace cloudsim::model {

// Doubles of scratch that choice_rows_excluding_primary needs for `providers` providers.
[[nodiscard]] std::size_t choice_rows_scratch_size(std::size_t providers);

// For r < rows: choice_probabilities_excluding_primary(utility row r, max_utility[r],
// affinity_weight, second_cloud, …, choice row r), rows laid out one after the other with
// affinity_weight.size() providers each. The rare rows that no provider may win or whose second
// slot has no weight at all are left to the scalar kernel.
void choice_rows_excluding_primary(std::size_t rows, std::span<const double> utility,
                                   std::span<const double> max_utility,
                                   std::span<const double> affinity_weight, double second_cloud,
                                   std::span<double> scratch, std::span<double> choice);

// The same for blocks of four rows stored interleaved, [block][provider][lane]: lane k of block
// b is row 4b + k, and utility, max_utility ([block][lane]) and choice are laid out so. What
// LockstepStepper has: a row (segment, or group row) of four paths, each path with its own
// affinity weights ([provider][lane]) and second-cloud share s₂ m(t) ([lane]), the same in every
// block. Lane k's results are the same to the bit as the scalar kernel's for its row with lane
// k's weights and share (one kernel for both entries).
void choice_blocks_excluding_primary(std::size_t blocks, std::size_t providers,
                                     std::span<const double> utility,
                                     std::span<const double> max_utility,
                                     std::span<const double> affinity_weight,
                                     std::span<const double> second_cloud,
                                     std::span<double> scratch, std::span<double> choice);

}  // namespace cloudsim::model
