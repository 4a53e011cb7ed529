#include "cli/interrupts.hpp"

#include <csignal>

namespace cloudsim::cli {

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free int");

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

extern "C" void record_signal(int signal) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signal);  // the first one decides the exit code
  g_stop_requested.store(true);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal.store(0);
  g_stop_requested.store(false);
  struct sigaction action = {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // file writes in progress continue instead of failing with EINTR
  for (int k = 0; k < 3; ++k) {
    sigaction(kSignals[k], &action, &g_previous[k]);
  }
}

InterruptGuard::~InterruptGuard() {
  for (int k = 0; k < 3; ++k) {
    sigaction(kSignals[k], &g_previous[k], nullptr);
  }
}

void ignore_broken_pipes() {
  std::signal(SIGPIPE, SIG_IGN);
}

int received_signal() {
  return g_signal.load();
}

const char* received_signal_name() {
  return signal_name(g_signal.load());
}

int interrupted_exit_code() {
  return exit_code_for_signal(g_signal.load());
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

int exit_code_for_signal(int signal) {
  return signal == 0 ? 130 : 128 + signal;
}

}  // namespace cloudsim::cli
