#include "output/result_info.hpp"

#include <filesystem>

namespace cloudsim::output {

ResultInfo read_result_info(const std::string& path) {
  const ResultReader reader(path);
  ResultInfo info;
  info.path = path;
  info.format_version = reader.format_version();
  info.metadata = reader.metadata();
  info.status = reader.status();
  info.bytes = std::filesystem::file_size(path);
  info.fingerprints_verified = !reader.checksums().empty();
  return info;
}

}  // namespace cloudsim::output
