#pragma once
// The processes of an MPI run (`mpirun -n K sim run …`), or a single process. Built against
// OpenMPI with CLOUDSIM_MPI=ON (ranks_mpi.cpp), as a one-rank stand-in otherwise
// (ranks_single.cpp), so the rest of the program asks the same questions either way.

#include <cstdint>
#include <memory>
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

// Initialises MPI for the life of the program and finalises it. It asks that threads may call MPI
// at once (the engine's writer stage and the stage that asks for the next block run on different
// worker threads) and needs at least one at a time.
class Session {
 public:
  Session(int& argc, char**& argv);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();
};

// Ends every rank now with exit code `code` (MPI_Abort; mpirun passes the code on): for a rank
// that failed where the others were not told, and may be waiting for it in a collective call,
// which would otherwise hang them and this rank's MPI_Finalize for ever. Returns (doing nothing)
// in a single process.
void abort_every_rank(int code);

[[nodiscard]] bool built_with_mpi();
[[nodiscard]] Ranks ranks();
// Whether MPI lets several threads call it at once (MPI_THREAD_MULTIPLE); always for one process.
[[nodiscard]] bool threads_may_call_at_once();

// A counter the ranks share, kept on rank 0 (MPI one-sided fetch-and-add, MPI_Fetch_and_op): each
// next() on any rank returns a value no other call on any rank returned, and on each rank the
// values increase. next() is not collective and may be called while other threads call MPI.
class SharedCounter {
 public:
  // Collective: a counter starting at `first` on every rank, or null on every rank when one of
  // them cannot have it (its MPI lets threads call it only one at a time, or has no one-sided
  // operations that allow more: OpenMPI 4's osc/pt2pt over TCP refuses MPI_THREAD_MULTIPLE).
  [[nodiscard]] static std::unique_ptr<SharedCounter> create(std::uint64_t first);
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  ~SharedCounter();  // collective
  [[nodiscard]] std::uint64_t next();
  // Raises the counter to `value` if it is below (MPI_MAX), so that every later next() on any rank
  // returns at least `value`.
  void raise_to(std::uint64_t value);

 private:
  struct Window;
  explicit SharedCounter(std::unique_ptr<Window> window);
  std::unique_ptr<Window> window_;
};

// Collective operations: every rank must call them, in the same order.
void barrier();
[[nodiscard]] std::uint64_t sum(std::uint64_t value);
// Element by element, modulo 2^64, the result on every rank.
void sum_in_place(std::vector<std::uint64_t>& values);
// Element by element onto rank 0 (a reduce): the sum, the minimum or the maximum over the ranks
// of every rank's `values` (the same length everywhere); other ranks' values are left undefined.
// Sums of integers and minima and maxima do not depend on the order the ranks are combined in.
void sum_to_root(std::span<std::int64_t> values);
// `values` summed onto rank 0, modulo 2^32, along a binomial tree of messages, each received
// into `scratch` (at least as long as `values`; the caller's, so it can be on huge pages) and
// added from there; other ranks' values are left undefined, as by the reduces above. For the
// histogram tables (19 MB on core) OpenMPI's MPI_Reduce took ten times as long here
// (docs/performance.md, fourteenth pass).
void sum_to_root(std::span<std::uint32_t> values, std::span<std::uint32_t> scratch);
void min_to_root(std::vector<double>& values);
void max_to_root(std::vector<double>& values);
// Every rank's `value`, in rank order, on rank 0 (empty elsewhere).
[[nodiscard]] std::vector<std::uint64_t> gather_to_root(std::uint64_t value);
// The lowest rank on which `failed` is true, or −1 when no rank failed.
[[nodiscard]] int first_failing_rank(bool failed);
// The root's `value` on every rank.
[[nodiscard]] std::string broadcast(const std::string& value);
[[nodiscard]] int broadcast(int value);
// `root`'s `value` on every rank.
[[nodiscard]] int broadcast_from(int root, int value);

}  // namespace cloudsim::parallel
