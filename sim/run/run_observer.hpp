#pragma once
// What a run tells its caller while it goes: the library prints nothing, the caller (the `sim`
// command, the benchmark) decides what to show. Every call comes from the thread that called
// run_batch except paths_completed, which the engine makes from one worker thread at a time.

#include <cstdint>
#include <filesystem>

#include "conditioning/smc.hpp"
#include "output/result_metadata.hpp"
#include "run/run_steps.hpp"

namespace cloudsim::run {

class RunObserver {
 public:
  virtual ~RunObserver() = default;

  // The temporary file of a run that was killed, removed before this run started.
  virtual void removed_leftover(const std::filesystem::path& /*file*/) {}

  // A precision run: the result would not fit on the disk at the path cap.
  virtual void disk_may_not_suffice(const DiskShortfall& /*shortfall*/) {}
  // A precision run's path search (no file written yet): started, and where it stopped.
  virtual void precision_search_started(std::uint64_t /*step*/, std::uint64_t /*max_paths*/) {}
  virtual void precision_search_ended(const output::RunStatus& /*status*/,
                                      std::uint64_t /*paths*/) {}

  // The simulation of the written paths: `total` paths of `steps` path-steps each, of which
  // `already_done` were taken from a resumed file. paths_completed is called only when
  // follows_progress() is true (it costs a call per block).
  virtual bool follows_progress() const { return false; }
  virtual void simulation_started(std::uint64_t /*total*/, int /*steps*/,
                                  std::uint64_t /*already_done*/) {}
  virtual void paths_completed(std::uint64_t /*done*/) {}
  virtual void simulation_ended() {}
  // A conditioned run (docs/conditioning.md): each scenario's conditioning on `observations` rows,
  // and what came of it (warnings: messages for a result not to trust as it is).
  virtual void conditioning_started(const std::string& /*scenario*/, std::uint64_t /*paths*/,
                                    std::size_t /*observations*/) {}
  virtual void conditioning_ended(const std::string& /*scenario*/,
                                  const output::ConditioningRecord& /*record*/,
                                  const conditioning::SmcDiagnostics& /*diagnostics*/,
                                  const std::vector<std::string>& /*warnings*/) {}
};

}  // namespace cloudsim::run
