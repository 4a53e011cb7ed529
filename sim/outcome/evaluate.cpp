#include "outcome/evaluate.hpp"

#include <cassert>
#include <limits>

namespace cloudsim::outcome {
namespace {

// Σ over the segments a name stands for (one, or all of them).
template <typename Read>
double over_segments(const Name& segment, const MarketView& view, Read read) {
  if (segment.index != kAllSegments)
    return read(segment.index);
  double total = 0.0;
  for (std::size_t s = 0; s < view.segments(); ++s)
    total += read(s);
  return total;
}

}  // namespace

double evaluate(const Quantity& quantity, const MarketView& view, std::size_t current) {
  const std::size_t period = quantity.period ? quantity.period->index : current;
  assert(period != kUnresolved && "resolve() before evaluate()");
  const auto revenue_at = [&](std::size_t p) {
    return over_segments(*quantity.segment, view, [&](std::size_t s) {
      return view.revenue(s, quantity.provider->index, p);
    });
  };
  switch (quantity.kind) {
    case QuantityKind::share: {
      const double demand = over_segments(*quantity.segment, view,
                                          [&](std::size_t s) { return view.demand(s, period); });
      return demand > 0.0 ? revenue_at(period) / demand : 0.0;
    }
    case QuantityKind::revenue:
      return revenue_at(period);
    case QuantityKind::profit:
      return view.profit(quantity.provider->index, period);
    case QuantityKind::cumulative_profit:
      return view.cumulative_profit(quantity.provider->index, period);
    case QuantityKind::growth: {
      const auto back = static_cast<std::size_t>(quantity.quarters);
      if (period < back)
        return std::numeric_limits<double>::quiet_NaN();
      const double before = revenue_at(period - back);
      return before > 0.0 ? revenue_at(period) / before - 1.0
                          : std::numeric_limits<double>::quiet_NaN();
    }
    case QuantityKind::price:
      return view.price(quantity.provider->index, period);
    case QuantityKind::demand:
      return over_segments(*quantity.segment, view,
                           [&](std::size_t s) { return view.demand(s, period); });
  }
  return std::numeric_limits<double>::quiet_NaN();
}

bool evaluate(const Condition& condition, const MarketView& view, std::size_t current) {
  const double value = evaluate(condition.quantity, view, current);
  switch (condition.comparison) {
    case Comparison::at_least:
      return value >= condition.threshold;
    case Comparison::at_most:
      return value <= condition.threshold;
    case Comparison::above:
      return value > condition.threshold;
    case Comparison::below:
      return value < condition.threshold;
  }
  return false;
}

double evaluate(const Outcome& outcome, const MarketView& view, std::size_t current) {
  if (const auto* condition = std::get_if<Condition>(&outcome.measure))
    return evaluate(*condition, view, current) ? 1.0 : 0.0;
  return evaluate(std::get<Quantity>(outcome.measure), view, current);
}

}  // namespace cloudsim::outcome
