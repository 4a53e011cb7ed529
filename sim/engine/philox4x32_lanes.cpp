#include "engine/philox4x32_lanes.hpp"

// GCC 12 warns that the AVX-512 intrinsics' pass-through operand (_mm512_undefined_*) may be
// used uninitialised: it is by design undefined and never read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

namespace cloudsim::engine {
namespace {

// Round multipliers and key increments (Random123, philox.h).
constexpr std::uint32_t kM0 = 0xD2511F53;
constexpr std::uint32_t kM1 = 0xCD9E8D57;
constexpr std::uint32_t kW0 = 0x9E3779B9;
constexpr std::uint32_t kW1 = 0xBB67AE85;
constexpr int kRounds = 10;

// Four counters in the lanes of 128-bit vectors (SSE2: every x86-64 machine has it).
struct Four {
  __m128i x0, x1, x2, x3;
};

// hi and lo halves of m · x per 32-bit lane: pmuludq multiplies the even lanes, so the odd lanes
// are shifted down and multiplied separately.
[[gnu::always_inline]] inline void mulhilo(__m128i m, __m128i x, __m128i& hi, __m128i& lo) {
  const __m128i even = _mm_mul_epu32(x, m);
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(x, 32), m);
  const __m128i low_halves = _mm_set1_epi64x(0xFFFFFFFF);
  lo = _mm_or_si128(_mm_and_si128(even, low_halves), _mm_slli_epi64(odd, 32));
  hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_andnot_si128(low_halves, odd));
}

// Lane offsets 0, step, 2 step, … as ints (wrapping like the unsigned counter words).
inline int lane_offset(std::uint32_t step, std::uint32_t lane) {
  return static_cast<int>(step * lane);
}

// Ten rounds on four counters, their words stored word by word `stride` apart.
[[gnu::always_inline]] inline void four_rounds(Four s, std::uint32_t k0, std::uint32_t k1,
                                               std::uint32_t* words, std::size_t stride) {
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(kM0));
  const __m128i m1 = _mm_set1_epi32(static_cast<int>(kM1));
  for (int round = 0; round < kRounds; ++round) {
    __m128i hi0, lo0, hi1, lo1;
    mulhilo(m0, s.x0, hi0, lo0);
    mulhilo(m1, s.x2, hi1, lo1);
    s = Four{_mm_xor_si128(_mm_xor_si128(hi1, s.x1), _mm_set1_epi32(static_cast<int>(k0))), lo1,
             _mm_xor_si128(_mm_xor_si128(hi0, s.x3), _mm_set1_epi32(static_cast<int>(k1))), lo0};
    k0 += kW0;
    k1 += kW1;
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words), s.x0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words + stride), s.x1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words + 2 * stride), s.x2);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words + 3 * stride), s.x3);
}

// Counters `first` … `first` + 3 of the request.
[[gnu::always_inline]] inline void four_counters(const PhiloxRequest& r, std::size_t counter,
                                                 std::uint32_t* words, std::size_t stride) {
  const auto first = static_cast<std::uint32_t>(counter);
  const auto offsets = [](std::uint32_t step) {
    return _mm_setr_epi32(lane_offset(step, 0), lane_offset(step, 1), lane_offset(step, 2),
                          lane_offset(step, 3));
  };
  four_rounds(
      Four{_mm_add_epi32(_mm_set1_epi32(static_cast<int>(r.first_block + first * r.block_step)),
                         offsets(r.block_step)),
           _mm_add_epi32(_mm_set1_epi32(static_cast<int>(r.c1 + first * r.c1_step)),
                         offsets(r.c1_step)),
           _mm_set1_epi32(static_cast<int>(r.c2)), _mm_set1_epi32(static_cast<int>(r.c3))},
      r.k0, r.k1, words, stride);
}

