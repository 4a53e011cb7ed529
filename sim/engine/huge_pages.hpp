#pragma once
// The large per-block buffers (a block's records and the writer's staged columns: megabytes
// each, one set per pipeline token) on transparent huge pages where Linux offers them (its
// `madvise` mode, Debian's default). Their first touch otherwise takes a page fault for every
// 4 KiB, and on the virtual machines this project runs on a fault costs about 10 µs: 40 ms for
// one block of bench/core.toml, a sixth of a 20,000-path run (docs/performance.md). Each buffer
// is its own mapping starting on a 2 MiB boundary, so every whole 2 MiB of it can be a huge page;
// a mapping of its own, not malloc's heap, so the advice never reaches memory malloc hands out
// again. Advice only: where the kernel refuses it, nothing changes but the speed.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace cloudsim::engine {

inline constexpr std::size_t kHugePage = std::size_t{1} << 21;

// std::allocator's for less than a huge page (and off Linux), otherwise a 2 MiB-aligned mapping
// advised MADV_HUGEPAGE.
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
#ifdef __linux__
    // One huge page more than needed, then what lies before the first 2 MiB boundary and after
    // the buffer's last 4 KiB page is unmapped again. Not rounded up to whole huge pages: the
    // part of the last one past the buffer would count in the resident memory (60 MB more on
    // core with two threads); that part stays on 4 KiB pages.
    const std::size_t bytes = mapped_bytes(n);
    void* const mapped = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) {
      throw std::bad_alloc();
    }
    const auto first = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t start = (first + kHugePage - 1) & ~(kHugePage - 1);
    if (start > first) {
      ::munmap(mapped, start - first);
    }
    const std::size_t after = first + bytes + kHugePage - (start + bytes);
    if (after > 0) {
      ::munmap(reinterpret_cast<void*>(start + bytes), after);
    }
    ::madvise(reinterpret_cast<void*>(start), bytes, MADV_HUGEPAGE);
    return reinterpret_cast<T*>(start);
#else
    return std::allocator<T>{}.allocate(n);
#endif
  }

  void deallocate(T* values, std::size_t n) {
#ifdef __linux__
    if (huge(n)) {
      ::munmap(values, mapped_bytes(n));
      return;
    }
#endif
    std::allocator<T>{}.deallocate(values, n);
  }

  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) {
    return true;
  }

 private:
  static bool huge(std::size_t n) {
    return n > kHugePage / sizeof(T);
  }
  // The buffer's bytes rounded up to whole 4 KiB pages, what the mapping keeps.
  static std::size_t mapped_bytes(std::size_t n) {
    constexpr std::size_t kPage = 4096;
    return (n * sizeof(T) + kPage - 1) / kPage * kPage;
  }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

// The values of a block of paths, one quantity or one staged column set.
using BlockValues = HugePageVector<double>;

}  // namespace cloudsim::engine
