#include "engine/path_draws.hpp"

#include <algorithm>

#include "uncertainty/standard_normal.hpp"

namespace cloudsim::engine {

void PathDraws::replay(const double* tape, std::uint64_t history_quarters) {
  replayed_ = tape;
  recorded_ = nullptr;
  layout_ = nullptr;
  history_quarters_ = history_quarters;
  position_ = 0;
}

void PathDraws::record(std::vector<double>* tape, TapeLayout* layout,
                       std::uint64_t history_quarters) {
  replayed_ = nullptr;
  recorded_ = tape;
  layout_ = layout;
  history_quarters_ = history_quarters;
  position_ = 0;
}

void PathDraws::note(TapeRequest::Kind kind, std::uint64_t quarter, RandomPurpose purpose,
                     std::uint64_t block, std::size_t count) {
  if (layout_ != nullptr) {
    layout_->requests.push_back(TapeRequest{kind, quarter, purpose, block, position_, count});
    layout_->length = position_ + count;
  }
  position_ += count;
}

void PathDraws::normals(std::uint64_t quarter, RandomPurpose purpose, std::span<double> out) {
  if (!on_tape(quarter)) {
    stream_.normals(quarter, purpose, out);
    return;
  }
  if (replayed_ != nullptr) {
    std::copy_n(replayed_ + position_, out.size(), out.begin());
  } else {
    stream_.normals(quarter, purpose, out);
    if (recorded_ != nullptr)
      recorded_->insert(recorded_->end(), out.begin(), out.end());
  }
  note(TapeRequest::Kind::normals, quarter, purpose, 0, out.size());
}

double PathDraws::normal_at(std::uint64_t quarter, RandomPurpose purpose, std::uint64_t block) {
  if (!on_tape(quarter))
    return stream_.normal_at(quarter, purpose, block);
  double value = 0.0;
  if (replayed_ != nullptr) {
    value = replayed_[position_];
  } else {
    value = stream_.normal_at(quarter, purpose, block);
    if (recorded_ != nullptr)
      recorded_->push_back(value);
  }
  note(TapeRequest::Kind::normal_at, quarter, purpose, block, 1);
  return value;
}

void PathDraws::normals_at(std::uint64_t quarter, RandomPurpose purpose,
                           std::span<const std::uint64_t> blocks, std::span<double> out) {
  if (!on_tape(quarter)) {
    stream_.normals_at(quarter, purpose, blocks, out);
    return;
  }
  for (std::size_t k = 0; k < blocks.size(); ++k)
    out[k] = normal_at(quarter, purpose, blocks[k]);
}

double PathDraws::uniform_at(std::uint64_t quarter, RandomPurpose purpose, std::uint64_t block) {
  if (!on_tape(quarter))
    return stream_.uniform_at(quarter, purpose, block);
  // On the tape a uniform is kept as its normal score z = Φ⁻¹(u), so that every value on a tape is
  // N(0, 1) under the prior and the conditioning engine's moves reach it too; replay gives Φ(z).
  double value = 0.0;
  if (replayed_ != nullptr) {
    value = uncertainty::standard_normal_cdf(replayed_[position_]);
  } else {
    value = stream_.uniform_at(quarter, purpose, block);
    if (recorded_ != nullptr)
      recorded_->push_back(uncertainty::standard_normal_quantile(value));
  }
  note(TapeRequest::Kind::uniform_at, quarter, purpose, block, 1);
  return value;
}

}  // namespace cloudsim::engine
