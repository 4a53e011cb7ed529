#pragma once
// Price response: the provider answers a rival's price cuts. It matches a share (`depth`) of the
// rival's cut since the phase began, seen `lag_quarters` late, on top of a cut of its own that
// ramps in over the phase (a return to land-grab pricing); the total cut is capped. Its margin
// moves with its price at unchanged unit cost. Usually started by a trigger (docs/model.md).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StrategyContext;
struct MarketParameters;

struct PriceResponse {
  static constexpr std::string_view name = "price_response";
  static constexpr std::string_view summary =
      "matches a rival's price cuts with a lag and a depth, plus a cut of its own; margin "
      "follows price at unchanged unit cost";

  int rival = -1;             // provider whose price it watches
  double depth = 1.0;         // share of the rival's relative cut it matches
  double lag_quarters = 1.0;  // quarters before it sees the rival's price
  double price_change = 0.0;  // its own relative change at full ramp (≤ 0: a cut)
  double max_cut = 0.5;       // the total cut never exceeds this share of its price

  struct State {
    std::vector<double> rival_prices;  // the rival's price at each quarter since the phase began
  };

  static FieldTable<PriceResponse> fields();
  [[nodiscard]] std::vector<FieldProblem> problems(const MarketParameters& market,
                                                   std::size_t provider) const;
  void begin(StrategyContext& context) const;
  void apply(StrategyContext& context) const;
};

}  // namespace cloudsim::model
