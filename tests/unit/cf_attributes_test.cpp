// The CF rules of result files (output/cf_attributes.hpp): time values and bounds, currency units.
#include "output/cf_attributes.hpp"

#include <gtest/gtest.h>

#include "output/result_metadata.hpp"

namespace cloudsim::output {
namespace {

model::Quarter quarter(const char* label) {
  return *model::Quarter::parse(label);
}

TEST(CfTime, QuartersFromTheFirstDayOfTheStartQuarter) {
  const auto time = time_coordinate(RecordLevel::full, quarter("2021Q1"), 5);
  EXPECT_EQ(time.units, "days since 2021-01-01 00:00:00");
  ASSERT_EQ(time.middle.size(), 5u);
  // 2021Q1 has 90 days (not a leap year): bounds [0, 90], middle 45.
  EXPECT_EQ(time.bounds[0], 0.0);
  EXPECT_EQ(time.bounds[1], 90.0);
  EXPECT_EQ(time.middle[0], 45.0);
  // Q2 91 days, Q3 92, Q4 92: each period starts where the previous one ends.
  EXPECT_EQ(time.bounds[2], 90.0);
  EXPECT_EQ(time.bounds[3], 181.0);
  EXPECT_EQ(time.middle[1], 135.5);
  EXPECT_EQ(time.bounds[7], 365.0);
  EXPECT_EQ(time.bounds[9], 365.0 + 90.0);  // 2022Q1
}

TEST(CfTime, LeapYearsHaveA91DayFirstQuarter) {
  const auto time = time_coordinate(RecordLevel::full, quarter("2024Q1"), 1);
  EXPECT_EQ(time.bounds[1], 91.0);  // 31 + 29 + 31
  EXPECT_EQ(time.middle[0], 45.5);
  // 1900 is not a leap year, 2000 is (the Gregorian century rule).
  EXPECT_EQ(time_coordinate(RecordLevel::full, quarter("1900Q1"), 1).bounds[1], 90.0);
  EXPECT_EQ(time_coordinate(RecordLevel::full, quarter("2000Q1"), 1).bounds[1], 91.0);
  EXPECT_EQ(days_since_epoch(quarter("1970Q1")), 0);
  EXPECT_EQ(days_since_epoch(quarter("2021Q1")), 18628);
}

TEST(CfTime, AnnualPeriodsSpanTheirSimulatedQuarters) {
  // 2021Q3 … 2023Q1: a partial first year (two quarters), a whole year, a partial last year.
  const auto time = time_coordinate(RecordLevel::annual, quarter("2021Q3"), 7);
  EXPECT_EQ(time.units, "days since 2021-07-01 00:00:00");
  ASSERT_EQ(time.middle.size(), 3u);
  EXPECT_EQ(time.bounds[0], 0.0);
  EXPECT_EQ(time.bounds[1], 184.0);  // 2022-01-01
  EXPECT_EQ(time.bounds[2], 184.0);
  EXPECT_EQ(time.bounds[3], 184.0 + 365.0);
  EXPECT_EQ(time.bounds[5], 184.0 + 365.0 + 90.0);  // the end of 2023Q1
  EXPECT_EQ(time.middle[1], 184.0 + 182.5);
}

TEST(CfTime, FinalRecordIsTheLastQuarter) {
  const auto time = time_coordinate(RecordLevel::final_quarter, quarter("2021Q1"), 8);
  ASSERT_EQ(time.middle.size(), 1u);
  EXPECT_EQ(time.bounds[0], 365.0 + 273.0);  // 2022-10-01
  EXPECT_EQ(time.bounds[1], 365.0 + 365.0);
}

TEST(CfUnits, KnownCurrenciesBecomeAScaleAndACode) {
  const auto yi = parse_currency("亿元");
  EXPECT_TRUE(yi.known);
  EXPECT_EQ(yi.code, "CNY");
  EXPECT_EQ(money_stock_units(yi), "1e8");
  EXPECT_EQ(money_flow_units(yi, RecordLevel::annual), "1e8 year-1");
  // A quarter's money is four times as much per year.
  EXPECT_EQ(money_flow_units(yi, RecordLevel::full), "4e8 year-1");
  EXPECT_EQ(money_flow_units(yi, RecordLevel::final_quarter), "4e8 year-1");
  EXPECT_EQ(money_stock_units(parse_currency("万元")), "1e4");
  EXPECT_EQ(money_stock_units(parse_currency("billion USD")), "1e9");
  EXPECT_EQ(parse_currency("billion USD").code, "USD");
  EXPECT_EQ(money_stock_units(parse_currency("USD")), "1");
  EXPECT_EQ(money_flow_units(parse_currency("USD"), RecordLevel::annual), "1 year-1");
}

TEST(CfUnits, UnknownCurrencyKeepsItsTextAndAScaleOfOne) {
  const auto odd = parse_currency("gold coins");
  EXPECT_FALSE(odd.known);
  EXPECT_EQ(odd.code, "gold coins");
  EXPECT_EQ(money_stock_units(odd), "1");
}

TEST(CfHistory, CanonicalCommandLineWithoutHowItRan) {
  ResultMetadata m;
  m.program_version = "1.2.3";
  m.seed = 42;
  m.paths = 1000;
  m.record_level = RecordLevel::annual;
  m.scenarios.push_back({"a", "scenarios/a.toml", "", {}, {}, {}, {}, {}});
  m.scenarios.push_back({"b", "my scenarios/b'1.toml", "", {}, {}, {}, {}, {}});
  m.scenarios.push_back({"a2", "scenarios/a.toml", "", {}, {}, {}, {}, {}});
  EXPECT_EQ(result_history(m),
            "sim run scenarios/a.toml 'my scenarios/b'\\''1.toml' --seed 42 --paths 1000 "
            "--record annual");
  EXPECT_EQ(result_title(m), "cloudsim result: a, b, a2");
  m.scenarios.push_back({"c", "-c.toml", "", {}, {}, {}, {}, {}});  // not an option when re-run
  EXPECT_EQ(result_history(m),
            "sim run scenarios/a.toml 'my scenarios/b'\\''1.toml' ./-c.toml --seed 42 --paths "
            "1000 --record annual");
  EXPECT_EQ(result_source(m), "cloudsim sim 1.2.3");
  EXPECT_EQ(result_references(m), "cloudsim docs/model.md, version 1.2.3");
}

TEST(CfTitleAndReferences, ThePlannersOwnWordsWhenTheFilesGiveThem) {
  ResultMetadata m;
  m.program_version = "1.2.3";
  m.scenarios.push_back({"a", "a.toml", "", {}, {}, {}, {}, {}});
  m.scenarios.back().title = "Volcano Engine chases the second cloud";
  m.scenarios.back().references = {"IDC 2021H2", "Canalys 2021"};
  EXPECT_EQ(result_title(m), "Volcano Engine chases the second cloud");  // one scenario: its own
  m.scenarios.push_back({"b", "b.toml", "", {}, {}, {}, {}, {}});
  m.scenarios.back().references = {"Canalys 2021", "CAICT 2022"};
  EXPECT_EQ(result_title(m), "cloudsim result: a, b");  // two: neither speaks for both
  m.batch_title = "Second-cloud strategies";
  EXPECT_EQ(result_title(m), "Second-cloud strategies");  // a batch's title speaks for all
  EXPECT_EQ(result_references(m),
            "IDC 2021H2\nCanalys 2021\nCAICT 2022\ncloudsim docs/model.md, version 1.2.3");
}

}  // namespace
}  // namespace cloudsim::output
