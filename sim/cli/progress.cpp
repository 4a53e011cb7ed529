#include "cli/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace cloudsim::cli {

ProgressLine::ProgressLine(std::ostream& out, std::uint64_t total_paths, int steps_per_path,
                           bool terminal, double interval_seconds, std::uint64_t already_done)
    : out_(out),
      total_(total_paths),
      already_done_(already_done),
      steps_(steps_per_path),
      terminal_(terminal),
      interval_(interval_seconds),
      start_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(std::uint64_t completed) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed - last_print_ < interval_ && completed < total_) {
    return;
  }
  last_print_ = elapsed;
  print(completed, elapsed);
}

void ProgressLine::print(std::uint64_t completed, double elapsed) {
  const double rate =
      elapsed > 0.0 ? static_cast<double>(completed - std::min(completed, already_done_)) / elapsed
                    : 0.0;
  const double left = rate > 0.0 ? static_cast<double>(total_ - completed) / rate : 0.0;
  char line[160];
  std::snprintf(line, sizeof line,
                "%llu / %llu paths (%.0f%%), %.0f paths/s, %.2f M path-steps/s, %.0f s left",
                static_cast<unsigned long long>(completed), static_cast<unsigned long long>(total_),
                100.0 * static_cast<double>(completed) / static_cast<double>(total_), rate,
                rate * steps_ / 1e6, left);
  if (terminal_) {
    out_ << "\r\033[K" << line << std::flush;  // rewrite the line in place
  } else {
    out_ << "progress: " << line << "\n" << std::flush;
  }
  printed_ = true;
}

void ProgressLine::finish() {
  if (terminal_ && printed_) {
    out_ << "\n" << std::flush;
  }
}

}  // namespace cloudsim::cli
