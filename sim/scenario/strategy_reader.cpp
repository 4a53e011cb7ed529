#include "scenario/strategy_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

using model::MarketParameters;
using model::PhaseParameters;

// Where a phase's parameters live in MarketParameters, for setters of drawn values.
struct PhaseSlot {
  std::size_t provider;
  std::size_t phase;
  template <typename Kind>
  Kind& kind(MarketParameters& p) const {
    return std::get<Kind>(p.providers[provider].phases[phase].strategy);
  }
};

template <typename Kind>
void read_repositioning(TableReader& r, PhaseSlot slot, Kind& p, bool toward_profit) {
  // Land grab lowers price and margin and raises capability growth and fixed cost; profit focus
  // does the opposite. The ranges say so, so a sign error is caught at load time.
  const NumberRange down{-1.0, 0.0, false, true};
  // A relative rise is at most 10 (x11); a score-per-year change at most kMaxScore.
  const NumberRange up{0.0, 10.0, true, true, false, true};
  const NumberRange score_up{0.0, NumberRange::kMaxScore, true, true, false, true};
  const NumberRange score_down{-NumberRange::kMaxScore, 0.0, true, true, true, false};
  const NumberRange margin_down{-1.0, 0.0, true, true};
  const NumberRange margin_up{0.0, 1.0, true, true};
  const NumberRange cost_down{-1.0, 0.0, true, true};
  p.price_change =
      r.uncertain("price_change", toward_profit ? up : down, 0.0,
                  [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).price_change = v; });
  p.margin_change =
      r.uncertain("margin_change", toward_profit ? margin_up : margin_down, 0.0,
                  [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).margin_change = v; });
  p.capability_growth_change = r.uncertain(
      "capability_growth_change", toward_profit ? score_down : score_up, 0.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).capability_growth_change = v; });
  p.fixed_cost_change = r.uncertain(
      "fixed_cost_change", toward_profit ? cost_down : up, 0.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).fixed_cost_change = v; });
}

// A table of per-segment numbers, e.g. ecosystem_boost = { IaaS = 0.3, PaaS = 0.1 }.
void read_per_segment(TableReader& r, std::string_view key, const Scenario& scenario,
                      NumberRange range, std::vector<double>& values,
                      std::function<void(MarketParameters&, std::size_t, double)> set) {
  const toml::table* table = r.subtable(key, false);
  if (table == nullptr)
    return;
  TableReader per(*table, r.path_of(key), r.context());
  const auto names = segment_names(scenario.market);
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (table->get(names[s]) != nullptr) {
      values[s] = per.uncertain(names[s], range, 0.0,
                                [set, s](MarketParameters& m, double v) { set(m, s, v); });
    }
  }
  for (const auto& [name, node] : *table) {
    if (std::find(names.begin(), names.end(), name.str()) == names.end()) {
      r.diagnostics().error(
          node.source(), join_key_path(r.path_of(key), name.str()),
          "unknown segment \"" + std::string(name.str()) + "\"" + did_you_mean(name.str(), names));
    }
  }
}

