// The random streams: Philox4x32-10 against Random123's published known answers and its own
// implementation, the counter layout of kRandomLayout, and the normals' distribution (moments,
// tails, bins) and independence, with tolerances of 4 standard errors.

#include "engine/random_stream.hpp"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numbers>
#include <utility>
#include <vector>

#include "engine/box_muller.hpp"
#include "engine/philox4x32_lanes.hpp"

namespace cloudsim::engine {
namespace {

// Known-answer vectors for Philox4x32-10 from Random123's kat_vectors file (the three
// "philox4x32 10" lines of examples/kat_vectors in the Random123 distribution, D. E. Shaw
// Research, github.com/DEShawResearch/random123): counter (4 words), key (2 words), output.
struct KnownAnswer {
  std::uint32_t counter[4];
  std::uint32_t key[2];
  std::uint32_t expected[4];
};

// Every version of the lanes this build has and this machine runs (numeric/vector_isa.hpp).
std::vector<std::pair<numeric::VectorIsa, detail::PhiloxLanes>> philox_versions() {
  std::vector<std::pair<numeric::VectorIsa, detail::PhiloxLanes>> versions;
  for (const auto isa : numeric::kVectorIsas) {
    const detail::PhiloxLanes lanes = detail::philox_lanes_for(isa);
    if (lanes.stepped != nullptr && numeric::machine_runs(isa))
      versions.emplace_back(isa, lanes);
  }
  return versions;
}

constexpr KnownAnswer kVectors[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

TEST(PhiloxKnownAnswers, MatchRandom123Vectors) {
  for (const auto& v : kVectors) {
    std::uint32_t out[4];
    PathRandomStream::philox(v.counter, v.key, out);
    for (int j = 0; j < 4; ++j)
      EXPECT_EQ(out[j], v.expected[j]) << "word " << j;
  }
}

TEST(PhiloxKnownAnswers, LanesMatchTheKnownAnswersInEveryLane) {
  // The third vector's counter as lane 5 of a group starting five blocks earlier.
  const KnownAnswer& v = kVectors[2];
  const PhiloxRequest request{v.counter[0] - 5, v.counter[1], v.counter[2],
                              v.counter[3],     v.key[0],     v.key[1]};
  std::uint32_t words[32];
  philox4x32_10_lanes(request, 8, words);
  for (std::size_t m = 0; m < 4; ++m)
    EXPECT_EQ(words[8 * m + 5], v.expected[m]) << "word " << m;
}

TEST(PhiloxKnownAnswers, AgreesWithRandom123OnManyCounters) {
  r123::Philox4x32 reference;
  std::uint32_t state = 12345;
  auto next = [&state] {  // a small LCG spreads the inputs over all 32 bits
    state = state * 1664525u + 1013904223u;
    return state;
  };
  for (int trial = 0; trial < 1000; ++trial) {
    const std::uint32_t counter[4] = {next(), next(), next(), next()};
    const std::uint32_t key[2] = {next(), next()};
    std::uint32_t out[4];
    PathRandomStream::philox(counter, key, out);
    const auto expected =
        reference({{counter[0], counter[1], counter[2], counter[3]}}, {{key[0], key[1]}});
    for (std::size_t j = 0; j < 4; ++j)
      ASSERT_EQ(out[j], expected[j]) << "trial " << trial << " word " << j;
  }
}

TEST(PhiloxLanes, EveryCountOfCountersGivesTheScalarWords) {
  const PhiloxRequest request{0xfffffff0u, 0x305, 77, 1, 0xdeadbeef, 42};  // wraps past 2³²
  const PhiloxRequest quarters{9, (5u << 8) | 1u, 3, 0, 77, 88, 0, 256};   // c1 steps, block fixed
  for (const auto& [isa, lanes] : philox_versions()) {
    for (const PhiloxRequest& r : {request, quarters}) {
      for (std::size_t counters = 1; counters <= 40; ++counters) {
        std::vector<std::uint32_t> words(32 * ((counters + 7) / 8));
        lanes.stepped(r, counters, words.data());
        for (std::size_t c = 0; c < counters; ++c) {
          const auto l = static_cast<std::uint32_t>(c);
          std::uint32_t out[4];
          philox4x32_10({r.first_block + l * r.block_step, r.c1 + l * r.c1_step, r.c2, r.c3},
                        {r.k0, r.k1}, out);
          for (std::size_t m = 0; m < 4; ++m)
            ASSERT_EQ(words[32 * (c / 8) + 8 * m + c % 8], out[m])
                << numeric::name(isa) << ", " << counters << " counters, counter " << c << " word "
                << m;
        }
      }
    }
  }
  // The default the engine uses is one of them: the widest.
  const PhiloxRequest r = request;
  std::vector<std::uint32_t> chosen(32 * 5), widest(32 * 5);
  philox4x32_10_lanes(r, 40, chosen.data());
  detail::philox_lanes_for(numeric::widest_vector_isa()).stepped(r, 40, widest.data());
  EXPECT_EQ(chosen, widest);
}

TEST(PhiloxLanes, QuarterStepsGiveTheScalarWords) {
  // Block fixed, the counter's second word stepping by 256 (consecutive quarters).
  const PhiloxRequest request{9, (5u << 8) | 1u, 3, 0, 77, 88, 0, 256};
  std::uint32_t words[32];
  philox4x32_10_lanes(request, 8, words);
  for (std::uint32_t l = 0; l < 8; ++l) {
    std::uint32_t out[4];
    philox4x32_10({9, ((5u + l) << 8) | 1u, 3, 0}, {77, 88}, out);
    for (std::size_t m = 0; m < 4; ++m)
      EXPECT_EQ(words[8 * m + l], out[m]) << "lane " << l << " word " << m;
  }
}

TEST(PhiloxLanes, ListedCountersGiveTheScalarWords) {
  // Every word of every counter differs from lane to lane, and the count is any up to 40.
  std::vector<std::uint32_t> c0(40), c2(40), c3(40);
  for (std::uint32_t l = 0; l < 40; ++l) {
    c0[l] = 0xfffffff0u + 7 * l;
    c2[l] = 0x9e3779b9u * l;
    c3[l] = l % 3;
  }
  const ListedCounters listed{c0.data(), c2.data(), c3.data(), 0x1234, 0xdeadbeef, 42};
  for (const auto& [isa, lanes] : philox_versions()) {
    for (std::size_t counters = 1; counters <= 40; ++counters) {
      std::vector<std::uint32_t> words(32 * ((counters + 7) / 8));
      lanes.listed(listed, counters, words.data());
      for (std::size_t c = 0; c < counters; ++c) {
        std::uint32_t out[4];
        philox4x32_10({c0[c], listed.c1, c2[c], c3[c]}, {listed.k0, listed.k1}, out);
        for (std::size_t m = 0; m < 4; ++m)
          ASSERT_EQ(words[32 * (c / 8) + 8 * m + c % 8], out[m])
              << numeric::name(isa) << ", " << counters << " counters, counter " << c << " word "
              << m;
      }
    }
  }
}

TEST(PhiloxLanes, EveryVersionThisBuildShouldHaveIsThere) {
  // A build whose versions went missing (a guard gone wrong) would test only the baseline.
  EXPECT_NE(detail::philox_lanes_for(numeric::VectorIsa::baseline).stepped, nullptr);
#ifdef CLOUDSIM_VECTOR_VARIANTS
  EXPECT_NE(detail::philox_lanes_for(numeric::VectorIsa::avx2).listed, nullptr);
  EXPECT_NE(detail::philox_lanes_for(numeric::VectorIsa::avx512).listed, nullptr);
  EXPECT_NE(detail::box_muller_for(numeric::VectorIsa::avx2), nullptr);
  EXPECT_NE(detail::box_muller_for(numeric::VectorIsa::avx512), nullptr);
#endif
  std::cout << "vector versions this machine runs:";
  for (const auto isa : numeric::kVectorIsas)
    std::cout << ' ' << numeric::name(isa) << (numeric::machine_runs(isa) ? "" : " (no)");
  std::cout << "; used: " << numeric::name(numeric::widest_vector_isa()) << '\n';
}

TEST(RandomLayout, CounterAndKeyAreAsDocumented) {
  const PathRandomStream stream(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  std::uint32_t counter[4], key[2];
  stream.counter_and_key(37, RandomPurpose::attraction_noise, 5, counter, key);
  EXPECT_EQ(counter[0], 5u);
  EXPECT_EQ(counter[1], (37u << 8) | 2u);
  EXPECT_EQ(counter[2], 0x76543210u);
  EXPECT_EQ(counter[3], 0xfedcba98u);
  EXPECT_EQ(key[0], 0x89abcdefu);
  EXPECT_EQ(key[1], 0x01234567u);
  stream.counter_and_key(0, RandomPurpose::parameter_draw, 0xaaaa5555ffff0000ULL, counter, key);
  EXPECT_EQ(counter[0], 0xaaaa5555u ^ 0xffff0000u);
  EXPECT_EQ(folded_block(0x1234), 0x1234u);  // the identity for the blocks normals() uses
}

// Normal k of a counter, from its words, with the C library in double precision: the draws are
// this rounded to float, so they agree to float precision.
double reference_normal(const std::uint32_t (&w)[4], int k) {
  const auto pair = static_cast<std::size_t>(k / 2);
  const double r = std::sqrt(-2.0 * std::log(unit_interval(w[2 * pair])));
  const double theta = 2.0 * std::numbers::pi * angle_interval(w[2 * pair + 1]);
  return k % 2 == 0 ? r * std::cos(theta) : r * std::sin(theta);
}

TEST(RandomLayout, NormalsAreBoxMullerOfTheirCountersWords) {
  double worst = 0.0;
  for (std::uint64_t path = 0; path < 200; ++path) {
    const PathRandomStream stream(99, path * 7919);
    std::vector<double> z(61);
    stream.normals(3, RandomPurpose::demand_shock, z);
    for (std::size_t j = 0; j < z.size(); ++j) {
      std::uint32_t counter[4], key[2], words[4];
      stream.counter_and_key(3, RandomPurpose::demand_shock, j / 4, counter, key);
      PathRandomStream::philox(counter, key, words);
      const double expected = reference_normal(words, static_cast<int>(j % 4));
      worst = std::max(worst, std::abs(z[j] - expected) / std::max(1.0, std::abs(expected)));
    }
  }
  EXPECT_LT(worst, 1e-6) << "largest difference (relative above 1)";
}

TEST(RandomLayout, NormalAtAndUniformAtReadTheirCounter) {
  const PathRandomStream stream(2024, 11);
  std::vector<double> z(40);
  stream.normals(6, RandomPurpose::parameter_draw, z);
  for (std::uint64_t block = 0; block < 10; ++block) {
    EXPECT_EQ(stream.normal_at(6, RandomPurpose::parameter_draw, block), z[4 * block]);
    std::uint32_t counter[4], key[2], words[4];
    stream.counter_and_key(6, RandomPurpose::strategy_review, block, counter, key);
    PathRandomStream::philox(counter, key, words);
    EXPECT_EQ(stream.uniform_at(6, RandomPurpose::strategy_review, block), unit_interval(words[0]));
  }
  // Many at once: the same numbers, for any count (eight to a pass, and a partial pass).
  for (const std::size_t count : {1u, 7u, 8u, 9u, 21u}) {
    std::vector<std::uint64_t> blocks;
    for (std::size_t k = 0; k < count; ++k)
      blocks.push_back(0x9e3779b97f4a7c15ULL * (k + 1));
    std::vector<double> at(count);
    stream.normals_at(0, RandomPurpose::parameter_draw, blocks, at);
    for (std::size_t k = 0; k < count; ++k)
      EXPECT_EQ(at[k], stream.normal_at(0, RandomPurpose::parameter_draw, blocks[k])) << count;
  }
  // A hashed block: the folded counter word.
  const std::uint64_t hashed = 0x9e3779b97f4a7c15ULL;
  EXPECT_EQ(stream.normal_at(0, RandomPurpose::parameter_draw, hashed),
            stream.normal_at(0, RandomPurpose::parameter_draw, folded_block(hashed)));
}

TEST(RandomLayout, UniformsStayInsideTheOpenUnitInterval) {
  EXPECT_EQ(unit_interval(0), 0x1.0p-33);
  EXPECT_EQ(unit_interval(0xffffffffu), 1.0 - 0x1.0p-33);
  EXPECT_GT(unit_interval(0), 0.0);
  EXPECT_LT(unit_interval(0xffffffffu), 1.0);
  // And their mean: 1/2 within 4 SE (SE of a U(0,1) mean: 1/√(12 n)).
  constexpr std::uint64_t kDraws = 200000;
  double sum = 0.0;
  for (std::uint64_t path = 0; path < kDraws; ++path) {
    const double u = PathRandomStream(5, path).uniform_at(1, RandomPurpose::strategy_review, 77);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / static_cast<double>(kDraws), 0.5,
              4.0 / std::sqrt(12.0 * static_cast<double>(kDraws)));
}

TEST(PathRandomStream, DrawDoesNotDependOnHowManyAreAskedFor) {
  const PathRandomStream stream(42, 7);
  std::vector<double> all(200);
  stream.normals(5, RandomPurpose::attraction_noise, all);
  for (std::size_t n = 1; n <= 150; ++n) {
    std::vector<double> some(n);
    stream.normals(5, RandomPurpose::attraction_noise, some);
    for (std::size_t j = 0; j < n; ++j)
      ASSERT_EQ(some[j], all[j]) << "n=" << n << " j=" << j;
  }
}

TEST(PathRandomStream, ConsecutivePathsInOneRequestAreEachPathsOwn) {
  // Any count per path (whole counters or not, written in place or copied), any number of paths,
  // requests of 64 counters and what is left (64 and 68 normals a path), and paths across 2³²,
  // where the path's high counter word changes within the request.
  for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{0xfffffffeULL}}) {
    for (const std::size_t paths : {1u, 3u, 4u, 5u}) {
      for (const std::size_t each : {1u, 3u, 4u, 5u, 8u, 24u, 30u, 64u, 68u, 70u, 72u}) {
        std::vector<double> together(paths * each);
        normals_of_consecutive_paths(9, first, paths, 6, RandomPurpose::attraction_noise, together);
        for (std::size_t p = 0; p < paths; ++p) {
          std::vector<double> alone(each);
          PathRandomStream(9, first + p).normals(6, RandomPurpose::attraction_noise, alone);
          for (std::size_t j = 0; j < each; ++j)
            ASSERT_EQ(together[p * each + j], alone[j])
                << "from " << first << ", " << paths << " paths of " << each << ": path " << p
                << " normal " << j;
        }
      }
    }
  }
}

TEST(PathRandomStream, SmallRequestsDoNotDependOnWhatWasAskedBefore) {
  // Small requests come from a batch of eight quarters kept by the stream: in any order, mixed
  // with other purposes and sizes, they are what a fresh stream gives.
  const PathRandomStream kept(3, 8);
  const std::uint64_t quarters[] = {0, 1, 9, 2, 17, 16, 8, 7, 40, 3, 1000, 5};
  const RandomPurpose purposes[] = {RandomPurpose::demand_shock, RandomPurpose::growth_regime,
                                    RandomPurpose::initial_attraction_noise};
  for (const std::uint64_t quarter : quarters) {
    for (const RandomPurpose purpose : purposes) {
      for (std::size_t n = 1; n <= 6; n += 1) {
        std::vector<double> mine(n), fresh(n);
        kept.normals(quarter, purpose, mine);
        PathRandomStream(3, 8).normals(quarter, purpose, fresh);
        EXPECT_EQ(mine, fresh) << "quarter " << quarter << " n " << n;
        std::vector<double> long_one(9);
        PathRandomStream(3, 8).normals(quarter, purpose, long_one);
        for (std::size_t j = 0; j < n; ++j)
          EXPECT_EQ(mine[j], long_one[j]) << "quarter " << quarter << " n " << n << " j " << j;
      }
    }
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
  PathRandomStream(1ULL << 32 | 1, 2).normals(3, RandomPurpose::demand_shock, other);
  EXPECT_NE(base, other);  // the seed's high word is in the key
  PathRandomStream(1, 1ULL << 32 | 2).normals(3, RandomPurpose::demand_shock, other);
  EXPECT_NE(base, other);  // and the path's in the counter
}

double standard_normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

// 10⁷ draws the way the simulator asks for them (24 per path and quarter).
std::vector<double> many_normals() {
  std::vector<double> all;
  constexpr std::size_t kPerCall = 24;
  all.reserve(10'000'000);
  std::vector<double> z(kPerCall);
  for (std::uint64_t path = 0; all.size() + kPerCall <= 10'000'000; ++path) {
    const PathRandomStream stream(2024, path);
    for (std::uint64_t quarter = 0; quarter < 40 && all.size() + kPerCall <= 10'000'000;
         ++quarter) {
      stream.normals(quarter, RandomPurpose::attraction_noise, z);
      all.insert(all.end(), z.begin(), z.end());
    }
  }
  return all;
}

TEST(NormalDistribution, MomentsTailsAndBinsWithinSamplingError) {
  const std::vector<double> z = many_normals();
  const double n = static_cast<double>(z.size());
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  double beyond[3] = {0, 0, 0};
  constexpr int kBins = 100;
  std::vector<double> bins(kBins, 0.0);
  double largest = 0.0;
  for (const double x : z) {
    const double x2 = x * x;
    m1 += x;
    m2 += x2;
    m3 += x2 * x;
    m4 += x2 * x2;
    for (int k = 0; k < 3; ++k)
      beyond[k] += std::abs(x) > k + 2 ? 1.0 : 0.0;
    bins[static_cast<std::size_t>(
        std::min(kBins - 1, static_cast<int>(kBins * standard_normal_cdf(x))))] += 1.0;
    largest = std::max(largest, std::abs(x));
  }
  // Raw moments of N(0,1): 0, 1, 0, 3, with SEs √(E x²ᵏ − (E xᵏ)²)/√n: 1, √2, √15, √96.
  EXPECT_NEAR(m1 / n, 0.0, 4.0 * std::sqrt(1.0 / n));
  EXPECT_NEAR(m2 / n, 1.0, 4.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(m3 / n, 0.0, 4.0 * std::sqrt(15.0 / n));
  EXPECT_NEAR(m4 / n, 3.0, 4.0 * std::sqrt(96.0 / n));
  for (int k = 0; k < 3; ++k) {
    const double p = 2.0 * standard_normal_cdf(-(k + 2.0));
    EXPECT_NEAR(beyond[k] / n, p, 4.0 * std::sqrt(p * (1 - p) / n)) << "P(|z| > " << k + 2 << ")";
  }
  // χ² over 100 equiprobable bins: 99 degrees of freedom, mean 99, SD √198.
  double chi2 = 0.0;
  for (const double count : bins)
    chi2 += (count - n / kBins) * (count - n / kBins) / (n / kBins);
  EXPECT_LT(chi2, 99.0 + 4.0 * std::sqrt(198.0));
  EXPECT_GT(chi2, 99.0 - 4.0 * std::sqrt(198.0));
  EXPECT_LE(largest, std::sqrt(66.0 * std::numbers::ln2) * (1 + 1e-6));  // the documented cap
}

// Correlation of pairs (x, y), which is 0 for independent draws: within 4/√n.
void expect_uncorrelated(const std::vector<double>& x, const std::vector<double>& y,
                         const char* what) {
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    sxy += x[j] * y[j];
    sx += x[j];
    sy += y[j];
    sxx += x[j] * x[j];
    syy += y[j] * y[j];
  }
  const double n = static_cast<double>(x.size());
  const double r = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  EXPECT_NEAR(r, 0.0, 4.0 / std::sqrt(n)) << what;
}

TEST(NormalDistribution, AdjacentStreamsAreUncorrelated) {
  constexpr std::size_t kPaths = 40000;
  constexpr std::size_t kPer = 24;
  std::vector<double> z(kPer), next(kPer), later(kPer), other(kPer);
  std::vector<double> a, b_path, b_quarter, b_purpose, b_index, b_block;
  for (std::uint64_t path = 0; path < kPaths; ++path) {
    PathRandomStream(7, path).normals(2, RandomPurpose::demand_shock, z);
    PathRandomStream(7, path + 1).normals(2, RandomPurpose::demand_shock, next);
    PathRandomStream(7, path).normals(3, RandomPurpose::demand_shock, later);
    PathRandomStream(7, path).normals(2, RandomPurpose::attraction_noise, other);
    for (std::size_t j = 0; j + 4 < kPer; ++j) {
      a.push_back(z[j]);
      b_path.push_back(next[j]);
      b_quarter.push_back(later[j]);
      b_purpose.push_back(other[j]);
      b_index.push_back(z[j + 1]);  // the pair partner (cos and sin of one pair) or the next
      b_block.push_back(z[j + 4]);  // the same position in the next counter
    }
  }
  expect_uncorrelated(a, b_path, "paths p and p + 1");
  expect_uncorrelated(a, b_quarter, "quarters t and t + 1");
  expect_uncorrelated(a, b_purpose, "two purposes");
  expect_uncorrelated(a, b_index, "draws j and j + 1");
  expect_uncorrelated(a, b_block, "counters c and c + 1");
}

}  // namespace
}  // namespace cloudsim::engine
