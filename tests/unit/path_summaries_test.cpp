// The per-cell summaries over paths: the mean and standard error rounded from exact sums, the
// histogram's bins and the quantiles read from it, for hand-built blocks; that how the paths
// arrive (block sizes, threads, how cells are grouped) changes no bit of them; and that summaries
// of a split of the paths merge (merge(), or their totals added as an MPI reduce does) into the
// unsplit summaries to the bit.

#include "summary/path_summaries.hpp"

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "summary/cell_updates.hpp"

namespace cloudsim {
namespace {

using summary::PathSummaries;

constexpr std::size_t kMean = 0;
constexpr std::size_t kStandardError = 1;
constexpr std::size_t kFirstQuantile = 2;
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

// Every path's recorded revenue and demand, from which blocks of any split are cut.
struct Paths {
  engine::BlockShape shape;
  std::size_t count = 0;
  std::vector<double> revenue;  // [path][quarter][segment][provider]
  std::vector<double> demand;   // [path][quarter][segment]

  Paths(std::size_t paths, std::size_t quarters, std::size_t segments, std::size_t providers)
      : shape{quarters, segments, providers, 0, 0},
        count(paths),
        revenue(paths * quarters * segments * providers, 0.0),
        demand(paths * quarters * segments, 0.0) {}

  double& revenue_at(std::size_t path, std::size_t quarter, std::size_t segment,
                     std::size_t provider) {
    return revenue[((path * shape.quarters + quarter) * shape.segments + segment) *
                       shape.providers +
                   provider];
  }
  double& demand_at(std::size_t path, std::size_t quarter, std::size_t segment) {
    return demand[(path * shape.quarters + quarter) * shape.segments + segment];
  }

  [[nodiscard]] engine::PathBlock block(std::size_t first, std::size_t rows) const {
    engine::PathBlock b;
    b.resize(first, rows, shape);
    const std::size_t r = shape.quarters * shape.segments * shape.providers;
    const std::size_t d = shape.quarters * shape.segments;
    std::copy_n(revenue.begin() + static_cast<std::ptrdiff_t>(first * r), rows * r,
                b.revenue.begin());
    std::copy_n(demand.begin() + static_cast<std::ptrdiff_t>(first * d), rows * d,
                b.demand.begin());
    return b;
  }
};

// One cell (one quarter, segment and provider) whose revenue is `values` path by path; demand 1,
// so its share is the same value.
Paths one_cell(const std::vector<double>& values) {
  Paths p(values.size(), 1, 1, 1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    p.revenue_at(i, 0, 0, 0) = values[i];
    p.demand_at(i, 0, 0) = 1.0;
  }
  return p;
}

struct Summary {
  std::uint64_t paths = 0;
  std::size_t bins = 0;
  std::vector<double> share, revenue, share_rank_error, revenue_rank_error;
};

// The budget that buys `bins` histogram bins per cell (see the PathSummaries constructor); its
// pending buffer then holds bins / 4 rows, so small budgets also exercise the buffer's growth.
std::size_t budget_for_bins(std::size_t bins, std::size_t cells) {
  return bins * 2 * cells * 4;
}

Summary summarise(const Paths& paths, const std::vector<std::size_t>& periods,
                  const std::vector<std::size_t>& split, std::uint64_t expected_paths,
                  std::size_t budget = 128u << 20) {
  PathSummaries s(periods, paths.shape.segments, paths.shape.providers, expected_paths, budget);
  std::size_t first = 0;
  for (const std::size_t rows : split) {
    s.consume(paths.block(first, rows));
    first += rows;
  }
  EXPECT_EQ(first, paths.count) << "the split covers every path once";
  return {s.paths(),
          s.bins(),
          s.share_table(),
          s.revenue_table(),
          s.share_rank_error(),
          s.revenue_rank_error()};
}

Summary summarise_whole(const Paths& paths, std::size_t budget = 128u << 20) {
  return summarise(paths, {0}, {paths.count}, paths.count, budget);
}

void expect_bit_identical(const std::vector<double>& a, const std::vector<double>& b,
                          const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a[i]), std::bit_cast<std::uint64_t>(b[i]))
        << what << " [" << i << "]: " << a[i] << " vs " << b[i];
  }
}

void expect_bit_identical(const Summary& a, const Summary& b) {
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_EQ(a.bins, b.bins);
  expect_bit_identical(a.share, b.share, "share");
  expect_bit_identical(a.revenue, b.revenue, "revenue");
  expect_bit_identical(a.share_rank_error, b.share_rank_error, "share rank error");
  expect_bit_identical(a.revenue_rank_error, b.revenue_rank_error, "revenue rank error");
}

void expect_all_finite(const Summary& s) {
  for (const auto* table : {&s.share, &s.revenue, &s.share_rank_error, &s.revenue_rank_error}) {
    for (const double x : *table) {
      EXPECT_TRUE(std::isfinite(x)) << x;
    }
  }
}

// The mean of values whose sum is exact in doubles (small integers and binary fractions): the
// correctly rounded mean.
double exact_mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// How far the mean may be from the exact mean of values in [0, max]: each d = x − shift rounds
// once (half an ε of max at most), the exact sum of the d rounds once, then the division by n
// and the addition of the shift: at most 4 ε max together.
double mean_bound(double max) {
  return 4.0 * kEpsilon * max;
}

