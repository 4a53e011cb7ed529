// The table of recorded quantities (engine/path_block.hpp) and of record levels: consistent in
// itself, reduced exactly as flows and stocks must be, and in agreement with the two copies that
// live outside C++: the Python toolkit's scripts/cloudsim/recorded_quantities.json and the table
// in docs/output-format.md. CLOUDSIM_UPDATE_TABLES=1 rewrites both from the C++ tables.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/path_block.hpp"
#include "output/record_level.hpp"

namespace cloudsim {
namespace {

using engine::Accumulation;
using engine::kRecordedQuantities;
using engine::PathBlock;

const std::string kJsonPath =
    std::string(CLOUDSIM_SOURCE_DIR) + "/scripts/cloudsim/recorded_quantities.json";
const std::string kDocsPath = std::string(CLOUDSIM_SOURCE_DIR) + "/docs/output-format.md";
const std::string kDocsBegin =
    "<!-- recorded quantities: generated from sim/engine/path_block.hpp, checked by "
    "tests/unit/recorded_quantities_test.cpp -->\n";
const std::string kDocsEnd = "<!-- end of recorded quantities -->\n";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool updating() {
  return std::getenv("CLOUDSIM_UPDATE_TABLES") != nullptr;
}

std::string json_string(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

const char* accumulation_name(Accumulation accumulation) {
  return accumulation == Accumulation::flow ? "flow" : "stock";
}

std::vector<std::string> dimensions(const engine::RecordedQuantity& quantity,
                                    const std::string& time) {
  std::vector<std::string> names = {"scenario", "path", time};
  if (quantity.per_group)
    names.emplace_back("group");
  if (quantity.per_segment)
    names.emplace_back("segment");
  if (quantity.per_provider)
    names.emplace_back("provider");
  return names;
}

// What the Python toolkit reads: one entry per line, so a change reads well in a diff.
std::string expected_json() {
  std::ostringstream json;
  json << "{\n  \"record_levels\": [\n";
  const auto levels = output::all_record_levels();
  for (std::size_t k = 0; k < levels.size(); ++k) {
    json << "    {\"name\": " << json_string(output::record_level_name(levels[k]))
         << ", \"time_label\": " << json_string(output::time_label(levels[k]))
         << ", \"description\": " << json_string(output::record_level_description(levels[k])) << "}"
         << (k + 1 < levels.size() ? "," : "") << "\n";
  }
  json << "  ],\n  \"quantities\": [\n";
  for (std::size_t k = 0; k < kRecordedQuantities.size(); ++k) {
    const auto& quantity = kRecordedQuantities[k];
    json << "    {\"name\": " << json_string(quantity.name) << ", \"dimensions\": [";
    const auto names = dimensions(quantity, "<time>");
    for (std::size_t d = 0; d < names.size(); ++d)
      json << (d ? ", " : "") << json_string(names[d]);
    json << "], \"accumulation\": \"" << accumulation_name(quantity.accumulation)
         << "\", \"unit\": \""
         << (quantity.unit == engine::QuantityUnit::money ? "money" : "fraction")
         << "\", \"description\": " << json_string(quantity.description) << "}"
         << (k + 1 < kRecordedQuantities.size() ? "," : "") << "\n";
  }
  json << "  ]\n}\n";
  return json.str();
}

std::string expected_docs_table() {
  std::ostringstream table;
  table << "| dataset | dimensions | type | units | in a year (`annual`) | meaning |\n"
        << "|---|---|---|---|---|---|\n";
  for (const auto& quantity : kRecordedQuantities) {
    const auto names = dimensions(quantity, "time");
    std::string dims;
    for (const auto& name : names)
      dims += (dims.empty() ? "" : ", ") + name;
    const bool flow = quantity.accumulation == Accumulation::flow;
    const std::string units = quantity.unit == engine::QuantityUnit::fraction ? "1 (a fraction)"
                              : flow ? "`4e8 year-1` (`亿元 per quarter`)"
                                     : "`1e8` (`亿元`)";
    table << "| `" << quantity.name << "` | (" << dims << ") | float64 | " << units << " | "
          << (flow ? "flow: the quarters' sum" : "stock: the last quarter's") << " | "
          << quantity.description << " |\n";
  }
  return table.str();
}

TEST(RecordedQuantities, NamesAndBlockMembersAreUniqueAndSizedByTheShape) {
  std::set<std::string> names;
  std::set<const engine::BlockValues*> members;
  PathBlock block;
  const engine::BlockShape shape{5, 3, 4, 2, 1, 6};
  block.resize(10, 7, shape);
  for (const auto& quantity : kRecordedQuantities) {
    EXPECT_TRUE(names.insert(quantity.name).second) << quantity.name << " named twice";
    const engine::BlockValues* member = &(block.*quantity.values);
    EXPECT_TRUE(members.insert(member).second) << quantity.name << " shares a block member";
    EXPECT_NE(member, &block.parameters) << quantity.name;
    const std::size_t columns = (quantity.per_group ? 6u : 1u) * (quantity.per_segment ? 3u : 1u) *
                                (quantity.per_provider ? 4u : 1u);
    EXPECT_EQ(quantity.columns(shape), columns) << quantity.name;
    EXPECT_EQ(member->size(), 7u * 5u * columns) << quantity.name;
  }
  EXPECT_EQ(block.parameters.size(), 7u * 2u);
  EXPECT_EQ(block.event_quarter.size(), 7u * 1u);
  EXPECT_FALSE(names.contains("parameters"));
  EXPECT_FALSE(names.contains("event_quarter"));
}

TEST(RecordedQuantities, GroupQuantitiesTakeNoRoomWithoutGroups) {
  PathBlock block;
  const engine::BlockShape shape{5, 3, 4, 2, 1};  // no customer groups
  block.resize(10, 7, shape);
  std::size_t per_group = 0;
  for (const auto& quantity : kRecordedQuantities) {
    EXPECT_EQ(quantity.recorded(shape), !quantity.per_group) << quantity.name;
    if (quantity.per_group) {
      ++per_group;
      EXPECT_TRUE((block.*quantity.values).empty()) << quantity.name;
      EXPECT_EQ((block.*quantity.values).capacity(), 0u) << quantity.name;
    } else {
      EXPECT_FALSE((block.*quantity.values).empty()) << quantity.name;
    }
  }
  EXPECT_EQ(per_group, 2u);
}

TEST(RecordedQuantities, FlowsAndStocksAreTheQuantitiesThatAreSo) {
  // Money over a period adds up; a level at a moment does not.
  const std::map<std::string, Accumulation> physics = {
      {"demand", Accumulation::flow},
      {"revenue", Accumulation::flow},
      {"profit", Accumulation::flow},
      {"unserved_demand", Accumulation::flow},
      {"cumulative_profit", Accumulation::stock},
      {"multi_cloud_adoption", Accumulation::stock},
      {"group_demand", Accumulation::flow},
      {"group_revenue", Accumulation::flow},
  };
  ASSERT_EQ(physics.size(), kRecordedQuantities.size());
  for (const auto& quantity : kRecordedQuantities) {
    ASSERT_TRUE(physics.contains(quantity.name)) << quantity.name;
    EXPECT_EQ(quantity.accumulation, physics.at(quantity.name)) << quantity.name;
  }
}

class Collect final : public engine::BlockSink {
 public:
  void consume(const PathBlock& block) override { last = block; }
  PathBlock last;
};

// Value of a quantity in the hand-built block: distinct, and small integers, so sums are exact.
double value(std::size_t quantity, std::size_t path, std::size_t t, std::size_t column) {
  return static_cast<double>(100000 * (quantity + 1) + 1000 * path + 10 * t + column);
}

TEST(RecordedQuantities, ReductionSumsFlowsAndKeepsTheLastStockExactly) {
  // 2021Q3 … 2022Q4: two quarters of 2021, four of 2022.
  const model::Quarter start{2021 * 4 + 2};
  const engine::BlockShape shape{6, 2, 3, 2, 2, 2};
  PathBlock block;
  block.resize(40, 2, shape);
  block.scenario = 1;
  for (std::size_t k = 0; k < kRecordedQuantities.size(); ++k) {
    auto& values = block.*kRecordedQuantities[k].values;
    const std::size_t columns = kRecordedQuantities[k].columns(shape);
    for (std::size_t path = 0; path < 2; ++path)
      for (std::size_t t = 0; t < 6; ++t)
        for (std::size_t c = 0; c < columns; ++c)
          values[(path * 6 + t) * columns + c] = value(k, path, t, c);
  }
  block.parameters = {0.5, 1.5, 2.5, 3.5};
  block.event_quarter = {3, -1, 0, 5};

  const std::vector<std::vector<std::size_t>> years = {{0, 1}, {2, 3, 4, 5}};
  const std::vector<std::vector<std::size_t>> final_quarter = {{5}};
  for (const auto& [level, periods] :
       {std::pair{output::RecordLevel::annual, years},
        std::pair{output::RecordLevel::final_quarter, final_quarter}}) {
    Collect sink;
    output::RecordReducer reducer(level, output::time_axis(level, start, 6), sink);
    reducer.consume(block);
    const PathBlock& reduced = sink.last;
    ASSERT_EQ(reduced.shape.quarters, periods.size());
    EXPECT_EQ(reduced.first_path, 40u);
    EXPECT_EQ(reduced.scenario, 1u);
    for (std::size_t k = 0; k < kRecordedQuantities.size(); ++k) {
      const auto& quantity = kRecordedQuantities[k];
      const auto& values = reduced.*quantity.values;
      const std::size_t columns = quantity.columns(shape);
      ASSERT_EQ(values.size(), 2 * periods.size() * columns);
      for (std::size_t path = 0; path < 2; ++path) {
        for (std::size_t p = 0; p < periods.size(); ++p) {
          for (std::size_t c = 0; c < columns; ++c) {
            double expected = 0.0;
            if (quantity.accumulation == Accumulation::flow) {
              for (const std::size_t t : periods[p])
                expected += value(k, path, t, c);
            } else {
              expected = value(k, path, periods[p].back(), c);
            }
            EXPECT_EQ(values[(path * periods.size() + p) * columns + c], expected)
                << quantity.name << " path " << path << " period " << p << " column " << c;
          }
        }
      }
    }
    EXPECT_EQ(reduced.parameters, block.parameters);
    EXPECT_EQ(reduced.event_quarter, block.event_quarter);
  }
}

TEST(RecordLevels, NamesRoundTripAndAreListedOnce) {
  std::set<std::string> names;
  for (const auto level : output::all_record_levels()) {
    const std::string name = output::record_level_name(level);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(output::parse_record_level(name), level);
    EXPECT_NE(output::record_level_choices().find(name), std::string::npos) << name;
  }
  EXPECT_EQ(names.size(), 3u);
  EXPECT_EQ(output::parse_record_level("Full"), std::nullopt);
  EXPECT_EQ(output::parse_record_level(""), std::nullopt);
  // The time dimension follows from the level: years only where periods are years.
  const model::Quarter start{2021 * 4};
  for (const auto level : output::all_record_levels()) {
    const auto axis = output::time_axis(level, start, 9);
    const bool yearly = std::string(output::time_label(level)) == "year";
    EXPECT_EQ(axis.labels.front().size(), yearly ? 4u : 6u) << output::record_level_name(level);
  }
}

TEST(RecordedQuantities, PythonToolkitTableAgrees) {
  const std::string expected = expected_json();
  if (updating()) {
    write_text(kJsonPath, expected);
  }
  EXPECT_EQ(read_text(kJsonPath), expected)
      << kJsonPath << " differs from the C++ tables; rerun with CLOUDSIM_UPDATE_TABLES=1";
}

TEST(RecordedQuantities, DocsTableAgrees) {
  std::string docs = read_text(kDocsPath);
  const auto begin = docs.find(kDocsBegin);
  auto end = docs.find(kDocsEnd);
  ASSERT_NE(begin, std::string::npos) << kDocsPath << " lacks " << kDocsBegin;
  ASSERT_NE(end, std::string::npos) << kDocsPath << " lacks " << kDocsEnd;
  ASSERT_LT(begin, end);
  const auto from = begin + kDocsBegin.size();
  const std::string expected = expected_docs_table();
  if (updating()) {
    docs.replace(from, end - from, expected);
    write_text(kDocsPath, docs);
    end = docs.find(kDocsEnd);
  }
  EXPECT_EQ(docs.substr(from, end - from), expected)
      << kDocsPath << " differs from the C++ table; rerun with CLOUDSIM_UPDATE_TABLES=1";
}

TEST(RecordLevels, DocsListEveryLevel) {
  // The "Record levels" table of docs/output-format.md has one row per level, in order.
  const std::string docs = read_text(kDocsPath);
  const auto section = docs.find("## Record levels");
  ASSERT_NE(section, std::string::npos);
  std::istringstream lines(docs.substr(section, docs.find("\n## ", section + 1) - section));
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("| `"))
      rows.push_back(line.substr(3, line.find('`', 3) - 3));
  }
  std::vector<std::string> names;
  for (const auto level : output::all_record_levels())
    names.emplace_back(output::record_level_name(level));
  EXPECT_EQ(rows, names);
}

}  // namespace
}  // namespace cloudsim
