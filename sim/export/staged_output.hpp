#pragma once
// Where an export is written: a temporary beside the target (".NAME.exporting-PID"), renamed onto
// it only once complete, so that a failed or interrupted export never leaves a half file under the
// target's name and never spoils the one already there. As `sim run -o`: an existing target is
// replaced only with --force, and only if it is what an export makes (a regular file for xlsx, a
// folder of .csv files for csv).

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
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool folder_;
  bool committed_ = false;
};

}  // namespace cloudsim::exporting
