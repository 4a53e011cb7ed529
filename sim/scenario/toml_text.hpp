#pragma once
// Writing TOML text: keys, strings and key paths exactly as a TOML parser reads them back.

#include <string>
#include <string_view>

namespace cloudsim::scenario {

bool is_bare_key(std::string_view key);                // A-Z a-z 0-9 _ - only
std::string quote_toml_string(std::string_view text);  // "…" with escapes
std::string toml_key(std::string_view key);            // bare when possible, quoted otherwise

// "prefix.key" with the key written as TOML: join_key_path("providers", "China Telecom") ==
// "providers.\"China Telecom\"". Key paths written this way are what --set and
// input_correlation accept and what the output records.
std::string join_key_path(const std::string& prefix, std::string_view key);

}  // namespace cloudsim::scenario
