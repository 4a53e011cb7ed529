#include "model/value_range.hpp"

#include <cmath>
#include <sstream>

namespace cloudsim::model {

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

bool ValueRange::contains(double value) const {
  if (!std::isfinite(value)) {
    return false;
  }
  const bool above = min_inclusive ? value >= min : value > min;
  const bool below = max_inclusive ? value <= max : value < max;
  return above && below;
}

std::string ValueRange::describe() const {
  const bool bounded_below = min > -1e308;
  const bool bounded_above = max < 1e308;
  if (bounded_below && bounded_above) {
    return std::string("a number in ") + (min_inclusive ? "[" : "(") + format_number(min) + ", " +
           format_number(max) + (max_inclusive ? "]" : ")");
  }
  if (bounded_below) {
    return std::string("a number ") + (min_inclusive ? ">= " : "> ") + format_number(min);
  }
  if (bounded_above) {
    return std::string("a number ") + (max_inclusive ? "<= " : "< ") + format_number(max);
  }
  return "a finite number";
}

}  // namespace cloudsim::model
