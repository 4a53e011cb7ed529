#pragma once
// Status quo: attributes stay as they are, apart from their own drift. The default kind.

#include <string_view>

#include "model/field_table.hpp"

namespace cloudsim::model {

struct StatusQuo {
  static constexpr std::string_view name = "status_quo";
  static constexpr std::string_view summary = "keeps every attribute as it is";
  static FieldTable<StatusQuo> fields() { return {}; }
};

}  // namespace cloudsim::model
