#pragma once
// How `sim` reports a failure: the message on stderr and the exit code (2 for usage and input
// problems, 1 for internal and I/O errors), in one place for main and for MPI runs, where only
// one rank prints and every rank exits with that rank's code (run::FailedOnAnotherRank).

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

}  // namespace cloudsim::cli
