#include "output/h5.hpp"

#ifdef CLOUDSIM_WITH_MPI
#include <mpi.h>
#endif

#include <hdf5_hl.h>

#include <algorithm>

namespace cloudsim::output::h5 {
namespace {

herr_t append_error(unsigned depth, const H5E_error2_t* error, void* text_pointer) {
  auto* text = static_cast<std::string*>(text_pointer);
  *text += (depth == 0 ? " " : "; ") + std::string(error->func_name ? error->func_name : "?") +
           ": " + (error->desc ? error->desc : "");
  return 0;
}

[[noreturn]] void fail(const std::string& what) {
  std::string stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, append_error, &stack);
  H5Eclear2(H5E_DEFAULT);
  // HDF5's POSIX driver names the failed system call's errno ("errno = 5, error message =
  // 'Input/output error'"); anything else is HDF5 objecting to the file's content.
  for (char& c : stack) {
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';  // one message, one line (HDF5's own texts hold line breaks)
  }
  const auto at = stack.find("errno = ");
  const bool system_io_failure = at != std::string::npos && stack.compare(at, 9, "errno = 0") != 0;
  throw H5Error("HDF5 failed to " + what + (stack.empty() ? "" : "; HDF5 says:" + stack),
                system_io_failure);
}

hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) {
    fail(what);
  }
  return id;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) {
    fail(what);
  }
}

Handle scalar_space() {
  return Handle(check_id(H5Screate(H5S_SCALAR), "create a scalar dataspace"), H5Sclose);
}

Handle simple_space(std::span<const hsize_t> dims) {
  return Handle(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         "create a dataspace"),
                H5Sclose);
}

Handle attribute(hid_t object, const std::string& name, hid_t type, hid_t space) {
  return Handle(check_id(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                         "create attribute " + name),
                H5Aclose);
}

}  // namespace

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_ != nullptr) {
    closer_(id_);
  }
  id_ = -1;
}

void Handle::close() {
  if (id_ >= 0 && closer_ != nullptr) {
    const hid_t id = id_;
    id_ = -1;
    check(closer_(id), "close an object (data may not have reached the disk)");
  }
}

void silence_default_error_printing() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Handle create_file(const std::string& path) {
  return Handle(check_id(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT),
                         "create file " + path),
                H5Fclose);
}

Handle open_file_read_only(const std::string& path) {
  return Handle(check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file " + path),
                H5Fclose);
}

Handle open_file_read_write(const std::string& path, bool every_rank) {
  Handle access(check_id(H5Pcreate(H5P_FILE_ACCESS), "create file access properties"), H5Pclose);
  if (every_rank) {
#ifdef CLOUDSIM_WITH_MPI
    // Every rank opens the file through MPI-IO and writes its own chunks into it.
    check(H5Pset_fapl_mpio(access.id(), MPI_COMM_WORLD, MPI_INFO_NULL), "use MPI-IO");
#else
    throw H5Error("opening a file on every rank needs the MPI build (CLOUDSIM_MPI=ON)");
#endif
  }
  return Handle(check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, access.id()), "open file " + path),
                H5Fclose);
}

