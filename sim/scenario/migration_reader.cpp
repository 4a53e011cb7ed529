// [migrations.<name>] segment, from, to (provider or "self_build"), amount, start,
// duration_quarters, contestable: planned moves of spend between providers (spec section 5).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "scenario/file_order.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {

void read_migrations(LoadState& state) {
  const toml::table* table = state.root.subtable("migrations", false);
  if (table == nullptr)
    return;
  auto& market = state.scenario.market;
  auto& diagnostics = state.diagnostics();
  std::vector<std::string> parties;
  for (const auto& provider : market.providers)
    parties.push_back(provider.name);
  parties.push_back("self_build");
  const auto segments = segment_names(market);
  using Migration = model::MigrationParameters;
  for (const auto& named :
       tables_in_file_order(*table, "migrations", state.document, diagnostics)) {
    // Plain variables: lambdas below capture them (structured bindings cannot be captured in C++20
    // by clang).
    const std::string& name = named.name;
    const toml::table* migration_table = named.table;
    const auto place = model::ParameterAddress::of_migration(market.migrations.size());
    const std::string path = join_key_path("migrations", name);
    TableReader r(*migration_table, path, state.context);
    Migration m;
    m.name = name;
    if (const auto segment = r.string("segment", true)) {
      const auto found = std::find(segments.begin(), segments.end(), *segment);
      if (found == segments.end()) {
        diagnostics.error(
            migration_table->get("segment")->source(), path + ".segment",
            "unknown segment \"" + *segment + "\"" + did_you_mean(*segment, segments));
      } else {
        m.segment = static_cast<std::size_t>(found - segments.begin());
      }
    }
    auto party = [&](const char* key) {
      const auto who = r.string(key, true);
      if (!who)
        return -1;
      const auto found = std::find(parties.begin(), parties.end(), *who);
      if (found == parties.end()) {
        diagnostics.error(migration_table->get(key)->source(), path + "." + key,
                          "expected a provider name or \"self_build\", found \"" + *who + "\"" +
                              did_you_mean(*who, parties));
        return -1;
      }
      return found + 1 == parties.end() ? -1 : static_cast<int>(found - parties.begin());
    };
    m.from = party("from");
    m.to = party("to");
    const toml::node* from = migration_table->get("from");
    const toml::node* to = migration_table->get("to");
    if (from != nullptr && to != nullptr &&
        from->value<std::string>() == to->value<std::string>()) {
      diagnostics.error(to->source(), path + ".to", "must differ from `from`");
    }
    r.input("amount", m, &Migration::amount, place, NumberRange::money());
    r.quarter_input("start", m, &Migration::start, place);
    r.input("duration_quarters", m, &Migration::duration, place,
            NumberRange{1.0, 400.0, true, true}, 1.0);
    m.contestable = r.boolean("contestable", false);
    r.reject_unknown_keys();
    market.migrations.push_back(std::move(m));
  }
}

}  // namespace cloudsim::scenario
