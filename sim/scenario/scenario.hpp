#pragma once
// A scenario as loaded and validated: run settings plus the market model's parameters. Immutable
// once built; everything downstream takes it by const reference.

#include <cstdint>
#include <string>
#include <vector>

#include "model/market_parameters.hpp"
#include "model/quarter.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::scenario {

struct RunSettings {
  model::Quarter start_quarter;  // t = 0
  std::uint64_t paths = 1000;
  std::uint64_t seed = 0;
  std::string currency_unit = "亿元";
};

struct Scenario {
  std::string source_file;  // as given by the user
  std::string
      resolved_text;  // extends and --set applied: what `sim show` prints and outputs record
  // What the file says about itself (docs/scenario-format.md, "Title, description, references"):
  // title and description are the file's own (not inherited through extends), references are
  // its parents' followed by its own.
  std::string title;
  std::string description;
  std::vector<std::string> references;
  RunSettings run;
  model::MarketParameters market;  // uncertain inputs hold their distribution's mean here
  uncertainty::UncertainInputs uncertain;
};

inline std::vector<std::string> segment_names(const model::MarketParameters& market) {
  std::vector<std::string> names;
  for (const auto& segment : market.segments)
    names.push_back(segment.name);
  return names;
}

// Limits against runaway input; exceeding one is an input error naming the limit.
inline constexpr std::uintmax_t kMaxScenarioBytes = 1u << 20;
inline constexpr std::uint64_t kMaxPaths = 1'000'000'000;
inline constexpr int kMaxQuarters = 400;  // 100 years
inline constexpr std::size_t kMaxSegments = 32;
inline constexpr std::size_t kMaxProviders = 64;
inline constexpr double kShareSumTolerance = 1e-6;

}  // namespace cloudsim::scenario