void read_capture(TableReader& r, PhaseSlot slot, const Scenario& scenario,
                  model::MultiCloudCaptureParameters& p) {
  using Kind = model::MultiCloudCaptureParameters;
  const std::size_t segments = scenario.market.segments.size();
  p.affinity =
      r.uncertain("affinity", NumberRange::score(), std::nullopt,
                  [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).affinity = v; });
  p.ecosystem_boost.assign(segments, 0.0);
  read_per_segment(r, "ecosystem_boost", scenario, NumberRange::score(), p.ecosystem_boost,
                   [slot](MarketParameters& m, std::size_t s, double v) {
                     slot.kind<Kind>(m).ecosystem_boost[s] = v;
                   });
  p.capability_target.assign(segments, std::numeric_limits<double>::quiet_NaN());
  read_per_segment(r, "capability", scenario, NumberRange::score(), p.capability_target,
                   [slot](MarketParameters& m, std::size_t s, double v) {
                     slot.kind<Kind>(m).capability_target[s] = v;
                   });
  p.capacity_growth = r.uncertain(
      "capacity_growth", NumberRange::rate(), 0.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).capacity_growth = v; });
  p.fixed_cost_increase = r.uncertain(
      "fixed_cost_increase", NumberRange::money(), 0.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).fixed_cost_increase = v; });
  p.tolerance =
      r.uncertain("tolerance", NumberRange::probability(), 0.2,
                  [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).tolerance = v; });
  p.retreat_probability = r.uncertain(
      "retreat_probability", NumberRange::probability(), 0.5,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).retreat_probability = v; });
  p.retreat_cut =
      r.uncertain("retreat_cut", NumberRange::probability(), 0.7,
                  [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).retreat_cut = v; });
  // Reviews: review_quarters = ["2022Q4", …] with target_revenue = [12.5, …] (money per quarter).
  const toml::array* quarters = r.array("review_quarters", false);
  const toml::array* targets = r.array("target_revenue", false);
  if ((quarters == nullptr) != (targets == nullptr)) {
    r.diagnostics().error(
        r.table().source(), r.path_of("review_quarters"),
        "give review_quarters and target_revenue together (one target per review)");
    return;
  }
  if (quarters == nullptr)
    return;
  if (quarters->size() != targets->size()) {
    r.diagnostics().error(targets->source(), r.path_of("target_revenue"),
                          "expected " + std::to_string(quarters->size()) +
                              " targets (one per review quarter), found " +
                              std::to_string(targets->size()));
    return;
  }
  for (std::size_t k = 0; k < quarters->size(); ++k) {
    if (const auto t =
            r.quarter_value("review_quarters[" + std::to_string(k) + "]", *quarters->get(k))) {
      p.review_quarters.push_back(*t);
    }
    const toml::node& target = *targets->get(k);
    const double value = target.value<double>().value_or(-1.0);
    if (!target.is_number() || !(value >= 0.0)) {
      r.diagnostics().error(target.source(),
                            r.path_of("target_revenue") + "[" + std::to_string(k) + "]",
                            "expected revenue per quarter >= 0, found " + describe_node(target));
    }
    p.target_revenue.push_back(value);
  }
}

void read_paas_first(TableReader& r, PhaseSlot slot, const Scenario& scenario,
                     model::PaasFirstParameters& p) {
  using Kind = model::PaasFirstParameters;
  const auto names = segment_names(scenario.market);
  p.home.assign(names.size(), 0);
  if (const toml::array* home = r.array("home_segments", true)) {
    for (std::size_t k = 0; k < home->size(); ++k) {
      const toml::node& node = *home->get(k);
      const auto* name = node.as_string();
      const auto found =
          name != nullptr ? std::find(names.begin(), names.end(), name->get()) : names.end();
      if (found == names.end()) {
        r.diagnostics().error(node.source(),
                              r.path_of("home_segments") + "[" + std::to_string(k) + "]",
                              "expected a segment name, found " + describe_node(node) +
                                  (name != nullptr ? did_you_mean(name->get(), names) : ""));
        continue;
      }
      p.home[static_cast<std::size_t>(found - names.begin())] = 1;
    }
    if (std::none_of(p.home.begin(), p.home.end(), [](char h) { return h != 0; })) {
      r.diagnostics().error(home->source(), r.path_of("home_segments"),
                            "name at least one segment");
    }
  }
  p.entry_share_threshold = r.uncertain(
      "entry_share_threshold", NumberRange::probability(), std::nullopt,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).entry_share_threshold = v; });
  p.latest_entry = r.quarter("latest_entry", model::kNever, [slot](MarketParameters& m, double v) {
    slot.kind<Kind>(m).latest_entry = v;
  });
  p.entry_capability = r.uncertain(
      "entry_capability", NumberRange::score(), 0.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).entry_capability = v; });
  p.capability_ramp_quarters = r.uncertain(
      "capability_ramp_quarters", NumberRange::non_negative(), 8.0,
      [slot](MarketParameters& m, double v) { slot.kind<Kind>(m).capability_ramp_quarters = v; });
}

