#pragma once
// Reads a result file back: what was run and how it ended (for `sim info` and `--resume`), and
// the recorded blocks of paths in the engine's block layout, so a resumed run can hand the paths
// it already has to a new file exactly as if it had just computed them.

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/path_block.hpp"
#include "output/h5.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::output {

// The file is missing, not HDF5, not a cloudsim result, or of a major version this program does
// not read (a usage error, exit code 2).
class NotAResultError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ResultReader {
 public:
  // Throws NotAResultError as above, h5::H5Error when HDF5 fails to read a result file.
  explicit ResultReader(const std::string& path);

  [[nodiscard]] const ResultMetadata& metadata() const { return metadata_; }
  [[nodiscard]] const RunStatus& status() const { return status_; }
  [[nodiscard]] const std::vector<std::int32_t>& format_version() const { return version_; }

  // Paths first … first + count − 1 of one scenario, as recorded (the record level's periods),
  // with the inputs and events of `layout` (the scenario as the engine runs it) in its order.
  // With `demand_and_revenue_only`, the other members are left as they are (sized, unread):
  // what the summaries need, at a third of the reading.
  void read_block(std::size_t scenario, std::uint64_t first, std::size_t count,
                  const ScenarioRecord& layout, engine::PathBlock& block,
                  bool demand_and_revenue_only = false) const;

 private:
  h5::Handle file_;
  ResultMetadata metadata_;
  RunStatus status_;
  std::vector<std::int32_t> version_;
  std::vector<std::string> all_parameters_;  // the file's parameter and event coordinates
  std::vector<std::string> all_events_;
};

}  // namespace cloudsim::output
