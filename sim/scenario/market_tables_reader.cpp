// The market-wide tables: [multi_cloud] (adoption of a second cloud) and [attraction_noise] (random
// drift of the providers' attractiveness). Both are optional.

#include <string>
#include <vector>

#include "scenario/section_readers.hpp"

namespace cloudsim::scenario {

void read_multi_cloud(LoadState& state) {
  const toml::table* table = state.root.subtable("multi_cloud", false);
  if (table == nullptr) {
    return;  // no multi-cloud effect: every customer makes a single-cloud choice
  }
  using MultiCloud = model::MultiCloudParameters;
  const model::ParameterAddress place{};  // one table for the whole market
  TableReader r(*table, "multi_cloud", state.context);
  auto& mc = state.scenario.market.multi_cloud;
  r.input("initial_adoption", mc, &MultiCloud::initial_adoption, place, NumberRange::probability());
  r.input("ceiling", mc, &MultiCloud::ceiling, place, NumberRange::probability());
  r.input("innovation", mc, &MultiCloud::innovation, place, NumberRange::sensitivity(), 0.0);
  r.input("imitation", mc, &MultiCloud::imitation, place, NumberRange::sensitivity(), 0.0);
  r.input("second_cloud_spend_share", mc, &MultiCloud::second_cloud_spend_share, place,
          NumberRange::probability());
  // In the order of model::SecondCloudRule; v2 first, the default.
  const std::vector<std::string> rules = {"excludes_primary", "independent"};
  mc.second_cloud_rule =
      static_cast<model::SecondCloudRule>(r.one_of("second_cloud_rule", rules, 0));
  r.reject_unknown_keys();
}

void read_attraction_noise(LoadState& state) {
  const toml::table* table = state.root.subtable("attraction_noise", false);
  if (table == nullptr) {
    return;
  }
  using Noise = model::AttractionNoiseParameters;
  const model::ParameterAddress place{};  // one table for the whole market
  TableReader r(*table, "attraction_noise", state.context);
  auto& noise = state.scenario.market.attraction_noise;
  r.input("volatility", noise, &Noise::volatility, place, NumberRange::sensitivity(), 0.0);
  r.input("persistence", noise, &Noise::persistence, place, NumberRange{0.0, 1.0, true, false},
          0.0);
  r.reject_unknown_keys();
}

}  // namespace cloudsim::scenario
