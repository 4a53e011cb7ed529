// The checks that need more than one section: how each segment's initial size is defined (its
// initial_demand or its providers' revenues), that initial shares sum to 1, and that multi-cloud
// adoption starts within its ceiling on every path, and that no two random streams share a
// counter block.

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>

#include "scenario/section_readers.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::scenario {
namespace {

void settle_book_forms(LoadState& state) {
  auto& segments = state.scenario.market.segments;
  const auto& root = state.document.root;
  state.book_form.resize(segments.size(), BookForm::unknown);
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const toml::table* all = root.get_as<toml::table>("segments");
    const toml::node* table = all != nullptr ? all->get(segments[s].name) : nullptr;
    const toml::source_region region = table != nullptr ? table->source() : root.source();
    const std::string path = join_key_path("segments", segments[s].name);
    if (state.book_form[s] == BookForm::revenue) {
      segments[s].books_from_revenue = true;
      if (state.demand_given[s]) {
        const toml::node* demand = table->as_table()->get("initial_demand");
        state.diagnostics().error(demand->source(), path + ".initial_demand",
                                  "the providers give initial_revenue, so the segment's initial "
                                  "size is their sum; remove initial_demand");
      }
    } else if (state.book_form[s] == BookForm::inconsistent) {
      continue;
    } else if (!state.demand_given[s]) {
      state.diagnostics().error(region, path + ".initial_demand",
                                "missing required key; expected a number > 0 (or give every "
                                "provider in the segment initial_revenue instead of "
                                "initial_share)");
    }
  }
}

void check_initial_shares(LoadState& state) {
  const auto& market = state.scenario.market;
  const auto& root = state.document.root;
  auto& diagnostics = state.diagnostics();
  for (std::size_t s = 0; s < market.segments.size(); ++s) {
    double total = 0.0;
    double revenue = 0.0;
    bool anyone = false;
    for (const auto& provider : market.providers) {
      total += provider.segments[s].initial_share;
      revenue += provider.segments[s].initial_revenue;
      anyone = anyone || provider.segments[s].present;
    }
    const std::string& name = market.segments[s].name;
    const toml::table* segments = root.get_as<toml::table>("segments");
    const toml::node* where = segments != nullptr ? segments->get(name) : nullptr;
    const toml::source_region region = where != nullptr ? where->source() : root.source();
    if (!anyone) {
      diagnostics.error(region, join_key_path("segments", name),
                        "no provider is present in this segment; add a [providers.<name>."
                        "segments." +
                            name + "] table");
    } else if (state.book_form[s] == BookForm::inconsistent) {
      continue;  // already reported at the provider that broke the pattern
    } else if (market.segments[s].books_from_revenue) {
      if (!(revenue > 0.0)) {
        diagnostics.error(region, join_key_path("segments", name),
                          "the providers' initial_revenue values in this segment sum to 0; "
                          "the market must start with some spend");
      } else if (revenue < NumberRange::kMinMoney) {
        diagnostics.error(region, join_key_path("segments", name),
                          "the providers' initial_revenue values in this segment sum to " +
                              std::to_string(revenue) + "; the market must start with at least " +
                              "1e-06 (as initial_demand)");
      }
    } else if (std::abs(total - 1.0) > kShareSumTolerance) {
      std::ostringstream message;
      message.precision(9);
      message << "the providers' initial_share values in this segment sum to " << total
              << " (uncertain shares count with their mean); they must sum to "
                 "1 (within "
              << kShareSumTolerance << "); an \"Others\" provider can take the remainder";
      diagnostics.error(region, join_key_path("segments", name), message.str());
    }
  }
}

void check_adoption_within_ceiling(LoadState& state) {
  const toml::table* table = state.document.root.get_as<toml::table>("multi_cloud");
  if (table == nullptr || table->get("initial_adoption") == nullptr) {
    return;
  }
  // Bounds over every draw: the largest possible m(0) against the smallest possible ceiling.
  auto bounds = [&](const std::string& key, double nominal) {
    for (const auto& input : state.scenario.uncertain.inputs) {
      if (input.key_path == "multi_cloud." + key) {
        return std::pair{input.distribution.lowest(), input.distribution.highest()};
      }
    }
    return std::pair{nominal, nominal};
  };
  const auto& multi_cloud = state.scenario.market.multi_cloud;
  const auto adoption = bounds("initial_adoption", multi_cloud.initial_adoption);
  const auto ceiling = bounds("ceiling", multi_cloud.ceiling);
  if (adoption.second > ceiling.first) {
    state.diagnostics().error(table->get("initial_adoption")->source(),
                              "multi_cloud.initial_adoption",
                              "must not exceed multi_cloud.ceiling on any path (largest possible "
                              "initial adoption " +
                                  std::to_string(adoption.second) + ", smallest possible ceiling " +
                                  std::to_string(ceiling.first) + ")");
  }
}