// Listed counters `first` … `first` + 3.
[[gnu::always_inline]] inline void four_counters(const ListedCounters& r, std::size_t first,
                                                 std::uint32_t* words, std::size_t stride) {
  const auto at = [first](const std::uint32_t* list) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(list + first));
  };
  four_rounds(Four{at(r.c0), _mm_set1_epi32(static_cast<int>(r.c1)), at(r.c2), at(r.c3)}, r.k0,
              r.k1, words, stride);
}

}  // namespace

void philox4x32_10(const std::uint32_t (&counter)[4], const std::uint32_t (&key)[2],
                   std::uint32_t (&out)[4]) {
  std::uint32_t x[4] = {counter[0], counter[1], counter[2], counter[3]};
  std::uint32_t k0 = key[0];
  std::uint32_t k1 = key[1];
  for (int round = 0; round < kRounds; ++round) {
    const std::uint64_t p0 = std::uint64_t{kM0} * x[0];
    const std::uint64_t p1 = std::uint64_t{kM1} * x[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32);
    x[0] = hi1 ^ x[1] ^ k0;
    x[1] = static_cast<std::uint32_t>(p1);
    x[2] = hi0 ^ x[3] ^ k1;
    x[3] = static_cast<std::uint32_t>(p0);
    k0 += kW0;
    k1 += kW1;
  }
  for (int j = 0; j < 4; ++j)
    out[j] = x[j];
}

// Four counters at a time, into groups of eight (the layout of philox4x32_10_lanes).
template <typename Counters>
[[gnu::always_inline]] inline void by_fours(const Counters& c, std::size_t counters,
                                            std::uint32_t* words) {
  for (std::size_t first = 0; first < counters; first += 4) {
    four_counters(c, first, words + 32 * (first / 8) + first % 8, 8);
  }
}

namespace detail {
namespace {

void stepped_baseline(const PhiloxRequest& request, std::size_t counters, std::uint32_t* words) {
  by_fours(request, counters, words);
}

void listed_baseline(const ListedCounters& listed, std::size_t counters, std::uint32_t* words) {
  by_fours(listed, counters, words);
}

#ifdef CLOUDSIM_VECTOR_VARIANTS

struct Eight {
  __m256i x0, x1, x2, x3;
};

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline void mulhilo8(__m256i m, __m256i x, __m256i& hi,
                                                                 __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline __m256i offsets8(std::uint32_t step) {
  return _mm256_setr_epi32(lane_offset(step, 0), lane_offset(step, 1), lane_offset(step, 2),
                           lane_offset(step, 3), lane_offset(step, 4), lane_offset(step, 5),
                           lane_offset(step, 6), lane_offset(step, 7));
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline void eight_rounds(Eight s, std::uint32_t key0,
                                                                     std::uint32_t key1,
                                                                     std::uint32_t* words) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kM0));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(kM1));
  __m256i k0 = _mm256_set1_epi32(static_cast<int>(key0));
  __m256i k1 = _mm256_set1_epi32(static_cast<int>(key1));
  const __m256i w0 = _mm256_set1_epi32(static_cast<int>(kW0));
  const __m256i w1 = _mm256_set1_epi32(static_cast<int>(kW1));
  for (int round = 0; round < kRounds; ++round) {
    __m256i hi0, lo0, hi1, lo1;
    mulhilo8(m0, s.x0, hi0, lo0);
    mulhilo8(m1, s.x2, hi1, lo1);
    s = Eight{_mm256_xor_si256(_mm256_xor_si256(hi1, s.x1), k0), lo1,
              _mm256_xor_si256(_mm256_xor_si256(hi0, s.x3), k1), lo0};
    k0 = _mm256_add_epi32(k0, w0);
    k1 = _mm256_add_epi32(k1, w1);
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(words), s.x0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 8), s.x1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 16), s.x2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 24), s.x3);
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline void eight_counters(const PhiloxRequest& r,
                                                                       std::size_t counter,
                                                                       std::uint32_t* words) {
  const auto first = static_cast<std::uint32_t>(counter);
  eight_rounds(
      Eight{_mm256_add_epi32(
                _mm256_set1_epi32(static_cast<int>(r.first_block + first * r.block_step)),
                offsets8(r.block_step)),
            _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(r.c1 + first * r.c1_step)),
                             offsets8(r.c1_step)),
            _mm256_set1_epi32(static_cast<int>(r.c2)), _mm256_set1_epi32(static_cast<int>(r.c3))},
      r.k0, r.k1, words);
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline void eight_counters(const ListedCounters& r,
                                                                       std::size_t first,
                                                                       std::uint32_t* words) {
  // Plain loads, not a lambda: a lambda would not take this function's AVX2 target.
  const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.c0 + first));
  const __m256i x2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.c2 + first));
  const __m256i x3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.c3 + first));
  eight_rounds(Eight{x0, _mm256_set1_epi32(static_cast<int>(r.c1)), x2, x3}, r.k0, r.k1, words);
}

