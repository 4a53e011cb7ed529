// The observations loader and the likelihood of a path (sim/observe, docs/observations.md):
// likelihood terms against a hand computation on a tiny market, relative against absolute errors,
// scale, uncertain errors drawn from their normals, and load errors with their places.

#include "observe/observations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "scenario/input_error.hpp"

namespace cloudsim {
namespace {

// 2 segments × 2 providers × 8 quarters (2021Q1 … 2022Q4), every number distinct.
class TinyMarket final : public outcome::MarketView {
 public:
  [[nodiscard]] std::size_t segments() const override { return 2; }
  [[nodiscard]] double revenue(std::size_t s, std::size_t i, std::size_t t) const override {
    return 10.0 + 5.0 * static_cast<double>(s) + 2.0 * static_cast<double>(i) +
           static_cast<double>(t);
  }
  [[nodiscard]] double demand(std::size_t s, std::size_t t) const override {
    return revenue(s, 0, t) + revenue(s, 1, t);
  }
  [[nodiscard]] double profit(std::size_t i, std::size_t t) const override {
    return -3.0 + static_cast<double>(i) + 0.5 * static_cast<double>(t);
  }
  [[nodiscard]] double cumulative_profit(std::size_t i, std::size_t t) const override {
    return 100.0 * static_cast<double>(i) + static_cast<double>(t);
  }
  [[nodiscard]] double price(std::size_t, std::size_t) const override { return 1.0; }
};

const outcome::Names kNames{
    {"IaaS", "PaaS"},
    {"Alibaba", "Volcano Engine"},
    {},
    {"2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4"}};

const double kLogRootTwoPi = 0.5 * std::log(2.0 * std::numbers::pi);

std::string row(const std::string& id, const std::string& quantity, const std::string& rest) {
  return "[[observation]]\nid = \"" + id + "\"\nquantity = \"" + quantity + "\"\n" + rest +
         "\nsource = \"test\"\nscope = \"test\"\n";
}

observe::ObservationSet read(const std::string& rows) {
  return observe::read_observations("[observations]\ntitle = \"t\"\n" + rows, "obs.toml", kNames);
}

std::vector<scenario::InputIssue> issues_of(const std::string& text) {
  try {
    (void)observe::read_observations(text, "obs.toml", kNames);
  } catch (const scenario::InputError& error) {
    return error.issues();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(Observations, LogLikelihoodIsTheSumOfNormalTermsOfTheResiduals) {
  const auto set = read(row("share", "share(IaaS+PaaS, Alibaba, 2022Q4)",
                            "value = 0.45\nerror = { absolute = 0.03 }") +
                        row("market", "revenue(IaaS, all, 2021)",
                            "value = 90.0\nerror = { relative = 0.1 }\nscale = 0.5"));
  const TinyMarket m;
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set.last_quarter(), 7u);
  EXPECT_EQ(set.row(1).first_quarter, 0u);
  EXPECT_EQ(set.row(1).last_quarter, 3u);
  EXPECT_EQ(set.period(1), "2021");
  EXPECT_TRUE(set.input_key_paths().empty());

  const double share =
      (m.revenue(0, 0, 7) + m.revenue(1, 0, 7)) / (m.demand(0, 7) + m.demand(1, 7));
  const double market = ((m.demand(0, 0) + m.demand(0, 1)) + m.demand(0, 2)) + m.demand(0, 3);
  EXPECT_EQ(set.model_value(0, m, 1.0), share);
  EXPECT_EQ(set.model_value(1, m, 0.5), 0.5 * market);

  const double r0 = (0.45 - share) / 0.03;
  const double r1 = (std::log(90.0) - std::log(0.5 * market)) / 0.1;
  const double term0 = -0.5 * r0 * r0 - kLogRootTwoPi - std::log(0.03);
  const double term1 = -0.5 * r1 * r1 - kLogRootTwoPi - std::log(0.1);
  EXPECT_EQ(set.row_log_likelihood(0, m, {}), term0);
  EXPECT_EQ(set.row_log_likelihood(1, m, {}), term1);
  EXPECT_EQ(set.log_likelihood(m, {}), term0 + term1);
}

TEST(Observations, RelativeErrorsAreOnTheLogScaleAndNeedAPositiveModelValue) {
  const TinyMarket m;
  const double h = m.revenue(0, 1, 5);  // 17
  // The same residual of 10% read two ways: relative compares logs, absolute differences.
  const auto set =
      read(row("rel", "revenue(IaaS, Volcano Engine, 2022Q2)",
               "value = 17.0\nerror = { relative = 0.2 }") +
           row("abs", "revenue(IaaS, Volcano Engine, 2022Q2)",
               "value = 17.0\nerror = { absolute = 0.2 }") +
           row("rel2", "revenue(IaaS, Volcano Engine, 2022Q2)",
               "value = 34.0\nerror = { relative = 0.2 }") +
           row("neg", "profit(Alibaba, 2021Q1)", "value = 1.0\nerror = { relative = 0.2 }"));
  ASSERT_EQ(h, 17.0);
  // y = h: the residual is 0 either way.
  EXPECT_EQ(set.row_log_likelihood(0, m, {}), -kLogRootTwoPi - std::log(0.2));
  EXPECT_EQ(set.row_log_likelihood(1, m, {}), -kLogRootTwoPi - std::log(0.2));
  // y = 2h: relative residual ln 2 / s whatever the size of h.
  const double r = (std::log(34.0) - std::log(17.0)) / 0.2;
  EXPECT_EQ(set.row_log_likelihood(2, m, {}), -0.5 * r * r - kLogRootTwoPi - std::log(0.2));
  // Profit −3 < 0: no positive report can come from it.
  EXPECT_EQ(set.row_log_likelihood(3, m, {}), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(set.log_likelihood(m, {}), -std::numeric_limits<double>::infinity());
}

TEST(Observations, ScaleMultipliesTheModelValueBeforeComparing) {
  const TinyMarket m;
  const double h = m.demand(1, 4);  // PaaS demand in 2022Q1
  const auto set = read(
      row("usd", "demand(PaaS, 2022Q1)",
          "value = " + std::to_string(0.25 * h) + "\nerror = { relative = 0.1 }\nscale = 0.25"));
  EXPECT_EQ(set.scale(0), 0.25);
  EXPECT_EQ(set.model_value(0, m, 0.25), 0.25 * h);
  EXPECT_EQ(set.row_log_likelihood(0, m, {}), -kLogRootTwoPi - std::log(0.1))
      << "y = scale·h exactly: residual 0";
}

TEST(Observations, UncertainErrorsAndScalesAreInputsDrawnFromNormals) {
  const TinyMarket m;
  const auto set = read(row("a", "share(IaaS, Alibaba, 2021Q4)",
                            "value = 0.4\nerror = { absolute = { distribution = \"uniform\", low = "
                            "0.02, high = 0.06 } }") +
                        row("b", "growth(IaaS+PaaS, all, 4, 2022)",
                            "value = 0.3\nerror = { relative = 0.1 }\n"
                            "scale = { distribution = \"uniform\", low = 0.5, high = 1.5 }"));
  ASSERT_EQ(set.input_key_paths(),
            (std::vector<std::string>{"observations.a.error", "observations.b.scale"}));
  EXPECT_DOUBLE_EQ(set.error(0), 0.04) << "the central error is the distribution's mean";
  EXPECT_EQ(set.scale(1), 1.0);
  std::vector<double> values(2);
  const std::vector<double> normals{0.0, 10.0};
  set.sample_inputs(normals, values);
  EXPECT_DOUBLE_EQ(values[0], 0.04) << "z = 0: the median";
  EXPECT_NEAR(values[1], 1.5, 1e-12) << "z = 10: the top of the range";
  const std::vector<double> drawn{0.05, 0.8};
  const double h0 = m.revenue(0, 0, 3) / m.demand(0, 3);
  const double r0 = (0.4 - h0) / 0.05;
  EXPECT_EQ(set.row_log_likelihood(0, m, drawn), -0.5 * r0 * r0 - kLogRootTwoPi - std::log(0.05));
  EXPECT_EQ(set.error_of(0, drawn), 0.05);
  EXPECT_EQ(set.scale_of(1, drawn), 0.8);
  EXPECT_EQ(set.scale_of(1, {}), 1.0);
  // Growth of the market's annual sums: 2022 over 2021.
  double y2021 = 0.0, y2022 = 0.0;
  for (std::size_t t = 0; t < 4; ++t) {
    y2021 += m.demand(0, t) + m.demand(1, t);
    y2022 += m.demand(0, t + 4) + m.demand(1, t + 4);
  }
  EXPECT_NEAR(set.model_value(1, m, 1.0), y2022 / y2021 - 1.0, 1e-15);
}

TEST(Observations, TheFileAsReadIsKept) {
  const std::string text =
      "[observations]\ntitle = \"t\"\n" +
      row("x", "demand(IaaS, 2021Q1)", "value = 1\nerror = { relative = 0.1 }");
  const auto set = observe::read_observations(text, "obs.toml", kNames);
  EXPECT_EQ(set.text(), text);
  EXPECT_EQ(set.title(), "t");
  EXPECT_EQ(set.quantity_text(0), "demand(IaaS, 2021Q1)");
  EXPECT_EQ(set.error_kind(0), observe::ErrorKind::relative);
  EXPECT_EQ(set.source(0), "test");
}

TEST(ObservationErrors, EachIsLocatedWithItsKeyPathAndASuggestion) {
  const std::string head = "[observations]\ntitle = \"t\"\n";
  {
    const auto issues =
        issues_of(head + row("a", "demand(IaaS, 2021Q1)", "vaule = 1\nerror = { relative = 0.1 }"));
    ASSERT_EQ(issues.size(), 2u);  // value missing, vaule unknown
    bool unknown = false;
    for (const auto& issue : issues) {
      if (issue.key_path == "observation[0].vaule") {
        unknown = true;
        EXPECT_EQ(issue.line, 6u);
        EXPECT_EQ(issue.column, 1u);
        EXPECT_NE(issue.message.find("did you mean 'value'"), std::string::npos) << issue.message;
      }
    }
    EXPECT_TRUE(unknown);
  }
  {
    const auto issues = issues_of(
        head + row("a", "share(IaaS, Alibaba)", "value = 0.1\nerror = { absolute = 0.1 }"));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].key_path, "observation[0].quantity");
    EXPECT_EQ(issues[0].file, "obs.toml");
    EXPECT_EQ(issues[0].line, 5u);
    EXPECT_NE(issues[0].message.find("expected a PERIOD"), std::string::npos) << issues[0].message;
  }
  {
    const auto issues = issues_of(
        head + row("a", "share(IaaS, Alibaba, 2024Q1)", "value = 0.1\nerror = { absolute = 0.1 }"));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].message.find("outside the quarters of the run (2021Q1 to 2022Q4)"),
              std::string::npos)
        << issues[0].message;
    EXPECT_EQ(issues[0].column, 12u + 1u + 21u) << "the period inside the string (quote at 12)";
  }
  {
    const auto issues = issues_of(
        head + row("a", "share(IaaS, Alibaba, 2023)", "value = 0.1\nerror = { absolute = 0.1 }"));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].message.find("the year 2023 needs its quarters"), std::string::npos)
        << issues[0].message;
  }
  {
    const auto issues =
        issues_of(head + row("a b", "demand(IaaS, 2021Q1)",
                             "value = 1\nerror = { relative = 0.1, absolute = 1 }"));
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].key_path, "observation[0].id");
    EXPECT_EQ(issues[1].key_path, "observation[0].error");
  }
  {
    const auto issues = issues_of(
        head + row("a", "profit(Alibaba, 2021Q1)", "value = -1\nerror = { relative = 0.1 }"));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].key_path, "observation[0].value");
    EXPECT_NE(issues[0].message.find("positive value"), std::string::npos);
  }
  {
    const auto issues =
        issues_of(head + row("a", "demand(IaaS, 2021Q1)", "value = 1\nerror = { relative = 0.1 }") +
                  row("a", "demand(IaaS, 2021Q2)", "value = 1\nerror = { relatve = 0.1 }"));
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].key_path, "observation[1].error");
    EXPECT_EQ(issues[1].key_path, "observation[1].error.relatve");
    EXPECT_NE(issues[1].message.find("did you mean 'relative'"), std::string::npos);
  }
  {
    const auto issues =
        issues_of(head + row("a", "demand(IaaS, 2021Q1)", "value = 1\nerror = { relative = 0.1 }") +
                  row("a", "demand(IaaS, 2021Q2)", "value = 1\nerror = { relative = 0.1 }"));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].key_path, "observation[1].id");
    EXPECT_NE(issues[0].message.find("already used by the observation at line 3"),
              std::string::npos)
        << issues[0].message;
  }
  {
    const auto issues =
        issues_of(head +
                  "[[observation]]\nid = \"d\"\nquantity = \"demand(Iaas, 2021Q1)\"\n"
                  "value = 1\nerror = { relative = 0.1 }\nsource = \"s\"\n");
    ASSERT_EQ(issues.size(), 2u);  // scope missing; the misspelt segment
    bool segment = false;
    for (const auto& issue : issues)
      segment = segment || issue.message.find("did you mean 'IaaS'") != std::string::npos;
    EXPECT_TRUE(segment);
  }
  {
    const auto issues = issues_of("[observatons]\ntitle = \"t\"\n");
    ASSERT_GE(issues.size(), 2u);
    bool suggested = false;
    for (const auto& issue : issues)
      suggested =
          suggested || issue.message.find("did you mean 'observations'") != std::string::npos;
    EXPECT_TRUE(suggested);
  }
  {
    const auto issues = issues_of("[observations\n");
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].message.find("TOML syntax error"), std::string::npos);
  }
}

TEST(ObservationErrors, AMissingFileIsAnInputError) {
  EXPECT_THROW((void)observe::load_observations("/nonexistent/obs.toml", kNames),
               scenario::InputError);
}

}  // namespace
}  // namespace cloudsim
