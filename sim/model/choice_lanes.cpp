#include "model/choice_lanes.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "model/attraction.hpp"
#include "numeric/exp_lanes.hpp"
#include "numeric/vector_isa.hpp"

namespace cloudsim::model {
namespace {

using numeric::Doubles;
using numeric::kLanes;
using numeric::load;
using numeric::Masks;
using numeric::select;
using numeric::splat;
using numeric::store;

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// One vector per provider in the scratch: the weights w, v = w a, the sums after j (then t_j),
// and the sums of t before i.
constexpr std::size_t kColumns = 4;

// Lane k of a block holds row row[k] (a block that runs past the last row repeats it, and writes
// the same values to it again): rows one after the other, provider by provider, as a path's segment
// or group rows are. Four rows (Doubles) or eight (Doubles8, AVX-512 only).
template <class Vector, std::size_t kWidth>
[[gnu::always_inline]] inline Vector gather(const double* values, std::size_t stride,
                                            const std::size_t (&row)[kWidth], std::size_t j) {
  Vector lanes;
  for (std::size_t k = 0; k < kWidth; ++k)
    lanes[k] = values[row[k] * stride + j];
  return lanes;
}

// Each kind of block also says what its lanes' affinity weights and second-cloud share s₂ m(t)
// are: one path's for rows apart, each path's own for the interleaved rows of four paths.
template <class Vector>
struct RowsApart {
  static constexpr std::size_t kWidth = numeric::kLanesOf<Vector>;
  const double* utility;
  const double* max_utility;
  double* choice;
  std::size_t providers;
  const double* affinity_weight;  // per provider, every row's
  double second_cloud;
  std::size_t row[kWidth];
  [[nodiscard, gnu::always_inline]] Vector affinity_weight_of(std::size_t j) const {
    return numeric::splat_lanes<Vector>(affinity_weight[j]);
  }
  [[nodiscard, gnu::always_inline]] Vector second_cloud_of() const {
    return numeric::splat_lanes<Vector>(second_cloud);
  }
  [[nodiscard, gnu::always_inline]] bool no_second_cloud() const { return second_cloud == 0.0; }
  [[nodiscard, gnu::always_inline]] Vector utility_of(std::size_t j) const {
    return gather<Vector>(utility, providers, row, j);
  }
  [[nodiscard, gnu::always_inline]] Vector max_utility_of() const {
    return gather<Vector>(max_utility, 1, row, 0);
  }
  [[gnu::always_inline]] void put(std::size_t j, Vector pi) const {
    for (std::size_t k = 0; k < kWidth; ++k)
      choice[row[k] * providers + j] = pi[k];
  }
};

// … or interleaved, [provider][lane] (four paths' rows of the same segment, LockstepStepper).
struct RowsInterleaved {
  const double* utility;          // the block's 4 × providers values
  const double* max_utility;      // its 4
  double* choice;                 // its 4 × providers
  const double* affinity_weight;  // [provider][lane]: each path's
  const double* second_cloud;     // [lane]
  [[nodiscard]] Doubles utility_of(std::size_t j) const { return load(utility + kLanes * j); }
  [[nodiscard]] Doubles max_utility_of() const { return load(max_utility); }
  void put(std::size_t j, Doubles pi) const { store(choice + kLanes * j, pi); }
  [[nodiscard]] Doubles affinity_weight_of(std::size_t j) const {
    return load(affinity_weight + kLanes * j);
  }
  [[nodiscard]] Doubles second_cloud_of() const { return load(second_cloud); }
  [[nodiscard]] bool no_second_cloud() const {
    return second_cloud[0] == 0.0 && second_cloud[1] == 0.0 && second_cloud[2] == 0.0 &&
           second_cloud[3] == 0.0;
  }
};

// Four rows interleaved from each of two consecutive blocks (eight rows, AVX-512): lanes 0–3 are
// block b's, lanes 4–7 block b + 1's, which starts block_size doubles further on.
struct RowsInterleavedPair {
  const double* utility;
  const double* max_utility;  // the two blocks' eight, one after the other
  double* choice;
  std::size_t block_size;
  const double* affinity_weight;  // [provider][lane]: the same four paths in both blocks
  const double* second_cloud;     // [lane]
  [[nodiscard]] numeric::Doubles8 affinity_weight_of(std::size_t j) const {
    const Doubles four = load(affinity_weight + kLanes * j);
    return __builtin_shufflevector(four, four, 0, 1, 2, 3, 0, 1, 2, 3);
  }
  [[nodiscard]] numeric::Doubles8 second_cloud_of() const {
    const Doubles four = load(second_cloud);
    return __builtin_shufflevector(four, four, 0, 1, 2, 3, 0, 1, 2, 3);
  }
  [[nodiscard]] bool no_second_cloud() const {
    return second_cloud[0] == 0.0 && second_cloud[1] == 0.0 && second_cloud[2] == 0.0 &&
           second_cloud[3] == 0.0;
  }
  [[nodiscard]] numeric::Doubles8 utility_of(std::size_t j) const {
    return __builtin_shufflevector(load(utility + kLanes * j),
                                   load(utility + block_size + kLanes * j), 0, 1, 2, 3, 4, 5, 6, 7);
  }
  [[nodiscard]] numeric::Doubles8 max_utility_of() const {
    return numeric::load_lanes<numeric::Doubles8>(max_utility);
  }
  void put(std::size_t j, numeric::Doubles8 pi) const {
    store(choice + kLanes * j, __builtin_shufflevector(pi, pi, 0, 1, 2, 3));
    store(choice + block_size + kLanes * j, __builtin_shufflevector(pi, pi, 4, 5, 6, 7));
  }
};

// One block of four rows (Doubles) or eight (Doubles8) of `providers` providers; returns, per
// lane, whether the row must be done by the scalar kernel instead (no provider can be chosen, or
// v_max = 0). Lanes whose s₂ m(t) is 0 among lanes whose is not take the general formula, which
// gives them the scalar kernel's shortcut to the bit: π¹ + 0 · (a finite second-slot term). It
// is finite while v_max > 1/DBL_MAX: v_max ≥ e^(A_k − A_max) for the row's best provider k, and
// the loader keeps every affinity within ±100 (value_range.hpp), so v_max ≥ e^−200. Affinities
// more than about 708 apart, possible only from code, would make it NaN.
template <class Vector, typename Rows>
[[gnu::always_inline]] inline typename numeric::LaneTypes<Vector>::Masks block(
    const Rows& rows, std::size_t providers, double* scratch) {
  using Mask = typename numeric::LaneTypes<Vector>::Masks;
  constexpr std::size_t kWidth = numeric::kLanesOf<Vector>;
  const auto splat = [](double x) __attribute__((always_inline)) {
    return numeric::splat_lanes<Vector>(x);
  };
  const auto select = [](Mask mask, Vector a, Vector b) __attribute__((always_inline)) {
    return numeric::select_lanes<Vector>(mask, a, b);
  };
  const auto load = [](const double* from) __attribute__((always_inline)) {
    return numeric::load_lanes<Vector>(from);
  };
  const auto store = [](double* to, Vector lanes) __attribute__((always_inline)) {
    std::memcpy(to, &lanes, sizeof lanes);
  };
  double* const w_of = scratch;
  double* const v_of = scratch + kWidth * providers;
  double* const after_of = scratch + 2 * kWidth * providers;
  double* const t_before_of = scratch + 3 * kWidth * providers;
  const auto at = [](double* column, std::size_t j) { return column + kWidth * j; };

  const Vector max_u = rows.max_utility_of();
  const Mask nobody = max_u == splat(kMinusInfinity);
  // Those rows are the scalar kernel's; a finite stand-in keeps NaN out of their lanes.
  const Vector shift = select(nobody, splat(0.0), max_u);
  // logit_weights in attraction.cpp sums the weights in four partial sums over providers, j into
  // sum j mod 4 (0 past the last provider), and then the sums pairwise: the same order here.
  constexpr std::size_t kPartialSums = 4;
  Vector partial[kPartialSums] = {splat(0.0), splat(0.0), splat(0.0), splat(0.0)};
  const std::size_t padded = (providers + kPartialSums - 1) / kPartialSums * kPartialSums;
  for (std::size_t j = 0; j < padded; ++j) {
    if (j < providers) {
      const Vector w = numeric::exp_lanes_nonpositive(rows.utility_of(j) - shift);
      store(at(w_of, j), w);
      partial[j % kPartialSums] += w;
    } else {
      partial[j % kPartialSums] += splat(0.0);
    }
  }
  const Vector single_total = (partial[0] + partial[1]) + (partial[2] + partial[3]);
  const Vector second_cloud = rows.second_cloud_of();
  const Vector single_scale = (splat(1.0) - second_cloud) / single_total;
  if (rows.no_second_cloud()) {
    for (std::size_t j = 0; j < providers; ++j)
      rows.put(j, load(at(w_of, j)) * single_scale);
    return nobody;
  }
  // The backward pass: Σ_{k>j} v_k, and m, the last provider with the largest v.
  Vector v_max = splat(0.0);
  Mask m = {};
  Vector w_m = splat(0.0);
  Vector sum = splat(0.0);
  for (std::size_t j = providers; j-- > 0;) {
    store(at(after_of, j), sum);
    const Vector w = load(at(w_of, j));
    const Vector v = w * rows.affinity_weight_of(j);
    store(at(v_of, j), v);
    sum += v;
    const Mask larger = v >= v_max;
    v_max = select(larger, v, v_max);
    w_m = select(larger, w, w_m);
    m = larger ? static_cast<std::int64_t>(j) : m;
  }
  const Mask scalar = nobody | (v_max == splat(0.0));
  // The forward pass: t_j = π¹_j / d_j for j ≠ m (0 for m), their sums before j, and d_m.
  Vector v_before = splat(0.0);
  Vector rest_of_m = splat(0.0);
  sum = splat(0.0);
  for (std::size_t j = 0; j < providers; ++j) {
    const Mask is_m = m == static_cast<std::int64_t>(j);
    const Vector others = v_before + load(at(after_of, j));
    store(at(t_before_of, j), sum);
    rest_of_m = select(is_m, others, rest_of_m);
    const Vector t = select(is_m, splat(0.0), (load(at(w_of, j)) / single_total) / others);
    store(at(after_of, j), t);
    sum += t;
    v_before += load(at(v_of, j));
  }
  const Vector first_of_m = w_m / single_total;
  sum = splat(0.0);
  for (std::size_t i = providers; i-- > 0;) {
    const Mask is_m = m == static_cast<std::int64_t>(i);
    const Vector v = load(at(v_of, i));
    const Vector second = v * (load(at(t_before_of, i)) + sum);
    // Other rows: + π¹_m v_i / d_m where v_i > 0; m: + π¹_m where it is the only weight.
    const Vector with_m = select(is_m, second + first_of_m, second + first_of_m * (v / rest_of_m));
    const Mask adds = is_m ? (rest_of_m == splat(0.0)) : (v > splat(0.0));
    sum += load(at(after_of, i));
    rows.put(i, load(at(w_of, i)) * single_scale + second_cloud * select(adds, with_m, second));
  }
  return scalar;
}

// Rows first … first + width − 1 (as many of them as there are) as one block of Doubles or
// Doubles8; the rows the lanes leave go through the scalar kernel.
template <class Vector>
[[gnu::always_inline]] inline void rows_apart_block(std::size_t first, std::size_t rows,
                                                    std::span<const double> utility,
                                                    std::span<const double> max_utility,
                                                    std::span<const double> affinity_weight,
                                                    double second_cloud, std::span<double> scratch,
                                                    std::span<double> choice) {
  const std::size_t providers = affinity_weight.size();
  RowsApart<Vector> block_rows{utility.data(),
                               max_utility.data(),
                               choice.data(),
                               providers,
                               affinity_weight.data(),
                               second_cloud,
                               {}};
  constexpr std::size_t kWidth = RowsApart<Vector>::kWidth;
  for (std::size_t k = 0; k < kWidth; ++k)
    block_rows.row[k] = std::min(first + k, rows - 1);
  const auto scalar = block<Vector>(block_rows, providers, scratch.data());
  for (std::size_t k = 0; k < kWidth && first + k < rows; ++k) {
    if (scalar[k] != 0) {
      const std::size_t r = first + k;
      choice_probabilities_excluding_primary(
          utility.subspan(r * providers, providers), max_utility[r], affinity_weight, second_cloud,
          scratch.subspan(0, 2 * providers), choice.subspan(r * providers, providers));
    }
  }
}

// Lane `lane` of block b (interleaved rows) through the scalar kernel with its path's affinity
// weights and s₂ m(t), and back: the rare rows the lanes leave to it. The scratch is free again:
// providers each for the row, its choice and its weights, 2 × providers for the kernel.
void scalar_lane(std::size_t b, std::size_t lane, std::size_t providers,
                 std::span<const double> utility, std::span<const double> max_utility,
                 std::span<const double> affinity_weight, std::span<const double> second_cloud,
                 std::span<double> scratch, std::span<double> choice) {
  const std::size_t block_size = kLanes * providers;
  const std::span<double> row = scratch.subspan(0, providers);
  const std::span<double> row_choice = scratch.subspan(providers, providers);
  const std::span<double> weights = scratch.subspan(2 * providers, providers);
  for (std::size_t j = 0; j < providers; ++j) {
    row[j] = utility[b * block_size + kLanes * j + lane];
    weights[j] = affinity_weight[kLanes * j + lane];
  }
  choice_probabilities_excluding_primary(row, max_utility[b * kLanes + lane], weights,
                                         second_cloud[lane],
                                         scratch.subspan(3 * providers, 2 * providers), row_choice);
  for (std::size_t j = 0; j < providers; ++j)
    choice[b * block_size + kLanes * j + lane] = row_choice[j];
}

#ifdef CLOUDSIM_VECTOR_VARIANTS
// Blocks two at a time, eight lanes to a vector: on a machine with full 512-bit units the same
// work in half the instructions. Returns how many blocks it did (an even number).
CLOUDSIM_TARGET_AVX512
std::size_t block_pairs_avx512(std::size_t blocks, std::size_t providers,
                               std::span<const double> utility, std::span<const double> max_utility,
                               std::span<const double> affinity_weight,
                               std::span<const double> second_cloud, std::span<double> scratch,
                               std::span<double> choice) {
  const std::size_t block_size = kLanes * providers;
  std::size_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    const RowsInterleavedPair pair{utility.data() + b * block_size, max_utility.data() + b * kLanes,
                                   choice.data() + b * block_size,  block_size,
                                   affinity_weight.data(),          second_cloud.data()};
    const numeric::Masks8 scalar = block<numeric::Doubles8>(pair, providers, scratch.data());
    for (std::size_t k = 0; k < 2 * kLanes; ++k) {
      if (scalar[k] != 0) {
        scalar_lane(b + k / kLanes, k % kLanes, providers, utility, max_utility, affinity_weight,
                    second_cloud, scratch, choice);
      }
    }
  }
  return b;
}

// Whether the kernels run eight lanes to a vector: on a machine with AVX-512 (decided once).
bool eight_lanes() {
  static const bool avx512 = numeric::widest_vector_isa() == numeric::VectorIsa::avx512;
  return avx512;
}

// Rows eight at a time while more than four are left (a path's 18 group rows: 8 + 8, then 2 in a
// block of four). Returns the first row it did not do.
CLOUDSIM_TARGET_AVX512
std::size_t row_octets_avx512(std::size_t rows, std::span<const double> utility,
                              std::span<const double> max_utility,
                              std::span<const double> affinity_weight, double second_cloud,
                              std::span<double> scratch, std::span<double> choice) {
  std::size_t first = 0;
  for (; first + kLanes < rows; first += 2 * kLanes) {
    rows_apart_block<numeric::Doubles8>(first, rows, utility, max_utility, affinity_weight,
                                        second_cloud, scratch, choice);
  }
  return first;
}
#endif

}  // namespace

