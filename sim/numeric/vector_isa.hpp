#pragma once
// Which vector instructions the random-number kernels run. Philox and Box–Muller come in three
// versions, for the x86-64 baseline (SSE2), AVX2 and AVX-512, each doing the same integer or IEEE
// operations lane by lane, so all three give the same bits; the widest the machine runs is used.
// AVX-512 doubles the lanes (16 counters, 16 floats per instruction), which on a CPU with full
// 512-bit units (AMD Zen 5, the machine docs/performance.md was measured on) halves the work.
// The other lane kernels (the lockstep stepper, the summaries' cell updates) stay on GCC's
// target_clones (CLOUDSIM_LANE_CLONES in numeric/lanes.hpp), four doubles to a vector in every
// version: from AVX-512 they take the registers, not the width. The choice kernel also has an
// eight-lane AVX-512 version (model/choice_lanes.cpp, block_pairs_avx512), chosen here.

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLOUDSIM_VECTOR_VARIANTS 1
#define CLOUDSIM_TARGET_AVX2 __attribute__((target("avx2")))
#define CLOUDSIM_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
#endif

namespace cloudsim::numeric {

enum class VectorIsa { baseline, avx2, avx512 };

inline constexpr VectorIsa kVectorIsas[] = {VectorIsa::baseline, VectorIsa::avx2,
                                            VectorIsa::avx512};

[[nodiscard]] inline const char* name(VectorIsa isa) {
  switch (isa) {
    case VectorIsa::avx2:
      return "avx2";
    case VectorIsa::avx512:
      return "avx512";
    case VectorIsa::baseline:
      break;
  }
  return "baseline";
}

// Whether this machine can run a version built for `isa`.
[[nodiscard]] inline bool machine_runs(VectorIsa isa) {
#ifdef CLOUDSIM_VECTOR_VARIANTS
  switch (isa) {
    case VectorIsa::avx2:
      return __builtin_cpu_supports("avx2");
    case VectorIsa::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
    case VectorIsa::baseline:
      break;
  }
  return true;
#else
  return isa == VectorIsa::baseline;
#endif
}

// The version the kernels use: the widest the machine runs. The sanitizer build uses the
// baseline only, so tests/python/test_vector_width.py can compare its files with the vectorised
// build's (its unit tests still run every version the machine has).
[[nodiscard]] inline VectorIsa widest_vector_isa() {
#if defined(__SANITIZE_ADDRESS__)
  return VectorIsa::baseline;
#else
  if (machine_runs(VectorIsa::avx512))
    return VectorIsa::avx512;
  if (machine_runs(VectorIsa::avx2))
    return VectorIsa::avx2;
  return VectorIsa::baseline;
#endif
}

}  // namespace cloudsim::numeric
