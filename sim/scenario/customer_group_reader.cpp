// [customer_groups.<name>]: share of each segment's demand, growth offset, churn multiplier,
// deployment and strongholds of the customer groups inside every segment (docs/model.md,
// "Customer groups"). The groups are read before the providers, whose phases may name them; their
// strongholds after, since they name providers.

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenario/file_order.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

using Group = model::CustomerGroupParameters;

inline constexpr std::size_t kMaxGroups = 16;

// `share`: one number (or distribution) for every segment, or a table { SEGMENT = share, … }
// naming every segment.
void read_share(LoadState& state, TableReader& r, std::size_t g, Group& group) {
  const auto& market = state.scenario.market;
  const auto place = model::ParameterAddress::of_group(g);
  const toml::node* node = r.table().get("share");
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr || table->contains("distribution")) {
    r.input("share", group, &Group::share_everywhere, place, NumberRange::probability());
    group.share.assign(market.segments.size(), group.share_everywhere);
    return;
  }
  r.mark_known("share");
  group.share.assign(market.segments.size(), 0.0);
  const auto names = segment_names(market);
  TableReader shares(*table, r.path_of("share"), state.context);
  for (std::size_t s = 0; s < names.size(); ++s) {
    auto address = place;
    address.segment = s;
    group.share[s] = shares.uncertain(names[s], NumberRange::probability(), std::nullopt,
                                      address.at(model::GroupListElement{&Group::share}));
  }
  shares.reject_unknown_keys();
}

// `stronghold`: { PROVIDER = ΔE, … }; providers not named get 0.
void read_stronghold(LoadState& state, TableReader& r, std::size_t g, Group& group) {
  const auto& market = state.scenario.market;
  group.stronghold.assign(market.providers.size(), 0.0);
  const toml::table* table = r.subtable("stronghold", false);
  if (table == nullptr) {
    return;
  }
  std::vector<std::string> names;
  for (const auto& provider : market.providers) {
    names.push_back(provider.name);
  }
  TableReader bonus(*table, r.path_of("stronghold"), state.context);
  for (const auto& [key, node] : *table) {
    const std::string name(key.str());
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
      state.diagnostics().error(node.source(), bonus.path_of(name),
                                "unknown provider \"" + name + "\"" + did_you_mean(name, names) +
                                    " (providers are defined under [providers])");
      bonus.mark_known(name);
      continue;
    }
    const auto i = static_cast<std::size_t>(found - names.begin());
    auto address = model::ParameterAddress::of_group(g);
    address.provider = i;
    group.stronghold[i] = bonus.uncertain(name, NumberRange::score(), std::nullopt,
                                          address.at(model::GroupListElement{&Group::stronghold}));
  }
}

void read_group(LoadState& state, const std::string& name, const toml::table& table) {
  auto& market = state.scenario.market;
  const std::size_t g = market.customer_groups.size();
  const auto place = model::ParameterAddress::of_group(g);
  TableReader r(table, join_key_path("customer_groups", name), state.context);
  Group group;
  group.name = name;
  read_share(state, r, g, group);
  r.input("growth_offset", group, &Group::growth_offset, place,
          NumberRange{-1.0, 10.0, false, true, false, true}, 0.0);
  r.input("churn_multiplier", group, &Group::churn_multiplier, place,
          NumberRange{0.0, 100.0, true, true, false, true}, 1.0);
  if (const auto deployment = r.string("deployment", false)) {
    static const std::vector<std::string> kinds = {"public", "private_hybrid"};
    if (*deployment == "private_hybrid") {
      group.deployment = model::Deployment::private_hybrid;
    } else if (*deployment != "public") {
      state.diagnostics().error(table.get("deployment")->source(), r.path_of("deployment"),
                                "expected \"public\" or \"private_hybrid\", found \"" +
                                    *deployment + "\"" + did_you_mean(*deployment, kinds));
    }
  }
  r.mark_known("stronghold");  // read_customer_group_strongholds, once the providers are known
  r.reject_unknown_keys();
  market.customer_groups.push_back(std::move(group));
}

// Over the groups, each segment's shares sum to 1 (nominal values; drawn ones are normalised).
void check_shares_sum_to_one(LoadState& state, const toml::table& table) {
  const auto& market = state.scenario.market;
  for (std::size_t s = 0; s < market.segments.size(); ++s) {
    double total = 0.0;
    for (const auto& group : market.customer_groups) {
      total += s < group.share.size() ? group.share[s] : 0.0;
    }
    if (std::abs(total - 1.0) > 1e-9) {
      std::ostringstream message;
      message << "the groups' shares of segment " << market.segments[s].name << " sum to " << total
              << "; over the groups they must sum to 1";
      state.diagnostics().error(table.source(), "customer_groups", message.str());
    }
  }
}

}  // namespace

void read_customer_groups(LoadState& state) {
  const toml::table* table = state.root.subtable("customer_groups", false);
  if (table == nullptr) {
    return;
  }
  auto& diagnostics = state.diagnostics();
  const auto named = tables_in_file_order(*table, "customer_groups", state.document, diagnostics);
  if (named.empty()) {
    diagnostics.error(table->source(), "customer_groups",
                      "define at least one group, or leave the section out");
    return;
  }
  if (named.size() > kMaxGroups) {
    diagnostics.error(table->source(), "customer_groups",
                      "at most " + std::to_string(kMaxGroups) + " customer groups are allowed");
    return;
  }
  for (const auto& [name, group_table] : named) {
    if (check_name(name, group_table->source(), join_key_path("customer_groups", name),
                   diagnostics)) {
      read_group(state, name, *group_table);
    }
  }
  check_shares_sum_to_one(state, *table);
}

}  // namespace cloudsim::scenario

namespace cloudsim::scenario {

void read_customer_group_strongholds(LoadState& state) {
  const toml::table* table = state.root.table().get_as<toml::table>("customer_groups");
  auto& groups = state.scenario.market.customer_groups;
  for (std::size_t g = 0; g < groups.size() && table != nullptr; ++g) {
    const toml::table* group_table = table->get_as<toml::table>(groups[g].name);
    if (group_table == nullptr) {
      continue;
    }
    TableReader r(*group_table, join_key_path("customer_groups", groups[g].name), state.context);
    read_stronghold(state, r, g, groups[g]);
  }
}

}  // namespace cloudsim::scenario
