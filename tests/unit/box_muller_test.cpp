// The vectorised Box–Muller transform (single precision) against the same formula evaluated in
// double precision with the C library, and at the edges of its range.

#include "engine/box_muller.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "engine/philox4x32_lanes.hpp"

namespace cloudsim {
namespace {

// Normal k (0 … 3) of counter c from words laid out as philox4x32_10_lanes writes them.
double reference(const std::vector<std::uint32_t>& words, std::size_t c, int k) {
  const auto word = [&](std::size_t m) { return words[32 * (c / 8) + 8 * m + c % 8]; };
  const auto pair = static_cast<std::size_t>(k / 2);
  const double r = std::sqrt(-2.0 * std::log(engine::unit_interval(word(2 * pair))));
  const double theta = 2.0 * std::numbers::pi * engine::angle_interval(word(2 * pair + 1));
  return k % 2 == 0 ? r * std::cos(theta) : r * std::sin(theta);
}

TEST(BoxMuller, AgreesWithTheDoublePrecisionFormulaToFloatPrecision) {
  constexpr std::size_t kCounters = 40000;
  std::vector<std::uint32_t> words(4 * kCounters);
  engine::philox4x32_10_lanes({0, 1, 2, 3, 12, 34}, kCounters, words.data());
  std::vector<double> normals(4 * kCounters);
  engine::box_muller(words, normals);
  double worst = 0.0;
  for (std::size_t c = 0; c < kCounters; ++c) {
    for (int k = 0; k < 4; ++k) {
      const double expected = reference(words, c, k);
      // Relative to max(1, |z|): float rounding of u and of the result.
      worst = std::max(worst, std::abs(normals[4 * c + static_cast<std::size_t>(k)] - expected) /
                                  std::max(1.0, std::abs(expected)));
    }
  }
  EXPECT_LT(worst, 1e-6) << "largest difference";
}

TEST(BoxMuller, AFinalGroupOfFourGivesTheSameDrawsAsAFullGroup) {
  std::vector<std::uint32_t> words(32);
  engine::philox4x32_10_lanes({5, 6, 7, 8, 9, 10}, 8, words.data());
  std::vector<double> full(32), half(16);
  engine::box_muller(words, full);
  engine::box_muller(words, half);
  for (std::size_t j = 0; j < half.size(); ++j)
    EXPECT_EQ(half[j], full[j]) << j;
}

TEST(BoxMuller, ExtremeWordsGiveFiniteDrawsAtTheEdgeOfTheRange) {
  // Radius words 0 (u = 2⁻³³, the largest radius √(66 ln 2) ≈ 6.76) and 2³² − 1 (u = 1 − 2⁻³³:
  // a tiny but positive radius); angle words 0 (θ ≈ 0) and 2³¹ (θ ≈ π).
  std::vector<std::uint32_t> words(32, 0);
  words[8 * 0 + 0] = 0;            // counter 0: r from u = 2⁻³³ …
  words[8 * 1 + 0] = 0;            // … at θ ≈ 0
  words[8 * 2 + 0] = 0xffffffffu;  // second pair: u = 1 − 2⁻³³ …
  words[8 * 3 + 0] = 1u << 31;     // … at θ ≈ π
  std::vector<double> normals(16);
  engine::box_muller(words, normals);
  const double cap = std::sqrt(66.0 * std::numbers::ln2);
  for (const double x : normals) {
    EXPECT_TRUE(std::isfinite(x));
    EXPECT_LE(std::abs(x), cap * (1 + 1e-6));
  }
  EXPECT_NEAR(normals[0], cap, 1e-5);                          // r cos θ with θ ≈ 0
  EXPECT_NEAR(normals[2], -std::sqrt(2.0 * 0x1.0p-33), 1e-9);  // r cos π, r tiny
  EXPECT_LT(normals[2], 0.0);
}

}  // namespace
}  // namespace cloudsim