// The width of a grid bin by the documented rule: the range of the first min(N, 1,024) paths'
// non-zero values, widened by half of it on each side, cut into bins − 3 equal bins.
double grid_width(const std::vector<double>& values, std::size_t bins) {
  const std::size_t warmup = std::min<std::size_t>(values.size(), 1024);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (std::size_t i = 0; i < warmup; ++i) {
    if (values[i] != 0.0) {
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
  }
  return 2.0 * (hi - lo) / static_cast<double>(bins - 3);
}

// The documented bound: the estimate's rank differs from p·N by at most the rank error (a
// fraction of the paths). With ties the estimate's rank is anything from the count of paths below
// it to the count at or below it (so a quantile read exactly, as in the zero bin, has error 0).
void expect_rank_within(std::vector<double> values, double estimate, double p, double rank_error) {
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  const double below = static_cast<double>(
      std::lower_bound(values.begin(), values.end(), estimate) - values.begin());
  const double at_most = static_cast<double>(
      std::upper_bound(values.begin(), values.end(), estimate) - values.begin());
  EXPECT_LE(below - rank_error * n, p * n + 1e-9) << "p " << p << " at " << estimate;
  EXPECT_GE(at_most + rank_error * n, p * n - 1e-9) << "p " << p << " at " << estimate;
}

// The sample quantile by the convention the read-out follows: the smallest value with more than
// p·N paths at or below it.
double sample_quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size()))];
}

// U(0, 1) draws that never hit 0 or 1 (splitmix64, 53 bits, centred): the same on every platform.
std::vector<double> uniform_draws(std::size_t n, std::uint64_t seed) {
  std::vector<double> out(n);
  for (double& x : out) {
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    x = (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53;
  }
  return out;
}

// --- bins -------------------------------------------------------------------------------------

TEST(SummaryBins, GridBinsAreHalfOpenAndTheEdgesGoWhereTheHeaderSays) {
  constexpr std::size_t bins = 13;  // zero, underflow, ten grid bins, overflow
  constexpr std::size_t overflow = bins - 1;
  const double grid = static_cast<double>(bins - 3);
  EXPECT_EQ(summary::bin_at(0.0, 4.5, bins), summary::kZeroBin) << "zero wins over its position";
  EXPECT_EQ(summary::bin_at(-0.0, -3.0, bins), summary::kZeroBin);
  EXPECT_EQ(summary::bin_at(1.0, std::nextafter(0.0, -1.0), bins), summary::kUnderflowBin);
  EXPECT_EQ(summary::bin_at(1.0, -std::numeric_limits<double>::infinity(), bins),
            summary::kUnderflowBin);
  EXPECT_EQ(summary::bin_at(1.0, 0.0, bins), 2u) << "the grid's lower edge is on the grid";
  for (std::size_t k = 1; k < bins - 3; ++k) {
    const double edge = static_cast<double>(k);
    EXPECT_EQ(summary::bin_at(1.0, edge, bins), 2 + k) << "an inner edge opens the bin above";
    EXPECT_EQ(summary::bin_at(1.0, std::nextafter(edge, 0.0), bins), 1 + k);
  }
  EXPECT_EQ(summary::bin_at(1.0, std::nextafter(grid, 0.0), bins), overflow - 1);
  EXPECT_EQ(summary::bin_at(1.0, grid, bins), overflow) << "the grid's upper edge is past it";
  EXPECT_EQ(summary::bin_at(1.0, std::numeric_limits<double>::infinity(), bins), overflow);
}

// --- exact identities -------------------------------------------------------------------------

TEST(PathSummaries, CountsPathsAndMeansWithinRoundingOfTheExactMean) {
  // Integers: their sum is exact in doubles, so sum / N is the correctly rounded mean, and the
  // summary's differs from it by its few roundings only (mean_bound).
  std::vector<double> values(1000);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<double>((i * 37) % 101 + 1);
  }
  const auto s = summarise(one_cell(values), {0}, {300, 700}, values.size());
  EXPECT_EQ(s.paths, 1000u);
  const double n = static_cast<double>(values.size());
  const double mean = exact_mean(values);
  EXPECT_NEAR(s.revenue[kMean], mean, mean_bound(101.0));
  double squares = 0.0;
  for (const double x : values) {
    squares += (x - mean) * (x - mean);
  }
  // The two-pass sum of squares rounds about n times (n ε); the summary's a few times.
  const double se = std::sqrt(squares / (n - 1.0) / n);
  EXPECT_NEAR(s.revenue[kStandardError], se, (n + 16.0) * kEpsilon * se);
  expect_bit_identical(s.share, s.revenue, "share = revenue / 1");
  expect_all_finite(s);
}

