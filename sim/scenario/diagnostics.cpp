#include "scenario/diagnostics.hpp"

#include <algorithm>
#include <tuple>

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
  // Report in reading order: problems without a position first, then file by file (in the order
  // the files first appear), each in line and column order, whatever order the checks ran in.
  std::vector<std::string> files;
  for (const auto& issue : issues_) {
    if (std::find(files.begin(), files.end(), issue.file) == files.end())
      files.push_back(issue.file);
  }
  auto key = [&](const InputIssue& issue) {
    const auto file =
        static_cast<std::size_t>(std::find(files.begin(), files.end(), issue.file) - files.begin());
    return std::tuple(issue.line != 0, file, issue.line, issue.column);
  };
  auto sorted = issues_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const InputIssue& a, const InputIssue& b) { return key(a) < key(b); });
  throw InputError(std::move(sorted));
}

}  // namespace cloudsim::scenario
