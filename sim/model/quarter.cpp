#include "model/quarter.hpp"

#include <charconv>

namespace cloudsim::model {

std::optional<Quarter> Quarter::parse(std::string_view label) {
  if (label.size() != 6 || label[4] != 'Q') {
    return std::nullopt;
  }
  int year = 0;
  const auto [end, error] = std::from_chars(label.data(), label.data() + 4, year);
  if (error != std::errc{} || end != label.data() + 4 || year < 1900 || year > 2999) {
    return std::nullopt;
  }
  const char q = label[5];
  if (q < '1' || q > '4') {
    return std::nullopt;
  }
  return Quarter{year * 4 + (q - '1')};
}

std::string Quarter::label() const {
  return std::to_string(year()) + "Q" + std::to_string(quarter_of_year());
}

}  // namespace cloudsim::model
