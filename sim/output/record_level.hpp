#pragma once
// How much of each path a result file keeps (chosen with `sim run --record`):
//   full    every quarter (the default)
//   annual  one value per calendar year: flows (engine::Accumulation) summed over the year's
//           simulated quarters, stocks at the year's last simulated quarter, growth regimes as
//           the number of the year's simulated quarters in a slowdown
//   final   the final quarter only
// Drawn inputs and events are kept at every level. The reduction happens between the engine and
// the writer, so the engine and the model never know about it. The levels' names and what they
// imply for the file are in record_level.cpp's table and nowhere else.

#include <optional>
#include <string>
#include <vector>

#include "engine/block_sink.hpp"
#include "model/quarter.hpp"

namespace cloudsim::output {

enum class RecordLevel { full, annual, final_quarter };

// Every level, in the order --help and messages list them.
std::vector<RecordLevel> all_record_levels();
std::optional<RecordLevel> parse_record_level(const std::string& name);
const char* record_level_name(RecordLevel level);
// "full, annual or final", for messages; with each level's description, for --help.
std::string record_level_choices(bool described = false);
// What the level keeps, in a few words: "every quarter of every path", …
const char* record_level_description(RecordLevel level);
// The name of the time labels' coordinate ("quarter" or "year"), which is also the period a
// flow's recorded value covers. The dimension itself is always `time` (cf_attributes.hpp).
const char* time_label(RecordLevel level);

// The time coordinate a level records: its labels.
struct TimeAxis {
  std::vector<std::string> labels;
  std::vector<std::size_t> period_of_quarter;  // for each simulated quarter t, its period index
};
TimeAxis time_axis(RecordLevel level, model::Quarter start, std::size_t quarters);

// Reduces each block to the level's periods and hands it on.
class RecordReducer final : public engine::BlockSink {
 public:
  RecordReducer(RecordLevel level, TimeAxis axis, engine::BlockSink& next);
  void consume(const engine::PathBlock& block) override;
  // A full record passes the block on as it is, so the next sinks may prepare it; a reduced
  // one is made in consume().
  void prepare(engine::PathBlock& block) const override {
    if (level_ == RecordLevel::full)
      next_.prepare(block);
  }

 private:
  void reduce_regimes(const engine::PathBlock& block, std::size_t quarters, std::size_t periods);
  RecordLevel level_;
  TimeAxis axis_;
  engine::BlockSink& next_;
  engine::PathBlock reduced_;
};

}  // namespace cloudsim::output
