#pragma once
// A scenario document before it is interpreted: the top file's TOML with every `extends` parent
// merged underneath it and every `--set` assignment merged on top. Nodes keep the file, line and
// column they came from, so later checks still point at the right place.
//
// Merge rule: tables merge key by key, recursively; arrays and scalars replace.

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "scenario/diagnostics.hpp"

namespace cloudsim::scenario {

// Returns a file's text, or nothing if it cannot be read. Tests and the fuzzer substitute their
// own.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;
FileReader filesystem_reader();

inline constexpr std::size_t kMaxExtendsDepth = 16;
// Distinct files one scenario may build on, through every `extends`: each is read once.
inline constexpr std::size_t kMaxExtendsFiles = 128;

struct ScenarioDocument {
  toml::table root;
  std::vector<std::string> sources;  // in merge order: the deepest parent first, --set last

  // Sort key that reproduces the planner's order: parents' definitions first, then each file's
  // in line order. Regions from no known source sort last.
  [[nodiscard]] std::tuple<std::size_t, std::uint32_t, std::uint32_t> order_of(
      const toml::source_region& region) const;
};

// Parses `text` (named `name` in messages; `extends` paths are relative to its folder), resolves
// `extends` through `read` and applies `assignments` ("key.path=value"). Problems go to
// `diagnostics`; the result is empty when no document could be formed.
std::optional<ScenarioDocument> build_document(const std::string& text, const std::string& name,
                                               const std::vector<std::string>& assignments,
                                               const FileReader& read, Diagnostics& diagnostics);

// The document as one self-contained TOML file, tables and keys in the planner's order: what
// `sim show` prints and what every result file records. Loading it gives the same scenario.
std::string to_resolved_toml(const ScenarioDocument& document);

}  // namespace cloudsim::scenario