TEST(PathSummaries, SharesAreRevenueOverDemandAndZeroWhereThereIsNoDemand) {
  // Demand 4 and revenues 0 … 4 give shares that are exact binary fractions. Every fifth path has
  // no demand; provider B has revenue there all the same (which the model never gives, but the
  // division must not care): both shares are 0, and the path counts in the mean as a share of 0,
  // never as a division by zero. B's revenue there still counts in its revenue summary.
  Paths p(1000, 1, 1, 2);
  std::vector<double> shares[2], revenues[2];
  for (std::size_t i = 0; i < p.count; ++i) {
    const bool no_demand = i % 5 == 0;
    const double a = static_cast<double>(i % 5);
    const double b = no_demand ? 4.0 : 4.0 - a;
    p.demand_at(i, 0, 0) = no_demand ? 0.0 : 4.0;
    p.revenue_at(i, 0, 0, 0) = a;
    p.revenue_at(i, 0, 0, 1) = b;
    shares[0].push_back(no_demand ? 0.0 : a / 4.0);
    shares[1].push_back(no_demand ? 0.0 : b / 4.0);
    revenues[0].push_back(a);
    revenues[1].push_back(b);
  }
  const auto s = summarise(p, {0}, {1000}, 1000);
  expect_all_finite(s);
  for (std::size_t j = 0; j < 2; ++j) {
    const double* share = s.share.data() + j * summary::kStatistics;
    const double* revenue = s.revenue.data() + j * summary::kStatistics;
    EXPECT_NEAR(share[kMean], exact_mean(shares[j]), mean_bound(1.0));
    EXPECT_NEAR(revenue[kMean], exact_mean(revenues[j]), mean_bound(4.0));
    EXPECT_EQ(share[kFirstQuantile], 0.0) << "at least 20% zeros: q05 is 0";
    for (std::size_t q = 0; q < 5; ++q) {
      expect_rank_within(shares[j], share[kFirstQuantile + q], summary::kQuantiles[q],
                         s.share_rank_error[j]);
    }
  }
}

TEST(PathSummaries, AQuantileIsExactlyZeroIffMoreThanThatFractionOfPathsAreZero) {
  // The zero bin is exact, so "q_p = 0" is a counted statement: more than p·N of the N paths are
  // exactly 0 (an absent or exited provider). One zero more or fewer flips it.
  const std::size_t n = 1000;
  const double paths = static_cast<double>(n);
  for (std::size_t q = 0; q < 5; ++q) {
    const double p = summary::kQuantiles[q];
    const auto floor_pn = static_cast<std::size_t>(p * paths);
    for (const std::size_t zeros : {floor_pn, floor_pn + 1}) {
      // The zeros are scattered: the paths whose place in a scrambled order is below `zeros`.
      std::vector<double> values(n);
      for (std::size_t i = 0; i < n; ++i) {
        values[i] = (i * 389) % n < zeros ? 0.0 : 1.0 + 0.001 * static_cast<double>(i);
      }
      const auto s = summarise_whole(one_cell(values));
      const double estimate = s.revenue[kFirstQuantile + q];
      if (static_cast<double>(zeros) > p * paths) {
        EXPECT_EQ(estimate, 0.0) << zeros << " zeros, p " << p;
      } else {
        EXPECT_GT(estimate, 0.0) << zeros << " zeros, p " << p;
      }
      expect_rank_within(values, estimate, p, s.revenue_rank_error[0]);
    }
  }
}

TEST(PathSummaries, RankErrorIsTheCountedShareOfTheBinHoldingAQuantile) {
  // Values 1 … 1000 (shuffled) on 9,997 grid bins 0.2 wide: each value alone in its bin, so every
  // quantile's bin holds one path and the bound is exactly 1/N. p·N is a whole number here, so
  // the read-out is the lower edge of the next value's bin, within a bin of it.
  std::vector<double> values(1000);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<double>((i * 389) % 1000 + 1);
  }
  const auto s = summarise_whole(one_cell(values));
  ASSERT_EQ(s.bins, 10000u);
  EXPECT_EQ(s.revenue_rank_error[0], 1.0 / 1000.0);
  const double width = grid_width(values, s.bins);
  for (std::size_t q = 0; q < 5; ++q) {
    const double p = summary::kQuantiles[q];
    const double estimate = s.revenue[kFirstQuantile + q];
    EXPECT_NEAR(estimate, sample_quantile(values, p), width * (1.0 + 1e-9)) << "p " << p;
    expect_rank_within(values, estimate, p, s.revenue_rank_error[0]);
  }
}

// --- values off the grid ----------------------------------------------------------------------

TEST(PathSummaries, ValuesOffTheGridFallInUnderAndOverflowBoundedByTheObservedExtremes) {
  // The first 1,024 paths place the grid over [0.5, 2.5]; later paths bring 40 zeros, 200 values
  // below it (0.1 … 0.4) and 736 above it (50 … 100). q05 lands in the underflow bin, whose lower
  // bound is the observed minimum — 0 here, since the zeros are observed too; q75 and q95 land in
  // the overflow bin, bounded by the grid's top and the maximum. Their rank bound is the larger
  // off-grid bin's share, exactly.
  std::vector<double> values;
  for (std::size_t i = 0; i < 1024; ++i) {
    values.push_back(1.0 + static_cast<double>((i * 263) % 1024) / 1023.0);
  }
  values.insert(values.end(), 40, 0.0);
  for (std::size_t i = 0; i < 200; ++i) {
    values.push_back(0.1 + 0.3 * static_cast<double>(i) / 199.0);
  }
  for (std::size_t i = 0; i < 736; ++i) {
    values.push_back(50.0 + 50.0 * static_cast<double>(i) / 735.0);
  }
  const auto s = summarise(one_cell(values), {0}, {1000, 1000}, values.size());
  EXPECT_EQ(s.revenue_rank_error[0], 736.0 / 2000.0);
  const double q05 = s.revenue[kFirstQuantile + 0];
  const double q75 = s.revenue[kFirstQuantile + 3];
  const double q95 = s.revenue[kFirstQuantile + 4];
  EXPECT_GE(q05, 0.0);
  EXPECT_LE(q05, 0.5);
  EXPECT_GE(q75, 2.5);
  EXPECT_LE(q95, 100.0);
  EXPECT_LE(q75, q95);
  for (std::size_t q = 0; q < 5; ++q) {
    expect_rank_within(values, s.revenue[kFirstQuantile + q], summary::kQuantiles[q],
                       s.revenue_rank_error[0]);
  }
  expect_all_finite(s);
}

