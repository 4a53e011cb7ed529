// The rows-in-lanes kernels (model/choice_lanes.hpp) against the scalar kernels they must equal to
// the bit: random rows with providers that cannot be chosen, zero affinity weights, a single
// eligible provider, rows nobody can win, and row counts that leave a partial block of lanes.

#include "model/choice_lanes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "model/attraction.hpp"

namespace cloudsim {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

struct Rows {
  std::size_t rows;
  std::vector<double> utility;
  std::vector<double> max_utility;
  std::vector<double> affinity;
};

// Utilities on a wide scale (some weights underflow), a fraction −∞; affinity weights in (0, 1]
// with the largest 1, sometimes with exact zeros or all zero.
Rows random_rows(std::mt19937_64& rng, std::size_t rows, std::size_t providers) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  Rows out{rows, std::vector<double>(rows * providers), std::vector<double>(rows),
           std::vector<double>(providers)};
  const double scale = unit(rng) < 0.2 ? 400.0 : 3.0;
  const double cannot = unit(rng) < 0.5 ? 0.3 : 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const double kind = unit(rng);
    double largest = kMinusInfinity;
    for (std::size_t i = 0; i < providers; ++i) {
      double u = scale * normal(rng);
      if (kind < 0.1 || unit(rng) < cannot)
        u = kMinusInfinity;  // kind < 0.1: a row nobody can win
      if (kind > 0.9 && i != r % providers)
        u = kMinusInfinity;  // a single eligible provider
      out.utility[r * providers + i] = u;
      largest = std::max(largest, u);
    }
    out.max_utility[r] = largest;
  }
  const double affinity_kind = unit(rng);
  for (std::size_t i = 0; i < providers; ++i) {
    double a = affinity_kind < 0.1 ? 0.0 : unit(rng);
    if (affinity_kind > 0.8 && unit(rng) < 0.4)
      a = 0.0;
    if (affinity_kind > 0.95)
      a = 1e-300 * unit(rng);  // v = w a may underflow to 0
    out.affinity[i] = a;
  }
  return out;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(ChoiceLanes, ExcludingPrimaryEqualsTheScalarKernelToTheBit) {
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::size_t compared = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t providers = 1 + static_cast<std::size_t>(trial % 11);
    const std::size_t rows = 1 + static_cast<std::size_t>((trial / 11) % 19);
    const Rows in = random_rows(rng, rows, providers);
    const double pick = unit(rng);
    const double second_cloud = pick < 0.15 ? 0.0 : pick > 0.95 ? 1.0 : unit(rng);
    std::vector<double> lanes(rows * providers, -1.0);
    std::vector<double> scratch(model::choice_rows_scratch_size(providers), -1.0);
    model::choice_rows_excluding_primary(rows, in.utility, in.max_utility, in.affinity,
                                         second_cloud, scratch, lanes);
    std::vector<double> scalar(providers, -1.0), scalar_scratch(2 * providers, -1.0);
    for (std::size_t r = 0; r < rows; ++r) {
      model::choice_probabilities_excluding_primary(
          std::span(in.utility).subspan(r * providers, providers), in.max_utility[r], in.affinity,
          second_cloud, scalar_scratch, scalar);
      for (std::size_t i = 0; i < providers; ++i) {
        ASSERT_TRUE(same_bits(lanes[r * providers + i], scalar[i]))
            << "trial " << trial << " row " << r << " provider " << i << ": "
            << lanes[r * providers + i] << " vs " << scalar[i];
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 50000u);
}

// The interleaved entry (four rows per block, [block][provider][lane]: four paths' rows) runs the
// same kernel with each lane's own affinity weights and second-cloud share: the same random rows,
// whole blocks only, against the scalar kernel row by row with its lane's weights and share. The
// shares are drawn per lane, so blocks mix lanes whose share is 0 (the scalar kernel's shortcut)
// with lanes whose share is not (the general formula).
TEST(ChoiceLanes, InterleavedBlocksEqualTheScalarKernelToTheBit) {
  constexpr std::size_t kLanes = 4;
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::size_t compared = 0;
  std::size_t rows_left_to_scalar_code = 0;
  std::size_t mixed_blocks = 0;  // some lanes' share 0, others' not
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t providers = 1 + static_cast<std::size_t>(trial % 11);
    const std::size_t blocks = 1 + static_cast<std::size_t>((trial / 11) % 3);
    const std::size_t rows = kLanes * blocks;
    const Rows in = random_rows(rng, rows, providers);
    std::vector<double> affinity(kLanes * providers), second_cloud(kLanes);
    std::vector<std::vector<double>> lane_affinity(kLanes);
    std::size_t zero_shares = 0;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      lane_affinity[lane] = random_rows(rng, 1, providers).affinity;
      for (std::size_t i = 0; i < providers; ++i)
        affinity[i * kLanes + lane] = lane_affinity[lane][i];
      const double pick = unit(rng);
      second_cloud[lane] = pick < 0.3 ? 0.0 : pick > 0.95 ? 1.0 : unit(rng);
      zero_shares += second_cloud[lane] == 0.0 ? 1u : 0u;
    }
    mixed_blocks += zero_shares > 0 && zero_shares < kLanes ? blocks : 0u;
    std::vector<double> utility(rows * providers), max_utility(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t b = r / kLanes, lane = r % kLanes;
      max_utility[b * kLanes + lane] = in.max_utility[r];
      for (std::size_t i = 0; i < providers; ++i)
        utility[(b * providers + i) * kLanes + lane] = in.utility[r * providers + i];
    }
    std::vector<double> lanes(rows * providers, -1.0);
    std::vector<double> scratch(model::choice_rows_scratch_size(providers), -1.0);
    model::choice_blocks_excluding_primary(blocks, providers, utility, max_utility, affinity,
                                           second_cloud, scratch, lanes);
    std::vector<double> scalar(providers, -1.0), scalar_scratch(2 * providers, -1.0);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t b = r / kLanes, lane = r % kLanes;
      model::choice_probabilities_excluding_primary(
          std::span(in.utility).subspan(r * providers, providers), in.max_utility[r],
          lane_affinity[lane], second_cloud[lane], scalar_scratch, scalar);
      double v_max = 0.0;
      for (std::size_t i = 0; i < providers; ++i) {
        if (in.utility[r * providers + i] != kMinusInfinity)
          v_max = std::max(v_max, lane_affinity[lane][i]);
      }
      rows_left_to_scalar_code += in.max_utility[r] == kMinusInfinity || v_max == 0.0 ? 1u : 0u;
      for (std::size_t i = 0; i < providers; ++i) {
        const double got = lanes[(b * providers + i) * kLanes + lane];
        ASSERT_TRUE(same_bits(got, scalar[i])) << "trial " << trial << " row " << r << " provider "
                                               << i << ": " << got << " vs " << scalar[i];
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 30000u);
  EXPECT_GT(rows_left_to_scalar_code, 100u);  // the path out of the lanes and back is exercised
  EXPECT_GT(mixed_blocks, 500u);
}

}  // namespace
}  // namespace cloudsim
