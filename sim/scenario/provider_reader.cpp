// [providers.<name>]: each provider's own numbers, its cells [providers.<name>.segments.<segment>]
// (initial book, capability, ecosystem, churn) and, through strategy_reader, its phases.

#include <algorithm>
#include <string>
#include <utility>

#include "scenario/economics_reader.hpp"
#include "scenario/file_order.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/strategy_reader.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

// Notes the form in which this cell gives its initial book (share or revenue). A mixed segment is
// reported here, at the provider that broke the pattern; the rest is settled in scenario_checks.
void record_book_form(LoadState& state, const toml::table& table, const std::string& path,
                      std::size_t s, bool has_share, bool has_revenue) {
  auto& diagnostics = state.diagnostics();
  auto& book_form = state.book_form;
  if (has_share && has_revenue) {
    diagnostics.error(table.get("initial_revenue")->source(), path + ".initial_revenue",
                      "give initial_share or initial_revenue, not both");
    return;
  }
  if (book_form.size() <= s)
    book_form.resize(s + 1, BookForm::unknown);
  if (!has_share && !has_revenue) {
    diagnostics.error(table.source(), path + ".initial_share",
                      "missing required key; expected initial_share (a fraction of the "
                      "segment's initial_demand) or initial_revenue (money per quarter)");
    book_form[s] = BookForm::inconsistent;
    return;
  }
  const BookForm form = has_share ? BookForm::share : BookForm::revenue;
  if (book_form[s] == BookForm::unknown) {
    book_form[s] = form;
  } else if (book_form[s] != form && book_form[s] != BookForm::inconsistent) {
    book_form[s] = BookForm::inconsistent;  // reported once; the share-sum check stays quiet
    const char* key = has_share ? "initial_share" : "initial_revenue";
    diagnostics.error(
        table.get(key)->source(), path + "." + key,
        "the other providers in this segment give their initial book as " +
            std::string(form == BookForm::share ? "initial_revenue" : "initial_share") +
            "; use one form per segment");
  }
}

// One cell: provider i in segment s.
void read_provider_segment(LoadState& state, const toml::table& table, const std::string& path,
                           std::size_t i, std::size_t s, model::ProviderSegmentParameters& cell) {
  using Cell = model::ProviderSegmentParameters;
  const auto place = model::ParameterAddress::of_cell(s, i);
  TableReader c(table, path, state.context);
  cell.present = true;
  const bool has_share = table.get("initial_share") != nullptr;
  const bool has_revenue = table.get("initial_revenue") != nullptr;
  c.input("initial_share", cell, &Cell::initial_share, place, NumberRange::probability(), 0.0);
  c.input("initial_revenue", cell, &Cell::initial_revenue, place, NumberRange::money(), 0.0);
  record_book_form(state, table, path, s, has_share, has_revenue);
  c.input("capability", cell, &Cell::capability, place, NumberRange::score(), 0.0);
  c.input("ecosystem", cell, &Cell::ecosystem, place, NumberRange::score(), 0.0);
  c.input("churn_rate", cell, &Cell::churn_rate, place, NumberRange{0.0, 1.0, false, true});
  c.reject_unknown_keys();
}

