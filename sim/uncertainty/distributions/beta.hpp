#pragma once
// Beta(alpha, beta) scaled from [0, 1] to [low, high].

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct Beta {
  double alpha = 1.0;
  double beta = 1.0;
  double low = 0.0;
  double high = 1.0;

  static constexpr std::string_view name = "beta";
  static constexpr std::string_view meaning = "Beta(alpha, beta) scaled to [low, high]; low < high";
  static constexpr bool over_quarters = false;
  // Shapes where sampling stays fast and exact: Boost's inverse incomplete beta slows as they grow
  // (minutes a draw at 1e50) and loses precision as they shrink (docs/scenario-format.md).
  static constexpr ParameterRange kShape{0.01, 1e4, true, true};
  static constexpr auto fields() {
    return std::array{
        Field<Beta>{.key = "alpha",
                    .number = &Beta::alpha,
                    .range = kShape,
                    .in_input_unit = false,
                    .meaning = "first shape"},
        Field<Beta>{.key = "beta",
                    .number = &Beta::beta,
                    .range = kShape,
                    .in_input_unit = false,
                    .meaning = "second shape"},
        Field<Beta>{
            .key = "low", .number = &Beta::low, .default_value = 0.0, .meaning = "lowest value"},
        Field<Beta>{
            .key = "high", .number = &Beta::high, .default_value = 1.0, .meaning = "highest value"},
    };
  }

  [[nodiscard]] std::string problem() const;
  [[nodiscard]] double quantile(Probability p) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const { return {low, high, true, true}; }
};

}  // namespace cloudsim::uncertainty