// Growth regimes (spec section 11): G_s(t) − Δ_s > −1 on every path. G_s(t) lies between G0_s and
// G∞_s, so the smallest possible growth against the largest possible penalty decides.
void check_growth_above_penalty(LoadState& state) {
  const toml::table* table = state.document.root.get_as<toml::table>("growth_regimes");
  if (table == nullptr || table->get("slowdown_penalty") == nullptr) {
    return;
  }
  auto bound = [&](const std::string& key, double nominal, bool lowest) {
    for (const auto& input : state.scenario.uncertain.inputs) {
      if (input.key_path == key) {
        return lowest ? input.distribution.lowest() : input.distribution.highest();
      }
    }
    return nominal;
  };
  const bool everywhere = state.scenario.market.growth_regimes.slowdown_penalty_everywhere >= 0.0;
  for (const auto& segment : state.scenario.market.segments) {
    if (segment.regime_chain < 0) {
      continue;
    }
    const std::string path = join_key_path("segments", segment.name);
    const double growth = std::min(bound(path + ".growth_initial", segment.growth_initial, true),
                                   bound(path + ".growth_long_run", segment.growth_long_run, true));
    const std::string penalty_key =
        everywhere ? "growth_regimes.slowdown_penalty"
                   : join_key_path("growth_regimes.slowdown_penalty", segment.name);
    const double penalty = bound(penalty_key, segment.slowdown_penalty, false);
    if (!(growth - penalty > -1.0)) {
      state.diagnostics().error(
          table->get("slowdown_penalty")->source(), penalty_key,
          "growth less the slowdown penalty must stay above -1 on every path; segment " +
              segment.name + " can grow as little as " + model::format_number(growth) +
              " a year and lose up to " + model::format_number(penalty) +
              " in a slowdown (lower the penalty or raise the growth)");
    }
  }
}

// Uncertain inputs and strategy reviews draw from the counter block named by a 64-bit hash of
// their key path or provider name, which the 32-bit Philox counter holds folded as
// (h mod 2³²) xor (h div 2³²) (engine::folded_block, engine/random_stream.hpp). Two names whose
// folded hashes agree would draw the same numbers: refuse them (odds about n²/2³³ for n names).
void check_stream_blocks(LoadState& state) {
  const auto folded = [](std::string_view name) {
    const std::uint64_t h = uncertainty::stream_index(name);
    return static_cast<std::uint32_t>(h) ^ static_cast<std::uint32_t>(h >> 32);
  };
  const auto report = [&](const std::vector<std::string>& names, const std::string& prefix,
                          const std::string& what) {
    std::vector<std::pair<std::uint32_t, std::size_t>> blocks;
    for (std::size_t k = 0; k < names.size(); ++k)
      blocks.emplace_back(folded(names[k]), k);
    std::sort(blocks.begin(), blocks.end());
    for (std::size_t k = 1; k < blocks.size(); ++k) {
      if (blocks[k].first != blocks[k - 1].first)
        continue;
      const std::string& first = names[std::min(blocks[k].second, blocks[k - 1].second)];
      const std::string& second = names[std::max(blocks[k].second, blocks[k - 1].second)];
      const std::string path = prefix.empty() ? second : join_key_path(prefix, second);
      const toml::node* node = state.document.root.at_path(path).node();
      state.diagnostics().error(
          node != nullptr ? node->source() : state.document.root.source(), path,
          what + " " + second + " would draw the same random numbers as " + first +
              " (their 32-bit stream blocks collide); rename one of them");
    }
  };
  std::vector<std::string> inputs;
  for (const auto& input : state.scenario.uncertain.inputs)
    inputs.push_back(input.key_path);
  report(inputs, "", "uncertain input");
  std::vector<std::string> providers;
  for (const auto& provider : state.scenario.market.providers)
    providers.push_back(provider.name);
  report(providers, "providers", "provider");
}

}  // namespace

void check_across_sections(LoadState& state) {
  check_stream_blocks(state);
  settle_book_forms(state);
  // Without segments or providers (already reported) the sums below say nothing new.
  if (!state.scenario.market.segments.empty() && !state.scenario.market.providers.empty()) {
    check_initial_shares(state);
    check_adoption_within_ceiling(state);
    check_growth_above_penalty(state);
  }
}

}  // namespace cloudsim::scenario
