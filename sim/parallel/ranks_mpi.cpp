#include <mpi.h>

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "parallel/ranks.hpp"

namespace cloudsim::parallel {

namespace {
int provided_thread_level = MPI_THREAD_SINGLE;
}  // namespace

Session::Session(int& argc, char**& argv) {
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided_thread_level);
  if (provided_thread_level < MPI_THREAD_SERIALIZED) {
    MPI_Abort(MPI_COMM_WORLD, 1);  // the writer stage calls MPI from a worker thread
  }
}

Session::~Session() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) {
    MPI_Finalize();
  }
}

void abort_every_rank(int code) {
  if (ranks().distributed()) {
    MPI_Abort(MPI_COMM_WORLD, code);
  }
}

bool built_with_mpi() {
  return true;
}

Ranks ranks() {
  Ranks r;
  MPI_Comm_rank(MPI_COMM_WORLD, &r.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &r.size);
  return r;
}

bool threads_may_call_at_once() {
  return provided_thread_level >= MPI_THREAD_MULTIPLE;
}

struct SharedCounter::Window {
  MPI_Comm communicator = MPI_COMM_NULL;  // COMM_WORLD's duplicate, with errors returned
  MPI_Win window = MPI_WIN_NULL;
};

std::unique_ptr<SharedCounter> SharedCounter::create(std::uint64_t first) {
  // Every rank must agree, or some would enter the collective window calls and others not.
  if (first_failing_rank(!threads_may_call_at_once()) >= 0) {
    return nullptr;
  }
  auto w = std::make_unique<Window>();
  MPI_Comm_dup(MPI_COMM_WORLD, &w->communicator);
  // An MPI whose one-sided component refuses MPI_THREAD_MULTIPLE fails the allocation: that is
  // reported here, not fatal, and every rank falls back to dealing blocks in turn.
  MPI_Comm_set_errhandler(w->communicator, MPI_ERRORS_RETURN);
  const bool root = ranks().root();
  void* memory = nullptr;
  const int made = MPI_Win_allocate(root ? sizeof(std::uint64_t) : 0, sizeof(std::uint64_t),
                                    MPI_INFO_NULL, w->communicator, &memory, &w->window);
  if (first_failing_rank(made != MPI_SUCCESS) >= 0) {
    // A window made on some ranks only cannot be freed (that is collective over all of them):
    // it is left to MPI_Finalize. The communicator can.
    MPI_Comm_free(&w->communicator);
    return nullptr;
  }
  if (root) {
    *static_cast<std::uint64_t*>(memory) = first;
  }
  // The counter is set before any rank may draw from it; from here on every rank may access it
  // at any time (one passive-target epoch for the counter's whole life).
  MPI_Win_lock_all(MPI_MODE_NOCHECK, w->window);
  MPI_Win_sync(w->window);
  MPI_Barrier(w->communicator);
  return std::unique_ptr<SharedCounter>(new SharedCounter(std::move(w)));
}

SharedCounter::SharedCounter(std::unique_ptr<Window> window) : window_(std::move(window)) {}

SharedCounter::~SharedCounter() {
  MPI_Win_unlock_all(window_->window);
  MPI_Win_free(&window_->window);
  MPI_Comm_free(&window_->communicator);
}

std::uint64_t SharedCounter::next() {
  const std::uint64_t one = 1;
  std::uint64_t drawn = 0;
  MPI_Fetch_and_op(&one, &drawn, MPI_UINT64_T, 0, 0, MPI_SUM, window_->window);
  MPI_Win_flush(0, window_->window);
  return drawn;
}

void SharedCounter::raise_to(std::uint64_t value) {
  std::uint64_t before = 0;
  MPI_Fetch_and_op(&value, &before, MPI_UINT64_T, 0, 0, MPI_MAX, window_->window);
  MPI_Win_flush(0, window_->window);
}

