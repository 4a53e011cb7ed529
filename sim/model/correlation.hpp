#pragma once
#include <Eigen/Dense>
#include <optional>

namespace cloudsim::model {

// Lower-triangular L with L Lᵀ = C, or nothing when C is not (numerically) positive definite.
std::optional<Eigen::MatrixXd> cholesky_factor(const Eigen::MatrixXd& correlation);

}  // namespace cloudsim::model
