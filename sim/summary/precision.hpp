#pragma once
// Precision on demand (`sim run --precision`): targets on the standard error of a named outcome,
// or of its paired difference between two scenarios of the batch, checked every `step` paths in
// path order, so the path count at which every target is met is the same on every machine.
//
// A target reads  se(OUTCOME) < GOAL  in the outcome language (docs/outcomes.md, sim/outcome):
// any quantity but price (not recorded), or P(condition), optionally with [A - B] for the
// paired difference between scenarios A and B of the batch. PERIOD is a simulated quarter
// ("2025Q4"), whatever the record level; without it, the last one. Without [A - B] the goal must
// hold in every scenario.

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/block_sink.hpp"
#include "outcome/ast.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::summary {

struct PrecisionTarget {
  std::string text;
  outcome::Target target;  // resolved against the run's names
  double goal = 0.0;
  // The scenarios a − b of a paired difference.
  [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> difference() const;
};

// A target that does not parse or names something the run does not have (message says what).
class PrecisionSyntaxError : public std::runtime_error {
 public:
  // `offset`: the character of `target` the reason is about (what() names it).
  PrecisionSyntaxError(const std::string& target, const std::string& reason, std::size_t offset);
  // What is wrong, without the target or the place: for messages that say where the target was
  // written.
  [[nodiscard]] const std::string& reason() const { return reason_; }
  [[nodiscard]] std::size_t offset() const { return offset_; }

 private:
  std::string reason_;
  std::size_t offset_;
};

// Resolves names against the run's coordinates (`metadata`: segments, providers, scenarios, and
// quarter_labels: the periods of the blocks the monitor will see).
PrecisionTarget parse_precision_target(const std::string& text,
                                       const output::ResultMetadata& metadata);

// Watches blocks on their way to `next` (may be null) and ends the run once every target is met
// at a multiple of `step` paths, or at `cap` paths. Blocks must not straddle multiples of `step`
// (RunOptions::align); blocks after the stopping point are not passed on.
class PrecisionMonitor final : public engine::BlockSink {
 public:
  PrecisionMonitor(std::vector<PrecisionTarget> targets, std::size_t scenarios, std::uint64_t step,
                   std::uint64_t cap, engine::BlockSink* next = nullptr);

  void consume(const engine::PathBlock& block) override;

  // Set once the run has enough paths: give it to RunOptions::enough.
  [[nodiscard]] const std::atomic<bool>& enough() const { return enough_; }
  [[nodiscard]] std::uint64_t paths() const { return paths_; }
  [[nodiscard]] bool all_met() const;
  // Each target with the standard error reached at paths() (worst scenario for plain targets).
  [[nodiscard]] std::vector<output::PrecisionRecord> records() const;

 private:
  struct Accumulator {  // Welford's running mean and M2
    std::uint64_t n = 0;
    double mean = 0.0;
    double m2 = 0.0;
    void add(double value);
    [[nodiscard]] double standard_error() const;
  };
  [[nodiscard]] double outcome(const PrecisionTarget& target, const engine::PathBlock& block,
                               std::size_t row) const;
  [[nodiscard]] double worst_error(std::size_t target) const;
  void close_group(std::size_t path_count);

  std::vector<PrecisionTarget> targets_;
  std::size_t scenarios_;
  std::uint64_t step_;
  std::uint64_t cap_;
  engine::BlockSink* next_;
  std::vector<std::vector<Accumulator>> accumulators_;   // [target][scenario, or 0 for differences]
  std::vector<std::vector<std::vector<double>>> group_;  // [target][scenario][row] of this block
  std::uint64_t paths_ = 0;
  bool done_ = false;
  std::atomic<bool> enough_{false};
};

}  // namespace cloudsim::summary
