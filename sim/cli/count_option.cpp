#include "cli/count_option.hpp"

#include <algorithm>
#include <charconv>

#include "cli/commands.hpp"
#include "scenario/printable.hpp"

namespace cloudsim::cli {

std::uint64_t count_option(const std::string& name, const std::string& text, std::uint64_t min,
                           std::uint64_t max) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (!digits || error != std::errc() || ptr != end || value < min || value > max) {
    throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not '" + scenario::printable(text) + "'");
  }
  return value;
}

}  // namespace cloudsim::cli
