#include "output/cf_datasets.hpp"

#include <cstdio>

namespace cloudsim::output {

h5::Handle write_time_coordinate(hid_t file, const std::string& name, const std::string& dimension,
                                 const TimeCoordinate& time, const std::vector<std::size_t>& rows,
                                 hid_t nv, const std::string& description) {
  std::vector<double> middle, bounds;
  for (const std::size_t row : rows) {
    middle.push_back(time.middle[row]);
    bounds.push_back(time.bounds[2 * row]);
    bounds.push_back(time.bounds[2 * row + 1]);
  }
  h5::DatasetLayout layout;
  layout.dims = {rows.size()};
  h5::Handle dataset = h5::create_dataset(file, name, H5T_IEEE_F64LE, layout);
  if (!rows.empty()) {
    h5::write_rows(dataset.id(), H5T_NATIVE_DOUBLE, 0, rows.size(), middle.data());
  }
  if (name == dimension) {
    h5::set_dimension_scale(dataset.id(), name);
  }
  h5::write_attribute(dataset.id(), "units", time.units);
  h5::write_attribute(dataset.id(), "calendar", std::string(kCalendar));
  h5::write_attribute(dataset.id(), "standard_name", std::string("time"));
  h5::write_attribute(dataset.id(), "long_name", description);
  h5::write_attribute(dataset.id(), "axis", std::string("T"));
  h5::write_attribute(dataset.id(), "bounds", name + "_bnds");
  layout.dims = {rows.size(), 2};
  const h5::Handle bounds_data = h5::create_dataset(file, name + "_bnds", H5T_IEEE_F64LE, layout);
  if (!rows.empty()) {
    h5::write_rows(bounds_data.id(), H5T_NATIVE_DOUBLE, 0, rows.size(), bounds.data());
  }
  h5::write_attribute(bounds_data.id(), "long_name",
                      std::string("first day of each period and the first day after it"));
  h5::write_attribute(bounds_data.id(), "units", time.units);
  h5::write_attribute(bounds_data.id(), "calendar", std::string(kCalendar));
  if (name != dimension) {
    h5::attach_dimension_scale(dataset.id(), h5::open_dataset(file, dimension).id(), 0);
  }
  h5::attach_dimension_scale(bounds_data.id(), h5::open_dataset(file, dimension).id(), 0);
  h5::attach_dimension_scale(bounds_data.id(), nv, 1);
  return dataset;
}

h5::Handle write_bare_dimension(hid_t file, const std::string& name, hsize_t length) {
  h5::DatasetLayout layout;
  layout.dims = {length};
  h5::Handle dataset = h5::create_dataset(file, name, H5T_IEEE_F32LE, layout);
  char text[80];
  std::snprintf(text, sizeof text, "This is a netCDF dimension but not a netCDF variable.%10llu",
                static_cast<unsigned long long>(length));
  h5::set_dimension_scale(dataset.id(), text);
  return dataset;
}

}  // namespace cloudsim::output
