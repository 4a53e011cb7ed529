#pragma once
// PaaS first: present only in its home segments at first; enters the others it is configured in
// when its home share reaches a threshold, or at the latest entry quarter (model spec
// section 7).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StrategyContext;
struct MarketParameters;

struct PaasFirst {
  static constexpr std::string_view name = "paas_first";
  static constexpr std::string_view summary =
      "starts in its home segments only and enters the others when its home share reaches a "
      "threshold, or at the latest entry quarter";

  std::vector<char> home;                 // per segment: present from the start
  double entry_share_threshold = 1.0;     // home-segment share that triggers entry elsewhere
  double latest_entry = kNever;           // t by which it enters regardless
  double entry_capability = 0.0;          // K in a newly entered segment at entry
  double capability_ramp_quarters = 8.0;  // quarters from entry_capability to the segment's K

  struct State {
    bool entered = false;  // entered the non-home segments
    int entry_quarter = -1;
  };

  static FieldTable<PaasFirst> fields();
  [[nodiscard]] std::vector<FieldProblem> problems(const MarketParameters& market,
                                                   std::size_t provider) const;
  // One entry event per segment it can enter (local event id = segment index).
  [[nodiscard]] std::vector<std::string> event_names(const MarketParameters& market,
                                                     std::size_t provider, std::size_t phase) const;
  void begin(StrategyContext& context) const;
  void apply(StrategyContext& context) const;
  // A later phase ends PaaS first: segments not yet entered are entered when it begins.
  void end(StrategyContext& context) const;
};

}  // namespace cloudsim::model