void read_provider(LoadState& state, const std::string& name, const toml::table& table) {
  auto& market = state.scenario.market;
  auto& diagnostics = state.diagnostics();
  const std::size_t i = market.providers.size();
  const std::string path = join_key_path("providers", name);
  using Provider = model::ProviderParameters;
  const auto place = model::ParameterAddress::of_provider(i);
  TableReader r(table, path, state.context);
  Provider provider;
  provider.name = name;
  r.input("price_index", provider, &Provider::price_index, place,
          NumberRange{1e-3, 1e3, true, true, true, true}, 1.0);
  r.input("multi_cloud_affinity", provider, &Provider::multi_cloud_affinity, place,
          NumberRange::score(), 0.0);
  r.input("capability_growth", provider, &Provider::capability_growth, place, NumberRange::score(),
          0.0);
  r.input("gross_margin", provider, &Provider::gross_margin, place,
          NumberRange{-1.0, 1.0, true, true}, 0.0);
  r.input("fixed_cost", provider, &Provider::fixed_cost, place, NumberRange::money(), 0.0);
  r.input("loss_limit", provider, &Provider::loss_limit, place,
          NumberRange{0.0, NumberRange::kMaxLossLimit, true, true, false, true}, model::kNever);
  r.input("capacity", provider, &Provider::capacity, place, NumberRange::positive_money(),
          model::kNever);
  r.input("capacity_growth", provider, &Provider::capacity_growth, place, NumberRange::rate(), 0.0);
  provider.full_stack = r.boolean("full_stack", true);
  read_provider_economics(state, r, i, provider);
  provider.segments.resize(market.segments.size());
  const auto known_segments = segment_names(market);
  if (const toml::table* segments = r.subtable("segments", true)) {
    for (const auto& [segment_name, cell_table] :
         tables_in_file_order(*segments, path + ".segments", state.document, diagnostics)) {
      const std::string cell_path = join_key_path(path + ".segments", segment_name);
      const auto found = std::find(known_segments.begin(), known_segments.end(), segment_name);
      if (found == known_segments.end()) {
        diagnostics.error(cell_table->source(), cell_path,
                          "unknown segment \"" + segment_name + "\"" +
                              did_you_mean(segment_name, known_segments) +
                              " (segments are defined under [segments])");
        continue;
      }
      const auto s = static_cast<std::size_t>(found - known_segments.begin());
      read_provider_segment(state, *cell_table, cell_path, i, s, provider.segments[s]);
    }
  }
  market.providers.push_back(std::move(provider));
  r.subtable("phases", false);  // read once every provider is known (read_providers)
  r.reject_unknown_keys();
}

// Inputs were registered as [provider 0's own … provider n's own][provider 0's phases … n's];
// the result lists them provider by provider, each provider's phases after its own keys, as in
// the file: the order of the recorded `parameters` columns and of the run's fingerprint.
void keep_inputs_in_file_order(std::vector<uncertainty::UncertainInput>& inputs,
                               std::size_t providers_begin, const std::vector<std::size_t>& own_end,
                               const std::vector<std::size_t>& phases_end) {
  if (own_end.empty() || own_end.size() != phases_end.size()) {
    return;
  }
  std::vector<uncertainty::UncertainInput> ordered(
      inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(providers_begin));
  ordered.reserve(inputs.size());
  std::size_t own_start = providers_begin;
  std::size_t phase_start = own_end.back();
  const auto append = [&](std::size_t from, std::size_t to) {
    ordered.insert(ordered.end(), inputs.begin() + static_cast<std::ptrdiff_t>(from),
                   inputs.begin() + static_cast<std::ptrdiff_t>(to));
  };
  for (std::size_t i = 0; i < own_end.size(); ++i) {
    append(own_start, own_end[i]);
    own_start = own_end[i];
    append(phase_start, phases_end[i]);
    phase_start = phases_end[i];
  }
  inputs = std::move(ordered);
}

}  // namespace

void read_providers(LoadState& state) {
  const toml::table* table = state.root.subtable("providers", true);
  if (table == nullptr) {
    return;
  }
  auto& diagnostics = state.diagnostics();
  const auto named = tables_in_file_order(*table, "providers", state.document, diagnostics);
  if (named.empty()) {
    diagnostics.error(table->source(), "providers", "define at least one provider");
  }
  if (named.size() > kMaxProviders) {
    diagnostics.error(table->source(), "providers",
                      "at most " + std::to_string(kMaxProviders) + " providers are allowed");
  }
  auto& inputs = state.context.inputs;
  const std::size_t providers_begin = inputs.size();
  // Where each provider's own inputs end in the list of uncertain inputs.
  std::vector<std::size_t> own_inputs_end;
  for (const auto& [name, provider_table] : named) {
    read_provider(state, name, *provider_table);
    own_inputs_end.push_back(inputs.size());
  }
  // Phases last, once every provider is read: a phase may name a later provider (a rival, a
  // trigger's condition), and PaaS first checks its provider's segments.
  const auto& providers = state.scenario.market.providers;
  std::vector<std::size_t> phase_inputs_end;
  for (std::size_t i = 0; i < providers.size(); ++i) {
    const toml::table* provider_table = table->get_as<toml::table>(providers[i].name);
    const toml::table* phases =
        provider_table != nullptr ? provider_table->get_as<toml::table>("phases") : nullptr;
    if (phases != nullptr) {
      read_phases(*phases, join_key_path("providers", providers[i].name) + ".phases", i,
                  state.document, state.scenario, state.context);
    }
    phase_inputs_end.push_back(inputs.size());
  }
  keep_inputs_in_file_order(inputs, providers_begin, own_inputs_end, phase_inputs_end);
}

}  // namespace cloudsim::scenario
