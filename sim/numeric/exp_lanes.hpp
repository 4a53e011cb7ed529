#pragma once
// e^x for four x ≤ 0 at once, with IEEE adds and multiplies only, so the result is the same on
// every x86-64 machine and vector width (libm's exp may differ between versions, and it is a
// call per number). Within 2 ulp of libm's exp over [−708, 0] (tests/unit/logit_test.cpp); below
// e^−708 the result is 0 rather than a subnormal, which a logit weight cannot tell apart.

#include "numeric/lanes.hpp"

namespace cloudsim::numeric {

// Four or eight lanes (Doubles, or Doubles8 inside AVX-512 code): the same operations per lane.
template <class Vector>
[[gnu::always_inline]] inline Vector exp_lanes_nonpositive(Vector x) {
  using LaneWords = typename LaneTypes<Vector>::Words;
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2High = 6.93147180369123816490e-01;  // ln 2 split so n·kLn2High is exact
  constexpr double kLn2Low = 1.90821492927058770002e-10;
  constexpr double kShift = 0x1.8p52;  // (t + 1.5·2⁵²) − 1.5·2⁵² rounds |t| < 2⁵¹ to nearest
  constexpr std::uint64_t kShiftBits = 0x4338000000000000ULL;
  // x = n ln 2 + r with n an integer and |r| ≤ ln 2 / 2; e^x = 2ⁿ e^r.
  const Vector n = (x * kLog2e + kShift) - kShift;
  const Vector r = (x - n * kLn2High) - n * kLn2Low;
  // e^r by its Taylor series to r¹³/13! (the first term left out is below 5e−18), summed by
  // Estrin's scheme: pairs, then pairs of pairs, so the chain of dependent operations is 8 long
  // rather than Horner's 26, and four of these run side by side.
  const Vector r2 = r * r;
  const Vector r4 = r2 * r2;
  const Vector r8 = r4 * r4;
  const auto pair = [&r](double c0, double c1) { return c0 + c1 * r; };
  const Vector low = (pair(1.0, 1.0) + pair(1.0 / 2, 1.0 / 6) * r2) +
                     (pair(1.0 / 24, 1.0 / 120) + pair(1.0 / 720, 1.0 / 5040) * r2) * r4;
  const Vector high = (pair(1.0 / 40320, 1.0 / 362880) + pair(1.0 / 3628800, 1.0 / 39916800) * r2) +
                      pair(1.0 / 479001600, 1.0 / 6227020800) * r4;
  const Vector p = low + high * r8;
  // 2ⁿ from its exponent bits; n ≥ −1021 wherever x ≥ −708, so 2ⁿ is a normal number there.
  const LaneWords biased = (std::bit_cast<LaneWords>(n + kShift) - kShiftBits) + 1023;
  const Vector scale = std::bit_cast<Vector>(biased << 52);
  const auto underflow = x < splat_lanes<Vector>(-708.0);  // also −∞, whose n is NaN
  return select_lanes<Vector>(underflow, splat_lanes<Vector>(0.0), p * scale);
}

[[gnu::always_inline]] inline Doubles exp_nonpositive(Doubles x) {
  return exp_lanes_nonpositive(x);
}

}  // namespace cloudsim::numeric
