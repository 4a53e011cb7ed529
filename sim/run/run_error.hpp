#pragma once
// A run that cannot be done as asked (conflicting choices, a file that cannot be resumed this way,
// too little disk): the caller's mistake, not the program's (sim exits 2 on it).

#include <stdexcept>

namespace cloudsim::run {

class RequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cloudsim::run
