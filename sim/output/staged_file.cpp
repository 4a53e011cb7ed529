#include "output/staged_file.hpp"

#include <unistd.h>

#include <string>
#include <system_error>

namespace cloudsim::output {

StagedFile::StagedFile(std::filesystem::path final_path, bool replace_existing)
    : final_(std::move(final_path)) {
  if (std::filesystem::is_directory(final_)) {
    throw OutputExistsError("output " + final_.string() + " is a directory; name a file, e.g. " +
                            (final_ / "result.h5").string());
  }
  if (std::filesystem::exists(final_) && !replace_existing) {
    throw OutputExistsError("output " + final_.string() +
                            " already exists; choose another name or pass --force to replace it "
                            "(it is replaced only if the new run succeeds)");
  }
  const auto parent = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(parent);
  // The process id keeps two concurrent runs aimed at the same name from sharing a temporary.
  temporary_ =
      parent / ("." + final_.filename().string() + ".incomplete-" + std::to_string(::getpid()));
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

StagedFile::~StagedFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void StagedFile::commit() {
  commit_as(final_);
}

void StagedFile::commit_as(const std::filesystem::path& path) {
  std::filesystem::rename(temporary_, path);
  committed_ = true;
}

}  // namespace cloudsim::output
