#pragma once
// A normal N(mean, sd²) restricted to [low, high]; one bound may be left out (±infinity). Boost
// has no truncated normal, so the quantile is written out here.

#include <array>
#include <limits>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

// Default-constructed, the standard normal within ±1 (a valid example, as every kind's default
// is); a bound left out of a scenario is ±infinity, as the field table says.
struct TruncatedNormal {
  double centre = 0.0;
  double sd = 1.0;
  double low = -1.0;
  double high = 1.0;

  static constexpr std::string_view name = "truncated_normal";
  static constexpr std::string_view meaning =
      "a normal restricted to [low, high], at least one bound given; low < high, [low, high] "
      "within 6 sd of the mean";
  static constexpr bool over_quarters = false;
  static constexpr auto fields() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return std::array{
        Field<TruncatedNormal>{.key = "mean",
                               .number = &TruncatedNormal::centre,
                               .meaning = "mean of the normal before truncation"},
        Field<TruncatedNormal>{.key = "sd",
                               .number = &TruncatedNormal::sd,
                               .range = ParameterRange::positive(),
                               .in_input_unit = false,
                               .meaning = "its standard deviation, in the input's unit"},
        Field<TruncatedNormal>{.key = "low",
                               .number = &TruncatedNormal::low,
                               .default_value = -inf,
                               .meaning = "lowest value (none when left out)"},
        Field<TruncatedNormal>{.key = "high",
                               .number = &TruncatedNormal::high,
                               .default_value = inf,
                               .meaning = "highest value (none when left out)"},
    };
  }

  [[nodiscard]] std::string problem() const;
  [[nodiscard]] double quantile(Probability p) const;
  // The value z sd from the mean, within the bounds.
  [[nodiscard]] double reach(double z) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const;
};

}  // namespace cloudsim::uncertainty