Handle utf8_string_type() {
  Handle type(check_id(H5Tcopy(H5T_C_S1), "copy the string type"), H5Tclose);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "make a variable-length string type");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 on the string type");
  return type;
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type();
  const Handle space = scalar_space();
  const Handle attr = attribute(object, name, type.id(), space.id());
  const char* text = value.c_str();
  check(H5Awrite(attr.id(), type.id(), &text), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  const Handle space = scalar_space();
  const Handle attr = attribute(object, name, H5T_STD_U64LE, space.id());
  check(H5Awrite(attr.id(), H5T_NATIVE_UINT64, &value), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, double value) {
  const Handle space = scalar_space();
  const Handle attr = attribute(object, name, H5T_IEEE_F64LE, space.id());
  check(H5Awrite(attr.id(), H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, std::span<const std::int32_t> values) {
  const hsize_t dims[1] = {values.size()};
  const Handle space = simple_space(dims);
  const Handle attr = attribute(object, name, H5T_STD_I32LE, space.id());
  check(H5Awrite(attr.id(), H5T_NATIVE_INT32, values.data()), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                     const void* value) {
  const Handle space = scalar_space();
  const Handle attr = attribute(object, name, file_type, space.id());
  check(H5Awrite(attr.id(), memory_type, value), "write attribute " + name);
}

Handle create_dataset(hid_t location, const std::string& name, hid_t type,
                      const DatasetLayout& layout) {
  const Handle space = simple_space(layout.dims);
  const Handle create(check_id(H5Pcreate(H5P_DATASET_CREATE), "create a property list"), H5Pclose);
  // Timestamps in object headers would make two identical runs differ in their bytes.
  check(H5Pset_obj_track_times(create.id(), 0), "turn off object timestamps");
  const Handle access(check_id(H5Pcreate(H5P_DATASET_ACCESS), "create a property list"), H5Pclose);
  if (layout.fill_value != nullptr) {
    check(H5Pset_fill_value(create.id(), layout.fill_memory_type, layout.fill_value),
          "set the fill value of " + name);
  }
  if (!layout.chunk.empty()) {
    check(H5Pset_chunk(create.id(), static_cast<int>(layout.chunk.size()), layout.chunk.data()),
          "set the chunk shape of " + name);
    check(H5Pset_alloc_time(create.id(), H5D_ALLOC_TIME_EARLY), "allocate " + name + " early");
    check(H5Pset_fill_time(create.id(), H5D_FILL_TIME_NEVER), "skip fill values of " + name);
    // A prime slot count and w0 = 1 (evict fully written chunks first) as HDF5's guide advises.
    check(H5Pset_chunk_cache(access.id(), 12421, layout.chunk_cache_bytes, 1.0),
          "size the chunk cache of " + name);
  }
  return Handle(check_id(H5Dcreate2(location, name.c_str(), type, space.id(), H5P_DEFAULT,
                                    create.id(), access.id()),
                         "create dataset " + name),
                H5Dclose);
}

namespace {
// The file space of `dataset` with rows first_row … first_row + rows − 1 of dimension
// leading.size() selected, the dimensions before it fixed at `leading`; `count` receives the
// selection's shape.
Handle select_rows(hid_t dataset, std::span<const hsize_t> leading, hsize_t first_row, hsize_t rows,
                   std::vector<hsize_t>& count) {
  Handle file_space(check_id(H5Dget_space(dataset), "get a dataspace"), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(file_space.id());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(file_space.id(), dims.data(), nullptr);
  if (dims.size() <= leading.size()) {
    throw H5Error("a row selection needs more dimensions than the dataset has");
  }
  std::vector<hsize_t> start(dims.size(), 0);
  count = dims;
  for (std::size_t d = 0; d < leading.size(); ++d) {
    start[d] = leading[d];
    count[d] = 1;
  }
  start[leading.size()] = first_row;
  count[leading.size()] = rows;
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        "select rows");
  return file_space;
}
}  // namespace

void write_rows(hid_t dataset, hid_t memory_type, hsize_t first_row, hsize_t rows, const void* data,
                std::span<const hsize_t> leading) {
  std::vector<hsize_t> count;
  const Handle file_space = select_rows(dataset, leading, first_row, rows, count);
  const Handle memory_space = simple_space(count);
  check(H5Dwrite(dataset, memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, data),
        "write rows");
}

void read_rows(hid_t dataset, hid_t memory_type, hsize_t first_row, hsize_t rows, void* data,
               std::span<const hsize_t> leading) {
  std::vector<hsize_t> count;
  const Handle file_space = select_rows(dataset, leading, first_row, rows, count);
  const Handle memory_space = simple_space(count);
  check(H5Dread(dataset, memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, data),
        "read rows");
}

void write_chunk(hid_t dataset, std::span<const hsize_t> offset, std::size_t bytes,
                 const void* data) {
  check(H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, offset.data(), bytes, data), "write a chunk");
}

std::vector<double> read_doubles(hid_t dataset) {
  const auto dims = dataset_dims(dataset);
  std::size_t count = 1;
  for (const hsize_t d : dims)
    count *= static_cast<std::size_t>(d);
  std::vector<double> values(count);
  if (count != 0) {
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read numbers");
  }
  return values;
}

void write_strings(hid_t dataset, const std::vector<std::string>& values) {
  if (values.empty()) {
    return;
  }
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) {
    pointers.push_back(value.c_str());
  }
  const Handle type = utf8_string_type();
  check(H5Dwrite(dataset, type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        "write strings");
}

void write_string_column(hid_t file, const char* name, const std::vector<std::string>& values,
                         hid_t scale, const char* long_name) {
  const Handle type = utf8_string_type();
  DatasetLayout layout;
  layout.dims = {values.size()};
  const Handle dataset = create_dataset(file, name, type.id(), layout);
  write_strings(dataset.id(), values);
  write_attribute(dataset.id(), "long_name", std::string(long_name));
  attach_dimension_scale(dataset.id(), scale, 0);
}

bool has_attribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

bool has_link(hid_t location, const std::string& name) {
  return H5Lexists(location, name.c_str(), H5P_DEFAULT) > 0;
}

namespace {
Handle open_attribute(hid_t object, const std::string& name) {
  return Handle(check_id(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name),
                H5Aclose);
}

Shape shape_of(hid_t type_id, hid_t space_id) {
  const Handle type(type_id, H5Tclose);
  const Handle space(space_id, H5Sclose);
  Shape shape;
  shape.type_class = H5Tget_class(type.id());
  shape.variable_string = shape.type_class == H5T_STRING && H5Tis_variable_str(type.id()) > 0;
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) {
    fail("get the rank of a dataspace");
  }
  shape.dims.resize(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.id(), shape.dims.data(), nullptr) < 0) {
    fail("get the dimensions of a dataspace");
  }
  return shape;
}
}  // namespace

Shape attribute_shape(hid_t object, const std::string& name) {
  const Handle attr = open_attribute(object, name);
  const hid_t type = check_id(H5Aget_type(attr.id()), "get the type of attribute " + name);
  const hid_t space = H5Aget_space(attr.id());
  if (space < 0) {
    H5Tclose(type);
    fail("get the dataspace of attribute " + name);
  }
  return shape_of(type, space);
}

bool stored_elsewhere(hid_t dataset) {
  const Handle create(check_id(H5Dget_create_plist(dataset), "get a dataset's creation properties"),
                      H5Pclose);
  return H5Pget_external_count(create.id()) != 0 || H5Pget_layout(create.id()) == H5D_VIRTUAL;
}

Shape dataset_shape(hid_t dataset) {
  const hid_t type = check_id(H5Dget_type(dataset), "get the type of a dataset");
  const hid_t space = H5Dget_space(dataset);
  if (space < 0) {
    H5Tclose(type);
    fail("get the dataspace of a dataset");
  }
  return shape_of(type, space);
}

namespace {
// Reading a scalar into one variable must not let an array attribute write past it.
void require_single_value(hid_t attr, const std::string& name) {
  const Handle space(check_id(H5Aget_space(attr), "get the dataspace of " + name), H5Sclose);
  if (H5Sget_simple_extent_npoints(space.id()) != 1) {
    throw H5Error("attribute " + name + " holds " +
                  std::to_string(H5Sget_simple_extent_npoints(space.id())) +
                  " values where one belongs");
  }
}
}  // namespace

std::string read_string_attribute(hid_t object, const std::string& name) {
  const Handle attr = open_attribute(object, name);
  require_single_value(attr.id(), name);
  const Handle file_type(check_id(H5Aget_type(attr.id()), "get the type of " + name), H5Tclose);
  if (H5Tget_class(file_type.id()) != H5T_STRING) {
    throw H5Error("attribute " + name + " is not a string");
  }
  if (H5Tis_variable_str(file_type.id()) > 0) {
    const Handle type = utf8_string_type();
    char* text = nullptr;
    check(H5Aread(attr.id(), type.id(), &text), "read attribute " + name);
    std::string value = text != nullptr ? text : "";
    const Handle space = scalar_space();
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, &text);
    return value;
  }
  std::string value(H5Tget_size(file_type.id()), '\0');
  check(H5Aread(attr.id(), file_type.id(), value.data()), "read attribute " + name);
  return value.substr(0, value.find('\0'));
}

