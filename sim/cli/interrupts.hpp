#pragma once
// SIGINT, SIGTERM and SIGHUP during `sim run`, from argument parsing to the final rename: none of
// them kills the process. The handler only records the signal; the run stops between blocks and
// keeps what it completed in a partial file, or finishes writing a complete result when the
// signal came after the last path, and then exits with 128 + the signal's number (130, 143, 129).
// A second signal while the partial is written is recorded the same way and changes nothing.
// SIGPIPE is ignored for the whole program: a closed stderr pipe (`sim run … 2>&1 | head`) turns
// writes into failed writes instead of killing a run.

#include <atomic>

namespace cloudsim::cli {

// Set by the handler; the engine polls it between blocks.
extern std::atomic<bool> g_stop_requested;

// Installs the handlers for its lifetime (restoring the previous ones after).
class InterruptGuard {
 public:
  InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  ~InterruptGuard();
};

void ignore_broken_pipes();

// The first signal received (0 if none), its name ("SIGINT") and 128 + its number.
[[nodiscard]] int received_signal();
[[nodiscard]] const char* received_signal_name();
[[nodiscard]] int interrupted_exit_code();
// The same for a signal this process may not have received (under mpirun, another rank's).
[[nodiscard]] const char* signal_name(int signal);
[[nodiscard]] int exit_code_for_signal(int signal);

}  // namespace cloudsim::cli
