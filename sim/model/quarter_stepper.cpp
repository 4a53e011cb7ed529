#include "model/quarter_stepper.hpp"

#include "model/allocation.hpp"
#include "model/attraction.hpp"
#include "model/demand.hpp"
#include "model/multi_cloud.hpp"

namespace cloudsim::model {

QuarterStepper::QuarterStepper(const MarketModel& model)
    : model_(model),
      cells_(model.segment_count() * model.provider_count()),
      choice_(model.provider_count()) {}

void QuarterStepper::initialise(std::span<const double> attraction_normals,
                                PathState& state) const {
  const auto& p = model_.parameters();
  const std::size_t segments = model_.segment_count();
  const std::size_t providers = model_.provider_count();
  state.demand.resize(segments);
  state.revenue.resize(cells_);
  state.attraction_noise.resize(cells_);
  for (std::size_t s = 0; s < segments; ++s) {
    // Shares are normalised to sum to 1, so that D(0) is the configured size even when uncertain
    // shares are drawn independently. D(0) is then the sum of the books, so that Σ R = D holds
    // from the first quarter.
    const bool from_revenue = p.segments[s].books_from_revenue;
    double share_total = 0.0;
    for (std::size_t i = 0; i < providers; ++i) {
      share_total += p.providers[i].segments[s].initial_share;
    }
    double total = 0.0;
    for (std::size_t i = 0; i < providers; ++i) {
      const auto& cell = p.providers[i].segments[s];
      const double book = from_revenue
                              ? cell.initial_revenue
                              : p.segments[s].initial_demand * (cell.initial_share / share_total);
      state.revenue[model_.cell(s, i)] = book;
      total += book;
    }
    state.demand[s] = total;
  }
  state.multi_cloud_adoption = p.multi_cloud.initial_adoption;
  initial_attraction_noise(model_, attraction_normals, state.attraction_noise);
}

void QuarterStepper::advance(int quarter, std::span<const double> demand_normals,
                             std::span<const double> attraction_normals, PathState& state) {
  const std::size_t segments = model_.segment_count();
  const std::size_t providers = model_.provider_count();
  demand_before_.assign(state.demand.begin(), state.demand.end());
  advance_demand(model_, quarter, demand_normals, state.demand);
  for (std::size_t s = 0; s < segments; ++s) {
    choice_probabilities(model_, s, state.attraction_noise, state.multi_cloud_adoption, choice_);
    reallocate_segment(demand_before_[s], state.demand[s], model_.churn_rates(s), choice_,
                       std::span<double>(state.revenue).subspan(s * providers, providers));
  }
  advance_attraction_noise(model_, attraction_normals, state.attraction_noise);
  state.multi_cloud_adoption =
      next_multi_cloud_adoption(model_.parameters().multi_cloud, state.multi_cloud_adoption);
}

}  // namespace cloudsim::model
