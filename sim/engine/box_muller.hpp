#pragma once
// Pairs of random 64-bit words → pairs of independent N(0,1) draws (Box–Muller), written as
// straight-line arithmetic over arrays so the compiler vectorises it: no libm call, no branch.
// log and sin/cos are our own polynomials (a few ulp from the correctly rounded values, which
// the normality tests cannot see); every operation is an IEEE-754 add, multiply, divide or
// square root (floating-point contraction is off), so the draws are the same on every x86-64
// machine and vector width.
//
// A word w gives the uniform u = (⌊w / 2¹²⌋ + ½) · 2⁻⁵² in (0, 1), never 0 or 1. Words go in
// groups of eight: words j and j + 4 of a group (j = 0 … 3) give out[j] = r cos θ and
// out[j + 4] = r sin θ, with r = √(−2 ln u) from word j and θ = 2π u from word j + 4.

#include <cstdint>
#include <span>

namespace cloudsim::engine {

// words.size() == out.size(), a multiple of 8.
void box_muller(std::span<const std::uint64_t> words, std::span<double> out);

// The uniform a word maps to (exposed for tests).
double unit_interval(std::uint64_t word);

}  // namespace cloudsim::engine
