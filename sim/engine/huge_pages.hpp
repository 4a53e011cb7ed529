#pragma once
// The large per-block buffers (a block's records and the writer's staged columns: megabytes
// each, one set per pipeline token) on transparent huge pages where Linux offers them (its
// `madvise` mode, Debian's default). Their first touch otherwise takes a page fault for every
// 4 KiB, and on the virtual machines this project runs on a fault costs about 10 µs: 40 ms for
// one block of bench/core.toml, a sixth of a 20,000-path run (docs/performance.md). Aligned to
// 2 MiB, so that every whole 2 MiB of a buffer can be a huge page. Advice only: where the kernel
// refuses it, nothing changes but the speed.

#include <cstddef>
#include <cstdint>
#include <cstdlib>  // posix_memalign (POSIX)
#include <new>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace cloudsim::engine {

inline constexpr std::size_t kHugePage = std::size_t{1} << 21;

// std::allocator's for less than a huge page, otherwise whole huge pages, advised as such.
template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  explicit(false) HugePageAllocator(const HugePageAllocator<U>& /*other*/) {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (!huge(n)) {
      return std::allocator<T>{}.allocate(n);
    }
    // Not rounded up to whole huge pages: the part of the last one past the buffer would count
    // in the resident memory (60 MB more on core with two threads). That part stays on 4 KiB
    // pages instead.
    void* memory = nullptr;
    if (::posix_memalign(&memory, kHugePage, n * sizeof(T)) != 0) {
      throw std::bad_alloc();
    }
#ifdef __linux__
    ::madvise(memory, n * sizeof(T) / kHugePage * kHugePage, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(memory);
  }

  void deallocate(T* values, std::size_t n) {
    if (!huge(n)) {
      std::allocator<T>{}.deallocate(values, n);
    } else {
      std::free(values);
    }
  }

  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) {
    return true;
  }

 private:
  static bool huge(std::size_t n) {
    return n > kHugePage / sizeof(T);
  }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

// The values of a block of paths, one quantity or one staged column set.
using BlockValues = HugePageVector<double>;

}  // namespace cloudsim::engine
