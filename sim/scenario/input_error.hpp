#pragma once
// Errors in a planner's input: each names the file, line and column, the key path, what was
// expected and what was found. Distinct from internal errors (exit code 2 versus 1).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cloudsim::scenario {

struct InputIssue {
  std::string file;
  std::uint32_t line = 0;    // 1-based; 0 when the problem has no position (e.g. a missing file)
  std::uint32_t column = 0;  // 1-based
  std::string key_path;      // e.g. providers.Alibaba.segments.IaaS.churn_rate; may be empty
  std::string message;

  // "file:line:column: error: key.path: message"
  [[nodiscard]] std::string to_string() const;
};

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputIssue> issues);
  [[nodiscard]] const std::vector<InputIssue>& issues() const { return issues_; }

 private:
  std::vector<InputIssue> issues_;
};

}  // namespace cloudsim::scenario
