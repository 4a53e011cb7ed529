#include "export/staged_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

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

// Renames `from` onto `to` only if `to` does not exist, atomically where the file system can
// (Linux renameat2 RENAME_NOREPLACE); false when `to` exists.
bool rename_unless_exists(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
    return true;
  if (errno == EEXIST)
    return false;
  if (errno != EINVAL && errno != ENOSYS)
    throw fs::filesystem_error("cannot rename", from, to,
                               std::error_code(errno, std::generic_category()));
  // A file system without RENAME_NOREPLACE: checked, then renamed (a small window remains).
  if (fs::exists(fs::symlink_status(to)))
    return false;
  fs::rename(from, to);
  return true;
}

[[noreturn]] void appeared(const fs::path& target) {
  throw output::OutputExistsError("output " + target.string() +
                                  " appeared while the export ran (another export?); it was left "
                                  "as it is and this export was not written");
}

}  // namespace

StagedOutput::StagedOutput(fs::path target, bool folder, bool force, const fs::path& input)
    : target_(std::move(target)), input_(input), folder_(folder), force_(force) {
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
  // Again: what is at the target now may not be what was there when the export started.
  check_target(target_, folder_, force_, input_);
  if (!fs::exists(fs::symlink_status(target_))) {
    if (!rename_unless_exists(temporary_, target_))
      appeared(target_);
  } else if (folder_) {
    // A folder cannot be renamed onto a non-empty one: the old export (checked above to be a
    // folder of .csv files) is moved aside first, and removed once the new one is in place.
    const fs::path old = target_.parent_path() / ("." + target_.filename().string() + ".replaced-" +
                                                  std::to_string(::getpid()));
    fs::rename(target_, old);
    if (!rename_unless_exists(temporary_, target_)) {
      throw output::OutputExistsError("output " + target_.string() +
                                      " appeared again while the earlier export was moved aside; "
                                      "that earlier export is kept as " +
                                      old.string());
    }
    std::error_code ignored;
    if (only_csv_files(old))
      fs::remove_all(old, ignored);
  } else {
    fs::rename(temporary_, target_);  // a regular file (checked above), replaced atomically
  }
  committed_ = true;
}

}  // namespace cloudsim::exporting
