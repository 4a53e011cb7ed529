#include "scenario/strategy_docs.hpp"

#include <cmath>
#include <cstddef>
#include <sstream>
#include <type_traits>
#include <utility>
#include <variant>

#include "model/strategies/strategy_kinds.hpp"

namespace cloudsim::scenario {
namespace {

using model::FieldType;

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string type_text(FieldType type) {
  switch (type) {
    case FieldType::number:
      return "number";
    case FieldType::quarter:
      return "quarter";
    case FieldType::per_segment:
      return "per-segment table";
    case FieldType::quarter_list:
      return "list of quarters";
    case FieldType::number_list:
      return "list of numbers";
    case FieldType::segment_set:
      return "segment names";
    case FieldType::group_set:
      return "customer group names";
    case FieldType::provider:
      return "provider name";
  }
  return "";
}

// What a phase gets when the key is left out. The cases follow the reader
// (scenario/strategy_reader.cpp): a per-segment table and a list are never required (segments
// not named get the default, a list left out is empty), and a provider name always is.
template <class Field>
std::string default_text(const Field& field) {
  switch (field.type) {
    case FieldType::per_segment:
      if (field.default_value && std::isnan(*field.default_value))
        return "keeps the segment's value";
      return number_text(field.default_value.value_or(0.0));
    case FieldType::quarter_list:
    case FieldType::number_list:
      return "none";
    case FieldType::provider:
      return "required";
    case FieldType::number:
    case FieldType::quarter:
    case FieldType::segment_set:
    case FieldType::group_set:
      break;
  }
  if (!field.default_value)
    return "required";
  if (std::isinf(*field.default_value) && field.type == FieldType::quarter)
    return "never";
  if (!std::isfinite(*field.default_value))
    return "none";
  return number_text(*field.default_value);
}

template <class Field>
std::string allowed_text(const Field& field) {
  switch (field.type) {
    case FieldType::number:
      return field.range.describe();
    case FieldType::quarter:
      return "a quarter label";
    case FieldType::per_segment:
      return "segment = " + field.range.describe();
    case FieldType::quarter_list:
      return "quarter labels";
    case FieldType::number_list:
      return "each " + field.range.describe();
    case FieldType::segment_set:
      return "the scenario's segments";
    case FieldType::group_set:
      return "the scenario's customer groups";
    case FieldType::provider:
      return "the scenario's providers";
  }
  return "";
}

template <class Kind>
void append_kind(std::string& table) {
  table += "| `" + std::string(Kind::name) + "` | | | | | | " + std::string(Kind::summary) + " |\n";
  for (const auto& field : Kind::fields()) {
    table += "| | `" + std::string(field.key) + "` | " + type_text(field.type) + " | " +
             default_text(field) + " | " + allowed_text(field) + " | " + std::string(field.unit) +
             " | " + std::string(field.description) + " |\n";
  }
}

template <std::size_t... I>
void append_kinds(std::string& table, std::index_sequence<I...>) {
  (append_kind<std::variant_alternative_t<I, model::StrategyParameters>>(table), ...);
}

}  // namespace

std::string strategy_table_markdown() {
  std::string table =
      "A `number`, a `quarter` and each value of a `per-segment table` may be a distribution "
      "(above); lists, segment names and provider names are fixed.\n\n"
      "| `kind` | key | type | default | allowed | unit | meaning |\n"
      "|---|---|---|---|---|---|---|\n";
  append_kinds(table, std::make_index_sequence<std::variant_size_v<model::StrategyParameters>>{});
  return table;
}

}  // namespace cloudsim::scenario
