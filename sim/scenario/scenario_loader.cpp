#include "scenario/scenario_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "model/correlation.hpp"
#include "scenario/correlation_reader.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/file_order.hpp"
#include "scenario/strategy_reader.hpp"
#include "scenario/suggest.hpp"
#include "scenario/table_reader.hpp"
#include "scenario/toml_nesting.hpp"

namespace cloudsim::scenario {
namespace {

using model::MarketParameters;

// The node at a TOML key path such as providers."China Telecom".price_index, if any. The path is
// parsed by toml++ itself, so quoting works exactly as in a scenario file.
const toml::node* find_by_key_path(const toml::table& root, const std::string& key_path) {
  toml::table shape;
  try {
    shape = parse_toml(key_path + " = 0", "key path");
  } catch (const toml::parse_error&) {
    return nullptr;
  }
  const toml::table* pattern = &shape;
  const toml::table* here = &root;
  while (pattern->size() == 1) {
    const toml::node* found = nullptr;
    const toml::node* next_pattern = nullptr;
    for (auto&& [key, value] : *pattern) {
      found = here->get(key.str());
      next_pattern = &value;
    }
    if (found == nullptr || !next_pattern->is_table()) {
      return found;
    }
    if (!found->is_table()) {
      return nullptr;
    }
    pattern = next_pattern->as_table();
    here = found->as_table();
  }
  return nullptr;
}

class Loader {
 public:
  Loader(const ScenarioDocument& document, Scenario& scenario, Diagnostics& diagnostics)
      : document_(document),
        scenario_(scenario),
        context_{diagnostics, scenario.uncertain.inputs},
        root_(document.root, "", context_) {}

  void load() {
    read_simulation();
    // If the horizon itself is broken (already reported), quarters elsewhere are not checked
    // against it, so one mistake does not cascade into many.
    context_.quarters = QuarterScale{scenario_.run.start_quarter,
                                     horizon_known_ ? scenario_.market.quarters - 1 : INT_MAX};
    read_segments();
    read_segment_correlation();
    read_multi_cloud();
    read_attraction_noise();
    read_providers();
    read_migrations();
    read_input_correlation();  // last: it names uncertain inputs from anywhere above
    root_.reject_unknown_keys();
    settle_book_forms();
    if (!scenario_.market.segments.empty() && !scenario_.market.providers.empty()) {
      check_initial_shares();
      check_adoption_within_ceiling();
    }
  }

 private:
  Diagnostics& diagnostics() { return context_.diagnostics; }

  void read_simulation() {
    const toml::table* table = root_.subtable("simulation", true);
    if (table == nullptr) {
      return;
    }
    TableReader reader(*table, "simulation", context_);
    if (const auto start = reader.string("start_quarter", true)) {
      if (const auto quarter = model::Quarter::parse(*start)) {
        scenario_.run.start_quarter = *quarter;
      } else {
        diagnostics().error(table->get("start_quarter")->source(), "simulation.start_quarter",
                            "expected a quarter like \"2021Q1\", found \"" + *start + "\"");
      }
    }
    if (const auto quarters = reader.integer("quarters", 2, kMaxQuarters, true)) {
      scenario_.market.quarters = static_cast<int>(*quarters);
      horizon_known_ = true;
    }
    if (const auto paths =
            reader.integer("paths", 1, static_cast<std::int64_t>(kMaxPaths), false)) {
      scenario_.run.paths = static_cast<std::uint64_t>(*paths);
    }
    if (const auto seed = reader.integer("seed", 0, INT64_MAX, true)) {
      scenario_.run.seed = static_cast<std::uint64_t>(*seed);
    }
    if (const auto unit = reader.string("currency_unit", false)) {
      scenario_.run.currency_unit = *unit;
    }
    reader.reject_unknown_keys();
  }

