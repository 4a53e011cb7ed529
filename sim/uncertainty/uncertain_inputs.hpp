#pragma once
// The uncertain inputs of a scenario: which parameter each one sets, its distribution, and how
// groups of them are correlated (Gaussian copula). Turning independent N(0,1) draws into values
// and values into model parameters is pure; the engine supplies the draws.

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/parameter_address.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::uncertainty {

struct UncertainInput {
  std::string key_path;  // e.g. "segments.IaaS.growth_initial": its name in the output
  Distribution distribution;
  model::ParameterAddress address;  // the parameter a drawn value replaces
  std::string label = "";           // a name for people ("" if the scenario gives none)
};

// Inputs whose normal scores are correlated: z_members ← L z_members, L Lᵀ = the copula
// correlation (for rank correlation r, the loader stores 2 sin(π r / 6), the Gaussian-copula
// correlation whose Spearman rank correlation is r).
struct CorrelationGroup {
  std::vector<std::size_t> members;  // indices into UncertainInputs::inputs
  Eigen::MatrixXd factor;            // lower-triangular Cholesky factor
};

struct UncertainInputs {
  std::vector<UncertainInput> inputs;
  std::vector<CorrelationGroup> groups;

  [[nodiscard]] bool empty() const { return inputs.empty(); }

  // values[k] = inputs[k].distribution.value_at_normal(z[k]) after correlating the groups.
  // `independent_normals` and `values` have one entry per input; `scratch` is resized as needed.
  void sample(std::span<const double> independent_normals, std::span<double> values,
              std::vector<double>& scratch) const;

  // Where each input's values go, in input order (for MarketModel::set_inputs).
  [[nodiscard]] std::vector<model::ParameterAddress> addresses() const;
};

// The random-stream index of an input: a 64-bit FNV-1a hash of its key path, so an input keeps
// its random numbers when other inputs are added or removed (common random numbers across
// what-ifs).
std::uint64_t stream_index(std::string_view key_path);

// Gaussian-copula correlation that gives Spearman rank correlation r: 2 sin(π r / 6).
double copula_correlation_for_rank(double rank_correlation);

}  // namespace cloudsim::uncertainty