// --- quantiles of many values -----------------------------------------------------------------

TEST(PathSummaries, QuantilesOfADenseGridAreWithinABinOfTheSampleQuantiles) {
  // 100,000 values (i + ½)/N in a scrambled order, on 200 grid bins (about 0.01 wide). The
  // read-out lies in the bin that holds the sample quantile, so within one bin width of it (and a
  // few ulps, as a bin's computed edge and the division that assigns values to bins may round
  // apart).
  const std::size_t n = 100000;
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = (static_cast<double>((i * 7919) % n) + 0.5) / static_cast<double>(n);
  }
  const auto s = summarise(one_cell(values), {0}, {4096, 50000, 45904}, n, budget_for_bins(203, 1));
  ASSERT_EQ(s.bins, 203u);
  const double width = grid_width(values, s.bins);
  ASSERT_LT(width, 0.011);
  for (std::size_t q = 0; q < 5; ++q) {
    const double p = summary::kQuantiles[q];
    EXPECT_NEAR(s.revenue[kFirstQuantile + q], sample_quantile(values, p), width * (1.0 + 1e-9))
        << "p " << p;
    expect_rank_within(values, s.revenue[kFirstQuantile + q], p, s.revenue_rank_error[0]);
  }
  // Values 1/N apart: a bin of width w holds at most w·N + 1 of them.
  EXPECT_LE(s.revenue_rank_error[0], width + 1.0 / static_cast<double>(n));
}

TEST(PathSummaries, QuantilesOfUniformDrawsAreWithinFourStandardErrorsOfTheTrueOnes) {
  // N fixed-seed U(0, 1) draws: the sample quantile is within 4 standard errors
  // sqrt(p(1 − p)/N) / f(q), f = 1, of q = p, and the read-out within one bin of the sample
  // quantile (as above), so within their sum. The mean and its standard error likewise.
  const std::size_t n = 100000;
  const auto values = uniform_draws(n, 20240607);
  const auto s = summarise(one_cell(values), {0}, {1000, 24, 98976}, n);
  const double width = grid_width(values, s.bins);
  for (std::size_t q = 0; q < 5; ++q) {
    const double p = summary::kQuantiles[q];
    const double se = std::sqrt(p * (1.0 - p) / static_cast<double>(n));
    EXPECT_NEAR(s.revenue[kFirstQuantile + q], p, 4.0 * se + width) << "p " << p;
    EXPECT_NEAR(s.revenue[kFirstQuantile + q], sample_quantile(values, p), width * (1.0 + 1e-9));
  }
  const double se_of_mean = std::sqrt(1.0 / 12.0 / static_cast<double>(n));
  EXPECT_NEAR(s.revenue[kMean], 0.5, 4.0 * se_of_mean);
  // A sample standard deviation's relative standard error is sqrt((κ − 1) / 4N), κ = 9/5 for a
  // uniform distribution.
  EXPECT_NEAR(s.revenue[kStandardError], se_of_mean,
              4.0 * se_of_mean * std::sqrt(0.8 / 4.0 / static_cast<double>(n)));
}

// --- how the paths arrive ---------------------------------------------------------------------

// Three quarters, two segments, five providers (one group of four cells and one left over):
// irregular revenues with absent providers, demand their sum, and a segment with no demand now
// and then.
Paths market(std::size_t n, std::uint64_t seed) {
  Paths p(n, 3, 2, 5);
  const auto u = uniform_draws(n * 3 * 2 * 5, seed);
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t t = 0; t < 3; ++t) {
      for (std::size_t s = 0; s < 2; ++s) {
        const bool empty = (i * 31 + t * 7 + s) % 97 == 0;
        double total = 0.0;
        for (std::size_t j = 0; j < 5; ++j) {
          const double x = u[k++];
          const bool absent = empty || (j == 3 && x < 0.3);
          p.revenue_at(i, t, s, j) = absent ? 0.0 : 100.0 * static_cast<double>(1 + j) * x * x;
          total += p.revenue_at(i, t, s, j);
        }
        p.demand_at(i, t, s) = total;
      }
    }
  }
  return p;
}