// Counters `first` … `counters` − 1 eight at a time; a last group of at most four takes the
// four-lane path (half the work).
template <typename Counters>
[[gnu::always_inline]] CLOUDSIM_TARGET_AVX2 inline void by_eights(const Counters& c,
                                                                  std::size_t first,
                                                                  std::size_t counters,
                                                                  std::uint32_t* words) {
  for (; first + 4 < counters; first += 8)
    eight_counters(c, first, words + 4 * first);
  if (first < counters)
    four_counters(c, first, words + 4 * first, 8);
}

CLOUDSIM_TARGET_AVX2 void stepped_avx2(const PhiloxRequest& request, std::size_t counters,
                                       std::uint32_t* words) {
  by_eights(request, 0, counters, words);
}

CLOUDSIM_TARGET_AVX2 void listed_avx2(const ListedCounters& listed, std::size_t counters,
                                      std::uint32_t* words) {
  by_eights(listed, 0, counters, words);
}

// AVX-512: sixteen counters, two groups of eight, per instruction.
struct Sixteen {
  __m512i x0, x1, x2, x3;
};

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline void mulhilo16(__m512i m, __m512i x,
                                                                    __m512i& hi, __m512i& lo) {
  const __m512i even = _mm512_mul_epu32(x, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
  lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline __m512i offsets16(std::uint32_t step) {
  return _mm512_setr_epi32(
      lane_offset(step, 0), lane_offset(step, 1), lane_offset(step, 2), lane_offset(step, 3),
      lane_offset(step, 4), lane_offset(step, 5), lane_offset(step, 6), lane_offset(step, 7),
      lane_offset(step, 8), lane_offset(step, 9), lane_offset(step, 10), lane_offset(step, 11),
      lane_offset(step, 12), lane_offset(step, 13), lane_offset(step, 14), lane_offset(step, 15));
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline void sixteen_rounds(Sixteen s,
                                                                         std::uint32_t key0,
                                                                         std::uint32_t key1,
                                                                         std::uint32_t* words) {
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  __m512i k0 = _mm512_set1_epi32(static_cast<int>(key0));
  __m512i k1 = _mm512_set1_epi32(static_cast<int>(key1));
  const __m512i w0 = _mm512_set1_epi32(static_cast<int>(kW0));
  const __m512i w1 = _mm512_set1_epi32(static_cast<int>(kW1));
  constexpr int kXorOfThree = 0x96;  // the truth table of a ^ b ^ c
  for (int round = 0; round < kRounds; ++round) {
    __m512i hi0, lo0, hi1, lo1;
    mulhilo16(m0, s.x0, hi0, lo0);
    mulhilo16(m1, s.x2, hi1, lo1);
    s = Sixteen{_mm512_ternarylogic_epi32(hi1, s.x1, k0, kXorOfThree), lo1,
                _mm512_ternarylogic_epi32(hi0, s.x3, k1, kXorOfThree), lo0};
    k0 = _mm512_add_epi32(k0, w0);
    k1 = _mm512_add_epi32(k1, w1);
  }
  // Lanes 0 … 7 are the first group's counters, 8 … 15 the next group's, 32 words on.
  const __m512i x[4] = {s.x0, s.x1, s.x2, s.x3};
  for (std::size_t m = 0; m < 4; ++m) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 8 * m), _mm512_castsi512_si256(x[m]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 32 + 8 * m),
                        _mm512_extracti64x4_epi64(x[m], 1));
  }
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline void sixteen_counters(const PhiloxRequest& r,
                                                                           std::size_t counter,
                                                                           std::uint32_t* words) {
  const auto first = static_cast<std::uint32_t>(counter);
  sixteen_rounds(
      Sixteen{_mm512_add_epi32(
                  _mm512_set1_epi32(static_cast<int>(r.first_block + first * r.block_step)),
                  offsets16(r.block_step)),
              _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(r.c1 + first * r.c1_step)),
                               offsets16(r.c1_step)),
              _mm512_set1_epi32(static_cast<int>(r.c2)), _mm512_set1_epi32(static_cast<int>(r.c3))},
      r.k0, r.k1, words);
}

