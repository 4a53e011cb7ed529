#include <algorithm>
#include <utility>

#include "parallel/ranks.hpp"

namespace cloudsim::parallel {

Session::Session(int& /*argc*/, char**& /*argv*/) {}
Session::~Session() = default;

void abort_every_rank(int /*code*/) {}

bool built_with_mpi() {
  return false;
}

Ranks ranks() {
  return {};
}

bool threads_may_call_at_once() {
  return true;
}

struct SharedCounter::Window {
  std::uint64_t next = 0;
};

std::unique_ptr<SharedCounter> SharedCounter::create(std::uint64_t first) {
  auto window = std::make_unique<Window>();
  window->next = first;
  return std::unique_ptr<SharedCounter>(new SharedCounter(std::move(window)));
}

SharedCounter::SharedCounter(std::unique_ptr<Window> window) : window_(std::move(window)) {}

SharedCounter::~SharedCounter() = default;

std::uint64_t SharedCounter::next() {
  return window_->next++;
}

void SharedCounter::raise_to(std::uint64_t value) {
  window_->next = std::max(window_->next, value);
}

std::vector<std::uint64_t> gather_to_root(std::uint64_t value) {
  return {value};
}

void barrier() {}

std::uint64_t sum(std::uint64_t value) {
  return value;
}

void sum_in_place(std::vector<std::uint64_t>& /*values*/) {}

void sum_to_root(std::span<std::int64_t> /*values*/) {}
void sum_to_root(std::span<std::uint32_t> /*values*/, std::span<std::uint32_t> /*scratch*/) {}
void min_to_root(std::vector<double>& /*values*/) {}
void max_to_root(std::vector<double>& /*values*/) {}

int first_failing_rank(bool failed) {
  return failed ? 0 : -1;
}

std::string broadcast(const std::string& value) {
  return value;
}

int broadcast(int value) {
  return value;
}

int broadcast_from(int /*root*/, int value) {
  return value;
}

}  // namespace cloudsim::parallel
