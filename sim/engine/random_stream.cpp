#include "engine/random_stream.hpp"

#include <algorithm>
#include <array>

#include "engine/box_muller.hpp"
#include "engine/philox4x32_lanes.hpp"

namespace cloudsim::engine {

void PathRandomStream::philox(const std::uint32_t (&counter)[4], const std::uint32_t (&key)[2],
                              std::uint32_t (&out)[4]) {
  philox4x32_10(counter, key, out);
}

void PathRandomStream::counter_and_key(std::uint64_t quarter, RandomPurpose purpose,
                                       std::uint64_t block, std::uint32_t (&counter)[4],
                                       std::uint32_t (&key)[2]) const {
  counter[0] = folded_block(block);
  counter[1] = static_cast<std::uint32_t>((quarter << 8) | static_cast<std::uint64_t>(purpose));
  counter[2] = static_cast<std::uint32_t>(path_);
  counter[3] = static_cast<std::uint32_t>(path_ >> 32);
  key[0] = static_cast<std::uint32_t>(seed_);
  key[1] = static_cast<std::uint32_t>(seed_ >> 32);
}

double PathRandomStream::normal_at(std::uint64_t quarter, RandomPurpose purpose,
                                   std::uint64_t block) const {
  std::uint32_t counter[4], key[2], bits[4];
  counter_and_key(quarter, purpose, block, counter, key);
  philox4x32_10(counter, key, bits);
  // The same Box–Muller as normals(): a group of four counters in lanes, only lane 0 used.
  alignas(32) std::array<std::uint32_t, 32> words{};
  for (std::size_t m = 0; m < 4; ++m)
    words[8 * m] = bits[m];
  alignas(32) std::array<double, 16> normals{};
  box_muller(words, normals);
  return normals[0];
}

void PathRandomStream::normals_at(std::uint64_t quarter, RandomPurpose purpose,
                                  std::span<const std::uint64_t> blocks,
                                  std::span<double> out) const {
  // Counter c of a group of eight in lane c (word m at 8m + c), as normal_at puts its one counter
  // in lane 0: Box–Muller treats every lane alike, so normal c is normal_at's for block c.
  constexpr std::size_t kCounters = 8;
  for (std::size_t first = 0; first < blocks.size(); first += kCounters) {
    const std::size_t count = std::min(kCounters, blocks.size() - first);
    alignas(32) std::array<std::uint32_t, 4 * kCounters> words{};
    for (std::size_t c = 0; c < count; ++c) {
      std::uint32_t counter[4], key[2], bits[4];
      counter_and_key(quarter, purpose, blocks[first + c], counter, key);
      philox4x32_10(counter, key, bits);
      for (std::size_t m = 0; m < 4; ++m)
        words[kCounters * m + c] = bits[m];
    }
    alignas(32) std::array<double, 4 * kCounters> normals{};
    box_muller(words, normals);
    for (std::size_t c = 0; c < count; ++c)
      out[first + c] = normals[4 * c];
  }
}

double PathRandomStream::uniform_at(std::uint64_t quarter, RandomPurpose purpose,
                                    std::uint64_t block) const {
  std::uint32_t counter[4], key[2], bits[4];
  counter_and_key(quarter, purpose, block, counter, key);
  philox4x32_10(counter, key, bits);
  return unit_interval(bits[0]);
}

void PathRandomStream::small_normals(std::uint64_t quarter, RandomPurpose purpose,
                                     std::span<double> out) const {
  QuarterBatch& batch = batches_[static_cast<std::size_t>(purpose) & 1];
  const std::uint64_t first = quarter & ~std::uint64_t{7};
  if (batch.first_quarter != first || batch.purpose != purpose) {
    std::uint32_t counter[4], key[2];
    counter_and_key(first, purpose, 0, counter, key);
    PhiloxRequest request{0, counter[1], counter[2], counter[3], key[0], key[1], 0, 256};
    alignas(32) std::array<std::uint32_t, 32> words;
    philox4x32_10_lanes(request, 8, words.data());
    box_muller(words, batch.normals);
    batch.first_quarter = first;
    batch.purpose = purpose;
  }
  std::copy_n(batch.normals + 4 * (quarter - first), out.size(), out.begin());
}

void PathRandomStream::normals(std::uint64_t quarter, RandomPurpose purpose,
                               std::span<double> out) const {
  if (out.size() <= 4) {
    small_normals(quarter, purpose, out);
    return;
  }
  std::uint32_t counter[4], key[2];
  counter_and_key(quarter, purpose, 0, counter, key);
  PhiloxRequest request{0, counter[1], counter[2], counter[3], key[0], key[1]};
  // Words of up to 16 counters, then one vectorised Box–Muller pass over them; counter c gives
  // normals 4c … 4c + 3, so a draw does not depend on how many are asked for.
  constexpr std::size_t kCounters = 16;
  alignas(32) std::array<std::uint32_t, 4 * kCounters> words;
  alignas(32) std::array<double, 4 * kCounters> normals;
  for (std::size_t first = 0; first < out.size(); first += 4 * kCounters) {
    const std::size_t wanted = std::min(4 * kCounters, out.size() - first);
    const std::size_t counters = (wanted + 3) / 4;
    request.first_block = static_cast<std::uint32_t>(first / 4);
    philox4x32_10_lanes(request, counters, words.data());
    const std::size_t computed = 16 * ((counters + 3) / 4);  // whole groups of four counters
    box_muller(std::span<const std::uint32_t>(words.data(), words.size()),
               std::span<double>(normals.data(), computed));
    std::copy_n(normals.begin(), wanted, out.begin() + static_cast<std::ptrdiff_t>(first));
  }
}

void normals_of_consecutive_paths(std::uint64_t seed, std::uint64_t first_path, std::size_t paths,
                                  std::uint64_t quarter, RandomPurpose purpose,
                                  std::span<double> out) {
  const std::size_t each = out.size() / paths;
  const std::size_t per_path = (each + 3) / 4;  // counters: c gives a path's normals 4c … 4c + 3
  std::uint32_t counter[4], key[2];
  PathRandomStream(seed, first_path).counter_and_key(quarter, purpose, 0, counter, key);
  // Up to 64 counters a request, path by path: counter b of path first_path + p.
  constexpr std::size_t kCounters = 64;
  alignas(32) std::array<std::uint32_t, kCounters> block{}, path_low{}, path_high{};
  alignas(32) std::array<std::uint32_t, 4 * kCounters> words;
  alignas(32) std::array<double, 4 * kCounters> normals;
  const ListedCounters listed{block.data(), path_low.data(), path_high.data(),
                              counter[1],   key[0],          key[1]};
  std::size_t filled = 0;
  std::size_t first_of_request = 0;  // the request's first counter, counted over all paths
  const auto request = [&] {
    philox4x32_10_lanes(listed, filled, words.data());
    const std::size_t computed = 16 * ((filled + 3) / 4);  // whole groups of four counters
    const std::span<const std::uint32_t> all_words(words.data(), words.size());
    if (each % 4 == 0 && filled % 4 == 0) {
      // A path's normals fill its counters, so counter c of the request is normals
      // 4 (first_of_request + c) … + 3 of `out`: written there, not copied (a tenth of the draws'
      // time went to the copies).
      box_muller(all_words, out.subspan(4 * first_of_request, computed));
      first_of_request += filled;
      filled = 0;
      return;
    }
    box_muller(all_words, std::span<double>(normals.data(), computed));
    // The request's normals, path by path: counter c is normal 4 (c mod per_path) of its path.
    for (std::size_t c = 0; c < filled;) {
      const std::size_t p = (first_of_request + c) / per_path;
      const std::size_t b = (first_of_request + c) % per_path;
      const std::size_t run = std::min(filled - c, per_path - b);  // this path's counters
      const std::size_t wanted = std::min(4 * run, each - 4 * b);
      std::copy_n(normals.begin() + static_cast<std::ptrdiff_t>(4 * c), wanted,
                  out.begin() + static_cast<std::ptrdiff_t>(p * each + 4 * b));
      c += run;
    }
    first_of_request += filled;
    filled = 0;
  };
  for (std::size_t p = 0; p < paths; ++p) {
    const std::uint64_t path = first_path + p;
    for (std::size_t b = 0; b < per_path; ++b) {
      block[filled] = folded_block(b);
      path_low[filled] = static_cast<std::uint32_t>(path);
      path_high[filled] = static_cast<std::uint32_t>(path >> 32);
      if (++filled == kCounters)
        request();
    }
  }
  if (filled > 0)
    request();
}

}  // namespace cloudsim::engine
