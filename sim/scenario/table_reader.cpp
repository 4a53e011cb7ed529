#include "scenario/table_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scenario/distribution_reader.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {
std::string describe_node(const toml::node& node) {
  if (const auto* v = node.as_integer())
    return "the integer " + std::to_string(v->get());
  if (const auto* v = node.as_floating_point())
    return "the number " + model::format_number(v->get());
  if (const auto* v = node.as_string())
    return "the string \"" + v->get() + "\"";
  if (const auto* v = node.as_boolean())
    return v->get() ? "true" : "false";
  if (node.is_table())
    return "a table";
  if (node.is_array())
    return "an array";
  return "a date or time";
}

bool check_name(std::string_view name, const toml::source_region& where,
                const std::string& key_path, Diagnostics& diagnostics) {
  if (name.find('\0') == std::string_view::npos) {
    return true;
  }
  diagnostics.error(where, key_path,
                    "a name or text may not contain the NUL character (\\u0000): result files "
                    "store strings as C strings, where it would cut them short; remove it");
  return false;
}

TableReader::TableReader(const toml::table& table, std::string key_path, ReadContext& context)
    : table_(table), path_(std::move(key_path)), context_(context) {}

std::string TableReader::path_of(std::string_view key) const {
  return join_key_path(path_, key);
}

const toml::node* TableReader::find(std::string_view key, bool required,
                                    std::string_view expected) {
  known_keys_.emplace_back(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr && required) {
    context_.diagnostics.error(table_.source(), path_of(key),
                               "missing required key; expected " + std::string(expected));
  }
  return node;
}

void TableReader::wrong_type(std::string_view key, const toml::node& node,
                             std::string_view expected) {
  context_.diagnostics.error(
      node.source(), path_of(key),
      "expected " + std::string(expected) + ", found " + describe_node(node));
}

std::string TableReader::describe_quarters() const {
  const auto& scale = context_.quarters;
  if (!scale || scale->last == std::numeric_limits<int>::max()) {
    return "a quarter like \"2022Q3\"";
  }
  return "a quarter from " + scale->origin.label() + " to " +
         scale->origin.plus(scale->last).label() + ", like \"" +
         scale->origin.plus(std::min(scale->last, 5)).label() + "\"";
}

std::optional<double> TableReader::quarter_value(std::string_view key, const toml::node& node) {
  const auto* text = node.as_string();
  const auto label = text != nullptr ? model::Quarter::parse(text->get()) : std::nullopt;
  if (!label || !context_.quarters) {
    wrong_type(key, node, describe_quarters());
    return std::nullopt;
  }
  const int t = label->index - context_.quarters->origin.index;
  if (t < 0 || t > context_.quarters->last) {
    context_.diagnostics.error(node.source(), path_of(key),
                               "expected " + describe_quarters() + ", found \"" + text->get() +
                                   "\", outside the simulated horizon");
    return std::nullopt;
  }
  return static_cast<double>(t);
}

double TableReader::number(std::string_view key, NumberRange range, double fallback) {
  const std::string expected = numbers_are_quarters_ ? describe_quarters() : range.describe();
  const toml::node* node = find(key, true, expected);
  if (node == nullptr) {
    return fallback;
  }
  if (numbers_are_quarters_) {
    return quarter_value(key, *node).value_or(fallback);
  }
  if (!node->is_number()) {
    wrong_type(key, *node, expected);
    return fallback;
  }
  const double value = node->value<double>().value_or(fallback);
  if (!range.contains(value)) {
    wrong_type(key, *node, expected);
    return fallback;
  }
  return value;
}

std::optional<double> TableReader::optional_number(std::string_view key, NumberRange range) {
  if (table_.get(key) == nullptr) {
    known_keys_.emplace_back(key);
    return std::nullopt;
  }
  const std::size_t before = context_.diagnostics.count();
  const double value = number(key, range);
  if (context_.diagnostics.count() != before) {
    return std::nullopt;
  }
  return value;
}

double TableReader::number_or(std::string_view key, double default_value, NumberRange range) {
  if (table_.get(key) == nullptr) {
    known_keys_.emplace_back(key);
    return default_value;
  }
  return number(key, range, default_value);
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max, bool required) {
  const std::string expected =
      "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const toml::node* node = find(key, required, expected);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* value = node->as_integer();
  if (value == nullptr || value->get() < min || value->get() > max) {
    wrong_type(key, *node, expected);
    return std::nullopt;
  }
  return value->get();
}

bool TableReader::boolean(std::string_view key, bool default_value) {
  const toml::node* node = find(key, false, "true or false");
  if (node == nullptr) {
    return default_value;
  }
  const auto* value = node->as_boolean();
  if (value == nullptr) {
    wrong_type(key, *node, "true or false");
    return default_value;
  }
  return value->get();
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const toml::node* node = find(key, required, "a string");
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* value = node->as_string();
  if (value == nullptr) {
    wrong_type(key, *node, "a string");
    return std::nullopt;
  }
  // Every string a scenario holds ends up in a result file, whose strings end at a NUL.
  if (!check_name(value->get(), node->source(), path_of(key), context_.diagnostics)) {
    return std::nullopt;
  }
  return value->get();
}

