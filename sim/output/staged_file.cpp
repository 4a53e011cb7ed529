#include "output/staged_file.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <string>
#include <system_error>

namespace cloudsim::output {
namespace {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
    return "localhost";
  }
  std::string host(name);
  host.resize(std::min<std::size_t>(host.size(), 64));
  for (char& c : host) {
    if (c == '-' || c == '/')
      c = '_';  // the name is split at its last '-'
  }
  return host;
}

// ".result.h5.incomplete-" + host + "-" + pid: the host and process that write it. A final name
// near the file system's 255-byte limit is cut so that the temporary's name fits too.
std::string temporary_prefix(const std::filesystem::path& final_path) {
  constexpr std::size_t kRoomForHostAndPid = 64 + 1 + 10;
  std::string name = final_path.filename().string();
  const std::size_t limit = 255 - 1 - std::string(".incomplete-").size() - kRoomForHostAndPid;
  if (name.size() > limit) {
    name.resize(limit);
  }
  return "." + name + ".incomplete-";
}

// A temporary whose writer is gone: written on this host by a process id that no longer exists.
// (A reused process id keeps the leftover until that process ends; a temporary from another host
// sharing the folder is never touched.)
bool is_leftover(const std::string& suffix, const std::string& host) {
  const auto dash = suffix.rfind('-');
  if (dash == std::string::npos || suffix.substr(0, dash) != host) {
    return false;
  }
  const std::string digits = suffix.substr(dash + 1);
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const auto pid = static_cast<pid_t>(std::stol(digits));
  return pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
}

// rename() that refuses to replace: renameat2(RENAME_NOREPLACE) where the file system has it,
// link() + unlink() (atomic creation of the new name) where it does not.
bool rename_without_replacing(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno == EEXIST) {
    return false;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    throw std::filesystem::filesystem_error("cannot rename the result into place", from, to,
                                            std::error_code(errno, std::generic_category()));
  }
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST)
      return false;
    throw std::filesystem::filesystem_error("cannot rename the result into place", from, to,
                                            std::error_code(errno, std::generic_category()));
  }
  ::unlink(from.c_str());
  return true;
}

}  // namespace

void check_output_name(const std::filesystem::path& path, const ReplacePolicy& policy) {
  if (path.empty()) {
    throw OutputExistsError("the output name is empty; name a file, e.g. -o outputs/result.h5");
  }
  const std::string file_name = path.filename().string();
  if (file_name.size() > 255) {
    throw OutputExistsError("output file name " + file_name.substr(0, 40) + "… is " +
                            std::to_string(file_name.size()) +
                            " bytes long; file systems allow at most 255");
  }
  if (file_name.starts_with(".") && file_name.find(".incomplete-") != std::string::npos) {
    throw OutputExistsError("output " + path.string() +
                            " is named like the temporary file of a run in progress; choose "
                            "another name");
  }
  if (!path.has_filename() || path.filename() == "." || path.filename() == "..") {
    throw OutputExistsError("output " + path.string() + " names a folder; name a file, e.g. " +
                            (path / "result.h5").string());
  }
  const auto parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(parent, error)) {
    throw OutputExistsError(
        "the folder " + parent.string() + " of output " + path.string() +
        (std::filesystem::exists(parent, error)
             ? " is not a folder"
             : " does not exist; create it first (sim does not create folders)"));
  }
  const auto status = std::filesystem::symlink_status(path, error);
  if (!std::filesystem::exists(status)) {
    return;
  }
  if (std::filesystem::is_directory(status)) {
    throw OutputExistsError("output " + path.string() + " is a directory; name a file, e.g. " +
                            (path / "result.h5").string());
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw OutputExistsError("output " + path.string() +
                            " exists and is not a regular file (a link, device, pipe or socket); "
                            "sim replaces only regular result files, even with --force");
  }
  if (!policy.replace_existing) {
    throw OutputExistsError("output " + path.string() +
                            " already exists; choose another name or pass --force to replace it "
                            "(it is replaced only if the new run succeeds)");
  }
  for (const auto& input : policy.inputs) {
    if (std::filesystem::equivalent(path, input, error)) {
      throw OutputExistsError("output " + path.string() + " is one of this run's inputs (" +
                              input.string() + "); --force does not replace inputs");
    }
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw OutputExistsError("output " + path.string() +
                            " exists and is not an HDF5 file; --force replaces only result "
                            "files, so move or delete it yourself if it is meant to go");
  }
}

StagedFile::StagedFile(std::filesystem::path final_path, ReplacePolicy policy)
    : final_(std::move(final_path)), policy_(std::move(policy)) {
  check_output_name(final_, policy_);
  const auto parent = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  const std::string host = host_name();
  const std::string prefix = temporary_prefix(final_);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && entry.is_regular_file(error) && !entry.is_symlink(error) &&
        is_leftover(name.substr(prefix.size()), host) &&
        std::filesystem::remove(entry.path(), error)) {
      removed_.push_back(entry.path());
    }
  }
  temporary_ = parent / (prefix + host + "-" + std::to_string(::getpid()));
  std::filesystem::remove(temporary_, error);
}

StagedFile::~StagedFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void StagedFile::commit() {
  std::error_code error;
  const auto status = std::filesystem::symlink_status(final_, error);
  const bool replaceable = policy_.replace_existing && std::filesystem::is_regular_file(status);
  std::string why = "appeared while this run was working (another run?)";
  if (replaceable) {
    try {
      check_output_name(final_, policy_);  // still a result file and none of the inputs
      std::filesystem::rename(temporary_, final_);
      committed_ = true;
      return;
    } catch (const OutputExistsError& e) {
      why = std::string("changed while this run was working (") + e.what() + ")";
    }
  } else if (rename_without_replacing(temporary_, final_)) {
    committed_ = true;
    return;
  }
  // Something took the name while this run worked (another run, usually): keep both.
  const auto stem = final_.stem().string();
  const auto kept = commit_as_new([&](int k) {
    return final_.parent_path() / (stem + ".conflict-" + std::to_string(k) + ".h5");
  });
  throw OutputExistsError("output " + final_.string() + " " + why +
                          " and was left as it is; this run's complete result is in " +
                          kept.string());
}

void StagedFile::commit_replacing(const std::filesystem::path& path) {
  std::filesystem::rename(temporary_, path);
  committed_ = true;
}

std::filesystem::path StagedFile::commit_as_new(
    const std::function<std::filesystem::path(int)>& name) {
  for (int k = 1; k <= 10000; ++k) {
    const auto candidate = name(k);
    if (rename_without_replacing(temporary_, candidate)) {
      committed_ = true;
      return candidate;
    }
  }
  throw OutputExistsError("no free name for the result beside " + final_.string());
}

}  // namespace cloudsim::output
