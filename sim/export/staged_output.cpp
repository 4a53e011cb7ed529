#include "export/staged_output.hpp"

#include <unistd.h>

#include "output/staged_file.hpp"

namespace cloudsim::exporting {
namespace fs = std::filesystem;
namespace {

bool only_csv_files(const fs::path& folder) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv")
      return false;
  }
  return !error;
}

void check_target(const fs::path& target, bool folder, bool force, const fs::path& input) {
  using output::OutputExistsError;
  if (target.empty() || !target.has_filename() || target.filename() == "." ||
      target.filename() == "..") {
    throw OutputExistsError("the output name '" + target.string() + "' names no " +
                            (folder ? "folder" : "file") + "; give one with -o");
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(parent, error)) {
    throw OutputExistsError("the folder " + parent.string() + " of output " + target.string() +
                            " does not exist; create it first (sim does not create folders)");
  }
  const auto status = fs::symlink_status(target, error);
  if (!fs::exists(status)) {
    return;
  }
  if (fs::equivalent(target, input, error)) {
    throw OutputExistsError("output " + target.string() +
                            " is the result file being exported; --force does not replace it");
  }
  if (!force) {
    throw OutputExistsError("output " + target.string() +
                            " already exists; choose another name with -o or pass --force to "
                            "replace it (it is replaced only if the export succeeds)");
  }
  if (folder && !(fs::is_directory(status) && only_csv_files(target))) {
    throw OutputExistsError("output " + target.string() +
                            " exists and is not a folder of .csv files; --force replaces only an "
                            "earlier export, so move or delete it yourself if it is meant to go");
  }
  if (!folder && !fs::is_regular_file(status)) {
    throw OutputExistsError("output " + target.string() +
                            " exists and is not a regular file; --force replaces only files");
  }
}

}  // namespace

StagedOutput::StagedOutput(fs::path target, bool folder, bool force, const fs::path& input)
    : target_(std::move(target)), folder_(folder) {
  check_target(target_, folder, force, input);
  temporary_ = target_.parent_path() /
               ("." + target_.filename().string() + ".exporting-" + std::to_string(::getpid()));
  std::error_code ignored;
  fs::remove_all(temporary_, ignored);  // a leftover of a killed export of this same process id
  if (folder_)
    fs::create_directory(temporary_);
}

StagedOutput::~StagedOutput() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(temporary_, ignored);
  }
}

void StagedOutput::commit() {
  if (folder_ && fs::exists(fs::symlink_status(target_))) {
    // A folder cannot be renamed onto a non-empty one: the old export is moved aside first, and
    // removed once the new one is in place.
    const fs::path old = target_.parent_path() / ("." + target_.filename().string() + ".replaced-" +
                                                  std::to_string(::getpid()));
    fs::rename(target_, old);
    fs::rename(temporary_, target_);
    std::error_code ignored;
    fs::remove_all(old, ignored);
  } else {
    fs::rename(temporary_, target_);
  }
  committed_ = true;
}

}  // namespace cloudsim::exporting
