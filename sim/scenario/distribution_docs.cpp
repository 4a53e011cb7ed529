#include "scenario/distribution_docs.hpp"

#include <cmath>
#include <sstream>

#include "scenario/distribution_reader.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::scenario {
namespace {

template <class Field>
std::string default_text(const Field& field) {
  if (!field.default_value)
    return "required";
  if (!std::isfinite(*field.default_value))
    return "none";
  std::ostringstream out;
  out << *field.default_value;
  return out.str();
}

template <class Field>
std::string allowed_text(const Field& field) {
  const std::string each = number_range(field.range).describe();
  if (field.list != nullptr)
    return "1 to " + std::to_string(kMaxDistributionList) + ", each " + each;
  return each;
}

}  // namespace

std::string distribution_table_markdown() {
  std::string table =
      "| `distribution` | key | default | allowed | meaning |\n"
      "|---|---|---|---|---|\n";
  uncertainty::for_each_kind([&]<class Kind>(std::type_identity<Kind>) {
    table += "| `" + std::string(Kind::name) + "` | | | | " + std::string(Kind::meaning) + " |\n";
    for (const auto& field : Kind::fields()) {
      table += "| | `" + std::string(field.key) + "` | " + default_text(field) + " | " +
               allowed_text(field) + " | " + std::string(field.meaning) + " |\n";
    }
  });
  return table;
}

}  // namespace cloudsim::scenario
