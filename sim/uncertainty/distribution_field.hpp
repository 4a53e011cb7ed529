#pragma once
// What every distribution kind declares about its parameters, as plain data (the model knows no
// TOML): the field table that the scenario reader, error messages, describe() and the docs table
// are generated from, and the support that range checks compare against.

#include <optional>
#include <string_view>
#include <vector>

namespace cloudsim::uncertainty {

// Allowed values of one parameter; ±1e308 means unbounded on that side.
struct ParameterRange {
  double min = -1e308;
  double max = 1e308;
  bool min_inclusive = true;
  bool max_inclusive = true;

  static constexpr ParameterRange any() { return {}; }
  static constexpr ParameterRange positive() { return {0.0, 1e308, false, true}; }
  static constexpr ParameterRange probability() { return {0.0, 1.0, true, true}; }
};

// One parameter of the distribution kind `Kind`: its TOML key and the member it is read into
// (`number` for a single value, `list` for an array of them).
template <class Kind>
struct Field {
  std::string_view key;
  double Kind::*number = nullptr;
  std::vector<double> Kind::*list = nullptr;
  ParameterRange range = ParameterRange::any();
  std::optional<double> default_value = std::nullopt;  // nothing: the key is required
  // Whether the parameter is a value of the input itself (a bound, a mode, an outcome), in the
  // input's unit, and so a quarter label when the input is a quarter; false for shapes, spreads
  // and probabilities.
  bool in_input_unit = true;
  std::string_view meaning;
};

// Whether any field of `Kind` is a list: code that handles lists can be compiled out for the
// kinds that have none (GCC otherwise warns about copying a vector through the null member).
template <class Kind>
constexpr bool has_list_fields() {
  for (const auto& field : Kind::fields()) {
    if (field.list != nullptr)
      return true;
  }
  return false;
}

// The smallest and largest values a distribution can produce (±infinity when unbounded), and
// whether those ends are themselves attainable (not for the open 0 of a lognormal).
struct Support {
  double lowest;
  double highest;
  bool lowest_attained;
  bool highest_attained;
};

}  // namespace cloudsim::uncertainty
