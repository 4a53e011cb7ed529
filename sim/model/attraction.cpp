#include "model/attraction.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "numeric/exp_lanes.hpp"

namespace cloudsim::model {
namespace {

// The first min(4, out.size()) lanes, whole when there are four: a load of a vector stored whole
// is forwarded from the store buffer, one stored lane by lane would wait for the stores to retire.
[[gnu::always_inline]] inline void store_lanes(numeric::Doubles lanes, std::span<double> out) {
  if (out.size() >= numeric::kLanes) {
    std::memcpy(out.data(), &lanes, sizeof lanes);
  } else {
    for (std::size_t j = 0; j < out.size(); ++j)
      out[j] = lanes[j];
  }
}

[[gnu::always_inline]] inline numeric::Doubles load_lanes(std::span<const double> in,
                                                          double padding) {
  numeric::Doubles lanes = numeric::splat(padding);
  if (in.size() >= numeric::kLanes) {
    std::memcpy(&lanes, in.data(), sizeof lanes);
  } else {
    for (std::size_t j = 0; j < in.size(); ++j)
      lanes[j] = in[j];
  }
  return lanes;
}

// Weights w_i = e^{u_i − max u} four providers at a time (ineligible lanes −∞ → 0), written to
// `weight`; returns Σ w and Σ w a. Inlined into each kernel, so each is compiled for each target.
[[gnu::always_inline]] inline std::pair<double, double> logit_weights(
    std::span<const double> utility_of, double max_utility, std::span<const double> affinity_weight,
    std::span<double> weight_out) {
  using numeric::Doubles;
  using numeric::kLanes;
  const std::size_t providers = utility_of.size();
  Doubles single_lanes = numeric::splat(0.0);
  Doubles second_lanes = numeric::splat(0.0);
  for (std::size_t first = 0; first < providers; first += kLanes) {
    // Subtracting the largest utility keeps e^u finite (the logit is shift-invariant).
    const Doubles shifted =
        load_lanes(utility_of.subspan(first), -std::numeric_limits<double>::infinity()) -
        max_utility;
    const Doubles affinity = load_lanes(affinity_weight.subspan(first), 0.0);
    const Doubles weight = numeric::exp_nonpositive(shifted);
    single_lanes += weight;
    second_lanes += weight * affinity;
    store_lanes(weight, weight_out.subspan(first));
  }
  // Lane sums in a fixed order, so the totals do not depend on the vector width.
  return {(single_lanes[0] + single_lanes[1]) + (single_lanes[2] + single_lanes[3]),
          (second_lanes[0] + second_lanes[1]) + (second_lanes[2] + second_lanes[3])};
}

}  // namespace

// Compiled for AVX-512, AVX2 and the x86-64 baseline and chosen at run time; the same IEEE
// operations lane by lane every way, so the same probabilities.
CLOUDSIM_LANE_CLONES
void choice_probabilities(std::span<const double> utility_of, double max_utility,
                          std::span<const double> affinity_weight, double second_cloud,
                          std::span<double> choice) {
  using numeric::Doubles;
  using numeric::kLanes;
  const std::size_t providers = utility_of.size();
  if (max_utility == -std::numeric_limits<double>::infinity()) {
    std::fill(choice.begin(), choice.end(), 0.0);  // nobody can win this segment's pool
    return;
  }
  // The weights stay in `choice` until the totals are known.
  const auto [single_total, second_total] =
      logit_weights(utility_of, max_utility, affinity_weight, choice);
  const double single_scale = (1.0 - second_cloud) / single_total;
  const double second_scale = second_cloud / second_total;
  for (std::size_t first = 0; first < providers; first += kLanes) {
    const Doubles affinity = load_lanes(affinity_weight.subspan(first), 0.0);
    const Doubles weight = load_lanes(choice.subspan(first), 0.0);
    store_lanes(weight * (single_scale + second_scale * affinity), choice.subspan(first));
  }
}

CLOUDSIM_LANE_CLONES
void choice_probabilities_excluding_primary(std::span<const double> utility_of, double max_utility,
                                            std::span<const double> affinity_weight,
                                            double second_cloud, std::span<double> scratch,
                                            std::span<double> choice) {
  const std::size_t providers = utility_of.size();
  if (max_utility == -std::numeric_limits<double>::infinity()) {
    std::fill(choice.begin(), choice.end(), 0.0);  // nobody can win this segment's pool
    return;
  }
  // w_i stays in `choice` until it is overwritten by π_i, in the last loop, at the same index.
  const double single_total = logit_weights(utility_of, max_utility, affinity_weight, choice).first;
  const double single_scale = (1.0 - second_cloud) / single_total;
  if (second_cloud == 0.0) {
    // φ m = 0: π = π¹, the same numbers (to the bit) as choice_probabilities gives.
    for (std::size_t i = 0; i < providers; ++i)
      choice[i] *= single_scale;
    return;
  }
  // v_i = w_i a_i; π² is homogeneous of degree 0 in v, so the shifts of u and A do not matter.
  // π²_i = Σ_{j≠i} π¹_j v_i / d_j with d_j = Σ_{k≠j} v_k, = v_i Σ_{j≠i} t_j with t_j = π¹_j / d_j
  // (docs/model.md). The sums that leave one term out are a prefix plus a suffix of non-negative
  // terms, never a total less a term, so nothing cancels. The provider m with the largest v is
  // kept out of the t sums: d_j ≥ v_m for every j ≠ m, so those t_j stay finite, while d_m (the
  // rest of the market) may be tiny; m's customers are spread as π¹_m v_i / d_m, v_i / d_m ≤ 1.
  const std::span<double> after = scratch.subspan(0, providers);  // Σ_{k>j} v_k, then t_j
  const std::span<double> t_before = scratch.subspan(providers, providers);  // Σ_{j<i, j≠m} t_j
  std::size_t m = 0;
  double v_max = 0.0;
  double sum = 0.0;
  for (std::size_t j = providers; j-- > 0;) {
    after[j] = sum;
    const double v = choice[j] * affinity_weight[j];
    sum += v;
    if (v >= v_max) {
      v_max = v;
      m = j;
    }
  }
  if (v_max == 0.0) {
    // No eligible provider has a weight for the second slot (only with affinity weights that
    // underflow): nobody has a second cloud, each keeps that spend on its primary, π² = π¹.
    for (std::size_t i = 0; i < providers; ++i)
      choice[i] = choice[i] * single_scale + second_cloud * (choice[i] / single_total);
    return;
  }
  double v_before = 0.0;
  double rest_of_m = 0.0;  // d_m
  sum = 0.0;
  for (std::size_t j = 0; j < providers; ++j) {
    const double others = v_before + after[j];
    t_before[j] = sum;
    if (j == m) {
      rest_of_m = others;
      after[j] = 0.0;
    } else {
      after[j] = (choice[j] / single_total) / others;
      sum += after[j];
    }
    v_before += choice[j] * affinity_weight[j];
  }
  const double first_of_m = choice[m] / single_total;
  sum = 0.0;
  for (std::size_t i = providers; i-- > 0;) {
    const double v = choice[i] * affinity_weight[i];
    double second = v * (t_before[i] + sum);
    if (i != m) {
      if (v > 0.0)
        second += first_of_m * (v / rest_of_m);
    } else if (rest_of_m == 0.0) {
      // m is the only provider with a weight: its customers have no second cloud available and
      // keep that spend on m (every other primary's second cloud is m).
      second += first_of_m;
    }
    sum += after[i];
    choice[i] = choice[i] * single_scale + second_cloud * second;
  }
}

void initial_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise) {
  const double sigma = model.parameters().attraction_noise.volatility;
  for (std::size_t k = 0; k < noise.size(); ++k) {
    noise[k] = sigma * normals[k];
  }
}

void advance_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise) {
  const auto& p = model.parameters().attraction_noise;
  const double innovation_scale = p.volatility * std::sqrt(1.0 - p.persistence * p.persistence);
  for (std::size_t k = 0; k < noise.size(); ++k) {
    noise[k] = p.persistence * noise[k] + innovation_scale * normals[k];
  }
}

}  // namespace cloudsim::model
