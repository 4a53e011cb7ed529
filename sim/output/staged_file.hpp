#pragma once
// "Nothing is lost or half-written": a result is written under a temporary name in the same
// directory and renamed over the final name only once it is complete. A failed or interrupted run
// leaves the final name as it was.

#include <filesystem>
#include <stdexcept>

namespace cloudsim::output {

// The final name exists and the caller did not allow replacing it (a usage error, exit code 2).
class OutputExistsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StagedFile {
 public:
  // Throws OutputExistsError if `final_path` exists and `replace_existing` is false; creates the
  // parent directory if needed.
  StagedFile(std::filesystem::path final_path, bool replace_existing);
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();  // removes the temporary file unless committed

  [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }
  [[nodiscard]] const std::filesystem::path& final_path() const { return final_; }

  // Atomically renames the temporary file to the final name (same directory, so same file system).
  void commit();
  // Renames the temporary file to `path` instead (a partial result kept after an interruption).
  void commit_as(const std::filesystem::path& path);

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

}  // namespace cloudsim::output
