#include "model/customer_groups.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "model/allocation.hpp"
#include "model/attraction.hpp"
#include "model/capacity.hpp"
#include "model/choice_lanes.hpp"
#include "model/migration.hpp"
#include "numeric/lanes.hpp"

namespace cloudsim::model {

void group_weights(const MarketParameters& market, int quarter, std::span<double> weights) {
  std::vector<double> growth(market.customer_groups.size());
  for (std::size_t g = 0; g < growth.size(); ++g)
    growth[g] = group_growth(market.customer_groups[g].growth_offset, quarter);
  group_weights(market, growth, weights);
}

double group_growth(double growth_offset, int quarter) {
  return std::pow(1.0 + growth_offset, quarter / 4.0);
}

void group_weights(const MarketParameters& market, std::span<const double> growth,
                   std::span<double> weights) {
  const auto& groups = market.customer_groups;
  const std::size_t segments = market.segments.size();
  // The normalisation makes the shares' own scale irrelevant, so drawn shares need no separate
  // normalising; with one group w = x / x = 1 exactly.
  for (std::size_t s = 0; s < segments; ++s) {
    double total = 0.0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      weights[g * segments + s] = groups[g].share[s] * growth[g];
      total += weights[g * segments + s];
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      weights[g * segments + s] /= total;
    }
  }
}

CustomerGroupStep::CustomerGroupStep(const MarketModel& model)
    : model_(model),
      groups_(model.parameters().customer_groups.size()),
      segments_(model.segment_count()),
      providers_(model.provider_count()),
      rows_(groups_ * segments_),
      utility_(rows_ * providers_),
      churn_(rows_ * providers_),
      choice_(rows_ * providers_),
      eligible_(rows_ * providers_),
      kept_(rows_ * providers_),
      unserved_(rows_),
      scratch_(rows_ + providers_),
      weights_(rows_),
      part_(groups_),
      row_max_(rows_),
      rows_scratch_(choice_rows_scratch_size(providers_)),
      room_(providers_),
      growth_quarters_(static_cast<std::size_t>(std::max(model.parameters().quarters, 0)) + 1),
      growth_(groups_ * growth_quarters_, std::numeric_limits<double>::quiet_NaN()),
      growth_offset_(groups_, std::numeric_limits<double>::quiet_NaN()),
      growth_now_(groups_),
      serves_(groups_ * providers_),
      bonus_(providers_),
      weight_table_(growth_quarters_ * rows_),
      weights_known_(growth_quarters_, 0),
      table_inputs_(groups_ * (segments_ + 1)) {
  // Deployment and full_stack are not numbers, so no path draws them: one table for every path.
  const auto& p = model.parameters();
  for (std::size_t g = 0; g < groups_; ++g) {
    for (std::size_t i = 0; i < providers_; ++i) {
      serves_[g * providers_ + i] =
          p.customer_groups[g].deployment == Deployment::public_cloud || p.providers[i].full_stack
              ? 1
              : 0;
    }
  }
}

void CustomerGroupStep::weights_at(int quarter) {
  const auto& groups = model_.parameters().customer_groups;
  const auto q = static_cast<std::size_t>(quarter);
  if (q < growth_quarters_ && weights_known_[q] != 0) {
    weights_now_ = weight_table_.data() + q * rows_;
    return;
  }
  for (std::size_t g = 0; g < groups_; ++g) {
    const double offset = groups[g].growth_offset;
    if (q >= growth_quarters_) {
      growth_now_[g] = group_growth(offset, quarter);
      continue;
    }
    if (offset != growth_offset_[g]) {
      // A new o_g (drawn for this path): the quarters' factors of the old one no longer apply.
      growth_offset_[g] = offset;
      std::fill_n(growth_.begin() + static_cast<std::ptrdiff_t>(g * growth_quarters_),
                  growth_quarters_, std::numeric_limits<double>::quiet_NaN());
    }
    double& growth = growth_[g * growth_quarters_ + q];
    if (std::isnan(growth))
      growth = group_growth(offset, quarter);
    growth_now_[g] = growth;
  }
  group_weights(model_.parameters(), growth_now_, weights_);
  weights_now_ = weights_.data();
  if (q < growth_quarters_) {
    std::copy(weights_.begin(), weights_.end(),
              weight_table_.begin() + static_cast<std::ptrdiff_t>(q * rows_));
    weights_known_[q] = 1;
  }
}

