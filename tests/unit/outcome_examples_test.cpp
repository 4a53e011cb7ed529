// The outcome language against its table of examples (tests/outcome/examples.toml), which the
// Python parser is tested against too (tests/python/test_outcome.py): the same trees, the same
// errors at the same characters.

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <string>

#include "outcome/canonical.hpp"
#include "outcome/parse.hpp"
#include "outcome/resolve.hpp"

namespace cloudsim {
namespace {

std::vector<std::string> strings(const toml::table& table, const char* key) {
  std::vector<std::string> out;
  if (const auto* array = table[key].as_array()) {
    for (const auto& item : *array)
      out.push_back(item.value<std::string>().value());
  }
  return out;
}

outcome::Names names_from(const toml::table& table) {
  return {strings(table, "segments"), strings(table, "providers"), strings(table, "scenarios"),
          strings(table, "periods")};
}

// Parses and resolves `text` as `kind`; returns the canonical tree. Throws OutcomeError.
std::string read(const std::string& kind, const std::string& text, const outcome::Names* names) {
  const auto finish = [&](auto tree) {
    if (names != nullptr)
      outcome::resolve(tree, *names);
    return outcome::canonical(tree);
  };
  if (kind == "condition")
    return finish(outcome::parse_condition(text));
  if (kind == "outcome")
    return finish(outcome::parse_outcome(text));
  if (kind == "target")
    return finish(outcome::parse_target(text));
  throw std::invalid_argument("unknown parse kind " + kind);
}

TEST(OutcomeExamples, EveryExampleParsesAndResolvesAsTheTableSays) {
  const auto file = toml::parse_file(CLOUDSIM_SOURCE_DIR "/tests/outcome/examples.toml");
  const auto run_names = names_from(*file["names"].as_table());
  const auto trigger_names = names_from(*file["trigger_names"].as_table());
  const auto* examples = file["example"].as_array();
  ASSERT_NE(examples, nullptr);
  std::size_t parsed = 0, refused = 0;
  for (const auto& node : *examples) {
    const auto& example = *node.as_table();
    const auto kind = example["parse"].value<std::string>().value();
    const auto text = example["text"].value<std::string>().value();
    const auto& names =
        example["names"].value_or(std::string()) == "trigger" ? trigger_names : run_names;
    SCOPED_TRACE(kind + " '" + text + "'");
    if (const auto ast = example["ast"].value<std::string>()) {
      EXPECT_EQ(read(kind, text, nullptr), *ast);
      ++parsed;
    }
    for (const char* stage : {"error", "resolve_error"}) {
      const auto* expected = example[stage].as_table();
      if (expected == nullptr)
        continue;
      try {
        (void)read(kind, text, &names);
        ADD_FAILURE() << "accepted, expected " << stage;
      } catch (const outcome::OutcomeError& error) {
        EXPECT_EQ(error.offset(), (*expected)["offset"].value<std::size_t>().value());
        EXPECT_EQ(error.reason(), (*expected)["message"].value<std::string>().value());
        if (std::string(stage) == "resolve_error") {
          EXPECT_NO_THROW((void)read(kind, text, nullptr)) << "refused by the parser already";
        }
      }
      ++refused;
    }
    if (!example.contains("error") && !example.contains("resolve_error")) {
      EXPECT_NO_THROW((void)read(kind, text, &names));
    }
  }
  EXPECT_GE(parsed, 20u);
  EXPECT_GE(refused, 30u);
}

}  // namespace
}  // namespace cloudsim
