#pragma once
#include <stdexcept>

namespace cloudsim::model {

// Parameters that the model cannot run with (the scenario loader should have caught them first,
// with a file and line; this is the last line of defence for callers that build parameters in
// code).
class ModelError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace cloudsim::model
