// [growth_regimes] (docs/model.md, "Growth regimes"; model spec section 11): the macro chain that
// drives every segment by default, its slowdown penalty per segment, and optional chains of their
// own for some segments, [growth_regimes.chains.<name>]. Read after the segments, which it names.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "scenario/file_order.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

using Chain = model::RegimeChainParameters;
using Regimes = model::GrowthRegimeParameters;

inline constexpr std::size_t kMaxChains = 16;

// A chain's probabilities and start, from the table `r` reads.
void read_chain(TableReader& r, std::size_t c, Chain& chain) {
  const auto place = model::ParameterAddress::of_regime_chain(c);
  r.input("slowdown_probability", chain, &Chain::slowdown_probability, place,
          NumberRange::probability());
  r.input("recovery_probability", chain, &Chain::recovery_probability, place,
          NumberRange::probability());
  // In the order of model::RegimeStart.
  const std::vector<std::string> starts = {"stationary", "normal", "slowdown"};
  chain.start = static_cast<model::RegimeStart>(r.one_of("initial", starts, 0));
}

// `slowdown_penalty`: one number (or distribution) for every segment, or a table
// { SEGMENT = number, … } naming every segment.
void read_penalty(LoadState& state, TableReader& r) {
  auto& market = state.scenario.market;
  const NumberRange range{0.0, NumberRange::kMaxRate, true, true, false, true};
  const toml::node* node = r.table().get("slowdown_penalty");
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr || table->contains("distribution")) {
    r.input("slowdown_penalty", market.growth_regimes, &Regimes::slowdown_penalty_everywhere,
            model::ParameterAddress{}, range);
    for (auto& segment : market.segments) {
      segment.slowdown_penalty = market.growth_regimes.slowdown_penalty_everywhere;
    }
    return;
  }
  r.mark_known("slowdown_penalty");
  const auto names = segment_names(market);
  TableReader penalties(*table, r.path_of("slowdown_penalty"), state.context);
  for (std::size_t s = 0; s < names.size(); ++s) {
    penalties.input(names[s], market.segments[s], &model::SegmentParameters::slowdown_penalty,
                    model::ParameterAddress::of_segment(s), range);
  }
  penalties.reject_unknown_keys();
}

// `segments = [...]` of chain c: each named segment is driven by it. A segment claimed twice is
// an error at the second claim.
void claim_segments(LoadState& state, TableReader& r, int c, bool required) {
  auto& segments = state.scenario.market.segments;
  const toml::array* array = r.array("segments", required);
  if (array == nullptr) {
    return;
  }
  const auto names = segment_names(state.scenario.market);
  for (std::size_t k = 0; k < array->size(); ++k) {
    const toml::node& node = *array->get(k);
    const std::string where = r.path_of("segments") + "[" + std::to_string(k) + "]";
    const auto* name = node.as_string();
    const auto found =
        name != nullptr ? std::find(names.begin(), names.end(), name->get()) : names.end();
    if (found == names.end()) {
      state.diagnostics().error(node.source(), where,
                                "expected a segment name, found " + describe_node(node) +
                                    (name != nullptr ? did_you_mean(name->get(), names) : ""));
      continue;
    }
    auto& segment = segments[static_cast<std::size_t>(found - names.begin())];
    if (segment.regime_chain >= 0) {
      state.diagnostics().error(node.source(), where,
                                "segment " + segment.name +
                                    " is already driven by another regime chain; a segment "
                                    "follows one chain at most");
      continue;
    }
    segment.regime_chain = c;
  }
}

}  // namespace

void read_growth_regimes(LoadState& state) {
  const toml::table* table = state.root.subtable("growth_regimes", false);
  if (table == nullptr) {
    return;  // no regimes: the model of spec section 1, and no regime draw at all
  }
  auto& market = state.scenario.market;
  auto& chains = market.growth_regimes.chains;
  TableReader r(*table, "growth_regimes", state.context);
  chains.push_back(Chain{"macro"});
  read_chain(r, 0, chains[0]);
  read_penalty(state, r);
  if (const toml::table* named_table = r.subtable("chains", false)) {
    auto& diagnostics = state.diagnostics();
    const std::string path = r.path_of("chains");
    const auto named = tables_in_file_order(*named_table, path, state.document, diagnostics);
    if (named.size() + 1 > kMaxChains) {
      diagnostics.error(named_table->source(), path,
                        "at most " + std::to_string(kMaxChains - 1) +
                            " chains besides the macro chain are allowed");
    }
    for (const auto& [name, chain_table] : named) {
      if (chains.size() >= kMaxChains) {
        break;
      }
      TableReader chain_reader(*chain_table, join_key_path(path, name), state.context);
      const auto c = chains.size();
      chains.push_back(Chain{name});
      read_chain(chain_reader, c, chains.back());
      claim_segments(state, chain_reader, static_cast<int>(c), true);
      chain_reader.reject_unknown_keys();
    }
  }
  // The macro chain drives the segments it lists, or by default every segment no other chain
  // claimed; a segment in neither has no regimes.
  if (r.table().contains("segments")) {
    claim_segments(state, r, 0, true);
  } else {
    for (auto& segment : market.segments) {
      if (segment.regime_chain < 0) {
        segment.regime_chain = 0;
      }
    }
  }
  r.reject_unknown_keys();
}

}  // namespace cloudsim::scenario
