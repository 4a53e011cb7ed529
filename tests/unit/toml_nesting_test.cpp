// The pre-scan that refuses keys and values nested too deep for the parser, before parsing.

#include "scenario/toml_nesting.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudsim::scenario {
namespace {

std::string dotted(std::size_t parts) {
  std::string key = "a";
  for (std::size_t k = 1; k < parts; ++k)
    key += ".a";
  return key;
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TomlNesting, EveryShippedScenarioAndBatchPasses) {
  for (const char* folder :
       {"/scenarios", "/scenarios/batches", "/bench", "/tests/scenarios/bad"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(CLOUDSIM_SOURCE_DIR) + folder)) {
      if (entry.path().extension() != ".toml" ||
          entry.path().filename().string().rfind("nesting_", 0) == 0)
        continue;
      EXPECT_EQ(find_excessive_nesting(file_text(entry.path())), std::nullopt) << entry.path();
    }
  }
}

TEST(TomlNesting, AHugeDottedKeyIsRefusedWhereItStarts) {
  const auto problem = find_excessive_nesting("# x\n[simulation]\n  " + dotted(40'000) + " = 1\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->line, 3u);
  EXPECT_EQ(problem->column, 3u);
  EXPECT_NE(problem->message.find("a dotted key of 40000 parts; expected at most 64"),
            std::string::npos);
  EXPECT_TRUE(find_excessive_nesting("[" + dotted(65) + "]\n"));
  EXPECT_TRUE(find_excessive_nesting("[[" + dotted(65) + "]]\n"));
  EXPECT_TRUE(find_excessive_nesting("x = { " + dotted(65) + " = 1 }\n"));
  EXPECT_TRUE(find_excessive_nesting("x = [{ b = 1 }, { " + dotted(65) + " = 1 }]\n"));
  EXPECT_FALSE(find_excessive_nesting(dotted(64) + " = 1\n"));
  EXPECT_FALSE(find_excessive_nesting("[" + dotted(32) + "]\n" + dotted(32) + " = 1\n"));
  EXPECT_TRUE(find_excessive_nesting("[" + dotted(32) + "]\n" + dotted(33) + " = 1\n"))
      << "a header's parts count toward its keys' depth";
}

TEST(TomlNesting, QuotedAndSpacedKeyPartsCount) {
  std::string key = "\"a.b\"";
  for (int k = 0; k < 64; ++k)
    key += " . 'x'";
  const auto problem = find_excessive_nesting(key + " = 1\n");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->message.find("65 parts"), std::string::npos) << problem->message;
}

TEST(TomlNesting, DotsOutsideKeysAreNotKeyParts) {
  const std::string dots = dotted(1000);
  EXPECT_FALSE(find_excessive_nesting("x = \"" + dots + "\"\n"));
  EXPECT_FALSE(find_excessive_nesting("x = '" + dots + "'\n"));
  EXPECT_FALSE(find_excessive_nesting("x = \"\"\"\n[" + dots + "]\n\"\"\"\n"));
  EXPECT_FALSE(find_excessive_nesting("x = '''\n" + dots + " = 1\n'''\n"));
  EXPECT_FALSE(find_excessive_nesting("x = \"\\\"" + dots + "\"\n")) << "an escaped quote";
  EXPECT_FALSE(find_excessive_nesting("# [" + dots + "]\nx = 1 # " + dots + "\n"));
  std::string floats = "x = [";
  for (int k = 0; k < 1000; ++k)
    floats += "1.5, 2.5e3, 1979-05-27 07:32:00.5, ";
  EXPECT_FALSE(find_excessive_nesting(floats + "]\n"));
}

TEST(TomlNesting, DeepArraysAndInlineTablesAreRefusedBeforeParsing) {
  const std::string deep = "x = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
  const auto problem = find_excessive_nesting(deep);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->line, 1u);
  EXPECT_NE(problem->message.find("nested 65 levels deep"), std::string::npos) << problem->message;
  EXPECT_FALSE(find_excessive_nesting("x = " + std::string(63, '[') + std::string(63, ']')));

  // Inline tables multiply dotted keys: 250 levels of 8-part keys is 2000 levels of tables.
  std::string inline_tables = "x = ";
  for (int k = 0; k < 250; ++k)
    inline_tables += "{ " + dotted(8) + " = ";
  inline_tables += "1" + std::string(250, '}') + "\n";
  EXPECT_TRUE(find_excessive_nesting(inline_tables));
}

TEST(TomlNesting, TheParserItselfLimitsNestedValues) {
  // The second line of defence, should the pre-scan ever miss a case: toml++ stops at
  // TOML_MAX_NESTED_VALUES (256) nested arrays or inline tables instead of recursing further.
  const std::string deep = "x = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
  try {
    (void)toml::parse(deep);
    FAIL() << "toml++ accepted 100000 nested arrays";
  } catch (const toml::parse_error& error) {
    EXPECT_NE(std::string(error.description()).find("TOML_MAX_NESTED_VALUES"), std::string::npos);
  }
}

TEST(TomlNesting, ParseTomlThrowsALocatedParseError) {
  try {
    (void)parse_toml("\n\n" + dotted(100) + " = 1\n", "file.toml");
    FAIL();
  } catch (const NestingError& error) {
    EXPECT_EQ(error.source().begin.line, 3u);
    EXPECT_EQ(*error.source().path, "file.toml");
  }
}

}  // namespace
}  // namespace cloudsim::scenario
