#include "engine/path_simulator.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/finite_check.hpp"
#include "engine/lane_records.hpp"
#include "engine/random_stream.hpp"
#include "model/events.hpp"
#include "model/growth_regimes.hpp"

namespace cloudsim::engine {

PathSimulator::PathSimulator(const model::MarketModel& model,
                             const uncertainty::UncertainInputs* uncertain, std::uint64_t seed,
                             const ConditionedHistories* histories, Stepping stepping)
    : model_(model),
      uncertain_(uncertain != nullptr && !uncertain->empty() ? uncertain : nullptr),
      seed_(seed),
      histories_(histories),
      stepper_(model_),  // the copy: per-path draws are written into it
      demand_normals_(stepper_.demand_normals_per_step()),
      attraction_normals_(stepper_.attraction_normals_per_step()),
      regime_normals_(model_.regime_chain_count()) {
  review_streams_.assign(model_.provider_count(), 0);
  review_draws_.assign(model_.provider_count(), 0.0);
  for (std::size_t i = 0; i < model_.provider_count(); ++i) {
    if (model_.needs_review_draws(i)) {
      review_streams_[i] = uncertainty::stream_index(model_.parameters().providers[i].name);
    }
  }
  if (uncertain_ != nullptr) {
    for (const auto& input : uncertain_->inputs) {
      input_streams_.push_back(uncertainty::stream_index(input.key_path));
    }
    input_addresses_ = uncertain_->addresses();
    input_normals_.resize(input_streams_.size());
  }
  // The stepper in lanes is made on first use (simulate_block): a history evaluator never needs it.
  in_lanes_ = stepping == Stepping::in_lanes;
}

BlockShape PathSimulator::block_shape() const {
  return BlockShape{static_cast<std::size_t>(model_.parameters().quarters),
                    model_.segment_count(),
                    model_.provider_count(),
                    input_streams_.size(),
                    model_.events().size(),
                    model_.parameters().customer_groups.size(),
                    model_.has_growth_regimes() ? 1u : 0u};
}

bool PathSimulator::make_lanes() {
  constexpr std::size_t kPaths = model::LockstepStepper::kPaths;
  if (in_lanes_ && !lockstep_) {
    lockstep_.emplace(model_);
    if (uncertain_ != nullptr) {
      lane_models_.assign(kPaths, model_);
    }
    lockstep_demand_normals_.resize(kPaths * demand_normals_.size());
    lockstep_attraction_normals_.resize(kPaths * attraction_normals_.size());
    lockstep_regime_normals_.resize(kPaths * regime_normals_.size());
    lockstep_review_draws_.assign(kPaths * review_draws_.size(), 0.0);
  }
  return lockstep_.has_value();
}

void PathSimulator::simulate_block(PathBlock& block) {
  constexpr std::size_t kPaths = model::LockstepStepper::kPaths;
  std::size_t row = 0;
  if (block.path_count >= kPaths) {
    make_lanes();
  }
  // A path that leaves the lanes is simulated twice (in lanes, then alone), so a market where
  // most paths see an exit is faster path by path: after four groups, a block in which more
  // than half the lanes left goes on path by path. The results are the same either way.
  std::size_t groups = 0;
  std::size_t left_lanes = 0;
  constexpr std::size_t kGroupsBeforeJudging = 4;
  while (lockstep_ && row + kPaths <= block.path_count &&
         (groups < kGroupsBeforeJudging || 2 * left_lanes <= kPaths * groups)) {
    left_lanes += simulate_lockstep(block, row);
    ++groups;
    row += kPaths;
  }
  for (; row < block.path_count; ++row) {
    simulate_path(block, row);
  }
}

void PathSimulator::simulate_path(PathBlock& block, std::size_t row) {
  const std::uint64_t path = block.first_path + row;
  PathDraws draws(seed_, path);
  if (histories_ != nullptr)
    draws.replay(histories_->tape(path), histories_->history_quarters);
  // Never an inf or NaN in a result: check_finite says which value, and throws.
  if ((simulate(draws, block, row, model_.steps()) >> 63) != 0)
    check_finite(block, row, model_);
}

std::size_t PathSimulator::simulate_lockstep(PathBlock& block, std::size_t row) {
  constexpr std::size_t kPaths = model::LockstepStepper::kPaths;
  // The same draws each path's simulate() asks for: the streams are counter-based, so the order
  // of the requests does not matter.
  PathDraws draws[kPaths] = {{seed_, block.first_path + row},
                             {seed_, block.first_path + row + 1},
                             {seed_, block.first_path + row + 2},
                             {seed_, block.first_path + row + 3}};
  if (histories_ != nullptr) {
    // Each lane asks for its draws in simulate()'s order, so it reads its tape as that would.
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      draws[lane].replay(histories_->tape(block.first_path + row + lane),
                         histories_->history_quarters);
    }
  }
  // Whether each path recorded an infinity or NaN, its drawn inputs included, found while
  // recording (bit 63): the rows need not be read again by check_finite unless one did.
  std::uint64_t not_finite[kPaths] = {0, 0, 0, 0};
  // The lanes are consecutive paths drawing from their own streams where not replayed.
  const unsigned left_lanes =
      step_lanes(draws, block, row, model_.steps(), block.first_path + row, not_finite);
  std::size_t left = 0;
  for (std::size_t lane = 0; lane < kPaths; ++lane) {
    if ((left_lanes >> lane & 1u) != 0) {
      simulate_path(block, row + lane);
      ++left;
      continue;
    }
    if ((not_finite[lane] >> 63) != 0) {
      check_finite(block, row + lane, model_);  // says which value, and throws
    }
  }
  return left;
}

