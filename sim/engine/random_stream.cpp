#include "engine/random_stream.hpp"

#include <Random123/philox.h>

#include <Random123/uniform.hpp>
#include <algorithm>
#include <array>

#include "engine/box_muller.hpp"

namespace cloudsim::engine {

void PathRandomStream::philox(const std::uint64_t (&counter)[4], const std::uint64_t (&key)[2],
                              std::uint64_t (&out)[4]) {
  r123::Philox4x64 generator;
  const r123::Philox4x64::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const r123::Philox4x64::key_type k = {{key[0], key[1]}};
  const auto r = generator(c, k);
  for (int j = 0; j < 4; ++j) {
    out[j] = r[static_cast<std::size_t>(j)];
  }
}

double PathRandomStream::normal_at(std::uint64_t quarter, RandomPurpose purpose,
                                   std::uint64_t block) const {
  r123::Philox4x64 generator;
  const r123::Philox4x64::key_type key = {{seed_, path_}};
  const r123::Philox4x64::ctr_type counter = {
      {quarter, static_cast<std::uint64_t>(purpose), block, 0}};
  const auto bits = generator(counter, key);
  // Radius from the first word, angle from the second.
  const std::array<std::uint64_t, 8> words = {bits[0], 0, 0, 0, bits[1], 0, 0, 0};
  std::array<double, 8> normals{};
  box_muller(words, normals);
  return normals[0];
}

double PathRandomStream::uniform_at(std::uint64_t quarter, RandomPurpose purpose,
                                    std::uint64_t block) const {
  r123::Philox4x64 generator;
  const r123::Philox4x64::key_type key = {{seed_, path_}};
  const r123::Philox4x64::ctr_type counter = {
      {quarter, static_cast<std::uint64_t>(purpose), block, 0}};
  return r123::u01<double>(generator(counter, key)[0]);
}

void PathRandomStream::normals(std::uint64_t quarter, RandomPurpose purpose,
                               std::span<double> out) const {
  r123::Philox4x64 generator;
  const r123::Philox4x64::key_type key = {{seed_, path_}};
  r123::Philox4x64::ctr_type counter = {{quarter, static_cast<std::uint64_t>(purpose), 0, 0}};
  // Words first (Philox is scalar), then one vectorised Box–Muller pass over a chunk of them;
  // counters 2c and 2c + 1 give normals 8c … 8c + 7.
  constexpr std::size_t kChunk = 64;
  alignas(32) std::array<std::uint64_t, kChunk> words;
  alignas(32) std::array<double, kChunk> normals;
  for (std::size_t first = 0; first < out.size(); first += kChunk) {
    const std::size_t wanted = std::min(kChunk, out.size() - first);
    const std::size_t groups = (wanted + 7) / 8;
    for (std::size_t c = 0; c < 2 * groups; ++c) {
      counter[2] = first / 4 + c;
      const auto bits = generator(counter, key);
      for (std::size_t j = 0; j < 4; ++j)
        words[4 * c + j] = bits[j];
    }
    box_muller(std::span<const std::uint64_t>(words.data(), 8 * groups),
               std::span<double>(normals.data(), 8 * groups));
    std::copy_n(normals.begin(), wanted, out.begin() + static_cast<std::ptrdiff_t>(first));
  }
}

}  // namespace cloudsim::engine
