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
  // series = Σ_{k=1}^{12} z^{k−1}/(2k+1), summed by Estrin's scheme (pairs, then pairs of pairs):
  // its chain of dependent operations is 8 long where Horner's is 22, and this loop is bound by
  // that chain, not by the number of operations.
  const Doubles z2 = z * z;
  const Doubles z4 = z2 * z2;
  const Doubles z8 = z4 * z4;
  const auto pair = [&z](double c0, double c1) { return c0 + c1 * z; };
  const Doubles series = ((pair(1.0 / 3, 1.0 / 5) + pair(1.0 / 7, 1.0 / 9) * z2) +
                          (pair(1.0 / 11, 1.0 / 13) + pair(1.0 / 15, 1.0 / 17) * z2) * z4) +
                         (pair(1.0 / 19, 1.0 / 21) + pair(1.0 / 23, 1.0 / 25) * z2) * z8;
  const Doubles log_m = 2.0 * s + 2.0 * s * z * series;
  return e * kLn2High + (e * kLn2Low + log_m);
}

// Σ_{k=0}^{7} c_k z^k by Estrin's scheme (a chain of 6 dependent operations, Horner's 14).
[[gnu::always_inline]] inline Doubles eight_terms(Doubles z, const double (&c)[8]) {
  const Doubles z2 = z * z;
  const Doubles z4 = z2 * z2;
  const auto pair = [&z](double c0, double c1) { return c0 + c1 * z; };
  return (pair(c[0], c[1]) + pair(c[2], c[3]) * z2) +
         (pair(c[4], c[5]) + pair(c[6], c[7]) * z2) * z4;
}

// sin and cos of a in [−π/4, π/4] by their Taylor series (errors below 1e−17).
[[gnu::always_inline]] inline Doubles sin_small(Doubles a) {
  const Doubles z = a * a;
  // sin a = a − a z (1/3! − z/5! + … − z⁷/17!)
  constexpr double c[8] = {
      1.0 / 6.0,        -1.0 / 120.0,        1.0 / 5040.0,          -1.0 / 362880.0,
      1.0 / 39916800.0, -1.0 / 6227020800.0, 1.0 / 1307674368000.0, -1.0 / 355687428096000.0};
  return a - a * z * eight_terms(z, c);
}

[[gnu::always_inline]] inline Doubles cos_small(Doubles a) {
  const Doubles z = a * a;
  // cos a = 1 + z (−1/2! + z/4! − … + z⁷/16!)
  constexpr double c[8] = {-0.5,
                           1.0 / 24.0,
                           -1.0 / 720.0,
                           1.0 / 40320.0,
                           -1.0 / 3628800.0,
                           1.0 / 479001600.0,
                           -1.0 / 87178291200.0,
                           1.0 / 20922789888000.0};
  return 1.0 + z * eight_terms(z, c);
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
