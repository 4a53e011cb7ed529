// The scenario reader against the distribution registry: every registered kind's field table is
// what the reader accepts and requires, and the docs table is the one generated from it.

#include "scenario/distribution_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "scenario/distribution_docs.hpp"
#include "scenario/input_error.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::scenario {
namespace {

using uncertainty::Distribution;

struct ReadResult {
  std::optional<Distribution> distribution;
  std::vector<InputIssue> issues;
};

// Reads `x = <inline table>` as the distribution at key path "x".
ReadResult read(const std::string& inline_table) {
  const toml::table document = toml::parse("x = " + inline_table + "\n");
  Diagnostics diagnostics("test.toml");
  std::vector<uncertainty::UncertainInput> inputs;
  ReadContext context{diagnostics, inputs};
  ReadResult result;
  result.distribution = read_distribution(*document.get_as<toml::table>("x"), "x", context);
  try {
    diagnostics.throw_if_any();
  } catch (const InputError& error) {
    result.issues = error.issues();
  }
  return result;
}

std::string number(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

// The kind's default value written as TOML, every key of its field table given except `left_out`
// (and keys whose value is infinite, which TOML scenarios express by leaving them out).
template <class Kind>
std::string inline_table(const Kind& kind, std::string_view left_out = "") {
  std::string text = "{ distribution = \"" + std::string(Kind::name) + "\"";
  for (const auto& field : Kind::fields()) {
    if (field.key == left_out)
      continue;
    if constexpr (uncertainty::has_list_fields<Kind>()) {
      if (field.list != nullptr) {
        text += ", " + std::string(field.key) + " = [";
        const auto& list = kind.*field.list;
        for (std::size_t k = 0; k < list.size(); ++k)
          text += (k ? ", " : "") + number(list[k]);
        text += "]";
        continue;
      }
    }
    if (std::isfinite(kind.*field.number)) {
      text += ", " + std::string(field.key) + " = " + number(kind.*field.number);
    } else {
      EXPECT_EQ(field.default_value, kind.*field.number) << Kind::name << "." << field.key;
    }
  }
  return text + " }";
}

std::string messages(const std::vector<InputIssue>& issues) {
  std::string text;
  for (const auto& issue : issues)
    text += issue.to_string() + "\n";
  return text;
}

TEST(DistributionReader, ReadsEveryRegisteredKindFromItsFieldTable) {
  uncertainty::for_each_kind([]<class Kind>(std::type_identity<Kind>) {
    const Kind example{};
    ASSERT_EQ(example.problem(), "") << Kind::name << "'s default must be a valid example";
    const auto result = read(inline_table(example));
    ASSERT_TRUE(result.distribution.has_value()) << Kind::name << ":\n" << messages(result.issues);
    EXPECT_TRUE(std::holds_alternative<Kind>(result.distribution->shape)) << Kind::name;
    EXPECT_EQ(result.distribution->describe(), Distribution{example}.describe());
  });
}

TEST(DistributionReader, RequiresEveryFieldWithoutADefault) {
  uncertainty::for_each_kind([]<class Kind>(std::type_identity<Kind>) {
    for (const auto& field : Kind::fields()) {
      const auto result = read(inline_table(Kind{}, field.key));
      if (field.default_value) {
        EXPECT_EQ(result.issues.size(), 0U) << Kind::name << "." << field.key;
        continue;
      }
      ASSERT_FALSE(result.distribution.has_value()) << Kind::name << "." << field.key;
      ASSERT_EQ(result.issues.size(), 1U) << messages(result.issues);
      EXPECT_EQ(result.issues[0].key_path, "x." + std::string(field.key));
      EXPECT_NE(result.issues[0].message.find("missing required key"), std::string::npos)
          << messages(result.issues);
      EXPECT_EQ(result.issues[0].line, 1U);
    }
  });
}

TEST(DistributionReader, RejectsAMisspelledKeyWithASuggestion) {
  uncertainty::for_each_kind([]<class Kind>(std::type_identity<Kind>) {
    const std::string key(Kind::fields()[0].key);
    std::string text = inline_table(Kind{});
    text.insert(text.size() - 2, ", " + key + "x = 1");
    const auto result = read(text);
    EXPECT_FALSE(result.distribution.has_value()) << Kind::name;
    EXPECT_NE(messages(result.issues).find("did you mean '" + key + "'?"), std::string::npos)
        << messages(result.issues);
  });
}

TEST(DistributionReader, UnknownKindListsEveryRegisteredKind) {
  const std::string table = "{ distribution = \"triangle\", low = 0, mode = 1, high = 2 }";
  const auto result = read(table);
  ASSERT_EQ(result.issues.size(), 1U);
  const std::string& message = result.issues[0].message;
  EXPECT_NE(message.find("did you mean 'triangular'?"), std::string::npos) << message;
  for (const std::string_view name : uncertainty::kind_names())
    EXPECT_NE(message.find(std::string(name)), std::string::npos) << name << ": " << message;
  EXPECT_EQ(result.issues[0].key_path, "x.distribution");
  // At the kind's name: its column in "x = " + table, counted from 1.
  EXPECT_EQ(result.issues[0].column, std::string("x = ").size() + table.find("\"triangle\"") + 1);
}

TEST(DistributionReader, ChecksParametersAgainstEachOtherAtTheTable) {
  const auto result = read("{ distribution = \"uniform\", low = 2, high = 1 }");
  ASSERT_EQ(result.issues.size(), 1U);
  EXPECT_EQ(result.issues[0].message, "uniform needs low < high");
  EXPECT_EQ(result.issues[0].key_path, "x");
  EXPECT_EQ(result.issues[0].column, std::string("x = ").size() + 1);  // the table's opening brace
}

TEST(DistributionReader, ChecksEachListElementWhereItIs) {
  const auto result =
      read("{ distribution = \"discrete\", values = [1, 2], probabilities = [1.5, -0.5] }");
  ASSERT_EQ(result.issues.size(), 2U) << messages(result.issues);
  EXPECT_EQ(result.issues[0].key_path, "x.probabilities[0]");
  EXPECT_EQ(result.issues[0].message, "expected a number in [0, 1], found the number 1.5");
  EXPECT_EQ(result.issues[1].key_path, "x.probabilities[1]");
}

TEST(DistributionDocs, ScenarioFormatHoldsTheGeneratedTable) {
  std::ifstream file(CLOUDSIM_SOURCE_DIR "/docs/scenario-format.md");
  ASSERT_TRUE(file) << "docs/scenario-format.md not found";
  const std::string docs((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string table = distribution_table_markdown();
  EXPECT_NE(docs.find(table), std::string::npos)
      << "docs/scenario-format.md's distribution table differs from the registry; replace it "
         "with:\n"
      << table;
}

}  // namespace
}  // namespace cloudsim::scenario
