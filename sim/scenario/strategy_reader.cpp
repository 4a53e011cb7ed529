#include "scenario/strategy_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/strategies/strategy_registry.hpp"
#include "outcome/parse.hpp"
#include "outcome/resolve.hpp"
#include "scenario/file_order.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

using model::FieldType;

std::vector<std::string> kind_names() {
  const auto names = model::strategy_kind_names();
  return {names.begin(), names.end()};
}

std::string kind_list() {
  std::string list;
  for (const auto& name : model::strategy_kind_names()) {
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return list;
}

// Where one field of the phase's kind lives, for the draws of its numbers.
model::ParameterAddress field_place(const model::ParameterAddress& phase, std::size_t field,
                                    std::size_t element = 0) {
  return phase.at(model::StrategyField{field, element});
}

// A table of per-segment numbers, e.g. ecosystem_boost = { IaaS = 0.3, PaaS = 0.1 }.
template <class Kind>
void read_per_segment(TableReader& r, const model::Field<Kind>& field, std::size_t f,
                      std::vector<double>& values, const model::ParameterAddress& phase,
                      const Scenario& scenario) {
  const auto names = segment_names(scenario.market);
  values.assign(names.size(), field.default_value.value_or(0.0));
  const toml::table* table = r.subtable(field.key, false);
  if (table == nullptr) {
    return;
  }
  TableReader per(*table, r.path_of(field.key), r.context());
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (table->get(names[s]) != nullptr) {
      values[s] = per.uncertain(names[s], field.range, 0.0, field_place(phase, f, s));
    }
  }
  for (const auto& [name, node] : *table) {
    if (std::find(names.begin(), names.end(), name.str()) == names.end()) {
      r.diagnostics().error(
          node.source(), join_key_path(r.path_of(field.key), name.str()),
          "unknown segment \"" + std::string(name.str()) + "\"" + did_you_mean(name.str(), names));
    }
  }
}

// An array of quarter labels or of numbers in the field's range; fixed, never drawn.
template <class Kind>
void read_list(TableReader& r, const model::Field<Kind>& field, std::vector<double>& values) {
  values.clear();
  const toml::array* array = r.array(field.key, false);
  if (array == nullptr) {
    return;
  }
  for (std::size_t k = 0; k < array->size(); ++k) {
    const std::string element = std::string(field.key) + "[" + std::to_string(k) + "]";
    const toml::node& node = *array->get(k);
    if (field.type == FieldType::quarter_list) {
      if (const auto t = r.quarter_value(element, node)) {
        values.push_back(*t);
      }
      continue;
    }
    const double value = node.value<double>().value_or(std::numeric_limits<double>::quiet_NaN());
    if (!node.is_number() || !field.range.contains(value)) {
      r.diagnostics().error(
          node.source(), r.path_of(field.key) + "[" + std::to_string(k) + "]",
          "expected " + field.range.describe() + ", found " + describe_node(node));
    }
    values.push_back(value);
  }
}

// An array of names out of `names` (segments, customer groups), as flags in their order, e.g.
// home_segments = ["PaaS"] or groups = ["automotive"]. `what` names one ("a segment name");
// `when_none` explains an empty list of names.
template <class Kind>
void read_name_set(TableReader& r, const model::Field<Kind>& field, std::vector<char>& flags,
                   const std::vector<std::string>& names, const std::string& what,
                   const std::string& when_none) {
  flags.assign(names.size(), 0);
  const toml::array* array = r.array(field.key, !field.default_value.has_value());
  if (array == nullptr) {
    return;
  }
  for (std::size_t k = 0; k < array->size(); ++k) {
    const toml::node& node = *array->get(k);
    const auto* name = node.as_string();
    const auto found =
        name != nullptr ? std::find(names.begin(), names.end(), name->get()) : names.end();
    if (found == names.end()) {
      r.diagnostics().error(
          node.source(), r.path_of(field.key) + "[" + std::to_string(k) + "]",
          "expected " + what + ", found " + describe_node(node) +
              (names.empty() ? when_none
                             : (name != nullptr ? did_you_mean(name->get(), names) : "")));
      continue;
    }
    flags[static_cast<std::size_t>(found - names.begin())] = 1;
  }
}

std::vector<std::string> group_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& group : scenario.market.customer_groups) {
    names.push_back(group.name);
  }
  return names;
}

