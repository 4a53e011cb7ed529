#pragma once
// Random 32-bit words → independent N(0,1) draws by Box–Muller, written as straight-line
// arithmetic over vectors so the compiler vectorises it: no libm call, no branch. log and sin/cos
// are our own polynomials (a few ulp from the correctly rounded values, which the normality tests
// cannot see); every operation is an IEEE-754 add, multiply, divide or square root
// (floating-point contraction is off), so the draws are the same on every x86-64 machine and
// vector width.
//
// A radius word w gives the uniform u = (w + ½) 2⁻³² in (0, 1), never 0 or 1; an angle word the
// uniform a = (⌊w / 2⁹⌋ + ½) 2⁻²³ (23 bits are plenty for an angle). Each Philox counter gives
// four words x0 … x3 and four normals: r cos θ, r sin θ with r = √(−2 ln u(x0)), θ = 2π a(x1),
// then the same from x2 (radius) and x3 (angle). The smallest u, 2⁻³³, caps |z| at
// √(66 ln 2) ≈ 6.76: the normal's mass beyond, 1.4·10⁻¹¹, is never drawn.

#include <cstdint>
#include <span>

#include "numeric/vector_isa.hpp"

namespace cloudsim::engine {

// words: groups of 32 as philox4x32_10_lanes writes them (word m of counter 8g + l at
// 32g + 8m + l); out[4c + k] is normal k of counter c. out.size() is a multiple of 16 (four
// counters) and words covers those counters.
void box_muller(std::span<const std::uint32_t> words, std::span<double> out);

namespace detail {
// The versions box_muller chooses between (numeric/vector_isa.hpp), for the tests: the same
// draws from each; nullptr for a version this build does not have.
using BoxMuller = void (*)(std::span<const std::uint32_t> words, std::span<double> out);
[[nodiscard]] BoxMuller box_muller_for(numeric::VectorIsa isa);
}  // namespace detail

// The uniform a word stands for, (w + ½) 2⁻³², exactly, in double (uniform_at's draw; the
// radius uses it rounded to float).
double unit_interval(std::uint32_t word);

// The uniform an angle word stands for, (⌊w / 2⁹⌋ + ½) 2⁻²³ (exact in float).
double angle_interval(std::uint32_t word);

}  // namespace cloudsim::engine
