#pragma once
// What `sim info` says about a result file.

#include <cstdint>
#include <string>
#include <vector>

#include "output/result_metadata.hpp"
#include "output/result_reader.hpp"

namespace cloudsim::output {

struct ResultInfo {
  std::string path;
  std::vector<std::int32_t> format_version;
  ResultMetadata metadata;
  RunStatus status;
  std::uintmax_t bytes = 0;
  // The run and status fingerprints matched (files of format 2.1 on); the structure is checked in
  // every file, or it would not have been read.
  bool fingerprints_verified = false;
};

// Throws NotAResultError (not a readable result), h5::H5Error when HDF5 fails to read it.
ResultInfo read_result_info(const std::string& path);

}  // namespace cloudsim::output