// Another provider's name, e.g. rival = "Volcano Engine".
template <class Kind>
void read_provider(TableReader& r, const model::Field<Kind>& field, int& index,
                   const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& provider : scenario.market.providers) {
    names.push_back(provider.name);
  }
  index = -1;
  const auto name = r.string(field.key, true);
  if (!name) {
    return;
  }
  const toml::node& node = *r.table().get(field.key);
  const auto found = std::find(names.begin(), names.end(), *name);
  if (found == names.end()) {
    r.diagnostics().error(
        node.source(), r.path_of(field.key),
        "expected a provider name, found \"" + *name + "\"" + did_you_mean(*name, names));
    return;
  }
  index = static_cast<int>(found - names.begin());
}

// Reads every field of the kind's table into `kind`, registering uncertain numbers at their
// addresses.
template <class Kind>
void read_kind(TableReader& r, Kind& kind, const model::ParameterAddress& phase,
               const Scenario& scenario) {
  const auto fields = Kind::fields();
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const model::Field<Kind>& field = fields[f];
    switch (field.type) {
      case FieldType::number:
        kind.*field.number =
            r.uncertain(field.key, field.range, field.default_value, field_place(phase, f));
        break;
      case FieldType::quarter:
        kind.*field.number = r.quarter(field.key, field.default_value, field_place(phase, f));
        break;
      case FieldType::per_segment:
        read_per_segment(r, field, f, kind.*field.numbers, phase, scenario);
        break;
      case FieldType::quarter_list:
      case FieldType::number_list:
        read_list(r, field, kind.*field.numbers);
        break;
      case FieldType::segment_set:
        read_name_set(r, field, kind.*field.flags, segment_names(scenario.market), "a segment name",
                      "");
        break;
      case FieldType::group_set:
        read_name_set(r, field, kind.*field.flags, group_names(scenario), "a customer group name",
                      " (the scenario defines no [customer_groups])");
        break;
      case FieldType::provider:
        read_provider(r, field, kind.*field.index, scenario);
        break;
    }
  }
}

// Problems of the phase as a whole, at the key they concern when it is written, else at the
// phase's table.
void report_problems(const model::PhaseParameters& phase, std::size_t provider,
                     const Scenario& scenario, TableReader& r) {
  for (const auto& problem : model::strategy_problems(phase.strategy, scenario.market, provider)) {
    const toml::node* node = problem.key.empty() ? nullptr : r.table().get(problem.key);
    r.diagnostics().error(node != nullptr ? node->source() : r.table().source(),
                          problem.key.empty() ? r.path() : r.path_of(problem.key), problem.message);
  }
}

// The word that stands for a drawn threshold in a trigger's text.
constexpr std::string_view kThresholdWord = "threshold";

// Whether the text ends with the word `threshold` (after a comparison), as in
// "share(IaaS, Volcano Engine) >= threshold".
bool ends_with_threshold_word(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (!text.ends_with(kThresholdWord)) {
    return false;
  }
  text.remove_suffix(kThresholdWord.size());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text.ends_with('=') || text.ends_with('<') || text.ends_with('>');
}

// The source region of a character inside a one-line string value, for errors that point into
// the text (exact when the string has no escapes).
toml::source_region inside(const toml::node& node, std::size_t offset) {
  toml::source_region where = node.source();
  if (where.begin.line == where.end.line) {
    where.begin.column += static_cast<toml::source_index>(1 + offset);  // past the quote
  }
  return where;
}

