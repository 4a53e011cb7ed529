#include "conditioning/pcn_move.hpp"

#include <cmath>
#include <span>

#include "engine/random_stream.hpp"

namespace cloudsim::conditioning {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

}  // namespace

std::uint64_t move_seed(std::uint64_t seed, std::uint64_t stage, std::uint64_t move) {
  return splitmix64(splitmix64(splitmix64(seed) ^ stage) ^ (move + 0x51ED270BULL));
}

void propose(const engine::TapeLayout& layout, const double* current, double beta,
             std::uint64_t move_seed, std::uint64_t particle, std::vector<double>& proposal,
             std::vector<double>& scratch) {
  const engine::PathRandomStream noise(move_seed, particle);
  const double keep = std::sqrt(1.0 - beta * beta);
  proposal.assign(current, current + layout.length);
  for (const auto& request : layout.requests) {
    double* x = proposal.data() + request.offset;
    switch (request.kind) {
      case engine::TapeRequest::Kind::normals:
        scratch.resize(request.count);
        noise.normals(request.quarter, request.purpose, scratch);
        for (std::size_t j = 0; j < request.count; ++j)
          x[j] = keep * x[j] + beta * scratch[j];
        break;
      case engine::TapeRequest::Kind::normal_at:
      case engine::TapeRequest::Kind::uniform_at:  // kept on the tape as its normal score
        x[0] =
            keep * x[0] + beta * noise.normal_at(request.quarter, request.purpose, request.block);
        break;
    }
  }
}

double acceptance_uniform(std::uint64_t move_seed, std::uint64_t particle) {
  return engine::PathRandomStream(move_seed, particle)
      .uniform_at(0, engine::RandomPurpose::conditioning, 0);
}

}  // namespace cloudsim::conditioning
