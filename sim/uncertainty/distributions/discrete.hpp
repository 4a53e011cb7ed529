#pragma once
// One of a list of values, each with its probability. The quantile walks the values in the
// order written (it is monotone when they are written in increasing order).

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

// Default-constructed, a fair coin on {0, 1} (a valid example, as every kind's default is).
struct Discrete {
  std::vector<double> values = {0.0, 1.0};
  std::vector<double> probabilities = {0.5, 0.5};

  static constexpr std::string_view name = "discrete";
  static constexpr std::string_view meaning =
      "one of the values; as many probabilities as values, summing to 1 (±1e-9)";
  static constexpr bool over_quarters = true;
  static constexpr auto fields() {
    return std::array{
        Field<Discrete>{.key = "values", .list = &Discrete::values, .meaning = "the outcomes"},
        Field<Discrete>{.key = "probabilities",
                        .list = &Discrete::probabilities,
                        .range = ParameterRange::probability(),
                        .in_input_unit = false,
                        .meaning = "their probabilities"},
    };
  }

  [[nodiscard]] std::string problem() const;
  [[nodiscard]] double quantile(Probability p) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const;
};

}  // namespace cloudsim::uncertainty
