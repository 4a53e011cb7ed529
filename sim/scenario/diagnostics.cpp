#include "scenario/diagnostics.hpp"

#include <algorithm>

namespace cloudsim::scenario {

void Diagnostics::error(const toml::source_region& where, std::string key_path,
                        std::string message) {
  // After `extends` and `--set`, a node remembers which file it came from.
  const std::string& file = where.path ? *where.path : file_;
  issues_.push_back(InputIssue{file, where.begin.line, where.begin.column, std::move(key_path),
                               std::move(message)});
}

void Diagnostics::error_without_position(std::string key_path, std::string message) {
  issues_.push_back(InputIssue{file_, 0, 0, std::move(key_path), std::move(message)});
}

void Diagnostics::throw_if_any() const {
  if (issues_.empty()) {
    return;
  }
  auto sorted = issues_;
  // Report in file order, whatever order the checks ran in; problems without a position first.
  std::stable_sort(sorted.begin(), sorted.end(), [](const InputIssue& a, const InputIssue& b) {
    if (a.file != b.file)
      return a.line == 0 && b.line != 0;
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  throw InputError(std::move(sorted));
}

}  // namespace cloudsim::scenario
