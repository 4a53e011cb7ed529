#pragma once
// Probability distributions for uncertain scenario inputs (model spec section 0). Each maps a
// standard normal draw z to a value x = F⁻¹(Φ(z)): that one mapping serves independent inputs
// and inputs correlated through a Gaussian copula alike. Pure: no random numbers are drawn here.
//
// Every kind is one struct under uncertainty/distributions/ (its parameters, their field table,
// quantile, mean, variance and support); DistributionShape below is the registry. The scenario
// reader, its messages, describe() and the docs table are generated from the two.

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "uncertainty/distributions/beta.hpp"
#include "uncertainty/distributions/discrete.hpp"
#include "uncertainty/distributions/fixed.hpp"
#include "uncertainty/distributions/lognormal.hpp"
#include "uncertainty/distributions/normal.hpp"
#include "uncertainty/distributions/triangular.hpp"
#include "uncertainty/distributions/truncated_normal.hpp"
#include "uncertainty/distributions/uniform.hpp"
#include "uncertainty/standard_normal.hpp"

namespace cloudsim::uncertainty {

// What a distribution kind provides. Its default-constructed value must be valid (problem() empty):
// the tests read every kind back from a table written from it. Optional: value_at_normal(z), when
// the kind can map a normal score more exactly than through Φ(z); reach(z), for kinds built on a
// normal.
template <class Kind>
concept DistributionKind = requires(const Kind kind, Probability p) {
  { Kind::name } -> std::convertible_to<std::string_view>;
  { Kind::meaning } -> std::convertible_to<std::string_view>;
  { Kind::over_quarters } -> std::convertible_to<bool>;
  Kind::fields();
  { kind.problem() } -> std::convertible_to<std::string>;  // empty when the parameters fit
  { kind.quantile(p) } -> std::convertible_to<double>;
  { kind.mean() } -> std::convertible_to<double>;
  { kind.variance() } -> std::convertible_to<double>;
  { kind.support() } -> std::same_as<Support>;
};

// The registry: one line per kind. The order is the order of the docs table and of "one of:".
using DistributionShape =
    std::variant<Fixed, Uniform, Normal, TruncatedNormal, LogNormal, Triangular, Beta, Discrete>;

// Calls visit(std::type_identity<Kind>{}) for every registered kind, in order.
template <class Visitor>
void for_each_kind(Visitor&& visit) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (visit(std::type_identity<std::variant_alternative_t<I, DistributionShape>>{}), ...);
  }
  (std::make_index_sequence<std::variant_size_v<DistributionShape>>{});
}

// The names of the registered kinds, in order.
std::vector<std::string_view> kind_names();

struct Distribution {
  DistributionShape shape;

  // x = F⁻¹(Φ(z)), computed with complements in the upper tail so that no precision is lost.
  [[nodiscard]] double value_at_normal(double z) const;
  // F⁻¹(u).
  [[nodiscard]] double quantile(double u) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] Support support() const;
  // Smallest and largest values the distribution can produce (±infinity when unbounded).
  [[nodiscard]] double lowest() const { return support().lowest; }
  [[nodiscard]] double highest() const { return support().highest; }
  // Whether lowest()/highest() are themselves attainable (false for open ends such as
  // lognormal's 0).
  [[nodiscard]] bool lowest_attained() const { return support().lowest_attained; }
  [[nodiscard]] bool highest_attained() const { return support().highest_attained; }
  // The value `z` standard deviations of the underlying normal from its centre (ln x for a
  // lognormal; within the bounds for a truncated normal); lowest() or highest() for the others.
  [[nodiscard]] double reach(double z) const;
  [[nodiscard]] std::string_view name() const;
  // "triangular(low=0.3, mode=0.4, high=0.5)": the kind and its fields in table order. Recorded in
  // result files (parameter_distribution) and their fingerprints, so its wording must not change.
  [[nodiscard]] std::string describe() const;
};

template <class Shape>
constexpr bool kAllAreKinds = false;
template <class... Kind>
constexpr bool kAllAreKinds<std::variant<Kind...>> = (DistributionKind<Kind> && ...);
static_assert(kAllAreKinds<DistributionShape>, "every registered kind provides what a kind must");

}  // namespace cloudsim::uncertainty
