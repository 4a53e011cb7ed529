#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsim::text {

// The candidate closest to `word` by edit distance (case-insensitive, transpositions count once),
// if it is close enough to be the likely intended spelling.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// ", did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cloudsim::text
