#include "uncertainty/distributions/normal.hpp"

#include <boost/math/distributions/normal.hpp>
#include <limits>

namespace cloudsim::uncertainty {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

boost::math::normal_distribution<double> boost_form(const Normal& n) {
  return {n.centre, n.sd};
}

}  // namespace

double Normal::quantile(Probability p) const {
  if (p.lower == 0.0)
    return -kInfinity;
  if (p.upper == 0.0)
    return kInfinity;
  return p.lower <= p.upper
             ? boost::math::quantile(boost_form(*this), p.lower)
             : boost::math::quantile(boost::math::complement(boost_form(*this), p.upper));
}

double Normal::mean() const {
  return boost::math::mean(boost_form(*this));
}

double Normal::variance() const {
  return boost::math::variance(boost_form(*this));
}

Support Normal::support() const {
  return {-kInfinity, kInfinity, false, false};
}

}  // namespace cloudsim::uncertainty
