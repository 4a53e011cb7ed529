#pragma once
// Four doubles at a time with GCC/Clang vector extensions: arithmetic written once, every lane
// doing exactly the scalar IEEE operation (contraction is off project-wide), compiled to SSE2 or
// AVX code. Used where a loop must be vectorised on purpose: the normals and the logit weights.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

// These 32-byte vectors only pass between inlined functions, so GCC's note and Clang's warning
// that their calling convention differs with and without AVX do not matter.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

// A function whose lanes should be AVX's where the machine has them: compiled for x86-64-v4
// (AVX-512), AVX2 and the x86-64 baseline and chosen at run time, the same IEEE operations lane by
// lane every way (contraction is off, so x86-64-v4's FMA is never used). The vectors stay four
// doubles: what x86-64-v4 adds is 32 registers instead of 16 and mask registers for the
// selections, which the choice kernel's live vectors need (about +5% compute on bench/core.toml,
// docs/performance.md, sixth pass). SSE2 has no four-double vectors (GCC splits them, and their
// comparisons into scalar ones). Not under ASan, whose instrumentation GCC's clones do not take.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define CLOUDSIM_LANE_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define CLOUDSIM_LANE_CLONES
#endif

namespace cloudsim::numeric {

using Doubles = double __attribute__((vector_size(32)));
using Words = std::uint64_t __attribute__((vector_size(32)));
using Masks = std::int64_t __attribute__((vector_size(32)));
inline constexpr std::size_t kLanes = 4;

// Eight doubles: only inside functions built for AVX-512 (CLOUDSIM_TARGET_AVX512), where they are
// one register, and only where eight independent lanes are at hand (the choice kernel's rows).
using Doubles8 = double __attribute__((vector_size(64)));
using Words8 = std::uint64_t __attribute__((vector_size(64)));
using Masks8 = std::int64_t __attribute__((vector_size(64)));

// The words and masks of four or eight doubles, for code written once for both widths.
template <class Vector>
struct LaneTypes;
template <>
struct LaneTypes<Doubles> {
  using Words = numeric::Words;
  using Masks = numeric::Masks;
};
template <>
struct LaneTypes<Doubles8> {
  using Words = Words8;
  using Masks = Masks8;
};
template <class Vector>
inline constexpr std::size_t kLanesOf = sizeof(Vector) / sizeof(double);

// (v + 2⁵²) − 2⁵² rounds 0 ≤ v < 2⁵¹ to an integer, by IEEE rounding.
inline constexpr double kRound = 0x1.0p52;

[[gnu::always_inline]] inline Doubles splat(double x) {
  return Doubles{x, x, x, x};
}
[[gnu::always_inline]] inline Doubles as_doubles(Words w) {
  return std::bit_cast<Doubles>(w);
}
[[gnu::always_inline]] inline Words as_words(Doubles d) {
  return std::bit_cast<Words>(d);
}
// Four doubles from and to memory with memcpy: a Doubles is 16-byte aligned in code built for the
// x86-64 baseline and 32 in an AVX2 clone, so its memory must not be typed as Doubles.
[[gnu::always_inline]] inline Doubles load(const double* from) {
  Doubles lanes;
  std::memcpy(&lanes, from, sizeof lanes);
  return lanes;
}
[[gnu::always_inline]] inline void store(double* to, Doubles lanes) {
  std::memcpy(to, &lanes, sizeof lanes);
}
// mask ? a : b, lane by lane, by bits (exact).
[[gnu::always_inline]] inline Doubles select(Masks mask, Doubles a, Doubles b) {
  const Words m = std::bit_cast<Words>(mask);
  return as_doubles((as_words(a) & m) | (as_words(b) & ~m));
}

// The same three for either width.
template <class Vector>
[[gnu::always_inline]] inline Vector splat_lanes(double x) {
  Vector lanes;
  for (std::size_t k = 0; k < kLanesOf<Vector>; ++k)
    lanes[k] = x;
  return lanes;
}
template <class Vector>
[[gnu::always_inline]] inline Vector load_lanes(const double* from) {
  Vector lanes;
  std::memcpy(&lanes, from, sizeof lanes);
  return lanes;
}
template <class Vector>
[[gnu::always_inline]] inline Vector select_lanes(typename LaneTypes<Vector>::Masks mask, Vector a,
                                                  Vector b) {
  using W = typename LaneTypes<Vector>::Words;
  const W m = std::bit_cast<W>(mask);
  return std::bit_cast<Vector>((std::bit_cast<W>(a) & m) | (std::bit_cast<W>(b) & ~m));
}

}  // namespace cloudsim::numeric
