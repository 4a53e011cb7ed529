#pragma once
// The triangular distribution: density rising linearly from low to mode and falling to high.

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct Triangular {
  double low = 0.0;
  double mode = 0.5;
  double high = 1.0;

  static constexpr std::string_view name = "triangular";
  static constexpr std::string_view meaning = "triangular; low <= mode <= high, low < high";
  static constexpr bool over_quarters = true;
  static constexpr auto fields() {
    return std::array{
        Field<Triangular>{.key = "low", .number = &Triangular::low, .meaning = "lowest value"},
        Field<Triangular>{
            .key = "mode", .number = &Triangular::mode, .meaning = "most likely value"},
        Field<Triangular>{.key = "high", .number = &Triangular::high, .meaning = "highest value"},
    };
  }

  [[nodiscard]] std::string problem() const;
  [[nodiscard]] double quantile(Probability p) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const { return {low, high, true, true}; }
};

}  // namespace cloudsim::uncertainty
