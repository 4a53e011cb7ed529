#pragma once
// The command line of `sim run`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "run/run_request.hpp"

namespace cloudsim::cli {

// What to run (run::RunRequest) and how: the run's settings and what to print.
struct RunArguments : run::RunRequest {
  int threads = 0;
  std::size_t block_size = 1024;
  bool path_by_path = false;
  bool ignore_disk_space = false;
  bool quiet = false;
  double progress_interval = -1.0;  // seconds; < 0: 0.2 on a terminal, 10 otherwise
};

// Returns nothing when --help was given; throws UsageError on a bad command line.
std::optional<RunArguments> parse_run_arguments(const std::vector<std::string>& arguments);

}  // namespace cloudsim::cli
