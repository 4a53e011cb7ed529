#pragma once
// "Nothing is lost or half-written": a result is written under a temporary name in the same
// directory and renamed to the final name only once it is complete. A failed or interrupted run
// leaves the final name as it was; two runs aimed at one name never silently replace each other
// (the rename refuses to replace what appeared meanwhile); `--force` replaces only an existing
// HDF5 file that is none of the run's inputs; and a temporary left by a killed run is removed by
// the next run aimed at the same name.

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cloudsim::output {

// The output name cannot be used: it exists and may not be replaced, it is not a regular file,
// its folder is missing (a usage error, exit code 2).
class OutputExistsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplacePolicy {
  bool replace_existing = false;  // --force
  // Files the run reads (scenarios, the result it resumes): never replaced, even with --force.
  std::vector<std::filesystem::path> inputs;
};

class StagedFile {
 public:
  // Throws OutputExistsError when `final_path` is empty, its folder does not exist, it names a
  // directory or anything but a regular file, or it exists and the policy does not allow
  // replacing it. Removes temporaries of this name whose run is gone (killed).
  StagedFile(std::filesystem::path final_path, ReplacePolicy policy);
  StagedFile(std::filesystem::path final_path, bool replace_existing)
      : StagedFile(std::move(final_path), ReplacePolicy{replace_existing, {}}) {}
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();  // removes the temporary file unless committed

  [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }
  [[nodiscard]] const std::filesystem::path& final_path() const { return final_; }
  // Temporaries of killed runs that the constructor removed.
  [[nodiscard]] const std::vector<std::filesystem::path>& removed_leftovers() const {
    return removed_;
  }

  // Renames the temporary file to the final name, atomically. Without permission to replace, a
  // file that appeared under the final name meanwhile is left alone: the result is then kept
  // under a free name beside it and OutputExistsError says where.
  void commit();
  // Renames the temporary file to the first of `name(1)`, `name(2)`, … that does not exist (a
  // partial result kept after an interruption), never replacing anything; returns the name.
  std::filesystem::path commit_as_new(const std::function<std::filesystem::path(int)>& name);
  // Renames the temporary file over `path` (a partial result superseding the partial it resumed).
  void commit_replacing(const std::filesystem::path& path);

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  ReplacePolicy policy_;
  std::vector<std::filesystem::path> removed_;
  bool committed_ = false;
};

// Checks that `path` may be (re)placed by a result under `policy`; throws OutputExistsError.
void check_output_name(const std::filesystem::path& path, const ReplacePolicy& policy);

}  // namespace cloudsim::output
