#include "uncertainty/distributions/lognormal.hpp"

#include <boost/math/distributions/lognormal.hpp>
#include <cmath>
#include <limits>

namespace cloudsim::uncertainty {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

boost::math::lognormal_distribution<double> boost_form(const LogNormal& l) {
  return {l.log_mean, l.log_sd};
}

}  // namespace

double LogNormal::quantile(Probability p) const {
  if (p.upper == 0.0)
    return kInfinity;  // Boost reports an overflow there
  return p.lower <= p.upper
             ? boost::math::quantile(boost_form(*this), p.lower)
             : boost::math::quantile(boost::math::complement(boost_form(*this), p.upper));
}

double LogNormal::value_at_normal(double z) const {
  return std::exp(log_mean + log_sd * z);
}

double LogNormal::mean() const {
  return boost::math::mean(boost_form(*this));
}

// Boost's (exp(log_sd²) − 1) exp(…) loses the digits of a small log_sd; expm1 keeps them.
double LogNormal::variance() const {
  return std::expm1(log_sd * log_sd) * std::exp(2.0 * log_mean + log_sd * log_sd);
}

Support LogNormal::support() const {
  return {0.0, kInfinity, false, false};
}

}  // namespace cloudsim::uncertainty
