#include "uncertainty/distributions/triangular.hpp"

#include <boost/math/distributions/triangular.hpp>
#include <cmath>

namespace cloudsim::uncertainty {
namespace {

boost::math::triangular_distribution<double> boost_form(const Triangular& t) {
  return {t.low, t.mode, t.high};
}

}  // namespace

std::string Triangular::problem() const {
  return low <= mode && mode <= high && low < high
             ? ""
             : "triangular needs low <= mode <= high and low < high";
}

// Written out rather than Boost's quantile: Boost multiplies in another order, which moves about
// 3% of draws by one ulp and so every recorded result. Near high the complement keeps the digits
// that 1 − p would lose.
double Triangular::quantile(Probability p) const {
  if (p.lower < (mode - low) / (high - low)) {
    return low + std::sqrt(p.lower * (high - low) * (mode - low));
  }
  return high - std::sqrt(p.upper * (high - low) * (high - mode));
}

// Not Boost's mean either: it sums in another order, and the mean is the input's nominal value.
double Triangular::mean() const {
  return (low + mode + high) / 3.0;
}

double Triangular::variance() const {
  return boost::math::variance(boost_form(*this));
}

}  // namespace cloudsim::uncertainty
