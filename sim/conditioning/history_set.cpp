#include "conditioning/history_set.hpp"

#include <numeric>

namespace cloudsim::conditioning {

void HistorySet::resample(const std::vector<std::uint64_t>& ancestors) {
  std::vector<double> next(tapes.size());
  std::vector<double> next_likelihood(size());
  for (std::uint64_t k = 0; k < size(); ++k) {
    std::copy_n(tape(ancestors[k]), length, next.begin() + static_cast<std::ptrdiff_t>(k * length));
    next_likelihood[k] = log_likelihood[ancestors[k]];
  }
  tapes.swap(next);
  log_likelihood.swap(next_likelihood);
}

std::vector<std::uint64_t> HistorySet::copy_counts() const {
  std::vector<std::uint64_t> order(size());
  std::iota(order.begin(), order.end(), 0);
  const auto less = [&](std::uint64_t a, std::uint64_t b) {
    return std::lexicographical_compare(tape(a), tape(a) + length, tape(b), tape(b) + length);
  };
  std::sort(order.begin(), order.end(), less);
  std::vector<std::uint64_t> counts;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || less(order[k - 1], order[k])) {
      counts.push_back(1);
    } else {
      ++counts.back();
    }
  }
  return counts;
}

std::uint64_t HistorySet::distinct_values(const engine::TapeLayout& layout,
                                          engine::RandomPurpose purpose,
                                          std::uint64_t block) const {
  for (const auto& request : layout.requests) {
    if (request.kind != engine::TapeRequest::Kind::normal_at || request.purpose != purpose ||
        request.block != block)
      continue;
    std::vector<double> values(size());
    for (std::uint64_t k = 0; k < size(); ++k)
      values[k] = tape(k)[request.offset];
    std::sort(values.begin(), values.end());
    return static_cast<std::uint64_t>(std::unique(values.begin(), values.end()) - values.begin());
  }
  return 0;
}

}  // namespace cloudsim::conditioning
