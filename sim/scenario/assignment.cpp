#include "scenario/assignment.hpp"

#include <algorithm>

#include "scenario/key_path.hpp"
#include "scenario/toml_nesting.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {
namespace {

bool has_control_characters(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
  });
}

}  // namespace

std::optional<toml::table> parse_assignment(const std::string& assignment,
                                            Diagnostics& diagnostics) {
  const std::string name = "--set '" + assignment + "'";
  const auto equals = assignment_equals(assignment);
  if (!equals || *equals == 0) {
    diagnostics.error_without_position("", name + ": expected key.path=value");
    return std::nullopt;
  }
  const std::string key = assignment.substr(0, *equals);
  const std::string value = assignment.substr(*equals + 1);
  if (const auto path = parse_key_path(key); path.parts.empty()) {
    diagnostics.error_without_position(
        "", name + ": '" + key + "' is not a key path: " + path.error + "; " + key_path_advice());
    return std::nullopt;
  }
  // The value alone must read as exactly one TOML value.
  std::string problem;
  try {
    const toml::table alone = parse_toml("v = " + value, name);
    if (alone.size() == 1) {
      return parse_toml(key + " = " + value, name);
    }
    problem = "holds more than one assignment";
  } catch (const NestingError& error) {
    problem = std::string(error.description());
  } catch (const toml::parse_error& error) {
    // Text that starts as a TOML string, array or table but does not parse is a typo, not a
    // bare word: "abc (no closing quote) must not become the string "abc with its quote.
    const auto first = value.find_first_not_of(" \t");
    const bool looks_like_toml =
        first != std::string::npos && std::string("\"'[{").find(value[first]) != std::string::npos;
    if (!has_control_characters(value) && !looks_like_toml) {
      return parse_toml(key + " = " + quote_toml_string(value), name);  // a bare word
    }
    problem = looks_like_toml ? "is not valid TOML (" + std::string(error.description()) + ")"
                              : "is neither one TOML value nor a bare word (it has a line break "
                                "or control character)";
  }
  diagnostics.error_without_position(
      "", name + ": the value '" + value + "' " + problem +
              "; expected one TOML value such as 0.3, \"text\", [1, 2] or { distribution = "
              "\"uniform\", low = 1, high = 2 }");
  return std::nullopt;
}

}  // namespace cloudsim::scenario
