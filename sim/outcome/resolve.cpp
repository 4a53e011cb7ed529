#include "outcome/resolve.hpp"

#include <algorithm>

#include "outcome/parse.hpp"
#include "text/suggest.hpp"

namespace cloudsim::outcome {
namespace {

void look_up(Name& name, const std::vector<std::string>& names, const std::string& what) {
  const auto at = std::find(names.begin(), names.end(), name.text);
  if (at != names.end()) {
    name.index = static_cast<std::size_t>(at - names.begin());
    return;
  }
  std::string known;
  for (std::size_t k = 0; k < names.size() && k < 12; ++k)
    known += (k ? ", " : "") + names[k];
  if (names.size() > 12)
    known += ", …";
  throw OutcomeError(name.offset, "no " + what + " '" + name.text + "'" +
                                      text::did_you_mean(name.text, names) + " (the run has " +
                                      known + ")");
}

}  // namespace

void resolve(Quantity& quantity, const Names& names) {
  if (quantity.segment) {
    if (quantity.segment->text == "all")
      quantity.segment->index = kAllSegments;
    else
      look_up(*quantity.segment, names.segments, "segment");
  }
  if (quantity.provider)
    look_up(*quantity.provider, names.providers, "provider");
  if (!quantity.period) {
    // Read at the last period of a result: growth must have that much history.
    if (quantity.kind == QuantityKind::growth && !names.periods.empty() &&
        names.periods.size() <= static_cast<std::size_t>(quantity.quarters)) {
      throw OutcomeError(quantity.offset, "growth over " + std::to_string(quantity.quarters) +
                                              " quarters needs more than " +
                                              std::to_string(names.periods.size()) + " " +
                                              names.period_word + "s");
    }
    return;
  }
  if (names.periods.empty()) {
    throw OutcomeError(quantity.period->offset,
                       "a condition read at each simulated quarter cannot name a period ('" +
                           quantity.period->text + "'): leave it out for the current quarter");
  }
  look_up(*quantity.period, names.periods, names.period_word);
  if (quantity.kind == QuantityKind::growth &&
      quantity.period->index < static_cast<std::size_t>(quantity.quarters)) {
    throw OutcomeError(quantity.period->offset, "growth over " + std::to_string(quantity.quarters) +
                                                    " quarters needs " + quantity.period->text +
                                                    " to be at least that far after " +
                                                    names.periods.front());
  }
}

void resolve(Condition& condition, const Names& names) {
  resolve(condition.quantity, names);
}

void resolve(Outcome& outcome, const Names& names) {
  std::visit([&](auto& measure) { resolve(measure, names); }, outcome.measure);
  if (outcome.difference) {
    look_up(outcome.difference->first, names.scenarios, "scenario");
    look_up(outcome.difference->second, names.scenarios, "scenario");
  }
}

void resolve(Target& target, const Names& names) {
  resolve(target.outcome, names);
}

}  // namespace cloudsim::outcome
