#pragma once
// Running mean and standard error of every provider's share of each segment in the final quarter,
// accumulated block by block in path order (so the figures do not depend on threads).

#include <cstdint>
#include <vector>

#include "engine/block_sink.hpp"

namespace cloudsim::summary {

struct MeanAndError {
  double mean = 0.0;
  double standard_error = 0.0;
};

class FinalShareSummary final : public engine::BlockSink {
 public:
  FinalShareSummary(std::size_t segments, std::size_t providers);

  void consume(const engine::PathBlock& block) override;

  [[nodiscard]] std::uint64_t paths() const { return count_; }
  // Share = R_{i,s}(T) / D_s(T), a fraction in [0, 1].
  [[nodiscard]] MeanAndError share(std::size_t segment, std::size_t provider) const;

 private:
  std::size_t segments_;
  std::size_t providers_;
  std::uint64_t count_ = 0;
  std::vector<double> mean_;            // Welford: running mean per (segment, provider)
  std::vector<double> sum_of_squares_;  // and running sum of squared deviations
};

}  // namespace cloudsim::summary
