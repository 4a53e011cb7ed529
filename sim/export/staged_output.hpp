#pragma once
// Where an export is written: a temporary beside the target (".NAME.exporting-PID"), renamed onto
// it only once complete, so that a failed or interrupted export never leaves a half file under the
// target's name and never spoils the one already there. As `sim run -o`: an existing target is
// replaced only with --force, and only if it is what an export makes (a regular file for xlsx, a
// folder of .csv files for csv). The checks are made again when the export is committed: a file or
// folder that appeared at the target meanwhile (another export, the user) is never replaced
// without --force, and the final rename refuses to land on anything that appears after that.

#include <filesystem>
#include <string>

namespace cloudsim::exporting {

class StagedOutput {
 public:
  // Throws output::OutputExistsError when the target may not be written.
  StagedOutput(std::filesystem::path target, bool folder, bool force,
               const std::filesystem::path& input);
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;
  ~StagedOutput();  // removes the temporary unless committed

  [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  // Throws output::OutputExistsError when the target may no longer be written (the temporary
  // is then removed by the destructor, the target left as it is).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::filesystem::path input_;
  bool folder_;
  bool force_;
  bool committed_ = false;
};

}  // namespace cloudsim::exporting
