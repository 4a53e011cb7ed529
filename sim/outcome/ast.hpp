#pragma once
// The outcome language's syntax tree (grammar: docs/outcomes.md). Parsing (parse.hpp) fills in
// names as written, with the character offset of each for messages; resolve() (resolve.hpp) sets
// each name's index in the run's lists; evaluate() (evaluate.hpp) reads a resolved tree.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cloudsim::outcome {

inline constexpr std::size_t kUnresolved = std::numeric_limits<std::size_t>::max();
// A segment written `all`: the total over segments.
inline constexpr std::size_t kAllSegments = kUnresolved - 1;
// A provider written `all` (revenue and growth only): the market total, Σ over providers, which
// is the segment's served demand.
inline constexpr std::size_t kAllProviders = kUnresolved - 1;
// A segment set written `IaaS+PaaS`: the total over its members (Name::members).
inline constexpr std::size_t kSegmentSet = kUnresolved - 2;

// A name as written (spaces inside kept, around trimmed) and where it starts in the text.
struct Name {
  std::string text;
  std::size_t offset = 0;
  std::size_t index = kUnresolved;  // set by resolve()
  // A segment set: its segments' indices in the order written (index is kSegmentSet).
  std::vector<std::size_t> members = {};
  // A period: how many consecutive periods it sums, ending at `index`. 4 for a year read on
  // quarterly periods (`2022` on 2022Q1 … 2022Q4), else 1.
  std::size_t span = 1;
};

enum class QuantityKind { share, revenue, profit, cumulative_profit, growth, price, demand };

// share(SEGMENT, PROVIDER[, PERIOD])     revenue / demand of the segment (0 without demand)
// revenue(SEGMENT, PROVIDER[, PERIOD])   money per period
// profit(PROVIDER[, PERIOD])             the period's profit
// cumulative_profit(PROVIDER[, PERIOD])  profit summed from the first quarter
// growth(SEGMENT, PROVIDER, N[, PERIOD]) revenue(PERIOD) / revenue(N quarters earlier) − 1
// price(PROVIDER[, PERIOD])              price index (1 = market average)
// demand(SEGMENT[, PERIOD])              the segment's served demand (Σ of its revenue)
// SEGMENT may be `all` or a `+`-joined set of segments everywhere; PROVIDER may be `all` (the
// market total) in revenue and growth. PERIOD may be a year on quarterly periods: flows are
// summed over its quarters, shares are ΣR/ΣD, growth compares annual sums (N a multiple of 4),
// stocks (cumulative_profit, price) are read at its last quarter. A missing PERIOD means "the
// current quarter": the one a trigger is evaluated at, the last one for a result.
struct Quantity {
  QuantityKind kind = QuantityKind::share;
  std::size_t offset = 0;        // of the function's name
  std::optional<Name> segment;   // share, revenue, growth, demand
  std::optional<Name> provider;  // all but demand
  int quarters = 0;              // growth's N ≥ 1
  int quarters_per_period = 1;   // set by resolve(): 4 on annual records (growth's N / 4 back)
  std::optional<Name> period;    // absent: the current quarter
};

enum class Comparison { at_least, at_most, above, below };  // >=, <=, >, <

// QUANTITY >= X (or <=, >, <): the form of P(…) inside an outcome and of a strategy trigger.
struct Condition {
  Quantity quantity;
  Comparison comparison = Comparison::at_least;
  double threshold = 0.0;
};

// A quantity, or P(condition) (1 where it holds, 0 elsewhere), optionally as the paired
// difference [A - B] between two scenarios of a batch.
struct Outcome {
  std::variant<Quantity, Condition> measure;
  std::optional<std::pair<Name, Name>> difference;
};

// se(OUTCOME) < GOAL (or <=): a precision target.
struct Target {
  Outcome outcome;
  bool inclusive = false;  // <= instead of <
  double goal = 0.0;
  std::size_t goal_offset = 0;
};

[[nodiscard]] inline const Quantity& quantity_of(const Outcome& outcome) {
  if (const auto* condition = std::get_if<Condition>(&outcome.measure))
    return condition->quantity;
  return std::get<Quantity>(outcome.measure);
}

[[nodiscard]] const char* name_of(QuantityKind kind);
[[nodiscard]] const char* symbol_of(Comparison comparison);

}  // namespace cloudsim::outcome