// A PaaS-first provider starts absent outside its home segments, so it cannot hold a share there.
void check_paas_first_shares(const toml::table& table, const std::string& path,
                             std::size_t provider, const model::PaasFirstParameters& p,
                             const Scenario& scenario, Diagnostics& diagnostics) {
  const auto& cells = scenario.market.providers[provider].segments;
  for (std::size_t s = 0; s < cells.size(); ++s) {
    if (!p.home[s] && cells[s].present &&
        (cells[s].initial_share > 0.0 || cells[s].initial_revenue > 0.0)) {
      diagnostics.error(table.source(), path,
                        "a paas_first provider starts outside " + scenario.market.segments[s].name +
                            ", so its initial share there must be 0 (the segment's table only "
                            "describes it after entry)");
    }
  }
}

const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names = {"status_quo", "land_grab", "profit_focus",
                                                 "multi_cloud_capture", "paas_first"};
  return names;
}

}  // namespace

void read_phases(const toml::table& phases, const std::string& path, std::size_t provider,
                 const ScenarioDocument& document, Scenario& scenario, ReadContext& context) {
  std::vector<std::pair<const toml::key*, const toml::table*>> ordered;
  for (const auto& [key, node] : phases) {
    if (!check_name(key.str(), key.source(), join_key_path(path, key.str()), context.diagnostics)) {
      continue;
    }
    if (!node.is_table()) {
      context.diagnostics.error(node.source(), join_key_path(path, key.str()),
                                "expected a phase table, found " + describe_node(node));
      continue;
    }
    ordered.emplace_back(&key, node.as_table());
  }
  std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
    return document.order_of(a.first->source()) < document.order_of(b.first->source());
  });
  auto& plan = scenario.market.providers[provider].phases;
  for (const auto& [key, table] : ordered) {
    const std::string phase_path = join_key_path(path, key->str());
    const PhaseSlot slot{provider, plan.size()};
    TableReader r(*table, phase_path, context);
    PhaseParameters phase;
    phase.name = std::string(key->str());
    const auto kind = r.string("kind", true);
    if (kind && std::find(kind_names().begin(), kind_names().end(), *kind) == kind_names().end()) {
      context.diagnostics.error(table->get("kind")->source(), phase_path + ".kind",
                                "unknown strategy \"" + *kind + "\"" +
                                    did_you_mean(*kind, kind_names()) +
                                    " (one of: status_quo, land_grab, profit_focus, "
                                    "multi_cloud_capture, paas_first)");
    }
    const std::string k = kind.value_or("status_quo");
    // The variant must hold the right kind before any setter for it can run.
    if (k == "land_grab")
      phase.strategy = model::LandGrabParameters{};
    else if (k == "profit_focus")
      phase.strategy = model::ProfitFocusParameters{};
    else if (k == "multi_cloud_capture")
      phase.strategy = model::MultiCloudCaptureParameters{};
    else if (k == "paas_first")
      phase.strategy = model::PaasFirstParameters{};
    plan.push_back(phase);
    PhaseParameters& stored = plan.back();
    stored.start = r.quarter("start", 0.0, [slot](MarketParameters& m, double v) {
      m.providers[slot.provider].phases[slot.phase].start = v;
    });
    stored.ramp_quarters = r.uncertain(
        "ramp_quarters", NumberRange::non_negative(), 4.0, [slot](MarketParameters& m, double v) {
          m.providers[slot.provider].phases[slot.phase].ramp_quarters = v;
        });
    if (auto* p = std::get_if<model::LandGrabParameters>(&stored.strategy)) {
      read_repositioning(r, slot, *p, false);
    } else if (auto* q = std::get_if<model::ProfitFocusParameters>(&stored.strategy)) {
      read_repositioning(r, slot, *q, true);
    } else if (auto* c = std::get_if<model::MultiCloudCaptureParameters>(&stored.strategy)) {
      read_capture(r, slot, scenario, *c);
    } else if (auto* f = std::get_if<model::PaasFirstParameters>(&stored.strategy)) {
      read_paas_first(r, slot, scenario, *f);
      check_paas_first_shares(*table, phase_path, provider, *f, scenario, context.diagnostics);
    }
    r.reject_unknown_keys();
  }
}

}  // namespace cloudsim::scenario
