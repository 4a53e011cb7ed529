#pragma once
// An allowed interval for a model input, e.g. {0, 1, closed, closed} = [0, 1]. Plain data, so
// that the model's field tables can say what each parameter accepts without knowing how inputs
// are read. A side marked as a limit is not part of the key's meaning but a magnitude bound that
// keeps the model's numbers finite (docs/scenario-format.md, "Ranges"): there a normal or
// lognormal distribution, whose support is unbounded, is accepted when its values within
// kReachSds standard deviations (of its underlying normal) stay inside.

#include <limits>
#include <string>

namespace cloudsim::model {

// A quarter or limit that never comes: plans and loss limits default to it.
inline constexpr double kNever = std::numeric_limits<double>::infinity();

// A number as input messages print it: up to 12 significant digits.
std::string format_number(double value);

struct ValueRange {
  double min = -1e308;
  double max = 1e308;
  bool min_inclusive = true;
  bool max_inclusive = true;
  bool min_is_limit = false;
  bool max_is_limit = false;

  [[nodiscard]] bool contains(double value) const;
  [[nodiscard]] std::string describe() const;  // "a number in (0, 1]", "a number > -1", …

  static constexpr ValueRange any() { return {}; }
  static constexpr ValueRange positive() { return {0.0, 1e308, false, true}; }
  static constexpr ValueRange non_negative() { return {0.0, 1e308, true, true}; }
  static constexpr ValueRange probability() { return {0.0, 1.0, true, true}; }

  // Magnitude limits (the reasons are in docs/scenario-format.md, "Ranges").
  // Money per quarter, in the scenario's currency unit.
  static constexpr ValueRange money() { return {0.0, kMaxMoney, true, true, false, true}; }
  // A market or capacity: at least kMinMoney, so that decline over 400 quarters stays normal.
  static constexpr ValueRange positive_money() {
    return {kMinMoney, kMaxMoney, true, true, true, true};
  }
  // Growth rates per year, of demand and of capacity.
  static constexpr ValueRange rate() { return {kMinRate, kMaxRate, true, true, true, true}; }
  // Scores, affinities and capability drift (utility units or per year).
  static constexpr ValueRange score() { return {-kMaxScore, kMaxScore, true, true, true, true}; }
  // Sensitivities, Bass coefficients and the attraction noise's volatility.
  static constexpr ValueRange sensitivity() { return {0.0, kMaxScore, true, true, false, true}; }

  static constexpr double kMaxMoney = 1e9;
  static constexpr double kMinMoney = 1e-6;
  static constexpr double kMinRate = -0.9;
  static constexpr double kMaxRate = 10.0;
  static constexpr double kMaxScore = 100.0;
  static constexpr double kMaxVolatility = 2.0;  // demand volatility per year
  static constexpr double kMaxLossLimit = 1e12;  // cumulative money: 400 quarters of kMaxMoney
  static constexpr double kReachSds = 10.0;
};

}  // namespace cloudsim::model
