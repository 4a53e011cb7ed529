#pragma once
// Reads a correlation matrix given with the names of its rows, e.g.
//   segments = ["IaaS", "PaaS"]      (or inputs = ["segments.IaaS.growth_initial", …])
//   matrix   = [[1.0, 0.6], [0.6, 1.0]]
// and checks it: names known and distinct, square, entries in [−1, 1], unit diagonal, symmetric,
// positive definite. Used for the segment shocks and for correlated uncertain inputs.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {

struct NamedCorrelation {
  std::vector<std::size_t> members;  // index into `known` of each listed name, in listed order
  Eigen::MatrixXd matrix;            // in listed order
  const toml::node* matrix_node = nullptr;  // for later messages
};

// `names_key` is the key of the name list; `what` names one item in messages ("segment").
std::optional<NamedCorrelation> read_named_correlation(TableReader& reader,
                                                       const std::string& names_key,
                                                       const std::vector<std::string>& known,
                                                       const std::string& what);

// Whether a correlation matrix is positive definite; reports at `node` if not.
bool require_positive_definite(const Eigen::MatrixXd& matrix, const toml::node& node,
                               const std::string& key_path, Diagnostics& diagnostics,
                               const std::string& hint);

}  // namespace cloudsim::scenario
