#pragma once
// The CF time coordinates of a result file as HDF5 datasets (docs/output-format.md, "CF
// conventions"): the values and attributes cf_attributes.hpp computes, written with dimension
// scales so that netCDF readers and xarray see `time`, its bounds and the bare `nv` dimension.

#include <string>
#include <vector>

#include "output/cf_attributes.hpp"
#include "output/h5.hpp"

namespace cloudsim::output {

// Writes `name` (rows `rows` of `time`) with its CF attributes and `<name>_bnds` over
// (`dimension`, nv). When `name` is `dimension`, it is that dimension's scale; otherwise an
// auxiliary coordinate over the existing scale `dimension` (summary_time over summary_period).
h5::Handle write_time_coordinate(hid_t file, const std::string& name, const std::string& dimension,
                                 const TimeCoordinate& time, const std::vector<std::size_t>& rows,
                                 hid_t nv, const std::string& description);

// netCDF's form of a dimension without a coordinate variable (`nv`, the two ends of a bound).
h5::Handle write_bare_dimension(hid_t file, const std::string& name, hsize_t length);

}  // namespace cloudsim::output
