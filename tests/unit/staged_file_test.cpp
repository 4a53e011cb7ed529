#include "output/staged_file.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace cloudsim::output {
namespace {

std::filesystem::path scratch_dir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("cloudsim-staged-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// An empty HDF5 file: what --force may replace.
void write_hdf5(const std::filesystem::path& path) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
}

std::size_t entries(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
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
  EXPECT_EQ(entries(dir), 1U);
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ExistingOutputIsNotReplacedWithoutPermission) {
  const auto dir = scratch_dir();
  const auto final_path = dir / "result.h5";
  std::ofstream(final_path) << "old";
  EXPECT_THROW(StagedFile(final_path, false), OutputExistsError);
  EXPECT_EQ(read(final_path), "old");
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ADirectoryIsNotAnOutputName) {
  const auto dir = scratch_dir();
  EXPECT_THROW(StagedFile(dir, true), OutputExistsError);
  EXPECT_THROW(StagedFile("", true), OutputExistsError);
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, AMissingFolderIsAnErrorNotCreated) {
  const auto dir = scratch_dir();
  EXPECT_THROW(StagedFile(dir / "missing" / "result.h5", false), OutputExistsError);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ForceReplacesOnlyHdf5FilesThatAreNotInputs) {
  const auto dir = scratch_dir();
  const auto text = dir / "scenario.toml";
  std::ofstream(text) << "[simulation]\n";
  EXPECT_THROW(StagedFile(text, true), OutputExistsError);  // not a result
  const auto fifo = dir / "pipe.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(StagedFile(fifo, true), OutputExistsError);  // not a regular file
  const auto result = dir / "result.h5";
  write_hdf5(result);
  std::filesystem::create_symlink(result, dir / "link.h5");
  EXPECT_THROW(StagedFile(dir / "link.h5", true), OutputExistsError);                  // a link
  EXPECT_THROW(StagedFile(result, ReplacePolicy{true, {result}}), OutputExistsError);  // an input
  EXPECT_NO_THROW(StagedFile(result, true));
  EXPECT_EQ(read(text), "[simulation]\n");
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, AbandonedRunLeavesTheOldFileAndNoTemporary) {
  const auto dir = scratch_dir();
  const auto final_path = dir / "result.h5";
  write_hdf5(final_path);
  const auto old = read(final_path);
  {
    StagedFile staged(final_path, true);
    std::ofstream(staged.temporary_path()) << "half-written";
    // no commit: as if the run failed
  }
  EXPECT_EQ(read(final_path), old);
  EXPECT_EQ(entries(dir), 1U);
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, ANameTakenDuringTheRunIsNotReplacedAndTheResultIsKept) {
  const auto dir = scratch_dir();
  const auto final_path = dir / "result.h5";
  StagedFile staged(final_path, false);
  std::ofstream(staged.temporary_path()) << "mine";
  std::ofstream(final_path) << "theirs";  // another run finished first
  EXPECT_THROW(staged.commit(), OutputExistsError);
  EXPECT_EQ(read(final_path), "theirs");
  EXPECT_EQ(read(dir / "result.conflict-1.h5"), "mine");
  std::filesystem::remove_all(dir);
}

TEST(StagedFile, TemporariesOfKilledRunsAreRemovedOthersKept) {
  const auto dir = scratch_dir();
  const auto final_path = dir / "result.h5";
  std::string host;
  {
    const StagedFile probe(final_path, false);
    const auto name = probe.temporary_path().filename().string();
    const auto prefix = std::string(".result.h5.incomplete-");
    host = name.substr(prefix.size(), name.rfind('-') - prefix.size());
  }
  // A process id above the kernel's limit never runs; our own parent is alive.
  const auto dead = dir / (".result.h5.incomplete-" + host + "-999999999");
  const auto alive = dir / (".result.h5.incomplete-" + host + "-" + std::to_string(::getppid()));
  const auto elsewhere = dir / ".result.h5.incomplete-otherhost-999999999";
  for (const auto& path : {dead, alive, elsewhere})
    std::ofstream(path) << "x";
  const StagedFile staged(final_path, false);
  ASSERT_EQ(staged.removed_leftovers().size(), 1U);
  EXPECT_EQ(staged.removed_leftovers().front(), dead);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(alive));
  EXPECT_TRUE(std::filesystem::exists(elsewhere));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cloudsim::output
