#pragma once
// Latin hypercube samples of the unit cube for batch sweeps: each dimension's range is cut into
// `points` equal strata and every stratum holds exactly one point, so a few dozen scenarios cover
// each swept key's whole range evenly (McKay, Beckman & Conover 1979).

#include <cstdint>
#include <vector>

namespace cloudsim::uncertainty {

// points × dimensions values in [0, 1), row-major; point k lies in stratum floor(v · points) of
// each dimension, a different stratum for every point. Deterministic in (seed, stream).
std::vector<double> latin_hypercube(std::size_t points, std::size_t dimensions, std::uint64_t seed,
                                    std::uint64_t stream);

}  // namespace cloudsim::uncertainty