void CustomerGroupStep::check_weight_table() {
  // The weights are a function of the quarter, the shares and the offsets alone, and these
  // change only from path to path (drawn inputs), never within one: compared here, once a path,
  // the quarters' weights are computed once for as long as the inputs stay the same (across
  // every path when they are not drawn) instead of once a quarter.
  const auto& groups = model_.parameters().customer_groups;
  bool same = true;
  for (std::size_t g = 0; g < groups_; ++g) {
    const auto& group = groups[g];
    double* const inputs = table_inputs_.data() + g * (segments_ + 1);
    same = same && std::memcmp(inputs, &group.growth_offset, sizeof(double)) == 0;
    inputs[0] = group.growth_offset;
    for (std::size_t s = 0; s < segments_; ++s) {
      same = same && std::memcmp(inputs + 1 + s, &group.share[s], sizeof(double)) == 0;
      inputs[1 + s] = group.share[s];
    }
  }
  if (!same) {
    std::fill(weights_known_.begin(), weights_known_.end(), 0);
  }
}

bool CustomerGroupStep::may_serve(std::size_t g, std::size_t i) const {
  return serves_[g * providers_ + i] != 0;
}

CLOUDSIM_LANE_CLONES
void CustomerGroupStep::sum_books(PathState& state) const {
  // R_{i,s} = ((R_{i,s,0} + R_{i,s,1}) + …) + C_{i,s}: the additions in the same order per cell
  // as one sum per cell, but four cells at a time, so that four of these chains of dependent
  // adds run side by side in registers (this runs three times a quarter).
  const std::size_t cells = segments_ * providers_;
  double* const revenue = state.revenue.data();
  const double* const books = state.group_revenue.data();
  const double* const captive = state.captive.empty() ? nullptr : state.captive.data();
  std::size_t k = 0;
  for (; k + 4 <= cells; k += 4) {
    double t0 = books[k], t1 = books[k + 1], t2 = books[k + 2], t3 = books[k + 3];
    for (std::size_t g = 1; g < groups_; ++g) {
      const double* const group = books + g * cells + k;
      t0 += group[0];
      t1 += group[1];
      t2 += group[2];
      t3 += group[3];
    }
    if (captive != nullptr) {
      t0 += captive[k];
      t1 += captive[k + 1];
      t2 += captive[k + 2];
      t3 += captive[k + 3];
    }
    revenue[k] = t0;
    revenue[k + 1] = t1;
    revenue[k + 2] = t2;
    revenue[k + 3] = t3;
  }
  for (; k < cells; ++k) {
    double total = books[k];
    for (std::size_t g = 1; g < groups_; ++g)
      total += books[g * cells + k];
    revenue[k] = captive == nullptr ? total : total + captive[k];
  }
}

void CustomerGroupStep::initialise(PathState& state) {
  const auto& p = model_.parameters();
  const std::size_t N = providers_;
  state.group_revenue.assign(rows_ * N, 0.0);
  state.group_demand.assign(rows_, 0.0);
  check_weight_table();
  weights_at(0);
  for (std::size_t s = 0; s < segments_; ++s) {
    double others = 0.0;
    for (std::size_t g = 0; g < groups_; ++g) {
      const std::size_t r = g * segments_ + s;
      // The last group takes the rest, so Σ_g D_{s,g} = D_s to one rounding.
      const double demand = g + 1 < groups_ ? state.demand[s] * weights_now_[r]
                                            : std::max(0.0, state.demand[s] - others);
      others += demand;
      state.group_demand[r] = demand;
      // R_{i,s}(0) w_{s,g}(0); the part of providers that may not serve the group goes to those
      // that may, pro rata to their books.
      double eligible_total = 0.0;
      double ineligible_total = 0.0;
      for (std::size_t i = 0; i < N; ++i) {
        const double book = state.revenue[s * N + i] * weights_now_[r];
        (may_serve(g, i) ? eligible_total : ineligible_total) += book;
        state.group_revenue[r * N + i] = may_serve(g, i) ? book : 0.0;
      }
      if (ineligible_total > 0.0 && eligible_total > 0.0) {
        const double scale = (eligible_total + ineligible_total) / eligible_total;
        for (std::size_t i = 0; i < N; ++i) {
          state.group_revenue[r * N + i] *= scale;
        }
      }
    }
  }
  initial_group_ecosystem(p, state.providers);
  sum_books(state);
}

void CustomerGroupStep::initial_group_ecosystem(const MarketParameters& market,
                                                std::span<ProviderState> providers) {
  for (std::size_t i = 0; i < providers.size(); ++i) {
    auto& bonus = providers[i].attributes.group_ecosystem;
    bonus.resize(market.customer_groups.size());
    for (std::size_t g = 0; g < bonus.size(); ++g) {
      bonus[g] = market.customer_groups[g].stronghold[i];
    }
  }
}