std::size_t TableReader::one_of(std::string_view key, const std::vector<std::string>& choices,
                                std::size_t default_index) {
  const auto text = string(key, false);
  if (!text) {
    return default_index;
  }
  const auto found = std::find(choices.begin(), choices.end(), *text);
  if (found == choices.end()) {
    std::string list;
    for (const auto& choice : choices)
      list += (list.empty() ? "\"" : ", \"") + choice + "\"";
    context_.diagnostics.error(
        table_.get(key)->source(), path_of(key),
        "expected one of " + list + ", found \"" + *text + "\"" + did_you_mean(*text, choices));
    return default_index;
  }
  return static_cast<std::size_t>(found - choices.begin());
}

const toml::table* TableReader::subtable(std::string_view key, bool required) {
  const toml::node* node = find(key, required, "a table");
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_table()) {
    wrong_type(key, *node, "a table");
    return nullptr;
  }
  return node->as_table();
}

const toml::array* TableReader::array(std::string_view key, bool required) {
  const toml::node* node = find(key, required, "an array");
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_array()) {
    wrong_type(key, *node, "an array");
    return nullptr;
  }
  return node->as_array();
}

namespace {

// Whether every value `distribution` can produce lies in `range`. On a side that is only a
// magnitude limit, an unbounded or open end counts with its reach at kReachSds.
bool support_within(const uncertainty::Distribution& distribution, const NumberRange& range) {
  double low = distribution.lowest();
  double high = distribution.highest();
  bool low_attained = distribution.lowest_attained();
  bool high_attained = distribution.highest_attained();
  if (range.min_is_limit && (!std::isfinite(low) || !low_attained)) {
    low = distribution.reach(-NumberRange::kReachSds);
    low_attained = true;
  }
  if (range.max_is_limit && (!std::isfinite(high) || !high_attained)) {
    high = distribution.reach(NumberRange::kReachSds);
    high_attained = true;
  }
  const bool unbounded_below = range.min <= -1e308;
  const bool unbounded_above = range.max >= 1e308;
  const bool low_ok = unbounded_below || low > range.min ||
                      (low == range.min && (range.min_inclusive || !low_attained));
  const bool high_ok = unbounded_above || high < range.max ||
                       (high == range.max && (range.max_inclusive || !high_attained));
  return low_ok && high_ok;
}

}  // namespace

double TableReader::uncertain(std::string_view key, NumberRange range,
                              std::optional<double> default_value,
                              const model::ParameterAddress& address) {
  const toml::node* node = table_.get(key);
  if (node == nullptr || !node->is_table()) {
    return default_value ? number_or(key, *default_value, range) : number(key, range);
  }
  known_keys_.emplace_back(key);
  const std::string key_path = path_of(key);
  std::string label;
  const auto distribution = read_distribution(*node->as_table(), key_path, context_, false, &label);
  if (!distribution) {
    return default_value.value_or(0.0);
  }
  if (!support_within(*distribution, range)) {
    context_.diagnostics.error(
        node->source(), key_path,
        "expected " + range.describe() + ", but " + distribution->describe() +
            " can produce values outside that range; choose bounds inside it (truncated_normal, "
            "beta, uniform or triangular)");
    return default_value.value_or(0.0);
  }
  if (const auto* fixed = std::get_if<uncertainty::Fixed>(&distribution->shape)) {
    return fixed->value;  // not uncertain: nothing to draw or record
  }
  context_.inputs.push_back({key_path, *distribution, address, label});
  return distribution->mean();
}

double TableReader::quarter(std::string_view key, std::optional<double> default_value,
                            const model::ParameterAddress& address) {
  const toml::node* node = table_.get(key);
  if (node == nullptr || !node->is_table()) {
    known_keys_.emplace_back(key);
    if (node == nullptr) {
      if (!default_value) {
        context_.diagnostics.error(table_.source(), path_of(key),
                                   "missing required key; expected " + describe_quarters());
      }
      return default_value.value_or(0.0);
    }
    return quarter_value(key, *node).value_or(default_value.value_or(0.0));
  }
  known_keys_.emplace_back(key);
  const std::string key_path = path_of(key);
  std::string label;
  const auto distribution = read_distribution(*node->as_table(), key_path, context_, true, &label);
  if (!distribution) {
    return default_value.value_or(0.0);
  }
  if (const auto* fixed = std::get_if<uncertainty::Fixed>(&distribution->shape)) {
    return fixed->value;
  }
  const double last = context_.quarters ? context_.quarters->last : 0.0;
  if (!support_within(*distribution, NumberRange{0.0, last, true, true})) {
    context_.diagnostics.error(node->source(), key_path,
                               "expected " + describe_quarters() + ", but " +
                                   distribution->describe() +
                                   " (in quarters since the start) can fall outside the horizon");
    return default_value.value_or(0.0);
  }
  context_.inputs.push_back({key_path, *distribution, address, label});
  return distribution->mean();
}

void TableReader::reject_unknown_keys() {
  for (const auto& [key, node] : table_) {
    const std::string name(key.str());
    if (std::find(known_keys_.begin(), known_keys_.end(), name) != known_keys_.end()) {
      continue;
    }
    context_.diagnostics.error(key.source(), path_of(name),
                               "unknown key" + did_you_mean(name, known_keys_));
  }
}

}  // namespace cloudsim::scenario