// trigger = "share(IaaS, Volcano Engine) >= 0.08", with optional delay_quarters and, when the
// text says `threshold` instead of a number, a threshold key that may be a distribution.
void read_trigger(TableReader& r, model::PhaseParameters& phase,
                  const model::ParameterAddress& place, const Scenario& scenario) {
  const toml::node* text_node = r.table().get("trigger");
  const auto text = r.string("trigger", false);
  if (!text) {
    if (text_node != nullptr) {  // not a string: reported; its keys are not also questioned
      r.mark_known("threshold");
      r.mark_known("delay_quarters");
      return;
    }
    for (const char* key : {"threshold", "delay_quarters"}) {
      if (const toml::node* node = r.table().get(key)) {
        r.mark_known(key);
        r.diagnostics().error(node->source(), r.path_of(key),
                              std::string(key) +
                                  " belongs to a trigger; add trigger = \"…\" "
                                  "(e.g. \"share(IaaS, Volcano Engine) >= 0.08\") or remove it");
      }
    }
    return;
  }
  model::PhaseTrigger trigger;
  const bool drawn = ends_with_threshold_word(*text);
  std::string parsed = *text;
  if (drawn) {
    parsed.replace(parsed.rfind(kThresholdWord), kThresholdWord.size(), "0");
  }
  try {
    trigger.when = outcome::parse_condition(parsed);
    outcome::Names names;
    names.segments = segment_names(scenario.market);
    for (const auto& provider : scenario.market.providers) {
      names.providers.push_back(provider.name);
    }
    outcome::resolve(trigger.when, names);
  } catch (const outcome::OutcomeError& error) {
    r.diagnostics().error(inside(*text_node, error.offset()), r.path_of("trigger"),
                          error.reason() + " (at character " + std::to_string(error.offset() + 1) +
                              " of the trigger)");
    r.mark_known("threshold");
    r.mark_known("delay_quarters");
    return;
  }
  trigger.threshold = trigger.when.threshold;
  phase.trigger = std::move(trigger);
  const bool threshold_given = r.table().get("threshold") != nullptr;
  if (drawn && !threshold_given) {
    r.diagnostics().error(text_node->source(), r.path_of("threshold"),
                          "the trigger compares with `threshold`: give threshold = a number or a "
                          "distribution");
  } else if (!drawn && threshold_given) {
    r.diagnostics().error(r.table().get("threshold")->source(), r.path_of("threshold"),
                          "the trigger's text already holds its threshold; write `threshold` "
                          "in its place (e.g. \"share(IaaS, Volcano Engine) >= threshold\") to "
                          "use this key");
  }
  if (drawn && threshold_given) {
    r.input("threshold", *phase.trigger, &model::PhaseTrigger::threshold, place,
            NumberRange::any());
  } else if (threshold_given) {
    r.mark_known("threshold");
  }
  r.input("delay_quarters", *phase.trigger, &model::PhaseTrigger::delay_quarters, place,
          NumberRange{0.0, 400.0, true, true}, 0.0);
}

// A provider that prices on cost has no margin of its own to move: γ follows from its price and
// unit cost (docs/model.md, "Economics"), so a margin move would be silently overwritten. An
// explicit 0 is accepted, so that a file extending another can switch the move off.
void reject_margin_move_on_cost(TableReader& r, const model::ProviderParameters& provider) {
  const toml::node* node = r.table().get("margin_change");
  if (node != nullptr && provider.has_unit_cost && node->value<double>() != 0.0) {
    r.diagnostics().error(node->source(), r.path_of("margin_change"),
                          "provider " + provider.name +
                              " prices on cost (unit_cost): its margin follows from price and "
                              "unit cost; move price_change instead, or remove margin_change");
  }
}

}  // namespace

void read_phases(const toml::table& phases, const std::string& path, std::size_t provider,
                 const ScenarioDocument& document, Scenario& scenario, ReadContext& context) {
  auto& plan = scenario.market.providers[provider].phases;
  for (const auto& [name, table] :
       tables_in_file_order(phases, path, document, context.diagnostics)) {
    const std::string phase_path = join_key_path(path, name);
    const auto place = model::ParameterAddress::of_phase(provider, plan.size());
    TableReader r(*table, phase_path, context);
    model::PhaseParameters phase;
    phase.name = name;
    const auto kind = r.string("kind", true);
    auto strategy =
        model::make_strategy(kind.value_or(std::string(model::strategy_kind_names()[0])));
    if (!strategy) {
      context.diagnostics.error(table->get("kind")->source(), phase_path + ".kind",
                                "unknown strategy \"" + *kind + "\"" +
                                    did_you_mean(*kind, kind_names()) + " (one of: " + kind_list() +
                                    ")");
      strategy.emplace();
    }
    phase.strategy = std::move(*strategy);
    r.quarter_input("start", phase, &model::PhaseParameters::start, place, 0.0);
    r.input("ramp_quarters", phase, &model::PhaseParameters::ramp_quarters, place,
            NumberRange::non_negative(), 4.0);
    const std::size_t errors_before = context.diagnostics.count();
    read_trigger(r, phase, place, scenario);
    std::visit([&](auto& k) { read_kind(r, k, place, scenario); }, phase.strategy);
    reject_margin_move_on_cost(r, scenario.market.providers[provider]);
    // Checks of the phase as a whole only once its keys are right, so one mistake is one error.
    if (context.diagnostics.count() == errors_before) {
      report_problems(phase, provider, scenario, r);
    }
    r.reject_unknown_keys();
    plan.push_back(std::move(phase));
  }
}

}  // namespace cloudsim::scenario
