#pragma once
// What a cloudsim result file must look like before a single value of it is used: every dataset
// with the type and shape its coordinates give it, every string table as long as the dimension it
// labels, every attribute of the right type and in range. A result file is input like any other:
// hand-edited, truncated or from another program, it is refused with the file and the dataset
// named, instead of being read past its ends.

#include <hdf5.h>

#include <cstdint>
#include <string>

#include "output/record_level.hpp"

namespace cloudsim::output {

// The sizes the file's coordinates give, once they have been checked.
struct ResultDimensions {
  hsize_t scenarios = 0, paths = 0, times = 0, segments = 0, providers = 0;
  hsize_t parameters = 0, events = 0, sweep_keys = 0, precision_targets = 0;
  hsize_t groups = 0;  // customer groups: 0 where the file has no `group` coordinate (format 2.2)
  RecordLevel record_level = RecordLevel::full;
  std::string time_label;      // "quarter" or "year", as the record level has it
  bool has_checksums = false;  // format 2.1 and later
  bool regimes = false;        // regime and segment_regime (format 2.3, runs with growth regimes)
};

// Throws NotAResultError (result_reader.hpp) naming `path` and what is wrong.
ResultDimensions check_result_schema(hid_t file, const std::string& path);

}  // namespace cloudsim::output
