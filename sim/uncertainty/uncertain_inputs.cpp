#include "uncertainty/uncertain_inputs.hpp"

#include <cmath>
#include <numbers>

namespace cloudsim::uncertainty {

void UncertainInputs::sample(std::span<const double> independent_normals, std::span<double> values,
                             std::vector<double>& scratch) const {
  std::vector<double>& z = scratch;
  z.assign(independent_normals.begin(), independent_normals.end());
  for (const auto& group : groups) {
    // Lower-triangular: compute from the last member down so each z is read before it changes.
    const std::size_t n = group.members.size();
    for (std::size_t r = n; r-- > 0;) {
      double correlated = 0.0;
      for (std::size_t c = 0; c <= r; ++c) {
        correlated += group.factor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) *
                      z[group.members[c]];
      }
      z[group.members[r]] = correlated;
    }
  }
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    values[k] = inputs[k].distribution.value_at_normal(z[k]);
  }
}

std::vector<model::ParameterAddress> UncertainInputs::addresses() const {
  std::vector<model::ParameterAddress> found;
  found.reserve(inputs.size());
  for (const auto& input : inputs) {
    found.push_back(input.address);
  }
  return found;
}

std::uint64_t stream_index(std::string_view key_path) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : key_path) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

double copula_correlation_for_rank(double rank_correlation) {
  return 2.0 * std::sin(std::numbers::pi * rank_correlation / 6.0);
}

}  // namespace cloudsim::uncertainty
