// The strategy kinds' field tables: keys a phase table can hold without ambiguity, defaults a
// kind can start from, and the docs table generated from them (docs/scenario-format.md).

#include "scenario/strategy_docs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "model/strategies/strategy_kinds.hpp"
#include "model/strategies/strategy_registry.hpp"

namespace cloudsim::scenario {
namespace {

const std::string kDocsPath = std::string(CLOUDSIM_SOURCE_DIR) + "/docs/scenario-format.md";
const std::string kDocsBegin =
    "<!-- strategy kinds: generated from sim/model/strategies/strategy_kinds.hpp, checked by "
    "tests/unit/strategy_docs_test.cpp -->\n";
const std::string kDocsEnd = "<!-- end of strategy kinds -->\n";

// The keys strategy_reader.cpp reads for every phase, whatever its kind.
const std::set<std::string_view> kPhaseKeys = {"kind",    "start",     "ramp_quarters",
                                               "trigger", "threshold", "delay_quarters"};

// Calls visit(std::type_identity<Kind>{}) for every registered kind, in order.
template <class Visitor>
void for_each_kind(Visitor&& visit) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (visit(std::type_identity<std::variant_alternative_t<I, model::StrategyParameters>>{}), ...);
  }
  (std::make_index_sequence<std::variant_size_v<model::StrategyParameters>>{});
}

TEST(StrategyKinds, KeysAreUniqueAndApartFromThePhaseKeys) {
  std::size_t fields = 0;
  for_each_kind([&]<class Kind>(std::type_identity<Kind>) {
    std::set<std::string_view> seen;
    for (const auto& field : Kind::fields()) {
      ++fields;
      EXPECT_TRUE(seen.insert(field.key).second) << Kind::name << " repeats " << field.key;
      EXPECT_FALSE(kPhaseKeys.contains(field.key))
          << Kind::name << "." << field.key << " is a phase-level key";
    }
  });
  EXPECT_GT(fields, 0u);
}

TEST(StrategyKinds, DefaultsLieInTheirRanges) {
  std::size_t checked = 0;
  for_each_kind([&]<class Kind>(std::type_identity<Kind>) {
    for (const auto& field : Kind::fields()) {
      // A per-segment default fills the segments a phase does not name; NaN keeps their value.
      const bool ranged =
          field.type == model::FieldType::number || field.type == model::FieldType::per_segment;
      if (!ranged || !field.default_value || std::isnan(*field.default_value)) {
        continue;
      }
      ++checked;
      EXPECT_TRUE(field.range.contains(*field.default_value))
          << Kind::name << "." << field.key << " defaults to " << *field.default_value
          << ", outside " << field.range.describe();
    }
  });
  EXPECT_GT(checked, 0u);
}

TEST(StrategyDocs, TableHasEveryKindInOrder) {
  const std::string table = strategy_table_markdown();
  std::size_t from = 0;
  for (const auto name : model::strategy_kind_names()) {
    const auto at = table.find("\n| `" + std::string(name) + "` |", from);
    ASSERT_NE(at, std::string::npos) << name;
    from = at + 1;
  }
}

TEST(StrategyDocs, ScenarioFormatHoldsTheGeneratedTable) {
  std::ifstream file(kDocsPath);
  ASSERT_TRUE(file) << kDocsPath << " not found";
  const std::string docs((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto begin = docs.find(kDocsBegin);
  const auto end = docs.find(kDocsEnd);
  ASSERT_NE(begin, std::string::npos) << kDocsPath << " lacks " << kDocsBegin;
  ASSERT_NE(end, std::string::npos) << kDocsPath << " lacks " << kDocsEnd;
  ASSERT_LT(begin, end);
  const auto from = begin + kDocsBegin.size();
  const std::string table = strategy_table_markdown();
  if (std::getenv("CLOUDSIM_UPDATE_TABLES") != nullptr) {  // the explicit update switch
    std::ofstream(kDocsPath) << docs.substr(0, from) << table << docs.substr(end);
    return;
  }
  EXPECT_EQ(docs.substr(from, end - from), table)
      << kDocsPath << "'s strategy kinds table differs from the registry; replace what lies "
      << "between its markers with:\n"
      << table;
}

}  // namespace
}  // namespace cloudsim::scenario
