// The vectorised Box–Muller transform (single precision) against the same formula evaluated in
// double precision with the C library, and at the edges of its range.

#include "engine/box_muller.hpp"

#include <gtest/gtest.h>

#include <bit>
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

TEST(BoxMuller, EveryVersionGivesTheBaselinesBits) {
  // Words from Philox with the edges of both mappings planted among them: radius words 0,
  // 2³² − 1 and either side of ¾ · 2³² (where ln u switches to ln(1 − v)), angle words at the
  // quarter turns.
  constexpr std::size_t kCounters = 80;
  std::vector<std::uint32_t> words(4 * kCounters);
  engine::philox4x32_10_lanes({3, 1, 4, 1, 5, 9}, kCounters, words.data());
  const std::uint32_t edges[] = {0u,          1u,          0xffffffffu, 0xfffffffeu, 0xbfffffffu,
                                 0xc0000000u, 0x40000000u, 0x80000000u, 0x7fffffffu, 0x00000200u};
  for (std::size_t k = 0; k < std::size(edges); ++k) {
    words[37 * k % words.size()] = edges[k];
    words[(37 * k + 8) % words.size()] = edges[std::size(edges) - 1 - k];
  }
  const auto baseline = engine::detail::box_muller_for(numeric::VectorIsa::baseline);
  ASSERT_NE(baseline, nullptr);
  std::size_t versions = 0;
  for (const auto isa : numeric::kVectorIsas) {
    const auto version = engine::detail::box_muller_for(isa);
    if (version == nullptr || !numeric::machine_runs(isa))
      continue;
    ++versions;
    // Every length a request may ask for: whole groups of eight counters and a last four.
    for (std::size_t normals = 16; normals <= 4 * kCounters; normals += 16) {
      std::vector<double> expected(normals), got(normals);
      baseline(words, expected);
      version(words, got);
      for (std::size_t j = 0; j < normals; ++j)
        ASSERT_EQ(std::bit_cast<std::uint64_t>(got[j]), std::bit_cast<std::uint64_t>(expected[j]))
            << numeric::name(isa) << ", " << normals << " normals, normal " << j;
    }
  }
  EXPECT_GE(versions, 1u);
  // And box_muller is the widest the machine runs.
  std::vector<double> chosen(4 * kCounters), widest(4 * kCounters);
  engine::box_muller(words, chosen);
  engine::detail::box_muller_for(numeric::widest_vector_isa())(words, widest);
  EXPECT_EQ(chosen, widest);
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
