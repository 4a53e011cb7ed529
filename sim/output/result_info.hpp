#pragma once
// What `sim info` says about a result file, read with the HDF5 layer alone.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cloudsim::output {

struct ResultInfo {
  std::string path;
  std::string filetype;
  std::vector<std::int32_t> format_version;
  std::string program_version;
  std::string scenario_file;
  std::string currency_unit;
  std::uint64_t seed = 0;
  std::uint64_t paths_requested = 0;
  std::uint64_t paths_completed = 0;
  std::string record_level = "full";
  std::string time_dimension = "quarter";
  std::vector<std::string> quarters;
  std::vector<std::string> segments;
  std::vector<std::string> providers;
  std::vector<std::string> parameters;
  std::vector<std::string> events;
  std::uintmax_t bytes = 0;

  [[nodiscard]] bool complete() const { return paths_completed == paths_requested; }
};

// The file is missing, not HDF5, not a cloudsim result, or of a major version this program does
// not read (a usage error, exit code 2).
class NotAResultError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws NotAResultError as above, h5::H5Error when HDF5 fails to read a result file.
ResultInfo read_result_info(const std::string& path);

}  // namespace cloudsim::output
