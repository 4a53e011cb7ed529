#pragma once
// A thin RAII layer over the HDF5 C API, in the spirit of HighFive: handles close themselves and
// every call is checked, failures become H5Error carrying HDF5's own error stack.

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cloudsim::output::h5 {

class H5Error : public std::runtime_error {
 public:
  H5Error(const std::string& message, bool system_io_failure = false)
      : std::runtime_error(message), system_io_failure_(system_io_failure) {}
  // The operating system failed a read or write (errno set: a disk error, a full disk), as opposed
  // to HDF5 refusing what it found in a file: the difference between exit code 1 and 2 on reading.
  [[nodiscard]] bool system_io_failure() const { return system_io_failure_; }

 private:
  bool system_io_failure_ = false;
};

// Owns one hid_t and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  [[nodiscard]] hid_t id() const { return id_; }
  void reset();
  // Closes now and reports a failure (a late write error surfaces here), unlike the destructor.
  void close();

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Turns off HDF5's printing of errors to stderr; call once before any other HDF5 call.
void silence_default_error_printing();

Handle create_file(const std::string& path);  // fails if the file exists
Handle open_file_read_only(const std::string& path);
// For writing into an existing file; with `every_rank`, opened by every MPI rank together
// (collective; MPI build only).
Handle open_file_read_write(const std::string& path, bool every_rank = false);

// Variable-length UTF-8 strings: h5py reads them as str, xarray as str coordinates.
Handle utf8_string_type();

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::span<const std::int32_t> values);
// A scalar attribute of any type (e.g. a _FillValue of the dataset's own type).
void write_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                     const void* value);

struct DatasetLayout {
  std::vector<hsize_t> dims;
  std::vector<hsize_t> chunk;  // empty: contiguous
  std::size_t chunk_cache_bytes = 1 << 20;
  // The value HDF5 reports for never-written elements (recorded only: chunks are not filled).
  const void* fill_value = nullptr;
  hid_t fill_memory_type = -1;
};

// Chunks are allocated at creation, in a fixed order, and never filled: the file's bytes then
// depend only on what is written, not on the order or size of the writes.
Handle create_dataset(hid_t location, const std::string& name, hid_t type,
                      const DatasetLayout& layout);

// Writes `rows` rows of dimension leading.size() starting at `first_row`, the dimensions before it
// fixed at the indices in `leading` (e.g. the scenario); `data` holds the rows contiguously.
void write_rows(hid_t dataset, hid_t memory_type, hsize_t first_row, hsize_t rows, const void* data,
                std::span<const hsize_t> leading = {});
void read_rows(hid_t dataset, hid_t memory_type, hsize_t first_row, hsize_t rows, void* data,
               std::span<const hsize_t> leading = {});

// Writes one whole chunk, already laid out as the chunk is, at the chunk starting at `offset`
// (no conversion, no filters: the memory layout must be the file's).
void write_chunk(hid_t dataset, std::span<const hsize_t> offset, std::size_t bytes,
                 const void* data);

// The whole dataset as doubles, row-major.
std::vector<double> read_doubles(hid_t dataset);

void write_strings(hid_t dataset, const std::vector<std::string>& values);

// A one-dimensional UTF-8 string dataset over `scale` (a dimension scale), with its long_name:
// the shape of every per-scenario or per-observation text dataset.
void write_string_column(hid_t file, const char* name, const std::vector<std::string>& values,
                         hid_t scale, const char* long_name);

// Reading, for `sim info` and tests.
bool has_attribute(hid_t object, const std::string& name);
bool has_link(hid_t location, const std::string& name);
// Class and element count of an attribute or a dataset, to check a file before reading from it.
struct Shape {
  H5T_class_t type_class = H5T_NO_CLASS;
  bool variable_string = false;
  std::vector<hsize_t> dims;  // empty for a scalar
};
Shape attribute_shape(hid_t object, const std::string& name);
Shape dataset_shape(hid_t dataset);
// Whether a dataset's values live in other files (external storage, virtual layout): reading them
// would follow paths the file names, possibly to a FIFO or a device.
bool stored_elsewhere(hid_t dataset);
std::string read_string_attribute(hid_t object, const std::string& name);
std::uint64_t read_uint64_attribute(hid_t object, const std::string& name);
std::vector<std::int32_t> read_int32_attribute(hid_t object, const std::string& name);
Handle open_dataset(hid_t location, const std::string& name);
std::vector<hsize_t> dataset_dims(hid_t dataset);
std::vector<std::string> read_strings(hid_t dataset);  // every element, row-major

// Makes `scale` a dimension scale called `name` and attaches it to dimension `index` of `dataset`.
void set_dimension_scale(hid_t scale, const std::string& name);
void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned index);

}  // namespace cloudsim::output::h5
