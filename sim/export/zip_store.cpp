#include "export/zip_store.hpp"

#include <array>
#include <limits>
#include <stdexcept>

namespace cloudsim::exporting {
namespace {

constexpr std::uint64_t kLimit = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint16_t kUtf8Names = 0x0800;                 // general purpose flag bit 11
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01: no timestamps

const std::array<std::uint32_t, 256>& crc_table() {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put16(std::string& out, std::uint64_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}

void put32(std::string& out, std::uint64_t value) {
  put16(out, value & 0xFFFF);
  put16(out, (value >> 16) & 0xFFFF);
}

std::string local_header(const std::string& name, std::uint32_t crc, std::uint64_t size) {
  std::string h;
  put32(h, 0x04034b50);
  put16(h, 20);  // version needed: 2.0
  put16(h, kUtf8Names);
  put16(h, 0);  // stored
  put16(h, 0);  // time
  put16(h, kDosDate);
  put32(h, crc);
  put32(h, size);  // compressed
  put32(h, size);  // uncompressed
  put16(h, name.size());
  put16(h, 0);  // extra field
  return h + name;
}

}  // namespace

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
  const auto& table = crc_table();
  crc = ~crc;
  for (const char c : bytes)
    crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

ZipStore::ZipStore(const std::string& path) : out_(path, std::ios::binary), path_(path) {
  if (!out_)
    throw std::runtime_error(path + ": cannot be created");
}

void ZipStore::write_bytes(std::string_view bytes) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  position_ += bytes.size();
  if (!out_)
    throw std::runtime_error(path_ + ": writing failed (disk full?)");
  if (position_ > kLimit)
    throw std::runtime_error(path_ +
                             ": the archive would exceed 4 GiB, more than an .xlsx can "
                             "hold without zip64; export fewer rows or use --format csv");
}

void ZipStore::begin_entry(const std::string& name) {
  if (in_entry_)
    throw std::logic_error("ZipStore: begin_entry inside an entry");
  in_entry_ = true;
  entries_.push_back({name, 0, 0, position_});
  write_bytes(local_header(name, 0, 0));  // patched by end_entry
}

void ZipStore::add_data(std::string_view bytes) {
  Entry& entry = entries_.back();
  entry.crc = crc32(bytes, entry.crc);
  entry.size += bytes.size();
  write_bytes(bytes);
}

void ZipStore::end_entry() {
  const Entry& entry = entries_.back();
  const std::string header = local_header(entry.name, entry.crc, entry.size);
  out_.seekp(static_cast<std::streamoff>(entry.offset));
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
  out_.seekp(0, std::ios::end);
  in_entry_ = false;
}

void ZipStore::finish() {
  const std::uint64_t directory_start = position_;
  std::string directory;
  for (const Entry& entry : entries_) {
    put32(directory, 0x02014b50);
    put16(directory, 20);  // made by: 2.0, MS-DOS attributes
    put16(directory, 20);
    put16(directory, kUtf8Names);
    put16(directory, 0);
    put16(directory, 0);
    put16(directory, kDosDate);
    put32(directory, entry.crc);
    put32(directory, entry.size);
    put32(directory, entry.size);
    put16(directory, entry.name.size());
    put16(directory, 0);  // extra
    put16(directory, 0);  // comment
    put16(directory, 0);  // disk
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, entry.offset);
    directory += entry.name;
  }
  write_bytes(directory);
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, entries_.size());
  put16(end, entries_.size());
  put32(end, directory.size());
  put32(end, directory_start);
  put16(end, 0);
  write_bytes(end);
  out_.close();
  if (!out_)
    throw std::runtime_error(path_ + ": writing failed (disk full?)");
}

}  // namespace cloudsim::exporting
