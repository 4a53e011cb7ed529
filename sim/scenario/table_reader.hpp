#pragma once
// Reads one TOML table key by key with typed, range-checked accessors. Every key asked for is
// remembered, so what is left over at the end is an unknown key, reported with a suggestion.
// Problems go to Diagnostics and reading goes on, so one pass finds every error.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/market_parameters.hpp"
#include "model/parameter_address.hpp"
#include "model/value_range.hpp"
#include "scenario/read_context.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {

// Ranges are the model's (its field tables hold them); the loader checks values against them.
using NumberRange = model::ValueRange;

// Human wording of a TOML value for "found …" in messages.
std::string describe_node(const toml::node& node);

// A name that becomes a coordinate of the result (segment, provider, phase, migration, scenario,
// sweep) may not hold a NUL: result files store names as C strings, where two names differing
// only after a NUL would collapse into one. Reports it at the key and returns false.
bool check_name(std::string_view name, const toml::source_region& where,
                const std::string& key_path, Diagnostics& diagnostics);

class TableReader {
 public:
  TableReader(const toml::table& table, std::string key_path, ReadContext& context);

  [[nodiscard]] std::string path_of(std::string_view key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const toml::table& table() const { return table_; }
  [[nodiscard]] Diagnostics& diagnostics() const { return context_.diagnostics; }
  [[nodiscard]] ReadContext& context() const { return context_; }

  // A model input that may be uncertain: a number, or a distribution such as
  // { distribution = "uniform", low = 0.1, high = 0.2 } whose every value lies in `range`.
  // A distribution is registered with the address its draws go to, and its mean is returned as
  // the nominal value. Without a default the key is required.
  double uncertain(std::string_view key, NumberRange range, std::optional<double> default_value,
                   const model::ParameterAddress& address);

  // The one call per model input: reads `key` into object.*member (its nominal value) and
  // registers a distribution's draws at place.at(member).
  template <class Owner>
  void input(std::string_view key, Owner& object, double Owner::*member,
             const model::ParameterAddress& place, NumberRange range,
             std::optional<double> default_value = std::nullopt) {
    object.*member = uncertain(key, range, default_value, place.at(member));
  }
  // The same for a quarter (see quarter()).
  template <class Owner>
  void quarter_input(std::string_view key, Owner& object, double Owner::*member,
                     const model::ParameterAddress& place,
                     std::optional<double> default_value = std::nullopt) {
    object.*member = quarter(key, default_value, place.at(member));
  }

  // A quarter: a label such as "2022Q3", or a distribution whose bounds are labels, e.g.
  // { distribution = "uniform", low = "2022Q1", high = "2023Q4" }. Returns t (quarters since the
  // start; the mean for a distribution), which must lie inside the simulated horizon. A drawn
  // quarter is recorded as a real number and rounded to the nearest quarter by the model.
  double quarter(std::string_view key, std::optional<double> default_value,
                 const model::ParameterAddress& address);

  // Reads numbers in this table as quarter labels (see quarter()).
  void read_numbers_as_quarters() { numbers_are_quarters_ = true; }
  [[nodiscard]] bool numbers_are_quarters() const { return numbers_are_quarters_; }
  // t of a quarter label node (reported and nothing if it is not one inside the horizon).
  std::optional<double> quarter_value(std::string_view key, const toml::node& node);

  // Required number: reports a missing key or a bad value and returns `fallback` to keep going.
  double number(std::string_view key, NumberRange range, double fallback = 0.0);
  // Optional number without a default: nothing when absent (or invalid, which is reported).
  std::optional<double> optional_number(std::string_view key, NumberRange range);
  // Optional number with a default.
  double number_or(std::string_view key, double default_value, NumberRange range);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required);
  std::optional<std::string> string(std::string_view key, bool required);
  // true or false; `default_value` when the key is absent (or of another type, after an error).
  bool boolean(std::string_view key, bool default_value);
  // One of `choices`, as its index; `default_index` when absent (or not one of them, after an
  // error that lists them and suggests the nearest).
  std::size_t one_of(std::string_view key, const std::vector<std::string>& choices,
                     std::size_t default_index);
  const toml::table* subtable(std::string_view key, bool required);
  const toml::array* array(std::string_view key, bool required);

  // A key reported by other means: not also an unknown key.
  void mark_known(std::string_view key) { known_keys_.emplace_back(key); }

  // Reports keys of the table that no accessor asked for.
  void reject_unknown_keys();

 private:
  const toml::node* find(std::string_view key, bool required, std::string_view expected);
  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected);
  [[nodiscard]] std::string describe_quarters() const;

  const toml::table& table_;
  std::string path_;
  ReadContext& context_;
  bool numbers_are_quarters_ = false;
  std::vector<std::string> known_keys_;
};

}  // namespace cloudsim::scenario
