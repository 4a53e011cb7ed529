#pragma once
// ln x ~ N(log_mean, log_sd²): positive values with a long upper tail.

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct LogNormal {
  double log_mean = 0.0;
  double log_sd = 1.0;

  static constexpr std::string_view name = "lognormal";
  static constexpr std::string_view meaning = "ln x ~ N(log_mean, log_sd²); values > 0";
  static constexpr bool over_quarters = false;
  // Ranges where the mean exp(log_mean + log_sd²/2), the scenario's nominal value, stays finite
  // (reasons in docs/scenario-format.md).
  static constexpr auto fields() {
    return std::array{
        Field<LogNormal>{.key = "log_mean",
                         .number = &LogNormal::log_mean,
                         .range = {-50.0, 50.0, true, true},
                         .in_input_unit = false,
                         .meaning = "mean of ln x"},
        Field<LogNormal>{.key = "log_sd",
                         .number = &LogNormal::log_sd,
                         .range = {0.0, 5.0, false, true},
                         .in_input_unit = false,
                         .meaning = "standard deviation of ln x"},
    };
  }

  [[nodiscard]] std::string problem() const { return {}; }
  [[nodiscard]] double quantile(Probability p) const;
  // exp(log_mean + log_sd z): exact for every z, where going through Φ(z) would round in the
  // tails.
  [[nodiscard]] double value_at_normal(double z) const;
  [[nodiscard]] double reach(double z) const { return value_at_normal(z); }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const;
};

}  // namespace cloudsim::uncertainty
