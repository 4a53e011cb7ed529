#include "uncertainty/distributions/discrete.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsim::uncertainty {

std::string Discrete::problem() const {
  if (values.size() != probabilities.size()) {
    return "discrete needs as many probabilities as values (" + std::to_string(values.size()) +
           " values, " + std::to_string(probabilities.size()) + " probabilities)";
  }
  double total = 0.0;
  for (const double p : probabilities)
    total += p;
  if (std::abs(total - 1.0) > 1e-9)
    return "discrete probabilities must sum to 1, they sum to " + std::to_string(total);
  return {};
}

double Discrete::quantile(Probability p) const {
  double cumulative = 0.0;
  for (std::size_t k = 0; k + 1 < values.size(); ++k) {
    cumulative += probabilities[k];
    if (p.lower < cumulative)
      return values[k];
  }
  return values.back();
}

double Discrete::mean() const {
  double m = 0.0;
  for (std::size_t k = 0; k < values.size(); ++k)
    m += probabilities[k] * values[k];
  return m;
}

double Discrete::variance() const {
  const double m = mean();
  double v = 0.0;
  for (std::size_t k = 0; k < values.size(); ++k)
    v += probabilities[k] * (values[k] - m) * (values[k] - m);
  return v;
}

Support Discrete::support() const {
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  return {*lowest, *highest, true, true};
}

}  // namespace cloudsim::uncertainty