std::size_t choice_rows_scratch_size(std::size_t providers) {
  // Room for eight lanes (block_pairs_avx512, row_octets_avx512).
  return kColumns * 2 * kLanes * providers;
}

// Compiled for AVX-512, AVX2 and the x86-64 baseline and chosen at run time; the same IEEE
// operations lane by lane every way, so the same probabilities.
CLOUDSIM_LANE_CLONES
void choice_rows_excluding_primary(std::size_t rows, std::span<const double> utility,
                                   std::span<const double> max_utility,
                                   std::span<const double> affinity_weight, double second_cloud,
                                   std::span<double> scratch, std::span<double> choice) {
  std::size_t first = 0;
#ifdef CLOUDSIM_VECTOR_VARIANTS
  if (eight_lanes()) {
    first = row_octets_avx512(rows, utility, max_utility, affinity_weight, second_cloud, scratch,
                              choice);
  }
#endif
  for (; first < rows; first += kLanes) {
    rows_apart_block<Doubles>(first, rows, utility, max_utility, affinity_weight, second_cloud,
                              scratch, choice);
  }
}

CLOUDSIM_LANE_CLONES
void choice_blocks_excluding_primary(std::size_t blocks, std::size_t providers,
                                     std::span<const double> utility,
                                     std::span<const double> max_utility,
                                     std::span<const double> affinity_weight,
                                     std::span<const double> second_cloud,
                                     std::span<double> scratch, std::span<double> choice) {
  const std::size_t block_size = kLanes * providers;
  std::size_t b = 0;
#ifdef CLOUDSIM_VECTOR_VARIANTS
  if (eight_lanes()) {
    b = block_pairs_avx512(blocks, providers, utility, max_utility, affinity_weight, second_cloud,
                           scratch, choice);
  }
#endif
  for (; b < blocks; ++b) {
    const RowsInterleaved block_rows{
        utility.data() + b * block_size, max_utility.data() + b * kLanes,
        choice.data() + b * block_size, affinity_weight.data(), second_cloud.data()};
    const Masks scalar = block<Doubles>(block_rows, providers, scratch.data());
    for (std::size_t k = 0; k < kLanes; ++k) {
      if (scalar[k] != 0) {
        scalar_lane(b, k, providers, utility, max_utility, affinity_weight, second_cloud, scratch,
                    choice);
      }
    }
  }
}

}  // namespace cloudsim::model