std::uint64_t read_uint64_attribute(hid_t object, const std::string& name) {
  const Handle attr = open_attribute(object, name);
  require_single_value(attr.id(), name);
  std::uint64_t value = 0;
  check(H5Aread(attr.id(), H5T_NATIVE_UINT64, &value), "read attribute " + name);
  return value;
}

std::vector<std::int32_t> read_int32_attribute(hid_t object, const std::string& name) {
  const Handle attr = open_attribute(object, name);
  const Handle space(check_id(H5Aget_space(attr.id()), "get a dataspace"), H5Sclose);
  const auto count = H5Sget_simple_extent_npoints(space.id());
  std::vector<std::int32_t> values(static_cast<std::size_t>(std::max<hssize_t>(count, 0)));
  check(H5Aread(attr.id(), H5T_NATIVE_INT32, values.data()), "read attribute " + name);
  return values;
}

Handle open_dataset(hid_t location, const std::string& name) {
  return Handle(check_id(H5Dopen2(location, name.c_str(), H5P_DEFAULT), "open dataset " + name),
                H5Dclose);
}

std::vector<hsize_t> dataset_dims(hid_t dataset) {
  return dataset_shape(dataset).dims;
}

std::vector<std::string> read_strings(hid_t dataset) {
  const auto dims = dataset_dims(dataset);
  std::size_t count = 1;
  for (const hsize_t d : dims)
    count *= static_cast<std::size_t>(d);
  std::vector<std::string> values;
  if (count == 0) {
    return values;
  }
  std::vector<char*> pointers(count, nullptr);
  const Handle type = utf8_string_type();
  check(H5Dread(dataset, type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        "read strings");
  for (char* p : pointers)
    values.emplace_back(p != nullptr ? p : "");
  const Handle space(check_id(H5Dget_space(dataset), "get a dataspace"), H5Sclose);
  H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, pointers.data());
  return values;
}

void set_dimension_scale(hid_t scale, const std::string& name) {
  check(H5DSset_scale(scale, name.c_str()), "make " + name + " a dimension scale");
}

void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned index) {
  check(H5DSattach_scale(dataset, scale, index), "attach a dimension scale");
}

}  // namespace cloudsim::output::h5
