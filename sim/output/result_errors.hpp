#pragma once
// How reading a result file can fail, which decides the exit code: a file that is not a usable
// cloudsim result is bad input (2); a disk that fails to deliver its bytes is an I/O failure (1).

#include <stdexcept>

namespace cloudsim::output {

// The file is missing, not HDF5, not a cloudsim result, of a format this program does not read,
// damaged, or changed since it was written. The message names the file and what is wrong.
class NotAResultError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A signal asked the program to stop while the file was being checked.
class ReadInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The operating system failed to read the file (errno set by a read).
class ResultReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cloudsim::output