unsigned PathSimulator::simulate_four(PathDraws (&draws)[model::LockstepStepper::kPaths],
                                      PathBlock& block, std::size_t row, int steps) {
  if (!make_lanes()) {
    throw std::logic_error("PathSimulator::simulate_four without lanes (Stepping::path_by_path)");
  }
  std::uint64_t not_finite[model::LockstepStepper::kPaths] = {0, 0, 0, 0};
  return step_lanes(draws, block, row, steps, std::nullopt, not_finite);
}

unsigned PathSimulator::step_lanes(PathDraws (&draws)[model::LockstepStepper::kPaths],
                                   PathBlock& block, std::size_t row, int steps,
                                   std::optional<std::uint64_t> first_path,
                                   std::uint64_t (&not_finite)[model::LockstepStepper::kPaths]) {
  constexpr std::size_t kPaths = model::LockstepStepper::kPaths;
  model::LockstepStepper& stepper = *lockstep_;
  const BlockShape shape = block.shape;
  const std::size_t cells = shape.segments * shape.providers;
  if (uncertain_ != nullptr) {
    // Each lane's own inputs, drawn first as simulate() draws them.
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      not_finite[lane] |= draw_inputs(draws[lane], block, row + lane, lane_models_[lane]);
      stepper.set_lane(lane, lane_models_[lane]);
    }
  }
  const auto draw = [&](std::uint64_t quarter, RandomPurpose purpose, std::vector<double>& into) {
    const std::size_t each = into.size() / kPaths;
    // Requests of more than one counter a path are drawn for the four paths in one; a replayed
    // quarter comes from the tapes, and a single counter a path from each stream's cache. Lanes
    // whose draws are recorded onto tapes, or replayed from them, ask each lane's own.
    const bool replayed = histories_ != nullptr && quarter < histories_->history_quarters;
    if (each > 4 && !replayed && first_path.has_value()) {
      normals_of_consecutive_paths(seed_, *first_path, kPaths, quarter, purpose, into);
      return;
    }
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      draws[lane].normals(quarter, purpose, std::span(into).subspan(lane * each, each));
    }
  };
  auto record = [&](std::size_t quarter) {
    // Each of the stepper's tables into the paths' rows of the block at `quarter`.
    const auto copy_out = [&](BlockValues& values, std::size_t columns,
                              std::span<const double> lanes) {
      double* to[kPaths];
      for (std::size_t lane = 0; lane < kPaths; ++lane) {
        to[lane] = values.data() + ((row + lane) * shape.quarters + quarter) * columns;
      }
      copy_lanes_out(lanes, columns, to, not_finite);
    };
    copy_out(block.demand, shape.segments, stepper.demand());
    copy_out(block.revenue, cells, stepper.revenue());
    copy_out(block.profit, shape.providers, stepper.profit());
    copy_out(block.cumulative_profit, shape.providers, stepper.cumulative_profit());
    copy_out(block.unserved_demand, shape.segments, stepper.unserved());
    // The group books as simulate() records them: [group][segment] rows, then providers.
    if (const std::size_t rows = stepper.group_rows(); rows > 0) {
      copy_out(block.group_demand, rows, stepper.group_demand());
      copy_out(block.group_revenue, rows * shape.providers, stepper.group_revenue());
    }
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      const std::size_t at = (row + lane) * shape.quarters + quarter;
      if (shape.regimes != 0) {  // as simulate() records them: the macro chain, then per segment
        const auto regime = stepper.regime(lane);
        block.regime[at] = regime[0];
        for (std::size_t s = 0; s < shape.segments; ++s) {
          const int chain = model_.parameters().segments[s].regime_chain;
          block.segment_regime[at * shape.segments + s] =
              chain < 0 ? std::int8_t{-1} : regime[static_cast<std::size_t>(chain)];
        }
      }
      const double adoption = stepper.multi_cloud_adoption(lane);
      block.multi_cloud_adoption[at] = adoption;
      not_finite[lane] |= infinite_or_nan_bit(adoption);
    }
  };
  // Growth regimes move as simulate() moves a path's: r(0) from the normals of quarter 0, r(t+1)
  // from those of t + 1, each lane by its own path's chains.
  const std::size_t chains = regime_normals_.size();
  const auto move_regimes = [&](std::uint64_t quarter) {
    draw(quarter, RandomPurpose::growth_regime, lockstep_regime_normals_);
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      const auto& regimes =
          (uncertain_ != nullptr ? lane_models_[lane] : model_).parameters().growth_regimes;
      const std::span<const double> normals(lockstep_regime_normals_.data() + lane * chains,
                                            chains);
      if (quarter == 0) {
        model::initial_regimes(regimes, normals, stepper.regime(lane));
      } else {
        model::advance_regimes(regimes, normals, stepper.regime(lane));
      }
    }
  };
  draw(0, RandomPurpose::initial_attraction_noise, lockstep_attraction_normals_);
  stepper.initialise(lockstep_attraction_normals_);
  if (chains > 0) {
    move_regimes(0);
  }
  record(0);
  for (int t = 0; t < steps && stepper.diverged() != (1u << kPaths) - 1; ++t) {
    const auto quarter = static_cast<std::uint64_t>(t);
    draw(quarter, RandomPurpose::demand_shock, lockstep_demand_normals_);
    draw(quarter, RandomPurpose::attraction_noise, lockstep_attraction_normals_);
    // As simulate() draws them, for the providers whose strategy reviews.
    for (std::size_t lane = 0; lane < kPaths; ++lane) {
      for (std::size_t i = 0; i < review_streams_.size(); ++i) {
        if (review_streams_[i] != 0) {
          lockstep_review_draws_[lane * review_streams_.size() + i] =
              draws[lane].uniform_at(quarter, RandomPurpose::strategy_review, review_streams_[i]);
        }
      }
    }
    stepper.advance(t, lockstep_demand_normals_, lockstep_attraction_normals_,
                    lockstep_review_draws_);
    if (chains > 0) {
      move_regimes(quarter + 1);
    }
    record(static_cast<std::size_t>(t) + 1);
  }
  for (std::size_t lane = 0; lane < kPaths; ++lane) {
    if ((stepper.diverged() >> lane & 1u) == 0) {
      // No exit happened on this path: its events are all the stepper's.
      const auto events = stepper.event_quarters(lane);
      std::copy(
          events.begin(), events.end(),
          block.event_quarter.begin() + static_cast<std::ptrdiff_t>((row + lane) * shape.events));
    }
  }
  return stepper.diverged();
}

