#pragma once
// The progress line of `sim run` on stderr: rewritten in place a few times a second on a
// terminal, a plain line every `interval` seconds otherwise (logs, CI), nothing with --quiet.

#include <chrono>
#include <cstdint>
#include <ostream>

namespace cloudsim::cli {

class ProgressLine {
 public:
  // `already_done` paths were complete before this run started (a resumed run): they count
  // towards the total but not towards the speed.
  ProgressLine(std::ostream& out, std::uint64_t total_paths, int steps_per_path, bool terminal,
               double interval_seconds, std::uint64_t already_done = 0);

  void update(std::uint64_t completed);  // cheap when nothing is due
  void finish();                         // ends a terminal line

 private:
  void print(std::uint64_t completed, double elapsed);

  std::ostream& out_;
  std::uint64_t total_;
  std::uint64_t already_done_;
  int steps_;
  bool terminal_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  double last_print_ = 0.0;
  bool printed_ = false;
};

}  // namespace cloudsim::cli
