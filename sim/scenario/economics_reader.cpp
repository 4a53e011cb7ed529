#include "scenario/economics_reader.hpp"

#include <utility>

#include "scenario/file_order.hpp"

namespace cloudsim::scenario {
namespace {

using Provider = model::ProviderParameters;
using Site = model::CapacityAddition;

// [providers.<name>.capacity_additions.<site>] quarter, amount: each value addressable (and
// drawable) at its own key path.
void read_capacity_additions(LoadState& state, TableReader& r, std::size_t i, Provider& provider) {
  const toml::table* sites = r.subtable("capacity_additions", false);
  if (sites == nullptr) {
    return;
  }
  const std::string path = r.path_of("capacity_additions");
  if (r.table().get("capacity") == nullptr) {
    state.diagnostics().error(sites->source(), path,
                              "capacity additions add to a cap: give capacity (the initial cap, "
                              "money per quarter) as well");
  }
  for (const auto& named :
       tables_in_file_order(*sites, path, state.document, state.diagnostics())) {
    const auto place =
        model::ParameterAddress::of_capacity_addition(i, provider.capacity_additions.size());
    TableReader s(*named.table, join_key_path(path, named.name), state.context);
    Site site;
    site.name = named.name;
    s.quarter_input("quarter", site, &Site::quarter, place);
    s.input("amount", site, &Site::amount, place, NumberRange::money());
    s.reject_unknown_keys();
    provider.capacity_additions.push_back(std::move(site));
  }
}

// A key that means something only next to another: reported at the key when the other is absent.
void require_with(TableReader& r, const char* key, const char* needed, const char* why) {
  if (const toml::node* node = r.table().get(key);
      node != nullptr && r.table().get(needed) == nullptr) {
    r.diagnostics().error(node->source(), r.path_of(key),
                          std::string(why) + ": give " + needed + " as well, or remove " + key);
  }
}

}  // namespace

void read_provider_economics(LoadState& state, TableReader& r, std::size_t i, Provider& provider) {
  const auto place = model::ParameterAddress::of_provider(i);
  read_capacity_additions(state, r, i, provider);
  r.input("capacity_fixed_cost", provider, &Provider::capacity_fixed_cost, place,
          NumberRange{0.0, 1e3, true, true, false, true}, 0.0);
  require_with(r, "capacity_fixed_cost", "capacity",
               "capacity_fixed_cost is charged on capacity above the initial cap");
  provider.has_unit_cost = r.table().get("unit_cost") != nullptr;
  r.input("unit_cost", provider, &Provider::unit_cost, place,
          NumberRange{1e-3, 1e3, true, true, true, true}, 0.0);
  r.input("scale_elasticity", provider, &Provider::scale_elasticity, place,
          NumberRange{0.0, 1.0, true, true}, 0.0);
  provider.prices_at_or_above_cost = r.boolean("prices_at_or_above_cost", false);
  require_with(r, "scale_elasticity", "unit_cost", "the experience curve lowers a unit cost");
  require_with(r, "prices_at_or_above_cost", "unit_cost", "the price floor is the unit cost");
  // Both in one file is a contradiction; a unit_cost added by a file that extends another
  // replaces the parent's gross_margin (a child cannot remove a key).
  const toml::node* margin = r.table().get("gross_margin");
  const toml::node* cost = r.table().get("unit_cost");
  if (margin != nullptr && cost != nullptr && margin->source().path && cost->source().path &&
      *margin->source().path == *cost->source().path) {
    state.diagnostics().error(margin->source(), r.path_of("gross_margin"),
                              "with unit_cost the margin follows from price and unit cost "
                              "(γ = 1 − unit_cost / price_index); give one of the two");
  }
}

}  // namespace cloudsim::scenario