  void read_segments() {
    const toml::table* table = root_.subtable("segments", true);
    if (table == nullptr) {
      return;
    }
    const auto named = tables_in_file_order(*table, "segments", document_, diagnostics());
    if (named.empty()) {
      diagnostics().error(table->source(), "segments", "define at least one segment");
    }
    if (named.size() > kMaxSegments) {
      diagnostics().error(table->source(), "segments",
                          "at most " + std::to_string(kMaxSegments) + " segments are allowed");
    }
    for (const auto& [name, segment_table] : named) {
      const std::size_t s = scenario_.market.segments.size();
      TableReader r(*segment_table, join_key_path("segments", name), context_);
      model::SegmentParameters seg;
      seg.name = name;
      // Required unless the providers give their books as revenues (checked once they are read).
      demand_given_.push_back(segment_table->get("initial_demand") != nullptr);
      r.input("initial_demand", seg, &model::SegmentParameters::initial_demand,
              model::ParameterAddress::of_segment(s), NumberRange::positive_money(), 0.0);
      r.input("growth_initial", seg, &model::SegmentParameters::growth_initial,
              model::ParameterAddress::of_segment(s), NumberRange::rate());
      r.input("growth_long_run", seg, &model::SegmentParameters::growth_long_run,
              model::ParameterAddress::of_segment(s), NumberRange::rate());
      r.input("growth_decay_quarters", seg, &model::SegmentParameters::growth_decay_quarters,
              model::ParameterAddress::of_segment(s), NumberRange::positive());
      r.input("volatility", seg, &model::SegmentParameters::volatility,
              model::ParameterAddress::of_segment(s),
              NumberRange{0.0, NumberRange::kMaxVolatility, true, true, false, true});
      r.input("price_sensitivity", seg, &model::SegmentParameters::price_sensitivity,
              model::ParameterAddress::of_segment(s), NumberRange::sensitivity());
      r.input("capability_sensitivity", seg, &model::SegmentParameters::capability_sensitivity,
              model::ParameterAddress::of_segment(s), NumberRange::sensitivity());
      r.input("ecosystem_sensitivity", seg, &model::SegmentParameters::ecosystem_sensitivity,
              model::ParameterAddress::of_segment(s), NumberRange::sensitivity());
      r.reject_unknown_keys();
      scenario_.market.segments.push_back(std::move(seg));
    }
  }

  void read_segment_correlation() {
    const auto n = static_cast<Eigen::Index>(scenario_.market.segments.size());
    scenario_.market.segment_correlation = Eigen::MatrixXd::Identity(n, n);
    const toml::table* table = root_.subtable("segment_correlation", false);
    if (table == nullptr) {
      return;
    }
    TableReader reader(*table, "segment_correlation", context_);
    const auto correlation =
        read_named_correlation(reader, "segments", segment_names(scenario_.market), "segment");
    reader.reject_unknown_keys();
    if (!correlation) {
      return;
    }
    if (correlation->members.size() != scenario_.market.segments.size()) {
      diagnostics().error(table->get("segments")->source(), "segment_correlation.segments",
                          "must list every segment exactly once (" +
                              std::to_string(scenario_.market.segments.size()) +
                              " segments, found " + std::to_string(correlation->members.size()) +
                              ")");
      return;
    }
    // Reorder from the listed order to the scenario's segment order.
    for (std::size_t r = 0; r < correlation->members.size(); ++r) {
      for (std::size_t c = 0; c < correlation->members.size(); ++c) {
        scenario_.market.segment_correlation(static_cast<Eigen::Index>(correlation->members[r]),
                                             static_cast<Eigen::Index>(correlation->members[c])) =
            correlation->matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
      }
    }
  }

  void read_multi_cloud() {
    const toml::table* table = root_.subtable("multi_cloud", false);
    if (table == nullptr) {
      return;  // no multi-cloud effect: every customer makes a single-cloud choice
    }
    TableReader r(*table, "multi_cloud", context_);
    auto& mc = scenario_.market.multi_cloud;
    r.input("initial_adoption", mc, &model::MultiCloudParameters::initial_adoption,
            model::ParameterAddress{}, NumberRange::probability());
    r.input("ceiling", mc, &model::MultiCloudParameters::ceiling, model::ParameterAddress{},
            NumberRange::probability());
    r.input("innovation", mc, &model::MultiCloudParameters::innovation, model::ParameterAddress{},
            NumberRange::sensitivity(), 0.0);
    r.input("imitation", mc, &model::MultiCloudParameters::imitation, model::ParameterAddress{},
            NumberRange::sensitivity(), 0.0);
    r.input("second_cloud_spend_share", mc, &model::MultiCloudParameters::second_cloud_spend_share,
            model::ParameterAddress{}, NumberRange::probability());
    r.reject_unknown_keys();
  }

