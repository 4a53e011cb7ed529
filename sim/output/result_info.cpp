#include "output/result_info.hpp"

#include <filesystem>
#include <stdexcept>

#include "output/h5.hpp"
#include "output/result_writer.hpp"

namespace cloudsim::output {

ResultInfo read_result_info(const std::string& path) {
  h5::silence_default_error_printing();
  if (!std::filesystem::is_regular_file(path)) {
    throw NotAResultError(path + ": no such file");
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw NotAResultError(path + ": not an HDF5 file");
  }
  const h5::Handle file = h5::open_file_read_only(path);
  const hid_t f = file.id();
  ResultInfo info;
  info.path = path;
  info.bytes = std::filesystem::file_size(path);
  if (!h5::has_attribute(f, "filetype") ||
      (info.filetype = h5::read_string_attribute(f, "filetype")) != kFileType) {
    throw NotAResultError(path + ": an HDF5 file, but not a cloudsim result (no filetype \"" +
                          std::string(kFileType) + "\")");
  }
  info.format_version = h5::read_int32_attribute(f, "format_version");
  if (info.format_version.empty() || info.format_version[0] != kFormatMajor) {
    throw NotAResultError(
        path + ": format version " +
        (info.format_version.empty() ? std::string("?") : std::to_string(info.format_version[0])) +
        " is not the " + std::to_string(kFormatMajor) + ".x this program reads");
  }
  info.program_version = h5::read_string_attribute(f, "program_version");
  info.scenario_file = h5::read_string_attribute(f, "scenario_file");
  info.currency_unit = h5::read_string_attribute(f, "currency_unit");
  info.seed = h5::read_uint64_attribute(f, "seed");
  info.paths_requested = h5::read_uint64_attribute(f, "paths_requested");
  info.paths_completed =
      h5::has_attribute(f, "paths_completed") ? h5::read_uint64_attribute(f, "paths_completed") : 0;
  auto strings = [&](const char* name) {
    const h5::Handle dataset = h5::open_dataset(f, name);
    return h5::read_strings(dataset.id());
  };
  if (h5::has_attribute(f, "record_level")) {
    info.record_level = h5::read_string_attribute(f, "record_level");
  }
  info.time_dimension = info.record_level == "annual" ? "year" : "quarter";
  info.quarters = strings(info.time_dimension.c_str());
  info.segments = strings("segment");
  info.providers = strings("provider");
  info.parameters = strings("parameter");
  info.events = strings("event");
  return info;
}

}  // namespace cloudsim::output
