#include "scenario/suggest.hpp"

#include <gtest/gtest.h>

namespace cloudsim::scenario {
namespace {

TEST(Suggest, FindsTyposTranspositionsAndCase) {
  const std::vector<std::string> keys = {"churn_rate", "capability", "ecosystem", "initial_share"};
  EXPECT_EQ(closest_match("churn_rat", keys), "churn_rate");
  EXPECT_EQ(closest_match("chrun_rate", keys), "churn_rate");
  EXPECT_EQ(closest_match("Capability", keys), "capability");
  EXPECT_EQ(closest_match("initial_shar", keys), "initial_share");
}

TEST(Suggest, StaysQuietForUnrelatedWords) {
  const std::vector<std::string> keys = {"churn_rate", "capability"};
  EXPECT_FALSE(closest_match("price_index", keys).has_value());
  EXPECT_EQ(did_you_mean("zzz", keys), "");
  EXPECT_EQ(did_you_mean("capabilty", keys), ", did you mean 'capability'?");
}

}  // namespace
}  // namespace cloudsim::scenario
