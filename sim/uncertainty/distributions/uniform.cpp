#include "uncertainty/distributions/uniform.hpp"

#include <boost/math/distributions/uniform.hpp>

namespace cloudsim::uncertainty {
namespace {

boost::math::uniform_distribution<double> boost_form(const Uniform& u) {
  return {u.low, u.high};
}

}  // namespace

std::string Uniform::problem() const {
  return low < high ? "" : "uniform needs low < high";
}

// The lower probability throughout: low + p (high − low) loses nothing near either end.
double Uniform::quantile(Probability p) const {
  return boost::math::quantile(boost_form(*this), p.lower);
}

double Uniform::mean() const {
  return boost::math::mean(boost_form(*this));
}

double Uniform::variance() const {
  return boost::math::variance(boost_form(*this));
}

}  // namespace cloudsim::uncertainty
