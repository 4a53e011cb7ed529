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
  // The blocks of a run of single draws of one quarter and purpose (a path's drawn inputs, the
  // providers' reviews of a quarter): their ξ come from normals_at, eight counters to a
  // Box–Muller pass, the same numbers as normal_at's one at a time.
  thread_local std::vector<std::uint64_t> blocks;
  const auto& requests = layout.requests;
  for (std::size_t r = 0; r < requests.size();) {
    const engine::TapeRequest& request = requests[r];
    if (request.kind == engine::TapeRequest::Kind::normals) {
      double* x = proposal.data() + request.offset;
      scratch.resize(request.count);
      noise.normals(request.quarter, request.purpose, scratch);
      for (std::size_t j = 0; j < request.count; ++j)
        x[j] = keep * x[j] + beta * scratch[j];
      ++r;
      continue;
    }
    // normal_at and uniform_at (kept on the tape as its normal score): one value each.
    blocks.clear();
    std::size_t end = r;
    for (; end < requests.size() && requests[end].kind != engine::TapeRequest::Kind::normals &&
           requests[end].quarter == request.quarter && requests[end].purpose == request.purpose;
         ++end) {
      blocks.push_back(requests[end].block);
    }
    scratch.resize(blocks.size());
    noise.normals_at(request.quarter, request.purpose, blocks, scratch);
    for (std::size_t k = r; k < end; ++k) {
      double& value = proposal[requests[k].offset];
      value = keep * value + beta * scratch[k - r];
    }
    r = end;
  }
}

double acceptance_uniform(std::uint64_t move_seed, std::uint64_t particle) {
  return engine::PathRandomStream(move_seed, particle)
      .uniform_at(0, engine::RandomPurpose::conditioning, 0);
}

}  // namespace cloudsim::conditioning
