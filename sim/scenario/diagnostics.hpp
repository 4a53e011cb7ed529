#pragma once
// Collects every input problem of one load, so `sim validate` can report them all in one pass.

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "scenario/input_error.hpp"

namespace cloudsim::scenario {

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(const toml::source_region& where, std::string key_path, std::string message);
  void error_without_position(std::string key_path, std::string message);

  [[nodiscard]] bool empty() const { return issues_.empty(); }
  [[nodiscard]] std::size_t count() const { return issues_.size(); }
  [[nodiscard]] const std::string& file() const { return file_; }
  // Throws InputError with everything collected, if anything was.
  void throw_if_any() const;

 private:
  std::string file_;
  std::vector<InputIssue> issues_;
};

}  // namespace cloudsim::scenario
