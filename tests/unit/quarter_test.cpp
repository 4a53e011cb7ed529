#include "model/quarter.hpp"

#include <gtest/gtest.h>

namespace cloudsim::model {
namespace {

TEST(Quarter, ParsesAndPrintsLabels) {
  const auto q = Quarter::parse("2021Q1");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->label(), "2021Q1");
  EXPECT_EQ(q->plus(3).label(), "2021Q4");
  EXPECT_EQ(q->plus(4).label(), "2022Q1");
  EXPECT_EQ(q->plus(39).label(), "2030Q4");
}

TEST(Quarter, RejectsMalformedLabels) {
  for (const char* bad : {"", "2021", "2021Q0", "2021Q5", "21Q1", "2021q1", "2021Q1 ", "abcdQ1"}) {
    EXPECT_FALSE(Quarter::parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace cloudsim::model
