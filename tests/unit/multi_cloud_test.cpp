#include "model/multi_cloud.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsim::model {
namespace {

TEST(MultiCloud, FollowsTheBassRecursionExactly) {
  const MultiCloudParameters p{0.26, 0.03, 0.4, 0.85, 0.3};
  double m = p.initial_adoption;
  for (int t = 0; t < 80; ++t) {
    const double expected = std::clamp(m + (0.03 + 0.4 * m) * (0.85 - m) / 4.0, 0.0, 0.85);
    const double next = next_multi_cloud_adoption(p, m);
    EXPECT_EQ(next, expected) << "t=" << t;
    EXPECT_GE(next, 0.0);
    EXPECT_LE(next, p.ceiling);
    m = next;
  }
  EXPECT_NEAR(m, p.ceiling, 1e-3) << "80 quarters of Bass growth should approach the ceiling";
}

TEST(MultiCloud, StaysInsideBoundsEvenWithExtremeCoefficients) {
  const MultiCloudParameters p{0.0, 50.0, 50.0, 0.6, 0.3};
  double m = 0.0;
  for (int t = 0; t < 20; ++t) {
    m = next_multi_cloud_adoption(p, m);
    EXPECT_GE(m, 0.0);
    EXPECT_LE(m, 0.6);
  }
}

}  // namespace
}  // namespace cloudsim::model
