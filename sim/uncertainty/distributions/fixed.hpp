#pragma once
// A number written as a distribution: `{ distribution = "fixed", value = 3 }` is the same as 3.

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct Fixed {
  double value = 0.0;

  static constexpr std::string_view name = "fixed";
  static constexpr std::string_view meaning = "the number itself (not recorded as uncertain)";
  static constexpr bool over_quarters = true;
  static constexpr auto fields() {
    return std::array{
        Field<Fixed>{.key = "value", .number = &Fixed::value, .meaning = "the value"}};
  }

  [[nodiscard]] std::string problem() const { return {}; }
  [[nodiscard]] double quantile(Probability) const { return value; }
  [[nodiscard]] double mean() const { return value; }
  [[nodiscard]] double variance() const { return 0.0; }
  [[nodiscard]] Support support() const { return {value, value, true, true}; }
};

}  // namespace cloudsim::uncertainty
