#include "output/raw_chunk_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "output/h5.hpp"

namespace cloudsim::output {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw h5::H5Error(what + " " + path + ": " + std::strerror(errno), true);
}

}  // namespace

RawChunkFile::RawChunkFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) {
    fail("cannot open for writing chunks", path);
  }
}

RawChunkFile::~RawChunkFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void RawChunkFile::write(hid_t dataset, std::span<const hsize_t> offset, const void* data,
                         std::size_t bytes) {
  unsigned filters = 0;
  haddr_t address = HADDR_UNDEF;
  hsize_t stored = 0;
  if (H5Dget_chunk_info_by_coord(dataset, offset.data(), &filters, &address, &stored) < 0 ||
      address == HADDR_UNDEF) {
    throw h5::H5Error("a chunk of the result file " + path_ + " is not allocated");
  }
  if (filters != 0 || stored < bytes) {
    throw h5::H5Error("a chunk of the result file " + path_ + " is not the size its data needs");
  }
  const auto* from = static_cast<const char*>(data);
  std::size_t done = 0;
  while (done < bytes) {
    const ssize_t wrote =
        ::pwrite(fd_, from + done, bytes - done, static_cast<off_t>(address + done));
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote == 0) {
      errno = EIO;  // no progress and no error from the system: not retried forever
    }
    if (wrote <= 0) {
      fail("cannot write a chunk of", path_);
    }
    done += static_cast<std::size_t>(wrote);
  }
}

void RawChunkFile::close() {
  if (fd_ < 0) {
    return;
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    fail("cannot close", path_);
  }
}

}  // namespace cloudsim::output
