#pragma once
// The processes of an MPI run (`mpirun -n K sim run …`), or a single process. Built against
// OpenMPI with CLOUDSIM_MPI=ON (ranks_mpi.cpp), as a one-rank stand-in otherwise
// (ranks_single.cpp), so the rest of the program asks the same questions either way.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cloudsim::parallel {

struct Ranks {
  int rank = 0;
  int size = 1;
  [[nodiscard]] bool root() const { return rank == 0; }
  [[nodiscard]] bool distributed() const { return size > 1; }
};

// Initialises MPI for the life of the program (threads may call MPI one at a time: the engine's
// writer stage runs on a worker thread) and finalises it.
class Session {
 public:
  Session(int& argc, char**& argv);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();
};

[[nodiscard]] bool built_with_mpi();
[[nodiscard]] Ranks ranks();

// Collective operations: every rank must call them, in the same order.
void barrier();
[[nodiscard]] std::uint64_t sum(std::uint64_t value);
// Element by element, modulo 2^64, the result on every rank.
void sum_in_place(std::vector<std::uint64_t>& values);
// Element by element onto rank 0 (a reduce): the sum, the minimum or the maximum over the ranks
// of every rank's `values` (the same length everywhere); other ranks' values are left undefined.
// Sums of integers and minima and maxima do not depend on the order the ranks are combined in.
void sum_to_root(std::span<std::int64_t> values);
// Every table summed onto rank 0 where it is, all at once (non-blocking reduces, then one wait):
// a batch has two histogram tables per scenario, which one reduce each would pay the latency of.
void sum_to_root(const std::vector<std::span<std::uint32_t>>& tables);
void min_to_root(std::vector<double>& values);
void max_to_root(std::vector<double>& values);
// The lowest rank on which `failed` is true, or −1 when no rank failed.
[[nodiscard]] int first_failing_rank(bool failed);
// The root's `value` on every rank.
[[nodiscard]] std::string broadcast(const std::string& value);
[[nodiscard]] int broadcast(int value);
// `root`'s `value` on every rank.
[[nodiscard]] int broadcast_from(int root, int value);

}  // namespace cloudsim::parallel
