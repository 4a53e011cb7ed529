#pragma once
// Model spec section 6: providers with a capacity cap. A provider over its cap gives back gains
// from the pool (never its kept book) until it fits; what it gives back is shared among the
// providers with headroom in proportion to π, repeatedly, until everything is placed or everyone
// is full. What cannot be placed is unserved demand, removed from the segment's demand.

#include <span>

namespace cloudsim::model {

// Relative slack within which a provider counts as full, so rounding cannot keep a loop going:
// enforce_capacity changes nothing unless a capped provider's revenue exceeds its cap by more
// than cap · kCapacitySlack (the test LockstepStepper makes before calling it for a path).
inline constexpr double kCapacitySlack = 1e-12;

struct CapacityInputs {
  std::size_t segments;
  std::size_t providers;
  std::span<const double> kept;      // books kept after churn, cell layout (segment-major)
  std::span<const double> choice;    // π, cell layout
  std::span<const char> eligible;    // present and active, cell layout
  std::span<const double> capacity;  // per provider, money per quarter; infinity when uncapped
  std::span<double> scratch;         // segments + providers doubles of working memory
};

// Adjusts `revenue` (cell layout) and `demand` (per segment) in place and writes the unserved
// demand per segment. Does nothing at all (not even rounding) when no provider exceeds its cap.
// A provider whose kept book alone exceeds its cap keeps that book and gains nothing.
void enforce_capacity(const CapacityInputs& inputs, std::span<double> revenue,
                      std::span<double> demand, std::span<double> unserved);

}  // namespace cloudsim::model