void CustomerGroupStep::choose(const PathState& state, std::span<const double> segment_utility,
                               std::span<const double> segment_churn,
                               std::span<const double> ecosystem_sensitivity,
                               std::span<const double> affinity_weight, double second_cloud,
                               bool independent) {
  const auto& p = model_.parameters();
  const std::size_t N = providers_;
  constexpr double kCannotChoose = -std::numeric_limits<double>::infinity();
  // Plain pointers, the table of who may serve whom, and each group's ΔE gathered per provider
  // first: the eligibility is stored through char, which may alias anything, so anything read
  // through a member or the state inside the loop was loaded again after every store (the row's
  // maximum even went through memory).
  const double* const u_of = segment_utility.data();
  const double* const churn_of = segment_churn.data();
  double* const utility = utility_.data();
  double* const churn = churn_.data();
  char* const eligible_of = eligible_.data();
  double* const bonus = bonus_.data();
  for (std::size_t g = 0; g < groups_; ++g) {
    const double multiplier = p.customer_groups[g].churn_multiplier;
    const char* const serves = serves_.data() + g * N;
    for (std::size_t i = 0; i < N; ++i)
      bonus[i] = state.providers[i].attributes.group_ecosystem[g];
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t r = g * segments_ + s;
      const double beta = ecosystem_sensitivity[s];
      double row_max = kCannotChoose;
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = r * N + i;
        const double u = u_of[s * N + i];
        const bool eligible = u != kCannotChoose && serves[i] != 0;
        // u_{i,s,g} = u_{i,s} + β_eco,s ΔE_{i,g}; the same η in every group.
        const double value = eligible ? u + beta * bonus[i] : kCannotChoose;
        utility[k] = value;
        churn[k] = eligible ? std::min(1.0, churn_of[s * N + i] * multiplier) : 1.0;
        eligible_of[k] = eligible ? 1 : 0;
        row_max = std::max(row_max, value);
      }
      row_max_[r] = row_max;
    }
  }
  if (!independent) {
    choice_rows_excluding_primary(rows_, utility_, row_max_, affinity_weight, second_cloud,
                                  rows_scratch_, choice_);
    return;
  }
  for (std::size_t r = 0; r < rows_; ++r) {
    const auto row = [&](auto& v) { return std::span(v).subspan(r * N, N); };
    choice_probabilities(row(utility_), row_max_[r], affinity_weight, second_cloud, row(choice_));
  }
}

// Built for AVX-512 and AVX2 too (the same IEEE operations in the same order): the row loops
// vectorise their products, and sum_books gets more registers (perf samples in these two on
// baseline, 20,000 paths: 444 → 361, docs/performance.md, eleventh pass).
CLOUDSIM_LANE_CLONES
void CustomerGroupStep::reallocate(int next_quarter, std::span<const double> demand_before,
                                   std::span<const double> released, PathState& state) {
  const std::size_t N = providers_;
  weights_at(next_quarter);
  for (std::size_t s = 0; s < segments_; ++s) {
    // Captive books sit outside the groups and grow with the segment (spec section 3); the
    // groups share what is left.
    double grouped = state.demand[s];
    if (!state.captive.empty()) {
      const double market_growth = state.demand[s] / demand_before[s];
      for (std::size_t i = 0; i < N; ++i) {
        state.captive[s * N + i] *= market_growth;
        grouped -= state.captive[s * N + i];
      }
      grouped = std::max(0.0, grouped);
    }
    // Captive spend released this quarter (its provider left) is the groups' demand at t too,
    // held by no book: spread pro rata to the groups' demand, it is contested in full.
    double grouped_before = 0.0;
    if (!released.empty() && released[s] > 0.0) {
      for (std::size_t g = 0; g < groups_; ++g)
        grouped_before += state.group_demand[g * segments_ + s];
    }
    double others = 0.0;
    for (std::size_t g = 0; g < groups_; ++g) {
      const std::size_t r = g * segments_ + s;
      const double after =
          g + 1 < groups_ ? grouped * weights_now_[r] : std::max(0.0, grouped - others);
      others += after;
      double before = state.group_demand[r];
      if (grouped_before > 0.0) {
        before += released[s] * (before / grouped_before);
      }
      const auto row = [&](auto& v) { return std::span(v).subspan(r * N, N); };
      auto books = row(state.group_revenue);
      if (before > 0.0) {
        // The kept books, before the pool is split, are what capacity may never cut.
        const double growth = after / before;
        for (std::size_t i = 0; i < N; ++i) {
          kept_[r * N + i] = (1.0 - churn_[r * N + i]) * books[i] * growth;
        }
        reallocate_segment(before, after, row(churn_), row(choice_), books);
      } else {
        // A group that held nothing (share 0 so far): all of it is contested.
        for (std::size_t i = 0; i < N; ++i) {
          kept_[r * N + i] = 0.0;
          books[i] = choice_[r * N + i] * after;
        }
      }
      state.group_demand[r] = after;
    }
  }
  sum_books(state);
}

