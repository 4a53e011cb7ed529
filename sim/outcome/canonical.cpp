#include "outcome/canonical.hpp"

#include <charconv>
#include <cstdio>

namespace cloudsim::outcome {
namespace {

// As Python's json.dumps(text, ensure_ascii=False).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::string canonical(const Quantity& quantity) {
  std::string out = "{\"kind\":" + quoted(name_of(quantity.kind));
  if (quantity.segment)
    out += ",\"segment\":" + quoted(quantity.segment->text);
  if (quantity.provider)
    out += ",\"provider\":" + quoted(quantity.provider->text);
  if (quantity.kind == QuantityKind::growth)
    out += ",\"quarters\":" + std::to_string(quantity.quarters);
  if (quantity.period)
    out += ",\"period\":" + quoted(quantity.period->text);
  return out + "}";
}

std::string canonical(const Condition& condition) {
  return "{\"quantity\":" + canonical(condition.quantity) +
         ",\"comparison\":" + quoted(symbol_of(condition.comparison)) +
         ",\"threshold\":" + number(condition.threshold) + "}";
}

std::string canonical(const Outcome& outcome) {
  std::string out;
  if (const auto* condition = std::get_if<Condition>(&outcome.measure))
    out = "{\"probability\":" + canonical(*condition);
  else
    out = "{\"quantity\":" + canonical(std::get<Quantity>(outcome.measure));
  if (outcome.difference) {
    out += ",\"difference\":[" + quoted(outcome.difference->first.text) + "," +
           quoted(outcome.difference->second.text) + "]";
  }
  return out + "}";
}

std::string canonical(const Target& target) {
  return "{\"outcome\":" + canonical(target.outcome) +
         ",\"comparison\":" + quoted(target.inclusive ? "<=" : "<") +
         ",\"goal\":" + number(target.goal) + "}";
}

}  // namespace cloudsim::outcome
