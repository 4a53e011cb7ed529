#pragma once
// The command line of `sim run`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cloudsim::cli {

struct RunArguments {
  std::vector<std::string> inputs;       // scenario and batch files, in order
  std::vector<std::string> assignments;  // --set, applied to every scenario
  std::string resume;                    // --resume RESULT.h5: extend or complete that file
  std::string output_path;
  bool output_given = false;  // -o: without it, the default name (or the resumed file's)
  std::optional<std::uint64_t> paths;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> precision;  // --precision targets
  std::optional<std::uint64_t> max_paths;
  int threads = 0;
  std::size_t block_size = 1024;
  bool force = false;
  std::string record = "full";
  bool ignore_disk_space = false;
  bool quiet = false;
  double progress_interval = -1.0;  // seconds; < 0: 0.2 on a terminal, 10 otherwise
};

// Returns nothing when --help was given; throws UsageError on a bad command line.
std::optional<RunArguments> parse_run_arguments(const std::vector<std::string>& arguments);

// Paths a precision run adds between checks of its targets; the stopping point is a multiple.
inline constexpr std::uint64_t kPrecisionStep = 1024;
inline constexpr std::uint64_t kDefaultMaxPaths = 1'000'000;

}  // namespace cloudsim::cli