  void read_attraction_noise() {
    const toml::table* table = root_.subtable("attraction_noise", false);
    if (table == nullptr) {
      return;
    }
    TableReader r(*table, "attraction_noise", context_);
    auto& noise = scenario_.market.attraction_noise;
    r.input("volatility", noise, &model::AttractionNoiseParameters::volatility,
            model::ParameterAddress{}, NumberRange::sensitivity(), 0.0);
    r.input("persistence", noise, &model::AttractionNoiseParameters::persistence,
            model::ParameterAddress{}, NumberRange{0.0, 1.0, true, false}, 0.0);
    r.reject_unknown_keys();
  }

  void read_providers() {
    const toml::table* table = root_.subtable("providers", true);
    if (table == nullptr) {
      return;
    }
    const auto named = tables_in_file_order(*table, "providers", document_, diagnostics());
    if (named.empty()) {
      diagnostics().error(table->source(), "providers", "define at least one provider");
    }
    if (named.size() > kMaxProviders) {
      diagnostics().error(table->source(), "providers",
                          "at most " + std::to_string(kMaxProviders) + " providers are allowed");
    }
    for (const auto& [name, provider_table] : named) {
      read_provider(name, *provider_table);
    }
  }

  void read_provider(const std::string& name, const toml::table& table) {
    const std::size_t i = scenario_.market.providers.size();
    const std::string path = join_key_path("providers", name);
    TableReader r(table, path, context_);
    model::ProviderParameters provider;
    provider.name = name;
    r.input("price_index", provider, &model::ProviderParameters::price_index,
            model::ParameterAddress::of_provider(i), NumberRange{1e-3, 1e3, true, true, true, true},
            1.0);
    r.input("multi_cloud_affinity", provider, &model::ProviderParameters::multi_cloud_affinity,
            model::ParameterAddress::of_provider(i), NumberRange::score(), 0.0);
    r.input("capability_growth", provider, &model::ProviderParameters::capability_growth,
            model::ParameterAddress::of_provider(i), NumberRange::score(), 0.0);
    r.input("gross_margin", provider, &model::ProviderParameters::gross_margin,
            model::ParameterAddress::of_provider(i), NumberRange{-1.0, 1.0, true, true}, 0.0);
    r.input("fixed_cost", provider, &model::ProviderParameters::fixed_cost,
            model::ParameterAddress::of_provider(i), NumberRange::money(), 0.0);
    r.input("loss_limit", provider, &model::ProviderParameters::loss_limit,
            model::ParameterAddress::of_provider(i),
            NumberRange{0.0, NumberRange::kMaxLossLimit, true, true, false, true}, model::kNever);
    r.input("capacity", provider, &model::ProviderParameters::capacity,
            model::ParameterAddress::of_provider(i), NumberRange::positive_money(), model::kNever);
    r.input("capacity_growth", provider, &model::ProviderParameters::capacity_growth,
            model::ParameterAddress::of_provider(i), NumberRange::rate(), 0.0);
    provider.segments.resize(scenario_.market.segments.size());
    const auto known_segments = segment_names(scenario_.market);
    if (const toml::table* segments = r.subtable("segments", true)) {
      for (const auto& [segment_name, cell_table] :
           tables_in_file_order(*segments, path + ".segments", document_, diagnostics())) {
        const std::string cell_path = join_key_path(path + ".segments", segment_name);
        const auto found = std::find(known_segments.begin(), known_segments.end(), segment_name);
        if (found == known_segments.end()) {
          diagnostics().error(cell_table->source(), cell_path,
                              "unknown segment \"" + segment_name + "\"" +
                                  did_you_mean(segment_name, known_segments) +
                                  " (segments are defined under [segments])");
          continue;
        }
        const auto s = static_cast<std::size_t>(found - known_segments.begin());
        read_provider_segment(*cell_table, cell_path, i, s, provider.segments[s]);
      }
    }
    scenario_.market.providers.push_back(std::move(provider));
    // Phases last: PaaS-first checks the provider's segments.
    if (const toml::table* phases = r.subtable("phases", false)) {
      read_phases(*phases, path + ".phases", i, document_, scenario_, context_);
    }
    r.reject_unknown_keys();
  }

