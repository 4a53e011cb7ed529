// Raw Philox4x32-10 words in cloudsim's counter layout (engine/random_stream.hpp), written to
// stdout as 32-bit binary for `dieharder -g 200`: for each path p = 0, 1, 2, … the words of the
// counters (block 0 … 7, quarter 0 · 256 + attraction_noise, p mod 2³², p div 2³²) under the key of
// seed 1, counter by counter. Consecutive paths follow each other, so the battery sees how
// neighbouring streams sit together as well as each stream alone. Built by scripts/rng_battery.

#include <csignal>
#include <cstdint>
#include <cstdio>

#include "engine/philox4x32_lanes.hpp"

int main() {
  std::signal(SIGPIPE, SIG_IGN);         // a closed pipe ends the loop below, not the process
  constexpr std::uint32_t kPurpose = 2;  // attraction_noise, quarter 0
  constexpr std::size_t kPathsPerWrite = 4096;
  static std::uint32_t out[kPathsPerWrite * 32];
  std::uint32_t words[32];
  for (std::uint64_t path = 0;;) {
    for (std::size_t k = 0; k < kPathsPerWrite; ++k, ++path) {
      const cloudsim::engine::PhiloxRequest request{
          0, kPurpose, static_cast<std::uint32_t>(path), static_cast<std::uint32_t>(path >> 32),
          1, 0};
      cloudsim::engine::philox4x32_10_lanes(request, 8, words);
      for (std::size_t c = 0; c < 8; ++c)
        for (std::size_t m = 0; m < 4; ++m)
          out[32 * k + 4 * c + m] = words[8 * m + c];
    }
    if (std::fwrite(out, sizeof out, 1, stdout) != 1)
      return 0;  // the battery has read enough and closed the pipe
  }
}
