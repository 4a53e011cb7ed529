#pragma once
// Every random draw of one path, from its counter-based stream (random_stream.hpp), or, for a
// conditioned path, from a stored history: the draws of its first quarters kept on a tape, so the
// conditioning engine can replay a history, move it (docs/conditioning.md) and continue it with
// fresh draws after the last observed quarter.

#include <cstdint>
#include <span>
#include <vector>

#include "engine/random_stream.hpp"

namespace cloudsim::engine {

// Every value on a tape is N(0, 1) under the prior: uniforms are kept as their normal scores.
// Where each value of a history tape comes from, the same for every path of a scenario because the
// simulator asks for its draws in a fixed order. One entry per request of the simulator.
struct TapeRequest {
  enum class Kind : std::uint8_t { normals, normal_at, uniform_at };
  Kind kind = Kind::normals;
  std::uint64_t quarter = 0;
  RandomPurpose purpose = RandomPurpose::demand_shock;
  std::uint64_t block = 0;  // normal_at and uniform_at: the counter block
  std::size_t offset = 0;   // of its first value on the tape
  std::size_t count = 0;    // values: the span's length for `normals`, else 1
};

struct TapeLayout {
  std::vector<TapeRequest> requests;
  std::size_t length = 0;  // values on a tape
};

class PathDraws {
 public:
  PathDraws(std::uint64_t seed, std::uint64_t path) : stream_(seed, path) {}

  // Draws for quarters before `history_quarters` are read from `tape`, in request order.
  void replay(const double* tape, std::uint64_t history_quarters);
  // Draws for quarters before `history_quarters` come from the stream and are appended to `tape`;
  // `layout`, when not null, receives the requests (for the first path of a scenario).
  void record(std::vector<double>* tape, TapeLayout* layout, std::uint64_t history_quarters);

  void normals(std::uint64_t quarter, RandomPurpose purpose, std::span<double> out);
  [[nodiscard]] double normal_at(std::uint64_t quarter, RandomPurpose purpose, std::uint64_t block);
  // normal_at for each block in turn (on a tape, one request each, in that order).
  void normals_at(std::uint64_t quarter, RandomPurpose purpose,
                  std::span<const std::uint64_t> blocks, std::span<double> out);
  [[nodiscard]] double uniform_at(std::uint64_t quarter, RandomPurpose purpose,
                                  std::uint64_t block);

  // Values read from or written to the tape so far (a replay must read exactly its length).
  [[nodiscard]] std::size_t tape_position() const { return position_; }

 private:
  [[nodiscard]] bool on_tape(std::uint64_t quarter) const { return quarter < history_quarters_; }
  void note(TapeRequest::Kind kind, std::uint64_t quarter, RandomPurpose purpose,
            std::uint64_t block, std::size_t count);

  PathRandomStream stream_;
  std::uint64_t history_quarters_ = 0;
  const double* replayed_ = nullptr;
  std::vector<double>* recorded_ = nullptr;
  TapeLayout* layout_ = nullptr;
  std::size_t position_ = 0;
};

}  // namespace cloudsim::engine
