#pragma once
// A zip archive of stored (uncompressed) entries, written as it goes: what an .xlsx needs, with no
// compression library. Each entry's header is patched with its CRC-32 and size once the entry is
// finished. Entries and the archive are limited to 4 GiB (no zip64): add_data throws past it.

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsim::exporting {

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);

class ZipStore {
 public:
  explicit ZipStore(const std::string& path);  // throws std::runtime_error if it cannot be created
  void begin_entry(const std::string& name);
  void add_data(std::string_view bytes);
  void end_entry();
  void finish();  // writes the central directory and closes the file

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc = 0;
    std::uint64_t size = 0;
    std::uint64_t offset = 0;
  };
  void write_bytes(std::string_view bytes);
  std::ofstream out_;
  std::string path_;
  std::vector<Entry> entries_;
  bool in_entry_ = false;
  std::uint64_t position_ = 0;
};

}  // namespace cloudsim::exporting
