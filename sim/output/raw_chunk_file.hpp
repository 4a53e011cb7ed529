#pragma once
// Whole chunks of a result file written with pwrite() at the addresses HDF5 allocated for them
// when it created the file, for MPI ranks that write one file together. Parallel HDF5 has no
// direct chunk write, and its MPI-IO path (one independent H5Dwrite per column chunk) made two
// ranks slower than one on a full record (docs/performance.md). The datasets are created with
// early allocation and without filters, so a chunk's place and size in the file are fixed, and its
// bytes are the chunk's values in order: exactly what H5Dwrite_chunk writes in one process.

#include <hdf5.h>

#include <cstddef>
#include <span>
#include <string>

namespace cloudsim::output {

class RawChunkFile {
 public:
  // Opens `path` for writing (it must exist: rank 0 created it).
  explicit RawChunkFile(const std::string& path);
  RawChunkFile(const RawChunkFile&) = delete;
  RawChunkFile& operator=(const RawChunkFile&) = delete;
  ~RawChunkFile();

  // Writes the first `bytes` bytes (all of them for a whole chunk; chunks are not filtered) of
  // `dataset`'s chunk at `offset` (its first element's coordinates). Throws h5::H5Error if the
  // chunk is not allocated or smaller, and a system I/O H5Error if the write fails.
  void write(hid_t dataset, std::span<const hsize_t> offset, const void* data, std::size_t bytes);

  // Closes the file, reporting a failure (a late write error) as a system I/O H5Error.
  void close();

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace cloudsim::output
