// The checks that need more than one section: how each segment's initial size is defined (its
// initial_demand or its providers' revenues), that initial shares sum to 1, and that multi-cloud
// adoption starts within its ceiling on every path.

#include <cmath>
#include <sstream>
#include <string>
#include <utility>

#include "scenario/section_readers.hpp"

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

}  // namespace

void check_across_sections(LoadState& state) {
  settle_book_forms(state);
  // Without segments or providers (already reported) the sums below say nothing new.
  if (!state.scenario.market.segments.empty() && !state.scenario.market.providers.empty()) {
    check_initial_shares(state);
    check_adoption_within_ceiling(state);
  }
}

}  // namespace cloudsim::scenario
