#include "engine/random_stream.hpp"

#include <Random123/philox.h>

#include <Random123/boxmuller.hpp>
#include <Random123/uniform.hpp>

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
  return r123::boxmuller(bits[0], bits[1]).x;
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
  for (std::size_t first = 0; first < out.size(); first += 4) {
    counter[2] = first / 4;
    const auto bits = generator(counter, key);
    const r123::double2 a = r123::boxmuller(bits[0], bits[1]);
    const r123::double2 b = r123::boxmuller(bits[2], bits[3]);
    const double four[4] = {a.x, a.y, b.x, b.y};
    for (std::size_t j = 0; j < 4 && first + j < out.size(); ++j) {
      out[first + j] = four[j];
    }
  }
}

}  // namespace cloudsim::engine
