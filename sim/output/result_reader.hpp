#pragma once
// Reads a result file back: what was run and how it ended (for `sim info` and `--resume`), and
// the recorded blocks of paths in the engine's block layout, so a resumed run can hand the paths
// it already has to a new file exactly as if it had just computed them.
//
// A file sim did not just write is untrusted input: it is probed for structures that would crash
// HDF5 (result_probe.hpp), every dataset's type and shape is checked against its coordinates
// (result_schema.hpp) and the run fingerprint against the metadata before anything is used.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/path_block.hpp"
#include "output/h5.hpp"
#include "output/result_errors.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::output {

class ResultReader {
 public:
  // own_file: a file this process wrote a moment ago (an MPI run's temporary), not probed.
  enum class Trust { untrusted, own_file };

  // Throws NotAResultError when the file is not a usable cloudsim result (missing, not HDF5,
  // another format, damaged, changed after writing), ResultReadError when the system fails to
  // read it.
  // A true `*stop` (a signal) ends the check early with ReadInterrupted.
  explicit ResultReader(const std::string& path, Trust trust = Trust::untrusted,
                        const std::atomic<bool>* stop = nullptr);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const ResultMetadata& metadata() const { return metadata_; }
  [[nodiscard]] const RunStatus& status() const { return status_; }
  [[nodiscard]] const std::vector<std::int32_t>& format_version() const { return version_; }
  // [scenario][chunk] sums of path hashes (path_checksums.hpp); empty in files before format 2.1.
  [[nodiscard]] const std::vector<std::uint64_t>& checksums() const { return checksums_; }

  // Paths first … first + count − 1 of one scenario, as recorded (the record level's periods),
  // with the inputs and events of `layout` (the scenario as the engine runs it) in its order.
  // With `demand_and_revenue_only`, the other members are left as they are (sized, unread):
  // what the summaries need, at a third of the reading.
  void read_block(std::size_t scenario, std::uint64_t first, std::size_t count,
                  const ScenarioRecord& layout, engine::PathBlock& block,
                  bool demand_and_revenue_only = false) const;

 private:
  void read_metadata();
  void read_block_unchecked(std::size_t scenario, std::uint64_t first, std::size_t count,
                            const ScenarioRecord& layout, engine::PathBlock& block,
                            bool demand_and_revenue_only) const;

  std::string path_;
  h5::Handle file_;
  ResultMetadata metadata_;
  RunStatus status_;
  std::vector<std::int32_t> version_;
  std::vector<std::string> all_parameters_;  // the file's parameter and event coordinates
  std::vector<std::string> all_events_;
  std::vector<std::uint64_t> checksums_;
};

}  // namespace cloudsim::output
