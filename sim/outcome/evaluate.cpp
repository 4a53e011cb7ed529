#include "outcome/evaluate.hpp"

#include <cassert>
#include <limits>

namespace cloudsim::outcome {
namespace {

// Σ over the segments a name stands for (one, a `+` set, or all of them).
template <typename Read>
double over_segments(const Name& segment, const MarketView& view, Read read) {
  if (segment.index == kSegmentSet) {
    double total = 0.0;
    for (const std::size_t s : segment.members)
      total += read(s);
    return total;
  }
  if (segment.index != kAllSegments)
    return read(segment.index);
  double total = 0.0;
  for (std::size_t s = 0; s < view.segments(); ++s)
    total += read(s);
  return total;
}

// Σ over `span` periods ending at `last` (a year read on quarters; one period otherwise).
template <typename Read>
double over_periods(std::size_t last, std::size_t span, Read read) {
  if (span == 1)
    return read(last);  // as before years were read on quarters, to the bit
  double total = 0.0;
  for (std::size_t p = last + 1 - span; p <= last; ++p)
    total += read(p);
  return total;
}

}  // namespace

double evaluate(const Quantity& quantity, const MarketView& view, std::size_t current) {
  const std::size_t period = quantity.period ? quantity.period->index : current;
  const std::size_t span = quantity.period ? quantity.period->span : 1;
  assert(period != kUnresolved && "resolve() before evaluate()");
  const auto demand_at = [&](std::size_t p) {
    return over_segments(*quantity.segment, view, [&](std::size_t s) { return view.demand(s, p); });
  };
  // The provider `all` is the market total: Σ over providers, which is the served demand.
  const auto revenue_at = [&](std::size_t p) {
    if (quantity.provider->index == kAllProviders)
      return demand_at(p);
    return over_segments(*quantity.segment, view, [&](std::size_t s) {
      return view.revenue(s, quantity.provider->index, p);
    });
  };
  switch (quantity.kind) {
    case QuantityKind::share: {
      const double demand = over_periods(period, span, demand_at);
      return demand > 0.0 ? over_periods(period, span, revenue_at) / demand : 0.0;
    }
    case QuantityKind::revenue:
      return over_periods(period, span, revenue_at);
    case QuantityKind::profit:
      return over_periods(period, span,
                          [&](std::size_t p) { return view.profit(quantity.provider->index, p); });
    case QuantityKind::cumulative_profit:
      return view.cumulative_profit(quantity.provider->index, period);
    case QuantityKind::growth: {
      const auto back = static_cast<std::size_t>(quantity.quarters / quantity.quarters_per_period);
      if (period + 1 < span + back)
        return std::numeric_limits<double>::quiet_NaN();
      const double before = over_periods(period - back, span, revenue_at);
      return before > 0.0 ? over_periods(period, span, revenue_at) / before - 1.0
                          : std::numeric_limits<double>::quiet_NaN();
    }
    case QuantityKind::price:
      return view.price(quantity.provider->index, period);
    case QuantityKind::demand:
      return over_periods(period, span, demand_at);
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
