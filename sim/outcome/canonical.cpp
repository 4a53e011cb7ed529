#include "outcome/canonical.hpp"

#include <charconv>
#include <cstdio>

#include "text/json.hpp"

namespace cloudsim::outcome {
namespace {

std::string number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::string canonical(const Quantity& quantity) {
  std::string out = "{\"kind\":" + text::json_string(name_of(quantity.kind));
  if (quantity.segment)
    out += ",\"segment\":" + text::json_string(quantity.segment->text);
  if (quantity.provider)
    out += ",\"provider\":" + text::json_string(quantity.provider->text);
  if (quantity.kind == QuantityKind::growth)
    out += ",\"quarters\":" + std::to_string(quantity.quarters);
  if (quantity.period)
    out += ",\"period\":" + text::json_string(quantity.period->text);
  return out + "}";
}

std::string canonical(const Condition& condition) {
  return "{\"quantity\":" + canonical(condition.quantity) +
         ",\"comparison\":" + text::json_string(symbol_of(condition.comparison)) +
         ",\"threshold\":" + number(condition.threshold) + "}";
}

std::string canonical(const Outcome& outcome) {
  std::string out;
  if (const auto* condition = std::get_if<Condition>(&outcome.measure))
    out = "{\"probability\":" + canonical(*condition);
  else
    out = "{\"quantity\":" + canonical(std::get<Quantity>(outcome.measure));
  if (outcome.difference) {
    out += ",\"difference\":[" + text::json_string(outcome.difference->first.text) + "," +
           text::json_string(outcome.difference->second.text) + "]";
  }
  return out + "}";
}

std::string canonical(const Target& target) {
  return "{\"outcome\":" + canonical(target.outcome) +
         ",\"comparison\":" + text::json_string(target.inclusive ? "<=" : "<") +
         ",\"goal\":" + number(target.goal) + "}";
}

}  // namespace cloudsim::outcome