void CustomerGroupStep::spread_migrations(int quarter, std::span<const double> moved,
                                          PathState& state) {
  const auto& p = model_.parameters();
  const std::size_t N = providers_;
  const std::size_t cells = segments_ * N;
  auto book = [&](std::size_t g, std::size_t s, int i) -> double& {
    return state.group_revenue[g * cells + s * N + static_cast<std::size_t>(i)];
  };
  for (std::size_t k = 0; k < p.migrations.size(); ++k) {
    const auto& m = p.migrations[k];
    const double delta = moved[k];
    if (delta == 0.0 || !migration_active(m, quarter)) {
      continue;
    }
    const std::size_t s = m.segment;
    // Spend that joins the receiver's captive book (docs/model.md, "Captive spend") is not in any
    // group: it leaves the source's groups, and new spend from self-build never enters them.
    const bool into_captive = m.to >= 0 && !m.contestable && !state.captive.empty();
    if (into_captive && m.from < 0) {
      continue;
    }
    if (m.from >= 0) {
      // Customers keep their group: taken pro rata to the source's group books, given in the same
      // group; a part the receiver may not serve stays with the source.
      double total = 0.0;
      for (std::size_t g = 0; g < groups_; ++g) {
        total += book(g, s, m.from);
      }
      for (std::size_t g = 0; g < groups_; ++g) {
        part_[g] =
            total > 0.0 ? std::min(book(g, s, m.from), delta * (book(g, s, m.from) / total)) : 0.0;
        if (m.to >= 0 && !into_captive && !may_serve(g, static_cast<std::size_t>(m.to))) {
          part_[g] = 0.0;
        }
      }
    } else {
      // New spend from self-build: pro rata to the receiver's group books, or to the demand of
      // the groups it may serve when it holds none.
      const auto to = static_cast<std::size_t>(m.to);
      double total = 0.0;
      for (std::size_t g = 0; g < groups_; ++g) {
        total += may_serve(g, to) ? book(g, s, m.to) : 0.0;
      }
      const bool by_book = total > 0.0;
      if (!by_book) {
        for (std::size_t g = 0; g < groups_; ++g) {
          total += may_serve(g, to) ? state.group_demand[g * segments_ + s] : 0.0;
        }
      }
      for (std::size_t g = 0; g < groups_; ++g) {
        const double basis = by_book ? book(g, s, m.to) : state.group_demand[g * segments_ + s];
        part_[g] = may_serve(g, to) && total > 0.0 ? delta * (basis / total) : 0.0;
      }
    }
    for (std::size_t g = 0; g < groups_; ++g) {
      if (m.from >= 0) {
        book(g, s, m.from) -= part_[g];
      } else {
        state.group_demand[g * segments_ + s] += part_[g];
      }
      if (into_captive || m.to < 0) {
        state.group_demand[g * segments_ + s] -= part_[g];
      } else {
        book(g, s, m.to) += part_[g];
      }
    }
  }
  sum_books(state);
}

void CustomerGroupStep::enforce_capacity(std::span<const double> capacity, PathState& state) {
  std::span<const double> room = capacity;
  if (!state.captive.empty()) {
    // Capacity never cuts a captive book: the group rows share what the captive books leave.
    for (std::size_t i = 0; i < providers_; ++i) {
      double held = 0.0;
      for (std::size_t s = 0; s < segments_; ++s) {
        held += state.captive[s * providers_ + i];
      }
      room_[i] = std::max(0.0, capacity[i] - held);
    }
    room = room_;
  }
  model::enforce_capacity({rows_, providers_, kept_, choice_, eligible_, room, scratch_},
                          state.group_revenue, state.group_demand, unserved_);
  for (std::size_t s = 0; s < segments_; ++s) {
    double unserved = unserved_[s];
    for (std::size_t g = 1; g < groups_; ++g) {
      unserved += unserved_[g * segments_ + s];
    }
    state.unserved[s] = unserved;
    state.demand[s] -= unserved;
  }
  sum_books(state);
}

}  // namespace cloudsim::model
