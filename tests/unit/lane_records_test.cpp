// Copying four lanes out to four paths' rows (engine/lane_records.hpp): every entry to its path
// and place for counts that leave 0–3 entries to the scalar tail, and an infinity or NaN flagged
// on its own path only.

#include "engine/lane_records.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/finite_check.hpp"

namespace cloudsim {
namespace {

constexpr std::size_t kLanes = numeric::kLanes;

TEST(LaneRecords, EveryEntryGoesToItsPathInOrder) {
  for (std::size_t entries = 0; entries <= 11; ++entries) {
    std::vector<double> by_entry(entries * kLanes);
    for (std::size_t e = 0; e < entries; ++e) {
      for (std::size_t k = 0; k < kLanes; ++k) {
        by_entry[e * kLanes + k] = 100.0 * static_cast<double>(k) + static_cast<double>(e);
      }
    }
    // Rows with a guard on either side, which must stay untouched.
    std::vector<double> rows(kLanes * (entries + 2), -1.0);
    double* const to[kLanes] = {rows.data() + 1, rows.data() + entries + 3,
                                rows.data() + 2 * entries + 5, rows.data() + 3 * entries + 7};
    std::uint64_t not_finite[kLanes] = {0, 0, 0, 0};
    engine::copy_lanes_out(by_entry, entries, to, not_finite);
    for (std::size_t k = 0; k < kLanes; ++k) {
      EXPECT_EQ(to[k][-1], -1.0) << entries << " entries, lane " << k;
      EXPECT_EQ(to[k][entries], -1.0) << entries << " entries, lane " << k;
      for (std::size_t e = 0; e < entries; ++e) {
        EXPECT_EQ(to[k][e], 100.0 * static_cast<double>(k) + static_cast<double>(e))
            << entries << " entries, lane " << k << ", entry " << e;
      }
      EXPECT_EQ(not_finite[k] >> 63, 0u);
    }
  }
}

TEST(LaneRecords, AnInfinityOrNaNIsFlaggedOnItsOwnPath) {
  const double special[] = {std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN()};
  constexpr std::size_t kEntries = 7;  // four in the transposed part, three in the tail
  for (const double x : special) {
    for (std::size_t at = 0; at < kEntries; ++at) {
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        std::vector<double> by_entry(kEntries * kLanes, std::numeric_limits<double>::max());
        by_entry[at * kLanes + lane] = x;
        std::vector<double> rows(kLanes * kEntries);
        double* const to[kLanes] = {rows.data(), rows.data() + kEntries, rows.data() + 2 * kEntries,
                                    rows.data() + 3 * kEntries};
        std::uint64_t not_finite[kLanes] = {0, 0, 0, 0};
        engine::copy_lanes_out(by_entry, kEntries, to, not_finite);
        for (std::size_t k = 0; k < kLanes; ++k) {
          EXPECT_EQ(not_finite[k] >> 63, k == lane ? 1u : 0u)
              << x << " at entry " << at << " of lane " << lane << ", lane " << k;
        }
        EXPECT_EQ(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(to[lane][at]))
            << "the value itself is copied, bit for bit";
      }
    }
  }
}

}  // namespace
}  // namespace cloudsim