std::uint64_t PathSimulator::draw_inputs(PathDraws& random, PathBlock& block, std::size_t row,
                                         model::MarketModel& model) {
  random.normals_at(0, RandomPurpose::parameter_draw, input_streams_, input_normals_);
  const std::span<double> values(block.parameters.data() + row * input_streams_.size(),
                                 input_streams_.size());
  uncertain_->sample(input_normals_, values, input_scratch_);
  model.set_inputs(input_addresses_, values);
  std::uint64_t not_finite = 0;
  for (const double value : values)
    not_finite |= infinite_or_nan_bit(value);
  return not_finite;
}

std::uint64_t PathSimulator::simulate(PathDraws& random, PathBlock& block, std::size_t row,
                                      int steps) {
  std::uint64_t not_finite = 0;
  if (uncertain_ != nullptr) {
    not_finite |= draw_inputs(random, block, row, model_);
  }
  const BlockShape shape = block.shape;
  const std::size_t cells = shape.segments * shape.providers;
  auto record = [&](std::size_t quarter) {
    const std::size_t at = row * shape.quarters + quarter;
    const auto copy = [&](const std::vector<double>& from, BlockValues& to, std::size_t columns) {
      copy_checking_finite(from.data(), from.size(), to.data() + at * columns, not_finite);
    };
    copy(state_.demand, block.demand, shape.segments);
    copy(state_.revenue, block.revenue, cells);
    block.multi_cloud_adoption[at] = state_.multi_cloud_adoption;
    not_finite |= infinite_or_nan_bit(state_.multi_cloud_adoption);
    for (std::size_t i = 0; i < shape.providers; ++i) {
      const double profit = state_.providers[i].profit;
      const double cumulative = state_.providers[i].cumulative_profit;
      block.profit[at * shape.providers + i] = profit;
      block.cumulative_profit[at * shape.providers + i] = cumulative;
      not_finite |= infinite_or_nan_bit(profit) | infinite_or_nan_bit(cumulative);
    }
    copy(state_.unserved, block.unserved_demand, shape.segments);
    if (shape.groups != 0) {  // the books as the state holds them: [group][segment][provider]
      const std::size_t rows = shape.groups * shape.segments;
      copy(state_.group_demand, block.group_demand, rows);
      copy(state_.group_revenue, block.group_revenue, rows * shape.providers);
    }
    if (shape.regimes != 0) {
      block.regime[at] = state_.regime[0];  // the macro chain
      for (std::size_t s = 0; s < shape.segments; ++s) {
        const int chain = model_.parameters().segments[s].regime_chain;
        block.segment_regime[at * shape.segments + s] =
            chain < 0 ? std::int8_t{-1} : state_.regime[static_cast<std::size_t>(chain)];
      }
    }
  };
  // Growth regimes (spec section 11): the normals of quarter t decide r(t), which sets the drift
  // of demand from t to t + 1. Nothing is drawn without regimes, so such a scenario's draws are
  // those it had before regimes existed.
  const model::GrowthRegimeParameters& regimes = model_.parameters().growth_regimes;
  const bool has_regimes = !regime_normals_.empty();

  random.normals(0, RandomPurpose::initial_attraction_noise, attraction_normals_);
  stepper_.initialise(attraction_normals_, state_);
  if (has_regimes) {
    random.normals(0, RandomPurpose::growth_regime, regime_normals_);
    model::initial_regimes(regimes, regime_normals_, state_.regime);
  }
  record(0);
  for (int t = 0; t < steps; ++t) {
    const auto quarter = static_cast<std::uint64_t>(t);
    random.normals(quarter, RandomPurpose::demand_shock, demand_normals_);
    random.normals(quarter, RandomPurpose::attraction_noise, attraction_normals_);
    for (std::size_t i = 0; i < review_streams_.size(); ++i) {
      if (review_streams_[i] != 0) {
        review_draws_[i] =
            random.uniform_at(quarter, RandomPurpose::strategy_review, review_streams_[i]);
      }
    }
    stepper_.advance(t, demand_normals_, attraction_normals_, review_draws_, state_);
    if (has_regimes) {
      random.normals(quarter + 1, RandomPurpose::growth_regime, regime_normals_);
      model::advance_regimes(regimes, regime_normals_, state_.regime);
    }
    record(static_cast<std::size_t>(t) + 1);
  }
  std::copy(state_.event_quarters.begin(), state_.event_quarters.end(),
            block.event_quarter.begin() + static_cast<std::ptrdiff_t>(row * shape.events));
  return not_finite;
}

}  // namespace cloudsim::engine
