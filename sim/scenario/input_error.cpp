#include "scenario/input_error.hpp"

#include "scenario/printable.hpp"

namespace cloudsim::scenario {
namespace {

std::string join(const std::vector<InputIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty()) {
      text += '\n';
    }
    text += issue.to_string();
  }
  return text;
}

}  // namespace

std::string InputIssue::to_string() const {
  // Names and text from the input may hold control characters; a message line must stay one line.
  std::string text = printable(file);
  if (line > 0) {
    text += ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  text += ": error: ";
  if (!key_path.empty()) {
    text += printable(key_path) + ": ";
  }
  return text + printable(message);
}

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(join(issues)), issues_(std::move(issues)) {}

}  // namespace cloudsim::scenario