TEST(PathSummaries, BlockSizesAndThreadsChangeNoBit) {
  // The grid and shift are placed by the first 1,024 paths whatever the blocks, the moments are
  // exact sums, and histogram counts add exactly: so the summaries are the same to the bit
  // for any split (one block, even blocks, blocks straddling the 1,024th path, single paths) and
  // for one thread or many. A small budget makes the pending buffer (50 rows) fill and grow.
  const std::size_t n = 3000;
  const Paths p = market(n, 7);
  const std::vector<std::size_t> periods = {0, 2};
  for (const std::size_t budget : {std::size_t{128} << 20, budget_for_bins(203, 20)}) {
    const auto whole = summarise(p, periods, {n}, n, budget);
    expect_all_finite(whole);
    std::vector<std::size_t> even(12, 250);
    std::vector<std::size_t> ragged = {1, 1022, 1, 1, 7, 968, 1000};
    std::vector<std::size_t> singles(n, 1);
    for (const auto* split : {&even, &ragged, &singles}) {
      expect_bit_identical(whole, summarise(p, periods, *split, n, budget));
    }
    Summary one_thread;
    tbb::task_arena(1).execute([&] { one_thread = summarise(p, periods, even, n, budget); });
    expect_bit_identical(whole, one_thread);
  }
}

TEST(PathSummaries, ACellsSummaryDoesNotDependOnItsPlaceAmongItsNeighbours) {
  // Cells are updated together with their segment's other providers; one cell's values give the
  // same bits alone and among others (once in a group of four, once left over, as when cells
  // were updated four at a time in vector lanes).
  const std::size_t n = 2000;
  const auto values = uniform_draws(n, 99);
  Paths alone(n, 1, 1, 1);
  Paths among(n, 1, 1, 5);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i] < 0.1 ? 0.0 : 10.0 * values[i];
    alone.revenue_at(i, 0, 0, 0) = x;
    alone.demand_at(i, 0, 0) = 20.0;
    for (std::size_t j = 0; j < 5; ++j) {
      among.revenue_at(i, 0, 0, j) = j == 1 || j == 4 ? x : 3.0 + static_cast<double>(i % 7);
    }
    among.demand_at(i, 0, 0) = 20.0;
  }
  const auto a = summarise(alone, {0}, {n}, n);
  const auto b = summarise(among, {0}, {n}, n);
  const auto cell = [](const std::vector<double>& table, std::size_t j) {
    return std::vector<double>(
        table.begin() + static_cast<std::ptrdiff_t>(j * summary::kStatistics),
        table.begin() + static_cast<std::ptrdiff_t>((j + 1) * summary::kStatistics));
  };
  for (const std::size_t j : {1u, 4u}) {
    expect_bit_identical(a.share, cell(b.share, j), "share");
    expect_bit_identical(a.revenue, cell(b.revenue, j), "revenue");
    EXPECT_EQ(a.revenue_rank_error[0], b.revenue_rank_error[j]);
    EXPECT_EQ(a.share_rank_error[0], b.share_rank_error[j]);
  }
}

TEST(PathSummaries, ReadingTheTablesTwiceGivesTheSameTables) {
  const Paths p = market(1500, 7);
  PathSummaries s({0, 1, 2}, 2, 5, 1500);
  s.consume(p.block(0, 1500));
  const auto first = s.share_table();
  const auto first_error = s.revenue_rank_error();
  expect_bit_identical(first, s.share_table(), "share");
  expect_bit_identical(first_error, s.revenue_rank_error(), "revenue rank error");
}

TEST(PathSummaries, BatchSummariesAreEachScenarioSummarisedAloneOneAfterTheOther) {
  const std::size_t n = 1200;
  const Paths p = market(n, 7);
  const Paths other = market(n, 8);
  const std::vector<std::size_t> periods = {1, 2};
  summary::BatchSummaries batch(2, periods, 2, 5, n);
  for (std::size_t first = 0; first < n; first += 400) {
    auto a = p.block(first, 400);
    auto b = other.block(first, 400);
    b.scenario = 1;
    batch.consume(b);
    batch.consume(a);
  }
  const std::size_t budget = (std::size_t{128} << 20) / 2;
  const auto alone_a = summarise(p, periods, {n}, n, budget);
  const auto alone_b = summarise(other, periods, {n}, n, budget);
  auto joined = alone_a.share;
  joined.insert(joined.end(), alone_b.share.begin(), alone_b.share.end());
  expect_bit_identical(batch.share_table(), joined, "share");
  auto joined_error = alone_a.revenue_rank_error;
  joined_error.insert(joined_error.end(), alone_b.revenue_rank_error.begin(),
                      alone_b.revenue_rank_error.end());
  expect_bit_identical(batch.revenue_rank_error(), joined_error, "revenue rank error");
}

// --- degenerate cases -------------------------------------------------------------------------

TEST(PathSummaries, WhenEveryPathAgreesEverythingIsExact) {
  for (const double c : {0.0, 0.375, 1234.5}) {
    const auto s = summarise(one_cell(std::vector<double>(1500, c)), {0}, {700, 800}, 1500);
    for (const auto* table : {&s.share, &s.revenue}) {
      EXPECT_EQ((*table)[kMean], c);
      EXPECT_EQ((*table)[kStandardError], 0.0);
      for (std::size_t q = 0; q < 5; ++q) {
        EXPECT_EQ((*table)[kFirstQuantile + q], c);
      }
    }
    EXPECT_EQ(s.revenue_rank_error[0], 0.0);
    EXPECT_EQ(s.share_rank_error[0], 0.0);
  }
}

