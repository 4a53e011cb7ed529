#pragma once
// A lexical pre-scan of TOML text that refuses nesting deeper than the parser can take, before
// the text is parsed: toml++ recurses once per part of a dotted key, so a key such as
// a.a.a.… with tens of thousands of parts overflows the stack, and inline tables can multiply
// such keys (each nesting level adding a dotted key's parts). Strings, comments and values are
// skipped (a float 1.5 is not a key); key parts are counted in key position and in [table] and
// [[array]] headers, and every enclosing table, array and inline table counts as a level.

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsim::scenario {

// A scenario's deepest values sit about 8 levels down
// (providers."X".phases.p.capability.IaaS = { distribution = …, values = [ … ] }).
inline constexpr std::size_t kMaxKeyParts = 64;
inline constexpr std::size_t kMaxNesting = 64;

struct NestingProblem {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in characters
  std::string message;
};

// The first place where a key has more than kMaxKeyParts parts or a value sits more than
// kMaxNesting levels deep, if any. Text that is not valid TOML is left for the parser to explain.
std::optional<NestingProblem> find_excessive_nesting(std::string_view text);

// What parse_toml throws for a problem of the pre-scan (a toml::parse_error, located).
class NestingError : public toml::parse_error {
 public:
  using toml::parse_error::parse_error;
};

// toml::parse, after the pre-scan: every TOML text from a user goes through here.
toml::table parse_toml(std::string_view text, std::string_view source_name);

}  // namespace cloudsim::scenario
