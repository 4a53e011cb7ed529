#pragma once
// Whole-number options read from their text: program_options reads "-1" into an unsigned as
// 2^64 - 1, which would turn a typo into "no limit".

#include <cstdint>
#include <string>

namespace cloudsim::cli {

// `text` as a whole number in [min, max]; throws UsageError naming --`name` otherwise.
std::uint64_t count_option(const std::string& name, const std::string& text, std::uint64_t min,
                           std::uint64_t max);

}  // namespace cloudsim::cli