TEST(PathSummaries, OnePathIsItsOwnMeanAndQuantilesWithNoStandardError) {
  for (const std::uint64_t expected : {std::uint64_t{1}, std::uint64_t{5000}}) {
    const auto s = summarise(one_cell({2.5}), {0}, {1}, expected);
    EXPECT_EQ(s.paths, 1u);
    EXPECT_EQ(s.revenue[kMean], 2.5);
    EXPECT_EQ(s.revenue[kStandardError], 0.0) << "undefined for one path: reported as 0";
    for (std::size_t q = 0; q < 5; ++q) {
      EXPECT_EQ(s.revenue[kFirstQuantile + q], 2.5);
    }
    EXPECT_EQ(s.revenue_rank_error[0], 0.0);
  }
}

TEST(PathSummaries, NoPathsGiveZerosNotNaN) {
  PathSummaries s({0}, 2, 3, 100);
  const Summary empty{s.paths(),
                      s.bins(),
                      s.share_table(),
                      s.revenue_table(),
                      s.share_rank_error(),
                      s.revenue_rank_error()};
  EXPECT_EQ(empty.paths, 0u);
  EXPECT_EQ(empty.share.size(), 6 * summary::kStatistics);
  EXPECT_EQ(empty.revenue_rank_error.size(), 6u);
  for (const auto* table : {&empty.share, &empty.revenue, &empty.share_rank_error}) {
    for (const double x : *table) {
      EXPECT_EQ(x, 0.0);
    }
  }
}

// --- merging ----------------------------------------------------------------------------------

// The paths dealt to `parts` summaries in blocks of random sizes, each block to a random part
// (as blocks go to MPI ranks or threads); a part that does not get the first paths is shown them
// first as a pilot. Returns the parts.
std::vector<std::unique_ptr<PathSummaries>> split_summaries(const Paths& p,
                                                            const std::vector<std::size_t>& periods,
                                                            std::size_t parts,
                                                            std::mt19937_64& random) {
  std::vector<std::unique_ptr<PathSummaries>> out;
  for (std::size_t k = 0; k < parts; ++k) {
    out.push_back(std::make_unique<PathSummaries>(periods, p.shape.segments, p.shape.providers,
                                                  p.count, budget_for_bins(403, 60)));
  }
  const std::size_t grid_paths = std::min<std::size_t>(p.count, 1024);
  for (std::size_t k = 1; k < parts; ++k) {
    out[k]->consume_pilot(p.block(0, grid_paths));
  }
  // Part 0 gets the first paths (at least the grid paths, in blocks), the rest go anywhere.
  std::size_t first = 0;
  while (first < p.count) {
    const std::size_t rows = std::min<std::size_t>(p.count - first, 1 + random() % 700);
    const std::size_t part = first < grid_paths ? 0 : random() % parts;
    out[part]->consume(p.block(first, rows));
    first += rows;
  }
  return out;
}

Summary tables_of(PathSummaries& s) {
  return {s.paths(),
          s.bins(),
          s.share_table(),
          s.revenue_table(),
          s.share_rank_error(),
          s.revenue_rank_error()};
}

TEST(PathSummaries, BlocksPreparedOnWorkerThreadsChangeNoBit) {
  // The engine's parallel stage calls prepare() on blocks, several at once and in any order, once
  // the grids are set; consume() then adds what each summarised, in path order. The summaries
  // must be those of consume() alone, to the bit; blocks seen before the grids were set are
  // left to consume(). A small budget makes the pending buffer fill and grow in between.
  const std::size_t n = 5000;
  const Paths p = market(n, 11);
  const std::vector<std::size_t> periods = {0, 2};
  for (const std::size_t budget : {std::size_t{128} << 20, budget_for_bins(203, 20)}) {
    const auto whole = summarise(p, periods, {n}, n, budget);
    const std::vector<std::size_t> even(20, 250);
    const std::vector<std::size_t> ragged = {1, 1022, 1, 1, 7, 968, 1000, 1999, 1};
    for (const auto* split : {&even, &ragged}) {
      PathSummaries s(periods, p.shape.segments, p.shape.providers, n, budget);
      std::vector<engine::PathBlock> blocks;
      std::size_t first = 0;
      for (const std::size_t rows : *split) {
        blocks.push_back(p.block(first, rows));
        first += rows;
      }
      std::size_t next = 0;
      while (s.paths() < s.grid_paths()) {
        s.prepare(blocks[next]);  // too early: left alone
        s.consume(blocks[next++]);
      }
      tbb::parallel_for(std::size_t{0}, blocks.size() - next,
                        [&](std::size_t k) { s.prepare(blocks[blocks.size() - 1 - k]); });
      for (; next < blocks.size(); ++next) {
        s.consume(blocks[next]);
      }
      expect_bit_identical(whole, tables_of(s));
    }
  }
}

