#pragma once
// The normal distribution N(mean, sd²). Unbounded: accepted only where a key's range is a
// magnitude limit (docs/scenario-format.md, "Ranges").

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct Normal {
  double centre = 0.0;
  double sd = 1.0;

  static constexpr std::string_view name = "normal";
  static constexpr std::string_view meaning =
      "normal; unbounded, so only where the key's range is a magnitude limit (below)";
  static constexpr bool over_quarters = false;
  static constexpr auto fields() {
    return std::array{
        Field<Normal>{.key = "mean", .number = &Normal::centre, .meaning = "mean"},
        Field<Normal>{.key = "sd",
                      .number = &Normal::sd,
                      .range = ParameterRange::positive(),
                      .in_input_unit = false,
                      .meaning = "standard deviation, in the input's unit"},
    };
  }

  [[nodiscard]] std::string problem() const { return {}; }
  [[nodiscard]] double quantile(Probability p) const;
  // mean + sd z: exact for every z, where going through Φ(z) would round in the tails.
  [[nodiscard]] double value_at_normal(double z) const { return centre + sd * z; }
  [[nodiscard]] double reach(double z) const { return value_at_normal(z); }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const;
};

}  // namespace cloudsim::uncertainty
