#pragma once
// What a caller asks `run` to do: the inputs, or the result file to resume, and the choices that
// shape the result (paths, seed, precision targets, record level, where it goes). How it runs
// (threads, block size) is in RunSettings (run/run_batch.hpp): it never changes the result.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cloudsim::run {

struct RunRequest {
  std::vector<std::string> inputs;       // scenario and batch files, in order
  std::vector<std::string> assignments;  // applied to every scenario after `extends`
  std::string resume;                    // a result file to extend or complete
  std::string output_path;
  bool output_given = false;  // without it, the default name (or the resumed file's)
  std::optional<std::uint64_t> paths;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> precision;  // targets added to the batch file's
  std::optional<std::uint64_t> max_paths;
  bool force = false;  // replace an existing result (only once the new one is complete)
  std::string record = "full";
  std::string observations;  // --observations: condition on this file (docs/conditioning.md)
};

// Paths a precision run adds between checks of its targets; the stopping point is a multiple.
inline constexpr std::uint64_t kPrecisionStep = 1024;
inline constexpr std::uint64_t kDefaultMaxPaths = 1'000'000;

}  // namespace cloudsim::run
