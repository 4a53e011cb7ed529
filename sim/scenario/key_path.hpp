#pragma once
// Key paths as users write them outside a TOML file: `--set key.path=value` and the keys of a
// batch file's sweeps. A key path is TOML's dotted key and nothing more: bare words
// (A-Z a-z 0-9 _ -) or quoted strings, separated by dots, e.g. providers."China
// Telecom".price_index. Checking this strictly keeps a line break or '=' in the key from smuggling
// in more TOML.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsim::scenario {

struct KeyPath {
  std::vector<std::string> parts;               // decoded: providers, China Telecom, price_index
  std::string error;                            // what is wrong, when parts is empty
  [[nodiscard]] std::string canonical() const;  // parts joined as TOML writes them
};

KeyPath parse_key_path(std::string_view text);

// The position of the '=' that ends the key path of "key.path=value" (an '=' inside a quoted key
// part does not count), if any.
std::optional<std::size_t> assignment_equals(std::string_view assignment);

// A description of a key-path problem that fits after "<what>: ".
std::string key_path_advice();

}  // namespace cloudsim::scenario
