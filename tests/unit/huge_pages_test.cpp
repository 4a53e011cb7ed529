// The block buffers' allocator: large buffers start on a 2 MiB boundary (so every page of them can
// be a huge one), small ones come from std::allocator, and growing either keeps the values.

#include "engine/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

namespace cloudsim::engine {
namespace {

std::uintptr_t address(const BlockValues& values) {
  return reinterpret_cast<std::uintptr_t>(values.data());
}

TEST(HugePageAllocator, LargeBuffersStartOnAHugePage) {
  for (const std::size_t count :
       {kHugePage / sizeof(double) + 1, std::size_t{1} << 20, 3000001ul}) {
    BlockValues values(count, 1.5);
    EXPECT_EQ(address(values) % kHugePage, 0u) << count << " values";
    EXPECT_EQ(values.front(), 1.5);
    EXPECT_EQ(values.back(), 1.5);
  }
}

TEST(HugePageAllocator, GrowingFromSmallToLargeKeepsTheValues) {
  BlockValues values(1000);
  std::iota(values.begin(), values.end(), 0.0);
  values.resize(1u << 20);  // from std::allocator's memory to huge pages
  EXPECT_EQ(address(values) % kHugePage, 0u);
  for (std::size_t k = 0; k < 1000; ++k)
    ASSERT_EQ(values[k], static_cast<double>(k)) << k;
  EXPECT_EQ(values[1000], 0.0);  // resize value-initialises the rest
  values.resize(3u << 20);       // and from huge pages to huge pages
  EXPECT_EQ(values[999], 999.0);
  BlockValues copy = values;
  EXPECT_EQ(copy, values);
}

}  // namespace
}  // namespace cloudsim::engine
