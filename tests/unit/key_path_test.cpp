// Key paths from the command line and batch files, --set values, and printable messages.

#include "scenario/key_path.hpp"

#include <gtest/gtest.h>

#include "scenario/assignment.hpp"
#include "scenario/input_error.hpp"
#include "scenario/printable.hpp"

namespace cloudsim::scenario {
namespace {

TEST(KeyPath, BareAndQuotedPartsAreDecoded) {
  const auto path = parse_key_path(R"(providers . "China\tTelecom".'price_index')");
  ASSERT_EQ(path.parts.size(), 3u) << path.error;
  EXPECT_EQ(path.parts[1], "China\tTelecom");
  EXPECT_EQ(path.canonical(), R"(providers."China\tTelecom".price_index)");
  EXPECT_EQ(parse_key_path("a.\"b.c\"").parts.size(), 2u);
}

TEST(KeyPath, AnythingElseIsRefused) {
  for (const char* text : {"", "a.", ".a", "a..b", "a b", "a\nb", "a=1", "a = 1\nb", "a.\"b", "[a]",
                           "a.b # c", "a.\"b\nc\"", "a.\"\\q\""}) {
    const auto path = parse_key_path(text);
    EXPECT_TRUE(path.parts.empty()) << text;
    EXPECT_FALSE(path.error.empty()) << text;
  }
  EXPECT_NE(parse_key_path("simulation.pa\nths").error.find("found a line break at character 14"),
            std::string::npos);
  std::string long_path = "a";
  for (int k = 0; k < 64; ++k)
    long_path += ".a";
  EXPECT_NE(parse_key_path(long_path).error.find("65 parts"), std::string::npos);
}

TEST(KeyPath, TheAssignmentsEqualsIsOutsideQuotes) {
  EXPECT_EQ(assignment_equals("providers.\"a=b\".price_index=1"), 27u);
  EXPECT_EQ(assignment_equals("a.'x=\"'=2"), 7u);
  EXPECT_EQ(assignment_equals("no equals"), std::nullopt);
}

std::vector<InputIssue> assignment_issues(const std::string& assignment) {
  Diagnostics diagnostics("top.toml");
  const auto table = parse_assignment(assignment, diagnostics);
  try {
    diagnostics.throw_if_any();
  } catch (const InputError& error) {
    EXPECT_FALSE(table);
    return error.issues();
  }
  EXPECT_TRUE(table);
  return {};
}

TEST(Assignment, OneKeyPathAndOneValue) {
  EXPECT_TRUE(assignment_issues("simulation.currency_unit=USD bn").empty()) << "a bare word";
  for (const char* typo : {"simulation.currency_unit=\"abc", "simulation.currency_unit=\"\\q\"",
                           "segments.IaaS.volatility=[1,", "segments.IaaS.volatility={x="}) {
    const auto issues = assignment_issues(typo);
    ASSERT_EQ(issues.size(), 1U) << typo << ": malformed TOML is not a bare word";
    EXPECT_NE(issues[0].message.find("is not valid TOML"), std::string::npos) << issues[0].message;
  }
  EXPECT_TRUE(assignment_issues("providers.\"a=b\".price_index = 1.5").empty());
  EXPECT_TRUE(assignment_issues("x=[1,\n2]").empty()) << "one TOML value may span lines";
  const auto smuggled = assignment_issues("simulation.paths=1\nsimulation.seed=2");
  ASSERT_EQ(smuggled.size(), 1u);
  EXPECT_NE(smuggled[0].message.find("holds more than one assignment"), std::string::npos);
  const auto control = assignment_issues("simulation.currency_unit=US\nD");
  ASSERT_EQ(control.size(), 1u);
  EXPECT_NE(control[0].message.find("neither one TOML value nor a bare word"), std::string::npos);
  const auto key = assignment_issues("a\nb=2");
  ASSERT_EQ(key.size(), 1u);
  EXPECT_NE(key[0].message.find("'a\nb' is not a key path"), std::string::npos);
  const auto deep = assignment_issues("x=" + std::string(1000, '[') + std::string(1000, ']'));
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_NE(deep[0].message.find("expected at most 64"), std::string::npos);
}

TEST(Printable, ControlCharactersAreEscapedInMessages) {
  EXPECT_EQ(printable("a\nb\tc\x01\x7f"
                      "d"),
            "a\\nb\\tc\\x01\\x7fd");
  EXPECT_EQ(printable("亿元"), "亿元");
  const InputIssue issue{"f\n.toml", 1, 2, "providers.\"A\\nB\"", "unknown \"A\nB\""};
  EXPECT_EQ(issue.to_string(), "f\\n.toml:1:2: error: providers.\"A\\nB\": unknown \"A\\nB\"");
}

}  // namespace
}  // namespace cloudsim::scenario
