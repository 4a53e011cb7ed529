#include "model/path_view.hpp"

#include <limits>

namespace cloudsim::model {
namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

}  // namespace

PathView::PathView(const PathState& state, std::span<const double> prices, std::size_t segments,
                   std::size_t providers, std::size_t current)
    : state_(state),
      prices_(prices),
      segments_(segments),
      providers_(providers),
      current_(current) {}

std::span<const double> PathView::revenue_at(std::size_t period) const {
  const std::size_t cells = segments_ * providers_;
  if (period == current_) {
    return state_.revenue;
  }
  if (period < current_ && (period + 1) * cells <= state_.revenue_history.size()) {
    return std::span<const double>(state_.revenue_history).subspan(period * cells, cells);
  }
  return {};
}

double PathView::revenue(std::size_t segment, std::size_t provider, std::size_t period) const {
  const auto revenue = revenue_at(period);
  return revenue.empty() ? kUnknown : revenue[segment * providers_ + provider];
}

double PathView::demand(std::size_t segment, std::size_t period) const {
  const auto revenue = revenue_at(period);
  if (revenue.empty()) {
    return kUnknown;
  }
  double served = 0.0;
  for (std::size_t i = 0; i < providers_; ++i) {
    served += revenue[segment * providers_ + i];
  }
  return served;
}

double PathView::profit(std::size_t provider, std::size_t period) const {
  return period == current_ ? state_.providers[provider].profit : kUnknown;
}

double PathView::cumulative_profit(std::size_t provider, std::size_t period) const {
  return period == current_ ? state_.providers[provider].cumulative_profit : kUnknown;
}

double PathView::price(std::size_t provider, std::size_t period) const {
  return period == current_ ? prices_[provider] : kUnknown;
}

}  // namespace cloudsim::model
