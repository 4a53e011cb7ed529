#include "summary/exact_sum.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cloudsim::summary {
namespace {

__extension__ using Wide = unsigned __int128;

constexpr std::int64_t kLow32 = 0xFFFFFFFF;
constexpr std::uint32_t kNormaliseEvery = 1u << 30;  // pieces per chunk before carries
constexpr int kLowestPower = -1074;                  // chunk 0 counts units of 2^−1074

}  // namespace

void ExactSum::add_non_finite(std::uint64_t bits) {
  if ((bits & ((std::uint64_t{1} << 52) - 1)) != 0)
    ++nans_;
  else if ((bits >> 63) == 0)
    ++positive_infinities_;
  else
    ++negative_infinities_;
}

void ExactSum::add_elsewhere(std::uint64_t bits, std::uint64_t mantissa, unsigned shift) {
  const std::size_t at = shift / kChunkBits;
  if (hot_at_ < 0) {  // the first value picks the hot chunk index
    hot_at_ = static_cast<std::int32_t>(at);
    add(std::bit_cast<double>(bits));
    return;
  }
  if (++adds_ == kNormaliseEvery)
    normalise();
  const Pieces pieces = pieces_of(mantissa, shift, (bits >> 63) != 0);
  chunk_[at] += pieces.low;
  chunk_[at + 1] += pieces.middle;
  chunk_[at + 2] += pieces.high;
}

void ExactSum::add_pieces(std::size_t at, std::int64_t low, std::int64_t middle, std::int64_t high,
                          std::uint64_t terms) {
  if (terms == 0)
    return;
  if (terms >= kNormaliseEvery) {
    throw std::logic_error("ExactSum::add_pieces: more pieces than a chunk can take at once");
  }
  if (adds_ + terms >= kNormaliseEvery)
    normalise();
  adds_ += static_cast<std::uint32_t>(terms);
  chunk_[at] += low;
  chunk_[at + 1] += middle;
  chunk_[at + 2] += high;
}

void ExactSum::fold() {
  if (hot_ == 0)
    return;
  // The signed 128-bit hot integer as four 32-bit pieces (the top one signed) into the chunks
  // from the hot index up; chunks above index 66 cannot be reached by a sum of finite values.
  Hot rest = hot_;
  auto at = static_cast<std::size_t>(hot_at_);
  for (int piece = 0; piece < 3 && at < kChunks; ++piece, ++at) {
    chunk_[at] += static_cast<std::int64_t>(rest & kLow32);
    rest >>= kChunkBits;  // arithmetic: floor division, the sign stays in what is left
  }
  if (at < kChunks)
    chunk_[at] += static_cast<std::int64_t>(rest);
  hot_ = 0;
  normalise();
}

void ExactSum::normalise() {
  // Chunks hold at most 2^30 pieces of 2^32 (plus one normalised value) between calls.
  for (std::size_t i = 0; i + 1 < kChunks; ++i) {
    const std::int64_t carry = chunk_[i] >> kChunkBits;  // floor division by 2^32
    chunk_[i] &= kLow32;
    chunk_[i + 1] += carry;
  }
  adds_ = 0;
}

void ExactSum::merge(const ExactSum& other) {
  ExactSum normalised = other;
  normalised.fold();
  fold();
  for (std::size_t i = 0; i < kChunks; ++i)
    chunk_[i] += normalised.chunk_[i];
  adds_ = 2;  // each chunk below 2 · 2^32: room for 2^30 more pieces still
  positive_infinities_ += other.positive_infinities_;
  negative_infinities_ += other.negative_infinities_;
  nans_ += other.nans_;
}

double ExactSum::value() const {
  if (nans_ != 0 || (positive_infinities_ != 0 && negative_infinities_ != 0))
    return std::numeric_limits<double>::quiet_NaN();
  if (positive_infinities_ != 0)
    return std::numeric_limits<double>::infinity();
  if (negative_infinities_ != 0)
    return -std::numeric_limits<double>::infinity();
  ExactSum magnitude = *this;
  magnitude.fold();
  magnitude.normalise();
  const bool negative = magnitude.chunk_[kChunks - 1] < 0;
  if (negative) {
    for (auto& chunk : magnitude.chunk_)
      chunk = -chunk;
    magnitude.normalise();
  }
  std::size_t top = kChunks;
  while (top > 0 && magnitude.chunk_[top - 1] == 0)
    --top;
  if (top == 0)
    return 0.0;
  const std::size_t t = top - 1;  // the highest non-zero chunk (the top one is below 2^51)
  const auto chunk = [&](std::size_t i) { return static_cast<Wide>(magnitude.chunk_[i]); };
  // The top three chunks (at most 51 + 64 bits), their lowest bit worth 2^(32(t − 2) − 1074).
  Wide window = chunk(t) << 64;
  if (t >= 1)
    window |= chunk(t - 1) << 32;
  if (t >= 2)
    window |= chunk(t - 2);
  bool sticky = false;
  for (std::size_t i = 0; i + 2 < t; ++i)
    sticky = sticky || magnitude.chunk_[i] != 0;
  int power = 32 * (static_cast<int>(t) - 2) + kLowestPower;
  // Keep the top 64 bits, whatever falls below folded into a sticky lowest bit: the conversion
  // to 53 bits then rounds as the exact value would.
  const auto high_word = static_cast<std::uint64_t>(window >> 64);
  const int leading = high_word != 0 ? std::countl_zero(high_word)
                                     : 64 + std::countl_zero(static_cast<std::uint64_t>(window));
  const int drop = 64 - leading;  // bits below the top 64
  std::uint64_t top64;
  if (drop > 0) {
    sticky = sticky || (window & ((Wide{1} << drop) - 1)) != 0;
    top64 = static_cast<std::uint64_t>(window >> drop);
    power += drop;
  } else {
    top64 = static_cast<std::uint64_t>(window);
  }
  if (sticky)
    top64 |= 1;
  const double result = std::ldexp(static_cast<double>(top64), power);
  return negative ? -result : result;
}

bool ExactSum::operator==(const ExactSum& other) const {
  ExactSum a = *this;
  ExactSum b = other;
  a.fold();
  b.fold();
  a.normalise();
  b.normalise();
  return a.chunk_ == b.chunk_ && a.positive_infinities_ == b.positive_infinities_ &&
         a.negative_infinities_ == b.negative_infinities_ && a.nans_ == b.nans_;
}

void ExactSum::to_integers(std::int64_t* out) const {
  ExactSum normalised = *this;
  normalised.fold();
  normalised.normalise();
  for (std::size_t i = 0; i < kChunks; ++i)
    out[i] = normalised.chunk_[i];
  out[kChunks] = positive_infinities_;
  out[kChunks + 1] = negative_infinities_;
  out[kChunks + 2] = nans_;
}

void ExactSum::from_integers(const std::int64_t* in) {
  for (std::size_t i = 0; i < kChunks; ++i)
    chunk_[i] = in[i];
  positive_infinities_ = in[kChunks];
  negative_infinities_ = in[kChunks + 1];
  nans_ = in[kChunks + 2];
  hot_ = 0;
  normalise();
}

}  // namespace cloudsim::summary
