#pragma once
// Every value in [low, high] equally likely.

#include <array>
#include <string>
#include <string_view>

#include "uncertainty/distribution_field.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

struct Uniform {
  double low = 0.0;
  double high = 1.0;

  static constexpr std::string_view name = "uniform";
  static constexpr std::string_view meaning = "uniform on [low, high]; low < high";
  static constexpr bool over_quarters = true;
  static constexpr auto fields() {
    return std::array{
        Field<Uniform>{.key = "low", .number = &Uniform::low, .meaning = "lowest value"},
        Field<Uniform>{.key = "high", .number = &Uniform::high, .meaning = "highest value"},
    };
  }

  [[nodiscard]] std::string problem() const;
  [[nodiscard]] double quantile(Probability p) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const { return {low, high, true, true}; }
};

}  // namespace cloudsim::uncertainty
