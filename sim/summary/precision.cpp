#include "summary/precision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/block_row_view.hpp"
#include "outcome/evaluate.hpp"
#include "outcome/parse.hpp"
#include "outcome/resolve.hpp"
#include "text/printable.hpp"

namespace cloudsim::summary {
namespace {}  // namespace

PrecisionSyntaxError::PrecisionSyntaxError(const std::string& target, const std::string& reason,
                                           std::size_t offset)
    : std::runtime_error("--precision '" + text::printable(target) + "': at character " +
                         std::to_string(offset + 1) + ": " + text::printable(reason)),
      reason_(reason),
      offset_(offset) {}

std::optional<std::pair<std::size_t, std::size_t>> PrecisionTarget::difference() const {
  const auto& names = target.outcome.difference;
  if (!names)
    return std::nullopt;
  return std::make_pair(names->first.index, names->second.index);
}

PrecisionTarget parse_precision_target(const std::string& text,
                                       const output::ResultMetadata& metadata) {
  PrecisionTarget target;
  target.text = text;
  try {
    target.target = outcome::parse_target(text);
    outcome::Names names{
        metadata.segment_names, metadata.provider_names, {}, metadata.quarter_labels};
    for (const auto& scenario : metadata.scenarios)
      names.scenarios.push_back(scenario.name);
    outcome::resolve(target.target, names);
    const auto& quantity = outcome::quantity_of(target.target.outcome);
    if (quantity.kind == outcome::QuantityKind::price) {
      throw outcome::OutcomeError(quantity.offset,
                                  "price(…) is not recorded in result files: a precision target "
                                  "can use share, revenue, growth, profit, cumulative_profit or "
                                  "demand");
    }
  } catch (const outcome::OutcomeError& error) {
    throw PrecisionSyntaxError(text, error.reason(), error.offset());
  }
  target.goal = target.target.goal;
  return target;
}

void PrecisionMonitor::Accumulator::add(double value) {
  ++n;
  const double delta = value - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (value - mean);
}

double PrecisionMonitor::Accumulator::standard_error() const {
  if (n < 2)
    return std::numeric_limits<double>::infinity();
  return std::sqrt(m2 / static_cast<double>(n - 1) / static_cast<double>(n));
}

PrecisionMonitor::PrecisionMonitor(std::vector<PrecisionTarget> targets, std::size_t scenarios,
                                   std::uint64_t step, std::uint64_t cap, engine::BlockSink* next)
    : targets_(std::move(targets)),
      scenarios_(scenarios),
      step_(std::max<std::uint64_t>(1, step)),
      cap_(cap),
      next_(next) {
  for (const auto& target : targets_) {
    accumulators_.emplace_back(target.difference() ? 1 : scenarios_);
    group_.emplace_back(scenarios_);
  }
}

double PrecisionMonitor::outcome(const PrecisionTarget& target, const engine::PathBlock& block,
                                 std::size_t row) const {
  return outcome::evaluate(target.target.outcome, engine::BlockRow(block, row),
                           block.shape.quarters - 1);
}

void PrecisionMonitor::consume(const engine::PathBlock& block) {
  if (done_) {
    return;  // computed past the stopping point: not part of the result
  }
  if (next_ != nullptr) {
    next_->consume(block);
  }
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    auto& values = group_[t][block.scenario];
    values.resize(block.path_count);
    for (std::size_t row = 0; row < block.path_count; ++row)
      values[row] = outcome(targets_[t], block, row);
  }
  if (block.scenario + 1 == scenarios_) {
    close_group(block.path_count);
  }
}

void PrecisionMonitor::close_group(std::size_t path_count) {
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const auto& target = targets_[t];
    for (std::size_t row = 0; row < path_count; ++row) {
      if (const auto difference = target.difference()) {
        accumulators_[t][0].add(group_[t][difference->first][row] -
                                group_[t][difference->second][row]);
      } else {
        for (std::size_t s = 0; s < scenarios_; ++s)
          accumulators_[t][s].add(group_[t][s][row]);
      }
    }
  }
  paths_ += path_count;
  if (paths_ % step_ == 0 || paths_ >= cap_) {
    if (all_met() || paths_ >= cap_) {
      done_ = true;
      enough_.store(true);
    }
  }
}

double PrecisionMonitor::worst_error(std::size_t target) const {
  double worst = 0.0;
  for (const auto& accumulator : accumulators_[target])
    worst = std::max(worst, accumulator.standard_error());
  return worst;
}

bool PrecisionMonitor::all_met() const {
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    if (!(worst_error(t) <= targets_[t].goal))
      return false;
  }
  return true;
}

std::vector<output::PrecisionRecord> PrecisionMonitor::records() const {
  std::vector<output::PrecisionRecord> records;
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const double error = worst_error(t);
    records.push_back({targets_[t].text, targets_[t].goal, error, error <= targets_[t].goal});
  }
  return records;
}

}  // namespace cloudsim::summary
