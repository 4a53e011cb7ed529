#include "engine/box_muller.hpp"

#include <cmath>
#include <cstring>

#include "numeric/lanes.hpp"

namespace cloudsim::engine {
namespace {

using numeric::as_doubles;
using numeric::as_words;
using numeric::Doubles;
using numeric::kLanes;
using numeric::kRound;
using numeric::Masks;
using numeric::select;
using numeric::splat;
using numeric::Words;

constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kLn2High = 6.93147180369123816490e-01;  // ln 2 split so e·kLn2High is exact
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kSqrt2 = 1.4142135623730950488;

[[gnu::always_inline]] inline Doubles uniform(Words word) {
  // 1 + k·2⁻⁵² from the exponent of 1.0 and 52 random mantissa bits, then shifted to (0, 1).
  const Doubles one_to_two = as_doubles((word >> 12) | 0x3FF0000000000000ULL);
  return (one_to_two - 1.0) + 0x1.0p-53;
}

// ln u for u in (0, 1): u = m·2ᵉ with m in [√½, √2), ln m = 2 atanh s, s = (m − 1)/(m + 1).
[[gnu::always_inline]] inline Doubles log_unit(Doubles u) {
  const Words bits = as_words(u);
  const Doubles biased_exponent =
      as_doubles((bits >> 52) | 0x4330000000000000ULL) - kRound;  // e + 1023, exact
  Doubles m = as_doubles((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);
  const Masks above = m > splat(kSqrt2);
  m = select(above, m * 0.5, m);
  const Doubles e = biased_exponent - 1023.0 + select(above, splat(1.0), splat(0.0));
  const Doubles s = (m - 1.0) / (m + 1.0);
  const Doubles z = s * s;  // ≤ 0.0295: 2 atanh s = 2s Σ z^k/(2k+1), twelve terms reach 1e−17
  Doubles series = splat(1.0 / 25.0);
  for (const double c : {1.0 / 23.0, 1.0 / 21.0, 1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0,
                         1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0}) {
    series = series * z + c;
  }
  const Doubles log_m = 2.0 * s + 2.0 * s * z * series;
  return e * kLn2High + (e * kLn2Low + log_m);
}

// sin and cos of a in [−π/4, π/4] by their Taylor series (errors below 1e−17).
[[gnu::always_inline]] inline Doubles sin_small(Doubles a) {
  const Doubles z = a * a;
  Doubles p = splat(-1.0 / 355687428096000.0);  // −1/17!
  for (const double c : {1.0 / 1307674368000.0, -1.0 / 6227020800.0, 1.0 / 39916800.0,
                         -1.0 / 362880.0, 1.0 / 5040.0, -1.0 / 120.0, 1.0 / 6.0}) {
    p = p * z + c;
  }
  return a - a * z * p;
}

[[gnu::always_inline]] inline Doubles cos_small(Doubles a) {
  const Doubles z = a * a;
  Doubles p = splat(1.0 / 20922789888000.0);  // 1/16!
  for (const double c : {-1.0 / 87178291200.0, 1.0 / 479001600.0, -1.0 / 3628800.0, 1.0 / 40320.0,
                         -1.0 / 720.0, 1.0 / 24.0, -0.5}) {
    p = p * z + c;
  }
  return 1.0 + z * p;
}

// Four pairs: radius words a, angle words b → x = r cos θ, y = r sin θ.
[[gnu::always_inline]] inline void four_pairs(Words a, Words b, Doubles& x, Doubles& y) {
  Doubles radius = -2.0 * log_unit(uniform(a));
  for (std::size_t j = 0; j < kLanes; ++j)
    radius[j] = std::sqrt(radius[j]);
  // θ = 2π u = q·π/2 + r with q the nearest quarter turn (0 … 4) and |r| ≤ π/4.
  const Doubles turns = uniform(b) * 4.0;
  const Doubles q = (turns + kRound) - kRound;
  const Doubles r = (turns - q) * (kTwoPi / 4.0);
  const Doubles s = sin_small(r);
  const Doubles c = cos_small(r);
  // Rotate (cos r, sin r) by q quarter turns: 1 → (−s, c), 2 → (−c, −s), 3 → (s, −c).
  const Masks odd = (q == 1.0) | (q == 3.0);
  const Masks negate_cos = (q == 1.0) | (q == 2.0);
  const Masks negate_sin = (q == 2.0) | (q == 3.0);
  const Doubles cosine = select(odd, s, c);
  const Doubles sine = select(odd, c, s);
  x = radius * select(negate_cos, -cosine, cosine);
  y = radius * select(negate_sin, -sine, sine);
}

}  // namespace

double unit_interval(std::uint64_t word) {
  return uniform(Words{word, word, word, word})[0];
}

// Compiled twice, for AVX2 and for the x86-64 baseline, and chosen at run time: the same IEEE
// operations either way (no contraction), so the same draws, at twice the speed where AVX2 is.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
void box_muller(std::span<const std::uint64_t> words, std::span<double> out) {
  // Whole-vector loads and stores: lanes assembled one by one would stall on store forwarding.
  for (std::size_t first = 0; first + 2 * kLanes <= words.size(); first += 2 * kLanes) {
    Words a, b;
    std::memcpy(&a, words.data() + first, sizeof a);
    std::memcpy(&b, words.data() + first + kLanes, sizeof b);
    Doubles x, y;
    four_pairs(a, b, x, y);
    std::memcpy(out.data() + first, &x, sizeof x);
    std::memcpy(out.data() + first + kLanes, &y, sizeof y);
  }
}

}  // namespace cloudsim::engine
