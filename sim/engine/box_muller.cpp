#include "engine/box_muller.hpp"

#include <cmath>
#include <cstring>

#include "numeric/lanes.hpp"

namespace cloudsim::engine {
namespace {

// Eight lanes of single precision: the draws are rounded to float (a relative error below 10⁻⁶,
// far under any sampling error of the simulation), which halves the width of every operation
// and shortens the polynomials, and eight counters' words arrive together anyway. Sixteen lanes
// with AVX-512 were slower than eight (3.0 against 1.3 ns a normal on AMD Zen 5): the AVX-512
// version is these eight lanes with twice the registers.
using Floats = float __attribute__((vector_size(32)));
using Words32 = std::uint32_t __attribute__((vector_size(32)));
using Ints32 = std::int32_t __attribute__((vector_size(32)));
using Doubles = numeric::Doubles;
using Masks = numeric::Masks;

constexpr float kTwoPi = 6.28318530717958647692f;
constexpr float kLn2High = 0.693145751953125f;  // 15 significant bits: e · kLn2High is exact
constexpr float kLn2Low = 1.42860682030941723212e-6f;
constexpr float kSqrtHalf = 0.70710678118654752440f;
constexpr float kRoundFloat = 0x1.0p23f;  // (v + 2²³) − 2²³ rounds 0 ≤ v < 2²² to an integer

[[gnu::always_inline]] inline Floats splat(float x) {
  return Floats{x, x, x, x, x, x, x, x};
}
[[gnu::always_inline]] inline Floats select(Ints32 mask, Floats a, Floats b) {
  const auto m = std::bit_cast<Words32>(mask);
  return std::bit_cast<Floats>((std::bit_cast<Words32>(a) & m) | (std::bit_cast<Words32>(b) & ~m));
}

// (w + ½) 2⁻³² rounded to float once: ⌊w / 2⁸⌋ 2⁸ and (w mod 2⁸) + ½ are exact floats, and their
// sum is the only rounding. Relative error ≤ 2⁻²⁴; exact below 2²⁴, where the tail is.
[[gnu::always_inline]] inline Floats unit(Words32 w) {
  const Floats high = __builtin_convertvector(std::bit_cast<Ints32>(w >> 8), Floats) * 256.0f;
  const Floats low = __builtin_convertvector(std::bit_cast<Ints32>(w & 0xFFu), Floats) + 0.5f;
  return (high + low) * 0x1.0p-32f;
}

// For the angle 23 bits are plenty: (⌊w / 2⁹⌋ + ½) 2⁻²³, exact, by the exponent of 1.0.
[[gnu::always_inline]] inline Floats angle_unit(Words32 w) {
  return (std::bit_cast<Floats>((w >> 9) | 0x3F800000u) - 1.0f) + 0x1.0p-24f;
}

// ln u for u = (w + ½) 2⁻³² from the word itself. Where u ≥ ¾ the float u is too coarse (its 1 − u
// would be a multiple of 2⁻²⁴), so there ln u = ln(1 − v) with v = (w̄ + ½) 2⁻³², w̄ = 2³² − 1 − w,
// rounded as finely as any small u. Both as 2 atanh s: s = (m − 1)/(m + 1) for u = m 2ᵉ,
// m in [√½, √2), or s = −v / (2 − v); |s| ≤ 0.172, so s² ≤ 0.0295 and 2s Σ_{k<5} s^{2k}/(2k+1)
// is within 3·10⁻⁹ of 2 atanh s.
[[gnu::always_inline]] inline Floats log_unit(Words32 w) {
  const Ints32 near_one = std::bit_cast<Ints32>(w >= 0xC0000000u);  // u ≥ ¾
  const Floats t = unit(w ^ std::bit_cast<Words32>(near_one));      // u, or v where u ≥ ¾
  const Words32 bits = std::bit_cast<Words32>(t);
  Ints32 e = std::bit_cast<Ints32>(bits >> 23) - 127;
  Floats m = std::bit_cast<Floats>((bits & 0x007FFFFFu) | 0x3F800000u);  // [1, 2)
  const Ints32 above = m > splat(2.0f * kSqrtHalf);
  m = select(above, m * 0.5f, m);
  e = (e + (above & 1)) & ~near_one;
  const Floats numerator = select(near_one, -t, m - 1.0f);
  const Floats denominator = select(near_one, 2.0f - t, m + 1.0f);
  const Floats exponent = __builtin_convertvector(e, Floats);
  const Floats s = numerator / denominator;
  const Floats z = s * s;
  // Half Estrin: z² but never z⁴, which for a small z would be a subnormal float (a hundred
  // cycles each); z ≥ 2⁻⁵⁰ unless u is within 2⁻³⁰ of 1, so z² stays a normal float.
  const Floats z2 = z * z;
  const Floats series =
      (1.0f + z * (1.0f / 3)) + z2 * ((1.0f / 5 + z * (1.0f / 7)) + z2 * (1.0f / 9));
  return exponent * kLn2High + (exponent * kLn2Low + 2.0f * s * series);
}

// sin a and cos a for |a| ≤ π/4 by their Taylor series (truncation below 2·10⁻⁹).
// Horner's scheme again (|a| ≥ 3.7·10⁻⁷ here, but a⁸ would already be subnormal).
[[gnu::always_inline]] inline Floats sin_small(Floats a) {
  const Floats z = a * a;
  return a - a * z * (1.0f / 6 - z * (1.0f / 120 - z * (1.0f / 5040 - z * (1.0f / 362880))));
}
[[gnu::always_inline]] inline Floats cos_small(Floats a) {
  const Floats z = a * a;
  return 1.0f - z * (0.5f - z * (1.0f / 24 -
                                 z * (1.0f / 720 - z * (1.0f / 40320 - z * (1.0f / 3628800)))));
}

// Eight pairs: radius words a, angle words b → x = r cos θ, y = r sin θ.
[[gnu::always_inline]] inline void eight_pairs(Words32 a, Words32 b, Floats& x, Floats& y) {
  const Floats squared = -2.0f * log_unit(a);
  Floats radius;
  for (std::size_t j = 0; j < 8; ++j)
    radius[j] = std::sqrt(squared[j]);
  // θ = 2π u = q·π/2 + r with q the nearest quarter turn (0 … 4) and |r| ≤ π/4.
  const Floats turns = angle_unit(b) * 4.0f;
  const Floats q = (turns + kRoundFloat) - kRoundFloat;
  const Floats r = (turns - q) * (kTwoPi / 4.0f);
  const Floats s = sin_small(r);
  const Floats c = cos_small(r);
  // Rotate (cos r, sin r) by q quarter turns: 1 → (−s, c), 2 → (−c, −s), 3 → (s, −c).
  const Ints32 odd = (q == 1.0f) | (q == 3.0f);
  const Ints32 negate_cos = (q == 1.0f) | (q == 2.0f);
  const Ints32 negate_sin = (q == 2.0f) | (q == 3.0f);
  const Floats cosine = select(odd, s, c);
  const Floats sine = select(odd, c, s);
  x = radius * select(negate_cos, -cosine, cosine);
  y = radius * select(negate_sin, -sine, sine);
}

using Four = float __attribute__((vector_size(16)));
[[gnu::always_inline]] inline Doubles low_half(Floats x) {
  Four half;
  std::memcpy(&half, &x, sizeof half);
  return __builtin_convertvector(half, Doubles);
}
[[gnu::always_inline]] inline Doubles high_half(Floats x) {
  Four half;
  std::memcpy(&half, reinterpret_cast<const char*>(&x) + sizeof half, sizeof half);
  return __builtin_convertvector(half, Doubles);
}

// Four counters' normals (pair A: cos, sin; pair B: cos, sin; a lane per counter) in counter
// order: counter l gives A cos, A sin, B cos, B sin. A 4 × 4 transpose, by shuffles only.
[[gnu::always_inline]] inline void store_by_counter(Doubles a_cos, Doubles a_sin, Doubles b_cos,
                                                    Doubles b_sin, double* out) {
  const Doubles t0 = __builtin_shuffle(a_cos, a_sin, Masks{0, 4, 2, 6});  // Ac0 As0 Ac2 As2
  const Doubles t1 = __builtin_shuffle(a_cos, a_sin, Masks{1, 5, 3, 7});  // Ac1 As1 Ac3 As3
  const Doubles t2 = __builtin_shuffle(b_cos, b_sin, Masks{0, 4, 2, 6});
  const Doubles t3 = __builtin_shuffle(b_cos, b_sin, Masks{1, 5, 3, 7});
  const Doubles rows[4] = {
      __builtin_shuffle(t0, t2, Masks{0, 1, 4, 5}), __builtin_shuffle(t1, t3, Masks{0, 1, 4, 5}),
      __builtin_shuffle(t0, t2, Masks{2, 3, 6, 7}), __builtin_shuffle(t1, t3, Masks{2, 3, 6, 7})};
  std::memcpy(out, rows, sizeof rows);
}

}  // namespace

double unit_interval(std::uint32_t word) {
  return (static_cast<double>(word) + 0.5) * 0x1.0p-32;  // exact: 33 significant bits
}

double angle_interval(std::uint32_t word) {
  return (static_cast<double>(word >> 9) + 0.5) * 0x1.0p-23;
}

namespace detail {
namespace {

// Groups of eight counters (32 words, 32 normals); a last group of four puts its pairs A and B
// side by side in one set of eight lanes. Whole-vector loads and stores: lanes assembled one by
// one stall on store forwarding.
[[gnu::always_inline]] inline void normals_from(std::span<const std::uint32_t> words,
                                                std::span<double> out) {
  std::size_t first = 0;
  for (; first + 32 <= out.size(); first += 32) {
    const std::uint32_t* group = words.data() + first;
    // Pair A (words 0 and 1), then pair B (words 2 and 3), each through memory: computed side by
    // side, their live vectors outgrow AVX2's sixteen registers and spill, which made the whole a
    // third slower (2.2 against 1.5 ns a normal). The empty asm, which may read the scratch and
    // any memory, keeps B's loads after A's stores.
    alignas(32) float cos_sin[4][8];  // A cos, A sin, B cos, B sin
    for (std::size_t pair = 0; pair < 2; ++pair) {
      Words32 radius_words, angle_words;
      std::memcpy(&radius_words, group + 16 * pair, sizeof radius_words);
      std::memcpy(&angle_words, group + 16 * pair + 8, sizeof angle_words);
      Floats x, y;
      eight_pairs(radius_words, angle_words, x, y);
      std::memcpy(cos_sin[2 * pair], &x, sizeof x);
      std::memcpy(cos_sin[2 * pair + 1], &y, sizeof y);
      asm volatile("" : : "r"(cos_sin) : "memory");
    }
    Floats a_cos, a_sin, b_cos, b_sin;
    std::memcpy(&a_cos, cos_sin[0], sizeof a_cos);
    std::memcpy(&a_sin, cos_sin[1], sizeof a_sin);
    std::memcpy(&b_cos, cos_sin[2], sizeof b_cos);
    std::memcpy(&b_sin, cos_sin[3], sizeof b_sin);
    store_by_counter(low_half(a_cos), low_half(a_sin), low_half(b_cos), low_half(b_sin),
                     out.data() + first);
    store_by_counter(high_half(a_cos), high_half(a_sin), high_half(b_cos), high_half(b_sin),
                     out.data() + first + 16);
  }
  if (first < out.size()) {
    // Lanes 0 … 3: radius x0 and angle x1 of four counters; lanes 4 … 7: x2 and x3.
    const std::uint32_t* g = words.data() + first;
    const Words32 a{g[0], g[1], g[2], g[3], g[16], g[17], g[18], g[19]};
    const Words32 b{g[8], g[9], g[10], g[11], g[24], g[25], g[26], g[27]};
    Floats c, s;
    eight_pairs(a, b, c, s);
    store_by_counter(low_half(c), low_half(s), high_half(c), high_half(s), out.data() + first);
  }
}

// The same IEEE operations lane by lane in each, so the same draws.
void box_muller_baseline(std::span<const std::uint32_t> words, std::span<double> out) {
  normals_from(words, out);
}

#ifdef CLOUDSIM_VECTOR_VARIANTS
CLOUDSIM_TARGET_AVX2 void box_muller_avx2(std::span<const std::uint32_t> words,
                                          std::span<double> out) {
  normals_from(words, out);
}

CLOUDSIM_TARGET_AVX512 void box_muller_avx512(std::span<const std::uint32_t> words,
                                              std::span<double> out) {
  normals_from(words, out);
}
#endif

}  // namespace

BoxMuller box_muller_for(numeric::VectorIsa isa) {
  switch (isa) {
#ifdef CLOUDSIM_VECTOR_VARIANTS
    case numeric::VectorIsa::avx2:
      return box_muller_avx2;
    case numeric::VectorIsa::avx512:
      return box_muller_avx512;
#endif
    case numeric::VectorIsa::baseline:
      return box_muller_baseline;
    default:
      break;
  }
  return nullptr;
}

}  // namespace detail

void box_muller(std::span<const std::uint32_t> words, std::span<double> out) {
  static const detail::BoxMuller widest = detail::box_muller_for(numeric::widest_vector_isa());
  widest(words, out);
}

}  // namespace cloudsim::engine
