#include "model/correlation.hpp"

namespace cloudsim::model {

std::optional<Eigen::MatrixXd> cholesky_factor(const Eigen::MatrixXd& correlation) {
  if (correlation.rows() != correlation.cols() || correlation.rows() == 0) {
    return std::nullopt;
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(correlation);
  if (llt.info() != Eigen::Success) {
    return std::nullopt;
  }
  // LLT succeeds on matrices that are positive semi-definite up to rounding; a pivot this small
  // means the shocks would be (almost) linearly dependent, which no planner means to say.
  const Eigen::MatrixXd lower = llt.matrixL();
  if (lower.diagonal().minCoeff() < 1e-8) {
    return std::nullopt;
  }
  return lower;
}

}  // namespace cloudsim::model
