#include "engine/random_stream.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace cloudsim::engine {
namespace {

// Known-answer vectors for Philox4x64-10 from Random123's kat_vectors file:
// counter (4 words), key (2 words), expected output (4 words).
struct KnownAnswer {
  std::uint64_t counter[4];
  std::uint64_t key[2];
  std::uint64_t expected[4];
};

TEST(PhiloxKnownAnswers, MatchRandom123Vectors) {
  const KnownAnswer vectors[] = {
      {{0, 0, 0, 0},
       {0, 0},
       {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL,
        0x7e68b68aec7ba23bULL}},
      {{~0ULL, ~0ULL, ~0ULL, ~0ULL},
       {~0ULL, ~0ULL},
       {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL,
        0xa09caebf594f0ba0ULL}},
      {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
       {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
       {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL,
        0x57bd43b5e52b7fe6ULL}},
  };
  for (const auto& v : vectors) {
    std::uint64_t out[4];
    PathRandomStream::philox(v.counter, v.key, out);
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(out[j], v.expected[j]) << "word " << j;
    }
  }
}

TEST(PathRandomStream, DrawDoesNotDependOnHowManyAreAskedFor) {
  const PathRandomStream stream(42, 7);
  std::vector<double> three(3);
  std::vector<double> eleven(11);
  stream.normals(5, RandomPurpose::attraction_noise, three);
  stream.normals(5, RandomPurpose::attraction_noise, eleven);
  for (std::size_t j = 0; j < three.size(); ++j) {
    EXPECT_EQ(three[j], eleven[j]);
  }
}

TEST(PathRandomStream, StreamsDifferByPathQuarterPurposeAndSeed) {
  std::vector<double> base(4);
  std::vector<double> other(4);
  PathRandomStream(1, 2).normals(3, RandomPurpose::demand_shock, base);
  PathRandomStream(1, 3).normals(3, RandomPurpose::demand_shock, other);
  EXPECT_NE(base, other);
  PathRandomStream(1, 2).normals(4, RandomPurpose::demand_shock, other);
  EXPECT_NE(base, other);
  PathRandomStream(1, 2).normals(3, RandomPurpose::attraction_noise, other);
  EXPECT_NE(base, other);
  PathRandomStream(9, 2).normals(3, RandomPurpose::demand_shock, other);
  EXPECT_NE(base, other);
}

TEST(PathRandomStream, NormalsHaveUnitMomentsWithinSamplingError) {
  constexpr std::size_t kPaths = 20000;
  constexpr std::size_t kPerPath = 10;
  double sum = 0.0;
  double sum_squares = 0.0;
  double sum_fourth = 0.0;
  std::vector<double> draws(kPerPath);
  for (std::uint64_t path = 0; path < kPaths; ++path) {
    PathRandomStream(2024, path).normals(0, RandomPurpose::demand_shock, draws);
    for (double x : draws) {
      sum += x;
      sum_squares += x * x;
      sum_fourth += x * x * x * x;
    }
  }
  const double n = kPaths * kPerPath;
  const double mean = sum / n;
  const double second = sum_squares / n;
  // SE of the mean of N(0,1) is 1/sqrt(n); of the mean of x² it is sqrt(2/n); of x⁴, sqrt(96/n).
  EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(n)) << "n=" << n;
  EXPECT_NEAR(second, 1.0, 4.0 * std::sqrt(2.0 / n)) << "n=" << n;
  EXPECT_NEAR(sum_fourth / n, 3.0, 4.0 * std::sqrt(96.0 / n)) << "n=" << n;
}

}  // namespace
}  // namespace cloudsim::engine