  // [migrations.<name>] segment, from, to (provider or "self_build"), amount, start,
  // duration_quarters: spec section 5.
  void read_migrations() {
    const toml::table* table = root_.subtable("migrations", false);
    if (table == nullptr)
      return;
    std::vector<std::string> parties;
    for (const auto& provider : scenario_.market.providers)
      parties.push_back(provider.name);
    parties.push_back("self_build");
    const auto segments = segment_names(scenario_.market);
    for (const auto& named : tables_in_file_order(*table, "migrations", document_, diagnostics())) {
      // Plain variables: lambdas below capture them (structured bindings cannot be captured in
      // C++20 by clang).
      const std::string& name = named.name;
      const toml::table* migration_table = named.table;
      const std::size_t k = scenario_.market.migrations.size();
      const std::string path = join_key_path("migrations", name);
      TableReader r(*migration_table, path, context_);
      model::MigrationParameters m;
      m.name = name;
      if (const auto segment = r.string("segment", true)) {
        const auto found = std::find(segments.begin(), segments.end(), *segment);
        if (found == segments.end()) {
          diagnostics().error(
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
          diagnostics().error(migration_table->get(key)->source(), path + "." + key,
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
        diagnostics().error(to->source(), path + ".to", "must differ from `from`");
      }
      r.input("amount", m, &model::MigrationParameters::amount,
              model::ParameterAddress::of_migration(k), NumberRange::money());
      r.quarter_input("start", m, &model::MigrationParameters::start,
                      model::ParameterAddress::of_migration(k));
      r.input("duration_quarters", m, &model::MigrationParameters::duration,
              model::ParameterAddress::of_migration(k), NumberRange{1.0, 400.0, true, true}, 1.0);
      r.reject_unknown_keys();
      scenario_.market.migrations.push_back(std::move(m));
    }
  }

  void read_provider_segment(const toml::table& table, const std::string& path, std::size_t i,
                             std::size_t s, model::ProviderSegmentParameters& cell) {
    TableReader c(table, path, context_);
    cell.present = true;
    const bool has_share = table.get("initial_share") != nullptr;
    const bool has_revenue = table.get("initial_revenue") != nullptr;
    c.input("initial_share", cell, &model::ProviderSegmentParameters::initial_share,
            model::ParameterAddress::of_cell(s, i), NumberRange::probability(), 0.0);
    c.input("initial_revenue", cell, &model::ProviderSegmentParameters::initial_revenue,
            model::ParameterAddress::of_cell(s, i), NumberRange::money(), 0.0);
    record_book_form(table, path, s, has_share, has_revenue);
    c.input("capability", cell, &model::ProviderSegmentParameters::capability,
            model::ParameterAddress::of_cell(s, i), NumberRange::score(), 0.0);
    c.input("ecosystem", cell, &model::ProviderSegmentParameters::ecosystem,
            model::ParameterAddress::of_cell(s, i), NumberRange::score(), 0.0);
    c.input("churn_rate", cell, &model::ProviderSegmentParameters::churn_rate,
            model::ParameterAddress::of_cell(s, i), NumberRange{0.0, 1.0, false, true});
    c.reject_unknown_keys();
  }

  // Each provider's initial book is a share of initial_demand or a revenue; one segment uses one
  // form throughout, so that its size is defined once.
  enum class BookForm { unknown, share, revenue, inconsistent };

  void record_book_form(const toml::table& table, const std::string& path, std::size_t s,
                        bool has_share, bool has_revenue) {
    if (has_share && has_revenue) {
      diagnostics().error(table.get("initial_revenue")->source(), path + ".initial_revenue",
                          "give initial_share or initial_revenue, not both");
      return;
    }
    if (book_form_.size() <= s)
      book_form_.resize(s + 1, BookForm::unknown);
    if (!has_share && !has_revenue) {
      diagnostics().error(table.source(), path + ".initial_share",
                          "missing required key; expected initial_share (a fraction of the "
                          "segment's initial_demand) or initial_revenue (money per quarter)");
      book_form_[s] = BookForm::inconsistent;
      return;
    }
    const BookForm form = has_share ? BookForm::share : BookForm::revenue;
    if (book_form_[s] == BookForm::unknown) {
      book_form_[s] = form;
    } else if (book_form_[s] != form && book_form_[s] != BookForm::inconsistent) {
      book_form_[s] = BookForm::inconsistent;  // reported once; the share-sum check stays quiet
      const char* key = has_share ? "initial_share" : "initial_revenue";
      diagnostics().error(
          table.get(key)->source(), path + "." + key,
          "the other providers in this segment give their initial book as " +
              std::string(form == BookForm::share ? "initial_revenue" : "initial_share") +
              "; use one form per segment");
    }
  }

  void settle_book_forms() {
    auto& segments = scenario_.market.segments;
    book_form_.resize(segments.size(), BookForm::unknown);
    for (std::size_t s = 0; s < segments.size(); ++s) {
      const toml::table* all = document_.root.get_as<toml::table>("segments");
      const toml::node* table = all != nullptr ? all->get(segments[s].name) : nullptr;
      const toml::source_region region =
          table != nullptr ? table->source() : document_.root.source();
      const std::string path = join_key_path("segments", segments[s].name);
      if (book_form_[s] == BookForm::revenue) {
        segments[s].books_from_revenue = true;
        if (demand_given_[s]) {
          const toml::node* demand = table->as_table()->get("initial_demand");
          diagnostics().error(demand->source(), path + ".initial_demand",
                              "the providers give initial_revenue, so the segment's initial "
                              "size is their sum; remove initial_demand");
        }
      } else if (book_form_[s] == BookForm::inconsistent) {
        continue;
      } else if (!demand_given_[s]) {
        diagnostics().error(region, path + ".initial_demand",
                            "missing required key; expected a number > 0 (or give every provider "
                            "in the segment initial_revenue instead of initial_share)");
      }
    }
  }

  // [input_correlation] kind = "rank" | "gaussian", inputs = [key paths], matrix = [[…]]
  void read_input_correlation() {
    const toml::table* table = root_.subtable("input_correlation", false);
    if (table == nullptr) {
      return;
    }
    TableReader reader(*table, "input_correlation", context_);
    const std::string kind = reader.string("kind", false).value_or("rank");
    if (kind != "rank" && kind != "gaussian") {
      diagnostics().error(table->get("kind")->source(), "input_correlation.kind",
                          "expected \"rank\" (Spearman, the default) or \"gaussian\" (correlation "
                          "of the normal scores), found \"" +
                              kind + "\"" + did_you_mean(kind, {"rank", "gaussian"}));
    }
    std::vector<std::string> uncertain_names;
    for (const auto& input : scenario_.uncertain.inputs)
      uncertain_names.push_back(input.key_path);
    explain_fixed_inputs(*table, uncertain_names);
    const auto correlation =
        read_named_correlation(reader, "inputs", uncertain_names, "uncertain input");
    reader.reject_unknown_keys();
    if (!correlation) {
      return;
    }
    Eigen::MatrixXd copula = correlation->matrix;
    if (kind == "rank") {
      for (Eigen::Index r = 0; r < copula.rows(); ++r) {
        for (Eigen::Index c = 0; c < copula.cols(); ++c) {
          if (r != c)
            copula(r, c) = uncertainty::copula_correlation_for_rank(copula(r, c));
        }
      }
      if (!require_positive_definite(copula, *correlation->matrix_node, "input_correlation.matrix",
                                     diagnostics(),
                                     "as rank correlations it converts to a Gaussian copula that "
                                     "is not; lower the largest correlations")) {
        return;
      }
    }
    uncertainty::CorrelationGroup group;
    group.members = correlation->members;
    group.factor = *model::cholesky_factor(copula);
    scenario_.uncertain.groups.push_back(std::move(group));
  }

  // An input named in the correlation list that exists but is a fixed number deserves a better
  // message than "unknown uncertain input".
  void explain_fixed_inputs(const toml::table& table, const std::vector<std::string>& uncertain) {
    const toml::array* inputs = table.get_as<toml::array>("inputs");
    if (inputs == nullptr)
      return;
    for (std::size_t k = 0; k < inputs->size(); ++k) {
      const auto* name = inputs->get(k)->as_string();
      if (name == nullptr ||
          std::find(uncertain.begin(), uncertain.end(), name->get()) != uncertain.end()) {
        continue;
      }
      const toml::node* target = find_by_key_path(document_.root, name->get());
      if (target != nullptr && target->is_number()) {
        diagnostics().error(inputs->get(k)->source(),
                            "input_correlation.inputs[" + std::to_string(k) + "]",
                            name->get() +
                                " is a fixed number; give it a distribution to "
                                "correlate it");
      }
    }
  }

  void check_initial_shares() {
    const auto& market = scenario_.market;
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
      const toml::table* segments = document_.root.get_as<toml::table>("segments");
      const toml::node* where = segments != nullptr ? segments->get(name) : nullptr;
      const toml::source_region region =
          where != nullptr ? where->source() : document_.root.source();
      if (!anyone) {
        diagnostics().error(region, join_key_path("segments", name),
                            "no provider is present in this segment; add a [providers.<name>."
                            "segments." +
                                name + "] table");
      } else if (book_form_[s] == BookForm::inconsistent) {
        continue;  // already reported at the provider that broke the pattern
      } else if (market.segments[s].books_from_revenue) {
        if (!(revenue > 0.0)) {
          diagnostics().error(region, join_key_path("segments", name),
                              "the providers' initial_revenue values in this segment sum to 0; "
                              "the market must start with some spend");
        } else if (revenue < NumberRange::kMinMoney) {
          diagnostics().error(region, join_key_path("segments", name),
                              "the providers' initial_revenue values in this segment sum to " +
                                  std::to_string(revenue) +
                                  "; the market must start with at least " +
                                  "1e-06 (as initial_demand)");
        }
      } else if (std::abs(total - 1.0) > kShareSumTolerance) {
        std::ostringstream message;
        message.precision(9);
        message << "the providers' initial_share values in this segment sum to " << total
                << " (uncertain shares count with their mean); they must sum to 1 (within "
                << kShareSumTolerance << "); an \"Others\" provider can take the remainder";
        diagnostics().error(region, join_key_path("segments", name), message.str());
      }
    }
  }

  void check_adoption_within_ceiling() {
    const toml::table* table = document_.root.get_as<toml::table>("multi_cloud");
    if (table == nullptr || table->get("initial_adoption") == nullptr) {
      return;
    }
    // Bounds over every draw: the largest possible m(0) against the smallest possible ceiling.
    auto bounds = [&](const std::string& key, double nominal) {
      for (const auto& input : scenario_.uncertain.inputs) {
        if (input.key_path == "multi_cloud." + key) {
          return std::pair{input.distribution.lowest(), input.distribution.highest()};
        }
      }
      return std::pair{nominal, nominal};
    };
    const auto adoption = bounds("initial_adoption", scenario_.market.multi_cloud.initial_adoption);
    const auto ceiling = bounds("ceiling", scenario_.market.multi_cloud.ceiling);
    if (adoption.second > ceiling.first) {
      diagnostics().error(table->get("initial_adoption")->source(), "multi_cloud.initial_adoption",
                          "must not exceed multi_cloud.ceiling on any path (largest possible "
                          "initial adoption " +
                              std::to_string(adoption.second) + ", smallest possible ceiling " +
                              std::to_string(ceiling.first) + ")");
    }
  }

  const ScenarioDocument& document_;
  Scenario& scenario_;
  ReadContext context_;
  TableReader root_;
  bool horizon_known_ = false;
  std::vector<bool> demand_given_;   // per segment: initial_demand present
  std::vector<BookForm> book_form_;  // per segment: how the providers give their books
};

Scenario load(const std::string& text, const std::string& file_name, const LoadOptions& options) {
  Diagnostics diagnostics(file_name);
  if (text.size() > kMaxScenarioBytes) {
    diagnostics.error_without_position(
        "", "the scenario is " + std::to_string(text.size()) + " bytes; the limit is " +
                std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)");
    diagnostics.throw_if_any();
  }
  auto document =
      build_document(text, file_name, options.assignments, options.read_file, diagnostics);
  diagnostics.throw_if_any();
  Scenario scenario;
  scenario.source_file = file_name;
  scenario.resolved_text = to_resolved_toml(*document);
  Loader(*document, scenario, diagnostics).load();
  diagnostics.throw_if_any();
  return scenario;
}

std::string read_top_file(const std::string& path, const LoadOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw InputError({InputIssue{path, 0, 0, "", "is a directory, not a scenario file"}});
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxScenarioBytes) {
    throw InputError(
        {InputIssue{path, 0, 0, "",
                    "the file is " + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)"}});
  }
  auto text = options.read_file(path);
  if (!text) {
    throw InputError({InputIssue{path, 0, 0, "", "no such scenario file (or it cannot be read)"}});
  }
  return *text;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file_name,
                            const LoadOptions& options) {
  return load(text, file_name, options);
}

Scenario load_scenario_file(const std::string& path, const LoadOptions& options) {
  return load(read_top_file(path, options), path, options);
}

std::string resolve_scenario_file(const std::string& path, const LoadOptions& options) {
  const std::string text = read_top_file(path, options);
  Diagnostics diagnostics(path);
  auto document = build_document(text, path, options.assignments, options.read_file, diagnostics);
  diagnostics.throw_if_any();
  return to_resolved_toml(*document);
}

}  // namespace cloudsim::scenario
