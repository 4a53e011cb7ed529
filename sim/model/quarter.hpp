#pragma once
// Calendar quarters such as "2021Q1", counted as year * 4 + (quarter - 1).

#include <optional>
#include <string>
#include <string_view>

namespace cloudsim::model {

struct Quarter {
  int index = 0;  // year * 4 + quarter_of_year - 1

  static std::optional<Quarter> parse(std::string_view label);  // "2021Q1"; years 1900..2999
  [[nodiscard]] std::string label() const;
  [[nodiscard]] Quarter plus(int quarters) const { return Quarter{index + quarters}; }
  [[nodiscard]] int year() const { return index / 4; }
  [[nodiscard]] int quarter_of_year() const { return index % 4 + 1; }
};

}  // namespace cloudsim::model