TEST(PathSummaries, MergedSummariesOfRandomSplitsEqualTheUnsplitSummariesBitForBit) {
  std::mt19937_64 random(16);
  const std::size_t n = 5000;
  const Paths p = market(n, 3);
  const std::vector<std::size_t> periods = {0, 2};
  PathSummaries whole(periods, 2, 5, n, budget_for_bins(403, 60));
  whole.consume(p.block(0, n));
  const Summary expected = tables_of(whole);
  for (int trial = 0; trial < 8; ++trial) {
    auto parts = split_summaries(p, periods, 2 + random() % 4, random);
    std::shuffle(parts.begin() + 1, parts.end(), random);  // merged in any order
    for (std::size_t k = 1; k < parts.size(); ++k) {
      parts[0]->merge(*parts[k]);
    }
    expect_bit_identical(expected, tables_of(*parts[0]));
  }
}

// What MPI_Reduce does with one more rank's totals: sums, counts (when carried) and paths added,
// minima and maxima element by element.
void reduce_into(summary::SummaryTotals& reduced, const summary::SummaryTotals& more) {
  ASSERT_EQ(more.sums.size(), reduced.sums.size());
  ASSERT_EQ(more.counts.size(), reduced.counts.size());
  for (std::size_t i = 0; i < more.sums.size(); ++i)
    reduced.sums[i] += more.sums[i];
  for (std::size_t i = 0; i < more.minimum.size(); ++i) {
    reduced.minimum[i] = std::min(reduced.minimum[i], more.minimum[i]);
    reduced.maximum[i] = std::max(reduced.maximum[i], more.maximum[i]);
  }
  for (std::size_t i = 0; i < more.counts.size(); ++i)
    reduced.counts[i] += more.counts[i];
  reduced.paths += more.paths;
}

// The same for count tables reduced in place (count_tables): `more`'s counts added to `root`'s.
void reduce_into(const std::vector<std::span<std::uint32_t>>& root,
                 const std::vector<std::span<std::uint32_t>>& more) {
  ASSERT_EQ(more.size(), root.size());
  for (std::size_t t = 0; t < root.size(); ++t) {
    ASSERT_EQ(more[t].size(), root[t].size());
    for (std::size_t i = 0; i < root[t].size(); ++i)
      root[t][i] += more[t][i];
  }
}

TEST(PathSummaries, TotalsCombinedAsAReduceDoesEqualTheUnsplitSummariesBitForBit) {
  // What distributed_run does under MPI: every rank's totals(), added (sums, counts, paths) and
  // reduced by minimum and maximum element by element, set on rank 0's summaries.
  std::mt19937_64 random(61);
  const std::size_t n = 4000;
  const Paths p = market(n, 9);
  const std::vector<std::size_t> periods = {1, 2};
  PathSummaries whole(periods, 2, 5, n, budget_for_bins(403, 60));
  whole.consume(p.block(0, n));
  const Summary expected = tables_of(whole);
  auto parts = split_summaries(p, periods, 3, random);
  auto reduced = parts[0]->totals();
  for (std::size_t k = 1; k < parts.size(); ++k) {
    reduce_into(reduced, parts[k]->totals());
  }
  std::size_t sums_at = 0, cells_at = 0, counts_at = 0;
  parts[0]->set_totals(reduced, sums_at, cells_at, counts_at);
  EXPECT_EQ(sums_at, reduced.sums.size());
  EXPECT_EQ(counts_at, reduced.counts.size());
  expect_bit_identical(expected, tables_of(*parts[0]));
}

TEST(PathSummaries, CountsAddedInPlaceWithTotalsWithoutThemEqualTheUnsplitSummariesBitForBit) {
  // What distributed_run does now: totals() without the counts, and the histogram counts of
  // count_tables() added where they are (as MPI_Reduce does on rank 0), then set_totals.
  std::mt19937_64 random(62);
  const std::size_t n = 4000;
  const Paths p = market(n, 10);
  const std::vector<std::size_t> periods = {0, 2};
  PathSummaries whole(periods, 2, 5, n, budget_for_bins(403, 60));
  whole.consume(p.block(0, n));
  const Summary expected = tables_of(whole);
  auto parts = split_summaries(p, periods, 3, random);
  auto reduced = parts[0]->totals(/*with_counts=*/false);
  EXPECT_TRUE(reduced.counts.empty());
  EXPECT_TRUE(reduced.counts_in_place);
  const auto root_counts = parts[0]->count_tables();
  ASSERT_EQ(root_counts.size(), 2u);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    reduce_into(reduced, parts[k]->totals(/*with_counts=*/false));
    reduce_into(root_counts, parts[k]->count_tables());
  }
  std::size_t sums_at = 0, cells_at = 0, counts_at = 0;
  parts[0]->set_totals(reduced, sums_at, cells_at, counts_at);
  EXPECT_EQ(sums_at, reduced.sums.size());
  EXPECT_EQ(counts_at, 0u);  // the counts were left in place
  expect_bit_identical(expected, tables_of(*parts[0]));
}

