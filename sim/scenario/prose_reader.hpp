#pragma once
// Words for people, not the model: a scenario's or batch's title, description and references, and
// the label of an uncertain input. They are recorded in result files and shown in reports, so each
// is checked for what would spoil a table or a tooltip (empty, too long, a line break in a title).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {

inline constexpr std::size_t kMaxTitleChars = 120;
inline constexpr std::size_t kMaxDescriptionChars = 4000;
inline constexpr std::size_t kMaxReferences = 64;
inline constexpr std::size_t kMaxReferenceChars = 400;
inline constexpr std::size_t kMaxLabelChars = 80;

struct ProseRule {
  std::size_t max_chars;  // in Unicode characters (code points), not bytes
  bool multi_line;
};

inline constexpr ProseRule kTitleRule{kMaxTitleChars, false};
inline constexpr ProseRule kDescriptionRule{kMaxDescriptionChars, true};
inline constexpr ProseRule kReferenceRule{kMaxReferenceChars, false};
inline constexpr ProseRule kLabelRule{kMaxLabelChars, false};

// The problem with `text` under `rule` ("" if none): what a message says after the key path.
std::string prose_problem(std::string_view text, const ProseRule& rule);

// An optional string key of `reader`'s table, checked against `rule`; errors are located.
std::optional<std::string> read_prose(TableReader& reader, std::string_view key,
                                      const ProseRule& rule);

// The optional `references` array: at most kMaxReferences strings, each one line.
std::vector<std::string> read_references(TableReader& reader);

}  // namespace cloudsim::scenario
