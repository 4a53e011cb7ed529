#pragma once
// Scratch result files and the metadata of a run of a market built in code, for writer and
// reader tests.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "model/market_parameters.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::testing {

// A path in the temporary directory, unique to this process, that does not exist yet.
inline std::filesystem::path scratch(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("cloudsim-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove(path);
  return path;
}

// One scenario "only", seed 8, quarters labelled q0, q1, …, the market's segments and providers
// (and its growth regimes, if any).
inline output::ResultMetadata metadata_of(const model::MarketParameters& p, std::uint64_t paths) {
  output::ResultMetadata m;
  m.program_version = "test";
  m.scenarios.push_back({"only", "in-code", "# none", {}, {}, {}, {}, {}});
  m.currency_unit = "亿元";
  m.rng_layout = "test";
  m.seed = 8;
  m.paths = paths;
  for (int t = 0; t < p.quarters; ++t)
    m.quarter_labels.push_back("q" + std::to_string(t));
  for (const auto& s : p.segments)
    m.segment_names.push_back(s.name);
  for (const auto& provider : p.providers)
    m.provider_names.push_back(provider.name);
  m.growth_regimes = p.growth_regimes.active();
  return m;
}

}  // namespace cloudsim::testing