TEST(PathSummaries, ABatchReducedAsTwoRanksDoEqualsTheUnsplitBatchBitForBit) {
  // distributed_run on a batch of two scenarios: rank 0 sums the first paths, rank 1 sees them as
  // a pilot and sums the rest; their totals without counts are combined, the count tables of both
  // scenarios added in place, and set on rank 0's summaries.
  const std::size_t n = 3000;
  const Paths scenario_a = market(n, 12);
  const Paths scenario_b = market(n, 13);
  const std::vector<std::size_t> periods = {0, 2};
  const auto blocks = [&](std::size_t first, std::size_t rows) {
    auto a = scenario_a.block(first, rows);
    auto b = scenario_b.block(first, rows);
    b.scenario = 1;
    return std::pair{std::move(a), std::move(b)};
  };
  summary::BatchSummaries whole(2, periods, 2, 5, n);
  summary::BatchSummaries rank0(2, periods, 2, 5, n);
  summary::BatchSummaries rank1(2, periods, 2, 5, n);
  {
    auto [a, b] = blocks(0, 1024);  // rank 1's pilot, first: the paths that set the grids
    rank1.consume_pilot(a);
    rank1.consume_pilot(b);
  }
  for (std::size_t first = 0; first < n; first += 1000) {
    auto [a, b] = blocks(first, 1000);
    whole.consume(a);
    whole.consume(b);
    summary::BatchSummaries& rank = first < 1024 ? rank0 : rank1;
    rank.consume(a);
    rank.consume(b);
  }
  auto reduced = rank0.totals(/*with_counts=*/false);
  reduce_into(reduced, rank1.totals(/*with_counts=*/false));
  const auto tables = rank0.count_tables();
  ASSERT_EQ(tables.size(), 4u);  // share and revenue of each scenario
  reduce_into(tables, rank1.count_tables());
  rank0.set_totals(reduced);
  expect_bit_identical(whole.share_table(), rank0.share_table(), "share");
  expect_bit_identical(whole.revenue_table(), rank0.revenue_table(), "revenue");
  expect_bit_identical(whole.share_rank_error(), rank0.share_rank_error(), "share rank error");
  expect_bit_identical(whole.revenue_rank_error(), rank0.revenue_rank_error(),
                       "revenue rank error");
}

TEST(PathSummaries, TotalsThatLostTheirCountsAreRefused) {
  // Totals that should carry the counts (not reduced in place) but do not: refused, not read out
  // of bounds or taken as "reduced in place".
  const std::size_t n = 2000;
  const Paths p = market(n, 11);
  PathSummaries summaries({0}, 2, 5, n);
  summaries.consume(p.block(0, n));
  auto totals = summaries.totals();
  EXPECT_FALSE(totals.counts_in_place);
  totals.counts.clear();
  std::size_t sums_at = 0, cells_at = 0, counts_at = 0;
  EXPECT_THROW(summaries.set_totals(totals, sums_at, cells_at, counts_at), std::logic_error);
}

TEST(PathSummaries, MergingSummariesWhoseFirstPathsDifferIsRefused) {
  const Paths a = market(2000, 1);
  const Paths b = market(2000, 2);
  PathSummaries x({0}, 2, 5, 2000);
  PathSummaries y({0}, 2, 5, 2000);
  x.consume(a.block(0, 2000));
  y.consume(b.block(0, 2000));
  EXPECT_THROW(x.merge(y), std::logic_error);
}

TEST(PathSummaries, MeansAndStandardErrorsAreWithinRoundingOfALongDoubleReference) {
  // A large level with a small spread (where a plain sum of squares would cancel), and a
  // spread-out cell; the reference is a two-pass mean and sum of squares in long double of the
  // values less the level (exact: a sum of values near 1e9 would round at 2^-21 in long double,
  // and the sum of squares about its mean grows by n times that error squared).
  const std::size_t n = 6000;
  const auto u = uniform_draws(2 * n, 77);
  Paths p(n, 1, 1, 2);
  std::vector<long double> columns[2];
  for (std::size_t i = 0; i < n; ++i) {
    p.revenue_at(i, 0, 0, 0) = 1.0e9 + 1.0e-3 * u[i];
    p.revenue_at(i, 0, 0, 1) = 1.0e6 * u[n + i] * u[n + i] * u[n + i];
    p.demand_at(i, 0, 0) = 4.0e9;
    for (std::size_t j = 0; j < 2; ++j)
      columns[j].push_back(static_cast<long double>(p.revenue_at(i, 0, 0, j)));
  }
  const auto s = summarise(p, {0}, {n}, n);
  for (std::size_t j = 0; j < 2; ++j) {
    const long double level = j == 0 ? 1.0e9L : 0.0L;
    long double mean = 0.0L;
    for (const long double x : columns[j])
      mean += x - level;
    mean /= static_cast<long double>(n);
    long double squares = 0.0L;
    for (const long double x : columns[j])
      squares += (x - level - mean) * (x - level - mean);
    mean += level;
    const double se = static_cast<double>(
        std::sqrt(squares / static_cast<long double>(n - 1) / static_cast<long double>(n)));
    const double* row = s.revenue.data() + j * summary::kStatistics;
    const double max = j == 0 ? 1.0e9 + 1.0e-3 : 1.0e6;
    EXPECT_NEAR(row[kMean], static_cast<double>(mean), mean_bound(max)) << j;
    EXPECT_NEAR(row[kStandardError], se, 16.0 * kEpsilon * se) << j;
  }
}

}  // namespace
}  // namespace cloudsim
