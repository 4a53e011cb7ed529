#include "output/staged_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace cloudsim::output {
namespace {

std::filesystem::path scratch_dir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("cloudsim-staged-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(StagedFile, CommitMovesTheTemporaryToTheFinalName) {
  const auto dir = scratch_dir();
  const auto final_path = dir / "result.h5";
  {
    StagedFile staged(final_path, false);
    EXPECT_EQ(staged.temporary_path().parent_path(), dir);
    std::ofstream(staged.temporary_path()) << "new";
    staged.commit();
  }
  EXPECT_EQ(read(final_path), "new");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ExistingOutputIsNotReplacedWithoutPermission) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  const auto final_path = dir / "result.h5";
  std::ofstream(final_path) << "old";
  EXPECT_THROW(StagedFile(final_path, false), OutputExistsError);
  EXPECT_EQ(read(final_path), "old");
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ADirectoryIsNotAnOutputName) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  EXPECT_THROW(StagedFile(dir, true), OutputExistsError);
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, AbandonedRunLeavesTheOldFileAndNoTemporary) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  const auto final_path = dir / "result.h5";
  std::ofstream(final_path) << "old";
  {
    StagedFile staged(final_path, true);
    std::ofstream(staged.temporary_path()) << "half-written";
    // no commit: as if the run failed
  }
  EXPECT_EQ(read(final_path), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cloudsim::output
