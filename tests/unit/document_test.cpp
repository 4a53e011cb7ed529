// extends, --set and the resolved text, with scenario files held in memory.

#include "scenario/document.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"
#include "test_market.hpp"

namespace cloudsim::scenario {
namespace {

const std::string kBase = cloudsim::testing::kMinimalScenario;

LoadOptions in_memory(std::map<std::string, std::string> files,
                      std::vector<std::string> assignments = {}) {
  LoadOptions options;
  options.assignments = std::move(assignments);
  options.read_file =
      [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
    const auto found = files.find(path);
    if (found == files.end())
      return std::nullopt;
    return found->second;
  };
  return options;
}

std::vector<InputIssue> issues_of(const std::string& text, const LoadOptions& options) {
  try {
    load_scenario_text(text, "dir/top.toml", options);
  } catch (const InputError& error) {
    return error.issues();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(Extends, ChildValuesReplaceAndTablesMerge) {
  const auto options = in_memory({{"dir/base.toml", kBase}});
  const auto s = load_scenario_text(R"(extends = "base.toml"
[simulation]
quarters = 12
[providers.Zeta]
price_index = 1.2
[providers.Newco.segments.IaaS]
initial_share = 0.0
churn_rate = 0.1
)",
                                    "dir/top.toml", options);
  EXPECT_EQ(s.market.quarters, 12);
  EXPECT_EQ(s.run.seed, 1u) << "untouched keys of a merged table survive";
  ASSERT_EQ(s.market.providers.size(), 3u);
  EXPECT_EQ(s.market.providers[0].name, "Zeta");
  EXPECT_EQ(s.market.providers[0].price_index, 1.2);
  EXPECT_EQ(s.market.providers[0].segments[0].initial_share, 0.7);
  EXPECT_EQ(s.market.providers[1].name, "Alpha");
  EXPECT_EQ(s.market.providers[2].name, "Newco")
      << "a child's new provider comes after the parent's";
  EXPECT_EQ(s.resolved_text.find("extends"), std::string::npos);
}

TEST(Extends, ArraysReplaceWholesale) {
  const std::string base = kBase + R"(
[segment_correlation]
segments = ["IaaS"]
matrix = [[1.0]]
)";
  const auto options = in_memory({{"dir/base.toml", base}});
  const auto issues = issues_of(
      "extends = \"base.toml\"\n[segment_correlation]\nmatrix = [[1.0], [0.5]]\n", options);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "segment_correlation.matrix");
  EXPECT_EQ(issues[0].file, "dir/top.toml");
}

TEST(Extends, ErrorsInAParentNameTheParentFile) {
  std::string broken = kBase;
  broken.replace(broken.find("volatility = 0.1"), 16, "volatility = -0.1");
  const auto issues =
      issues_of("extends = \"base.toml\"\n", in_memory({{"dir/base.toml", broken}}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].file, "dir/base.toml");
  EXPECT_EQ(issues[0].line, 13u);
  EXPECT_EQ(issues[0].key_path, "segments.IaaS.volatility");
}

TEST(Extends, CyclesAreRefusedWithTheirPath) {
  const auto options = in_memory({{"dir/a.toml", "extends = \"b.toml\"\n"},
                                  {"dir/b.toml", "extends = \"top.toml\"\n"},
                                  {"dir/top.toml", "extends = \"a.toml\"\n"}});
  const auto issues = issues_of("extends = \"a.toml\"\n", options);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(
      issues[0].message.find("cycle: dir/top.toml -> dir/a.toml -> dir/b.toml -> dir/top.toml"),
      std::string::npos)
      << issues[0].to_string();
  EXPECT_EQ(issues[0].file, "dir/b.toml");
  EXPECT_EQ(issues[0].line, 1u);
}

TEST(Extends, MissingParentIsReportedAtTheExtendsKey) {
  const auto issues = issues_of("\nextends = \"nope.toml\"\n", in_memory({}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 2u);
  EXPECT_NE(issues[0].message.find("cannot read the parent scenario \"nope.toml\""),
            std::string::npos);
}

TEST(Extends, SeveralParentsKeepEachOthersChanges) {
  // a and b both build on base and change different providers; b's inherited copy of base must
  // not undo a's change.
  const auto options = in_memory(
      {{"dir/base.toml", kBase},
       {"dir/a.toml", "extends = \"base.toml\"\n[providers.Zeta]\nprice_index = 1.3\n"},
       {"dir/b.toml", "extends = \"base.toml\"\n[providers.Alpha]\nprice_index = 0.8\n"}});
  const auto s =
      load_scenario_text("extends = [\"a.toml\", \"b.toml\"]\n", "dir/top.toml", options);
  EXPECT_EQ(s.market.providers[0].price_index, 1.3);
  EXPECT_EQ(s.market.providers[1].price_index, 0.8);
}

TEST(Extends, EachFileOfADiamondIsReadOnce) {
  // top -> a, b; a, b -> c, d; c, d -> base: 2^3 paths reach base, but it is read once.
  std::map<std::string, std::string> files = {
      {"dir/base.toml", kBase},
      {"dir/c.toml", "extends = \"base.toml\"\n[providers.Zeta]\nprice_index = 1.1\n"},
      {"dir/d.toml", "extends = \"base.toml\"\n[providers.Alpha]\nprice_index = 0.9\n"},
      {"dir/a.toml", "extends = [\"c.toml\", \"d.toml\"]\n"},
      {"dir/b.toml", "extends = [\"c.toml\", \"d.toml\"]\n[providers.Zeta]\nprice_index = 1.2\n"}};
  std::map<std::string, int> reads;
  LoadOptions options;
  options.read_file = [&](const std::string& path) -> std::optional<std::string> {
    ++reads[path];
    return files.at(path);
  };
  const auto s =
      load_scenario_text("extends = [\"a.toml\", \"b.toml\"]\n", "dir/top.toml", options);
  for (const auto& [path, count] : reads)
    EXPECT_EQ(count, 1) << path;
  EXPECT_EQ(reads.size(), 5u);
  EXPECT_EQ(s.market.providers[0].price_index, 1.2) << "b's own value wins";
  EXPECT_EQ(s.market.providers[1].price_index, 0.9) << "b's inherited copy of d changes nothing";
}

TEST(Extends, AParentOverTheSizeLimitIsRefusedBeforeItIsRead) {
  const auto folder = std::filesystem::temp_directory_path() / "cloudsim_document_test";
  std::filesystem::create_directories(folder);
  const auto big = folder / "big.toml";
  { std::ofstream(big) << "# a scenario\n"; }
  std::filesystem::resize_file(big, std::uintmax_t{1} << 30);  // sparse: costs no disk
  bool read = false;
  LoadOptions options;
  options.read_file = [&](const std::string&) -> std::optional<std::string> {
    read = true;
    return std::nullopt;
  };
  std::vector<InputIssue> issues;
  try {
    load_scenario_text("\nextends = \"big.toml\"\n", (folder / "top.toml").string(), options);
  } catch (const InputError& error) {
    issues = error.issues();
  }
  std::filesystem::remove_all(folder);
  EXPECT_FALSE(read);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 2u);
  EXPECT_NE(issues[0].message.find("is 1073741824 bytes; the limit is 1048576"), std::string::npos)
      << issues[0].to_string();
}

TEST(Set, OverridesNumbersStringsAndDistributions) {
  const auto options = in_memory(
      {{"dir/base.toml", kBase}},
      {"simulation.quarters=20", "simulation.currency_unit=USD bn",
       "providers.Zeta.price_index={ distribution = \"uniform\", low = 0.9, high = 1.1 }"});
  const auto s = load_scenario_text("extends = \"base.toml\"\n", "dir/top.toml", options);
  EXPECT_EQ(s.market.quarters, 20);
  EXPECT_EQ(s.run.currency_unit, "USD bn");
  ASSERT_EQ(s.uncertain.inputs.size(), 1u);
  EXPECT_EQ(s.uncertain.inputs[0].key_path, "providers.Zeta.price_index");
  EXPECT_DOUBLE_EQ(s.market.providers[0].price_index, 1.0) << "nominal value is the mean";
}

TEST(Set, ProblemsNameTheAssignment) {
  const auto issues = issues_of(kBase, in_memory({}, {"simulation.quartres=20"}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].file, "--set 'simulation.quartres=20'");
  EXPECT_NE(issues[0].message.find("did you mean 'quarters'?"), std::string::npos);
  const auto malformed = issues_of(kBase, in_memory({}, {"no equals sign"}));
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_NE(malformed[0].message.find("expected key.path=value"), std::string::npos);
}

TEST(ResolvedText, QuotesKeysAndKeepsThePlannersOrder) {
  const auto options = in_memory({{"dir/base.toml", kBase}}, {"providers.Alpha.price_index=0.95"});
  const auto s = load_scenario_text(
      "extends = \"base.toml\"\n[providers.\"Big Co\".segments.IaaS]\ninitial_share = 0.0\n"
      "churn_rate = 0.2\n",
      "dir/top.toml", options);
  const auto& text = s.resolved_text;
  const auto zeta = text.find("[providers.Zeta.segments.IaaS]");
  const auto alpha = text.find("[providers.Alpha]");
  const auto big = text.find("[providers.\"Big Co\".segments.IaaS]");
  ASSERT_NE(zeta, std::string::npos) << text;
  ASSERT_NE(alpha, std::string::npos) << text;
  ASSERT_NE(big, std::string::npos) << text;
  EXPECT_LT(zeta, alpha);
  EXPECT_LT(alpha, big);
  EXPECT_NE(text.find("price_index = 0.95"), std::string::npos);
  const auto again = load_scenario_text(text, "resolved.toml");
  EXPECT_EQ(again.resolved_text, text);
  EXPECT_EQ(again.market.providers[2].name, "Big Co");
}

TEST(ResolvedText, IsAFixedPointForEverySeedScenario) {
  for (const auto& entry : std::filesystem::directory_iterator(CLOUDSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".toml")
      continue;
    const auto original = load_scenario_file(entry.path().string());
    const auto again = load_scenario_text(original.resolved_text, "resolved.toml");
    EXPECT_EQ(again.resolved_text, original.resolved_text) << entry.path();
    ASSERT_EQ(again.market.providers.size(), original.market.providers.size());
    for (std::size_t i = 0; i < again.market.providers.size(); ++i) {
      EXPECT_EQ(again.market.providers[i].name, original.market.providers[i].name);
      EXPECT_EQ(again.market.providers[i].price_index, original.market.providers[i].price_index);
    }
    ASSERT_EQ(again.uncertain.inputs.size(), original.uncertain.inputs.size()) << entry.path();
    for (std::size_t k = 0; k < again.uncertain.inputs.size(); ++k) {
      EXPECT_EQ(again.uncertain.inputs[k].key_path, original.uncertain.inputs[k].key_path);
      EXPECT_EQ(again.uncertain.inputs[k].distribution.describe(),
                original.uncertain.inputs[k].distribution.describe());
    }
    EXPECT_EQ(again.market.segment_correlation, original.market.segment_correlation);
  }
}

}  // namespace
}  // namespace cloudsim::scenario
