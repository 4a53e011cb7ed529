#pragma once
// How `sim` reports a failure: the message on stderr and the exit code (2 for usage and input
// problems, 1 for internal and I/O errors), in one place for main and for MPI runs, where only
// one rank prints and every rank exits with that rank's code.

#include <exception>
#include <string>

namespace cloudsim::cli {

struct Failure {
  int exit_code = 1;
  std::string message;  // what stderr gets, without the final newline
  // HDF5 failed to write a file: HDF5's exit handlers may crash on it, so exit without them.
  bool skip_exit_handlers = false;
};

Failure describe_failure(std::exception_ptr error);

// Ends a rank quietly with an exit code: another rank has reported the problem.
class QuietExit : public std::exception {
 public:
  explicit QuietExit(int code) : code_(code) {}
  [[nodiscard]] int code() const { return code_; }
  [[nodiscard]] const char* what() const noexcept override { return "reported by another rank"; }

 private:
  int code_;
};

}  // namespace cloudsim::cli