[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline void sixteen_counters(const ListedCounters& r,
                                                                           std::size_t first,
                                                                           std::uint32_t* words) {
  const __m512i x0 = _mm512_loadu_si512(r.c0 + first);
  const __m512i x2 = _mm512_loadu_si512(r.c2 + first);
  const __m512i x3 = _mm512_loadu_si512(r.c3 + first);
  sixteen_rounds(Sixteen{x0, _mm512_set1_epi32(static_cast<int>(r.c1)), x2, x3}, r.k0, r.k1, words);
}

// Sixteen at a time while more than eight are left (the words, and a listed request's arrays,
// hold whole groups of eight, so the second group is there), then as by_eights.
template <typename Counters>
[[gnu::always_inline]] CLOUDSIM_TARGET_AVX512 inline void by_sixteens(const Counters& c,
                                                                      std::size_t counters,
                                                                      std::uint32_t* words) {
  std::size_t first = 0;
  for (; first + 8 < counters; first += 16)
    sixteen_counters(c, first, words + 4 * first);
  by_eights(c, first, counters, words);
}

CLOUDSIM_TARGET_AVX512 void stepped_avx512(const PhiloxRequest& request, std::size_t counters,
                                           std::uint32_t* words) {
  by_sixteens(request, counters, words);
}

CLOUDSIM_TARGET_AVX512 void listed_avx512(const ListedCounters& listed, std::size_t counters,
                                          std::uint32_t* words) {
  by_sixteens(listed, counters, words);
}

#endif

}  // namespace

PhiloxLanes philox_lanes_for(numeric::VectorIsa isa) {
  switch (isa) {
#ifdef CLOUDSIM_VECTOR_VARIANTS
    case numeric::VectorIsa::avx2:
      return {stepped_avx2, listed_avx2};
    case numeric::VectorIsa::avx512:
      return {stepped_avx512, listed_avx512};
#endif
    case numeric::VectorIsa::baseline:
      return {stepped_baseline, listed_baseline};
    default:
      break;
  }
  return {nullptr, nullptr};
}

}  // namespace detail

namespace {
const detail::PhiloxLanes& widest() {
  static const detail::PhiloxLanes lanes = detail::philox_lanes_for(numeric::widest_vector_isa());
  return lanes;
}
}  // namespace

void philox4x32_10_lanes(const PhiloxRequest& request, std::size_t counters, std::uint32_t* words) {
  widest().stepped(request, counters, words);
}

void philox4x32_10_lanes(const ListedCounters& listed, std::size_t counters, std::uint32_t* words) {
  widest().listed(listed, counters, words);
}

}  // namespace cloudsim::engine
