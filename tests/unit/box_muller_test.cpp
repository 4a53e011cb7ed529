// The vectorised Box–Muller transform against the same formula evaluated with the C library.

#include "engine/box_muller.hpp"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace cloudsim {
namespace {

std::vector<std::uint64_t> random_words(std::size_t count) {
  r123::Philox4x64 generator;
  const r123::Philox4x64::key_type key = {{12, 34}};
  std::vector<std::uint64_t> words;
  for (std::uint64_t c = 0; words.size() < count; ++c) {
    const auto bits = generator(r123::Philox4x64::ctr_type{{c, 0, 0, 0}}, key);
    words.insert(words.end(), bits.begin(), bits.end());
  }
  return words;
}

TEST(BoxMuller, UniformsAreInsideTheOpenUnitIntervalAtBothEnds) {
  EXPECT_EQ(engine::unit_interval(0), 0x1.0p-53);
  EXPECT_EQ(engine::unit_interval(~0ULL), 1.0 - 0x1.0p-53);
  EXPECT_EQ(engine::unit_interval(1ULL << 63), 0.5 + 0x1.0p-53);
}

TEST(BoxMuller, AgreesWithTheLibraryFormulaToAFewUlp) {
  const auto words = random_words(80000);
  std::vector<double> normals(words.size());
  engine::box_muller(words, normals);
  double worst = 0.0;
  for (std::size_t group = 0; group < words.size(); group += 8) {
    for (std::size_t j = 0; j < 4; ++j) {
      const double u = engine::unit_interval(words[group + j]);
      const double v = engine::unit_interval(words[group + 4 + j]);
      const double r = std::sqrt(-2.0 * std::log(u));
      const double x = r * std::cos(2.0 * std::numbers::pi * v);
      const double y = r * std::sin(2.0 * std::numbers::pi * v);
      worst =
          std::max({worst, std::abs(normals[group + j] - x), std::abs(normals[group + 4 + j] - y)});
    }
  }
  EXPECT_LT(worst, 2e-14) << "largest absolute difference";
}

TEST(BoxMuller, ExtremeWordsGiveFiniteDrawsAtTheEdgeOfTheRange) {
  // u = 2⁻⁵³ is the smallest uniform: r = √(106 ln 2) ≈ 8.57, the largest |draw| possible.
  const std::vector<std::uint64_t> words = {0, 0, ~0ULL, 1ULL << 63, 0, 1ULL << 62, 0, ~0ULL};
  std::vector<double> normals(8);
  engine::box_muller(words, normals);
  for (const double x : normals) {
    EXPECT_TRUE(std::isfinite(x));
    EXPECT_LE(std::abs(x), std::sqrt(106.0 * std::numbers::ln2) + 1e-12);
  }
  EXPECT_NEAR(normals[0], std::sqrt(106.0 * std::numbers::ln2), 1e-12);  // θ ≈ 0: r cos θ = r
}

}  // namespace
}  // namespace cloudsim