std::vector<std::uint64_t> gather_to_root(std::uint64_t value) {
  std::vector<std::uint64_t> values(ranks().root() ? static_cast<std::size_t>(ranks().size) : 0);
  MPI_Gather(&value, 1, MPI_UINT64_T, values.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  return values;
}

void barrier() {
  MPI_Barrier(MPI_COMM_WORLD);
}

std::uint64_t sum(std::uint64_t value) {
  std::uint64_t total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

void sum_in_place(std::vector<std::uint64_t>& values) {
  // MPI_SUM on unsigned 64-bit integers wraps like C++ does; each chunk's sum comes from the one
  // rank that wrote it, the others add zero.
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                MPI_COMM_WORLD);
}

namespace {

// Starts the reduces of `values` onto rank 0, in place there, appending their requests; counts
// above INT_MAX go in pieces.
template <typename T>
void start_reduce_to_root(std::span<T> values, MPI_Datatype type, MPI_Op op,
                          std::vector<MPI_Request>& requests) {
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  const bool root = ranks().root();
  for (std::size_t at = 0; at < values.size(); at += kPiece) {
    const int count = static_cast<int>(std::min(kPiece, values.size() - at));
    T* data = values.data() + at;
    MPI_Ireduce(root ? MPI_IN_PLACE : data, root ? data : nullptr, count, type, op, 0,
                MPI_COMM_WORLD, &requests.emplace_back());
  }
}

void wait_for(std::vector<MPI_Request>& requests) {
  MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
}

template <typename T>
void reduce_to_root(std::span<T> values, MPI_Datatype type, MPI_Op op) {
  std::vector<MPI_Request> requests;
  start_reduce_to_root(values, type, op, requests);
  wait_for(requests);
}

}  // namespace

void sum_to_root(std::span<std::int64_t> values) {
  reduce_to_root(values, MPI_INT64_T, MPI_SUM);
}

void sum_to_root(std::span<std::uint32_t> values, std::span<std::uint32_t> scratch) {
  if (scratch.size() < values.size()) {
    throw std::logic_error("sum_to_root: scratch shorter than the values");
  }
  constexpr int kTag = 16001;
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  const Ranks me = ranks();
  // At step s the ranks still holding a partial sum are the multiples of s: those at an odd
  // multiple send theirs to the rank s below and are done, the others add the one from s above.
  // Sums of unsigned integers modulo 2^32 do not depend on the order they are added in.
  for (int step = 1; step < me.size; step *= 2) {
    if (me.rank % (2 * step) == step) {
      for (std::size_t at = 0; at < values.size(); at += kPiece) {
        MPI_Send(values.data() + at, static_cast<int>(std::min(kPiece, values.size() - at)),
                 MPI_UINT32_T, me.rank - step, kTag, MPI_COMM_WORLD);
      }
      return;
    }
    if (me.rank + step < me.size) {
      for (std::size_t at = 0; at < values.size(); at += kPiece) {
        const int expected = static_cast<int>(std::min(kPiece, values.size() - at));
        MPI_Status status;
        MPI_Recv(scratch.data() + at, expected, MPI_UINT32_T, me.rank + step, kTag, MPI_COMM_WORLD,
                 &status);
        int received = 0;
        MPI_Get_count(&status, MPI_UINT32_T, &received);
        if (received != expected) {  // tables of different lengths: a bug, never a user's input
          throw std::logic_error("sum_to_root: rank " + std::to_string(me.rank + step) +
                                 " sent a table of another length");
        }
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        values[i] += scratch[i];
      }
    }
  }
}

void min_to_root(std::vector<double>& values) {
  reduce_to_root(std::span(values), MPI_DOUBLE, MPI_MIN);
}

void max_to_root(std::vector<double>& values) {
  reduce_to_root(std::span(values), MPI_DOUBLE, MPI_MAX);
}

int first_failing_rank(bool failed) {
  const int mine = failed ? ranks().rank : ranks().size;
  int lowest = 0;
  MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return lowest == ranks().size ? -1 : lowest;
}

std::string broadcast(const std::string& value) {
  unsigned long long size = value.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  std::vector<char> bytes(value.begin(), value.end());
  bytes.resize(size);
  MPI_Bcast(bytes.data(), static_cast<int>(size), MPI_CHAR, 0, MPI_COMM_WORLD);
  return std::string(bytes.begin(), bytes.end());
}

int broadcast(int value) {
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

int broadcast_from(int root, int value) {
  MPI_Bcast(&value, 1, MPI_INT, root, MPI_COMM_WORLD);
  return value;
}

}  // namespace cloudsim::parallel
