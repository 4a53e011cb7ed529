#include "uncertainty/distributions/triangular.hpp"

#include <boost/math/distributions/triangular.hpp>

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

// Near high the complement keeps the digits that 1 − p would lose.
double Triangular::quantile(Probability p) const {
  return p.lower <= p.upper
             ? boost::math::quantile(boost_form(*this), p.lower)
             : boost::math::quantile(boost::math::complement(boost_form(*this), p.upper));
}

double Triangular::mean() const {
  return boost::math::mean(boost_form(*this));
}

double Triangular::variance() const {
  return boost::math::variance(boost_form(*this));
}

}  // namespace cloudsim::uncertainty
