#include "scenario/distribution_reader.hpp"

#include <algorithm>
#include <cmath>

#include "scenario/prose_reader.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
namespace {

using uncertainty::Distribution;

std::string joined(const std::vector<std::string>& words, std::string_view last_separator) {
  std::string text;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (k > 0)
      text += k + 1 == words.size() ? last_separator : ", ";
    text += words[k];
  }
  return text;
}

// The kinds a quarter may be drawn from: those whose parameters in the input's unit can be
// written as quarter labels.
std::string quarter_kinds() {
  std::vector<std::string> names;
  uncertainty::for_each_kind([&]<class Kind>(std::type_identity<Kind>) {
    if (Kind::over_quarters)
      names.emplace_back(Kind::name);
  });
  return joined(names, " or ");
}

std::vector<double> read_list(TableReader& reader, std::string_view key, const NumberRange& range,
                              bool quarter_labels) {
  std::vector<double> numbers;
  const toml::array* array = reader.array(key, true);
  if (array == nullptr) {
    return numbers;
  }
  if (array->empty() || array->size() > kMaxDistributionList) {
    reader.diagnostics().error(
        array->source(), reader.path_of(key),
        "expected 1 to " + std::to_string(kMaxDistributionList) + " numbers");
  }
  for (std::size_t k = 0; k < array->size(); ++k) {
    const toml::node& node = *array->get(k);
    const std::string element = std::string(key) + "[" + std::to_string(k) + "]";
    if (quarter_labels) {
      numbers.push_back(reader.quarter_value(element, node).value_or(0.0));
      continue;
    }
    const double value = node.value<double>().value_or(std::nan(""));
    if (!node.is_number() || !std::isfinite(value) || !range.contains(value)) {
      reader.diagnostics().error(node.source(), reader.path_of(key) + "[" + std::to_string(k) + "]",
                                 "expected " + range.describe() + ", found " + describe_node(node));
      continue;
    }
    numbers.push_back(value);
  }
  return numbers;
}

// Reads every field of `Kind` from its table, then checks the fields against each other, once
// each has a valid value of its own.
template <class Kind>
std::optional<Distribution> read_kind(TableReader& reader, bool over_quarters) {
  // The table reader reads every number of a quarter's table as a label.
  static_assert(!Kind::over_quarters ||
                    std::ranges::all_of(Kind::fields(),
                                        [](const auto& f) { return f.list || f.in_input_unit; }),
                "a kind a quarter may be drawn from has only parameters in the input's unit");
  const std::size_t problems_before = reader.diagnostics().count();
  Kind kind{};
  for (const auto& field : Kind::fields()) {
    const NumberRange range = number_range(field.range);
    if constexpr (uncertainty::has_list_fields<Kind>()) {
      if (field.list != nullptr) {
        kind.*field.list =
            read_list(reader, field.key, range, over_quarters && field.in_input_unit);
        continue;
      }
    }
    if (field.default_value) {
      kind.*field.number = reader.number_or(field.key, *field.default_value, range);
    } else {
      kind.*field.number = reader.number(field.key, range);
    }
  }
  if (reader.diagnostics().count() == problems_before) {
    const std::string problem = kind.problem();
    if (!problem.empty())
      reader.diagnostics().error(reader.table().source(), reader.path(), problem);
  }
  reader.reject_unknown_keys();
  if (reader.diagnostics().count() != problems_before) {
    return std::nullopt;
  }
  return Distribution{kind};
}

}  // namespace

NumberRange number_range(const uncertainty::ParameterRange& range) {
  return {range.min, range.max, range.min_inclusive, range.max_inclusive};
}

std::optional<Distribution> read_distribution(const toml::table& table, const std::string& key_path,
                                              ReadContext& context, bool over_quarters,
                                              std::string* label) {
  TableReader reader(table, key_path, context);
  // Read first, so that it is a known key (and a suggestion for a misspelt one) for every kind.
  const auto given_label = read_prose(reader, "label", kLabelRule);
  if (given_label && label != nullptr)
    *label = *given_label;
  const auto name = reader.string("distribution", true);
  if (!name) {
    reader.reject_unknown_keys();
    return std::nullopt;
  }
  std::optional<Distribution> result;
  bool known = false;
  std::vector<std::string> names;
  uncertainty::for_each_kind([&]<class Kind>(std::type_identity<Kind>) {
    names.emplace_back(Kind::name);
    if (*name != Kind::name)
      return;
    known = true;
    if (over_quarters && !Kind::over_quarters) {
      context.diagnostics.error(table.get("distribution")->source(), key_path + ".distribution",
                                "a quarter can be drawn from " + quarter_kinds() +
                                    " distributions (with quarter labels as bounds), not " + *name);
      return;
    }
    if (over_quarters) {
      reader.read_numbers_as_quarters();
    }
    result = read_kind<Kind>(reader, over_quarters);
  });
  if (!known) {
    context.diagnostics.error(table.get("distribution")->source(), key_path + ".distribution",
                              "unknown distribution \"" + *name + "\"" +
                                  did_you_mean(*name, names) + " (one of: " + joined(names, ", ") +
                                  ")");
  }
  return result;
}

}  // namespace cloudsim::scenario
