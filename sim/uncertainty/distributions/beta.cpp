#include "uncertainty/distributions/beta.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>

namespace cloudsim::uncertainty {
namespace {

boost::math::beta_distribution<double> boost_form(const Beta& b) {
  return {b.alpha, b.beta};
}

}  // namespace

std::string Beta::problem() const {
  return low < high ? "" : "beta needs low < high";
}

// Near 1 the complement keeps the digits that 1 − p would lose. A unit draw of exactly 1 is high
// itself (low + (high − low) can round past it).
double Beta::quantile(Probability p) const {
  const double x = p.lower <= p.upper
                       ? boost::math::quantile(boost_form(*this), p.lower)
                       : boost::math::quantile(boost::math::complement(boost_form(*this), p.upper));
  return x == 1.0 ? high : std::min(low + (high - low) * x, high);
}

// Written out (as before Boost was used here) so that the nominal value keeps its last bit.
double Beta::mean() const {
  return low + (high - low) * alpha / (alpha + beta);
}

double Beta::variance() const {
  return (high - low) * (high - low) * boost::math::variance(boost_form(*this));
}

}  // namespace cloudsim::uncertainty
