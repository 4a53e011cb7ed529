#pragma once
// A parameters struct described as data: each field's key, where it lives in the struct, what it
// accepts, its default, unit and meaning. The loader reads a struct by walking its table, the
// engine writes drawn values through it, and the docs table is printed from it, so a new field
// is one row. Plain data: the model still knows nothing about TOML.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/value_range.hpp"

namespace cloudsim::model {

enum class FieldType {
  number,        // a real number, possibly uncertain (drawn per path)
  quarter,       // a quarter label, stored as t (quarters since the start); possibly uncertain
  per_segment,   // a table { SEGMENT = number, … }; segments not named keep the default
  quarter_list,  // an array of quarter labels, fixed
  number_list,   // an array of numbers, fixed
  segment_set,   // an array of segment names, stored as one flag per segment
  group_set,     // an array of customer group names, stored as one flag per group
  provider,      // another provider's name, stored as its index
};

template <class Owner>
struct Field {
  std::string_view key;
  FieldType type = FieldType::number;
  // The member the field lives in; which one is set depends on `type`.
  double Owner::*number = nullptr;                // number, quarter
  std::vector<double> Owner::*numbers = nullptr;  // per_segment, quarter_list, number_list
  std::vector<char> Owner::*flags = nullptr;      // segment_set, group_set
  int Owner::*index = nullptr;                    // provider
  ValueRange range = ValueRange::any();           // every number of the field lies in it
  std::optional<double> default_value;            // none: the key is required
  std::string_view unit;
  std::string_view description;
};

// What is wrong with a struct as a whole (checks no single field can make), at the key it is best
// reported at ("" for the table itself).
struct FieldProblem {
  std::string key;
  std::string message;
};

template <class Owner>
using FieldTable = std::span<const Field<Owner>>;

}  // namespace cloudsim::model
