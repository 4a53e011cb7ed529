#include "conditioning/history_set.hpp"

#include <numeric>

namespace cloudsim::conditioning {

void HistorySet::resample(const std::vector<std::uint64_t>& ancestors) {
  spare_tapes_.resize(tapes.size());
  spare_likelihood_.resize(size());
  for (std::uint64_t k = 0; k < size(); ++k) {
    std::copy_n(tape(ancestors[k]), length,
                spare_tapes_.begin() + static_cast<std::ptrdiff_t>(k * length));
    spare_likelihood_[k] = log_likelihood[ancestors[k]];
  }
  tapes.swap(spare_tapes_);
  log_likelihood.swap(spare_likelihood_);
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

std::vector<std::uint64_t> HistorySet::distinct_input_values(
    const engine::TapeLayout& layout, const uncertainty::UncertainInputs& inputs) const {
  // Where each input's normal sits on the tape (PathSimulator draws it with normal_at).
  std::vector<std::size_t> offsets;
  for (const auto& input : inputs.inputs) {
    const auto block = uncertainty::stream_index(input.key_path);
    for (const auto& request : layout.requests) {
      if (request.kind == engine::TapeRequest::Kind::normal_at &&
          request.purpose == engine::RandomPurpose::parameter_draw && request.block == block) {
        offsets.push_back(request.offset);
        break;
      }
    }
  }
  const std::size_t count = inputs.inputs.size();
  if (offsets.size() != count)
    return std::vector<std::uint64_t>(count, 0);
  std::vector<double> values(size() * count);
  std::vector<double> normals(count);
  std::vector<double> scratch;
  for (std::uint64_t k = 0; k < size(); ++k) {
    for (std::size_t j = 0; j < count; ++j)
      normals[j] = tape(k)[offsets[j]];
    inputs.sample(normals, std::span<double>(values.data() + k * count, count), scratch);
  }
  std::vector<std::uint64_t> distinct(count);
  std::vector<double> column(size());
  for (std::size_t j = 0; j < count; ++j) {
    for (std::uint64_t k = 0; k < size(); ++k)
      column[k] = values[k * count + j];
    std::sort(column.begin(), column.end());
    distinct[j] =
        static_cast<std::uint64_t>(std::unique(column.begin(), column.end()) - column.begin());
  }
  return distinct;
}

}  // namespace cloudsim::conditioning
