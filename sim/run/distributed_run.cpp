#include "run/distributed_run.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/huge_pages.hpp"
#include "output/path_checksums.hpp"
#include "output/raw_chunk_file.hpp"
#include "output/result_writer.hpp"
#include "output/staged_file.hpp"
#include "parallel/ranks.hpp"
#include "run/condition_batch.hpp"
#include "run/run_error.hpp"
#include "run/run_steps.hpp"

namespace cloudsim::run {

namespace {

// Shows a rank other than the first the paths that set the summaries' grids and shifts (the
// first min(N, 1024), which rank 0 simulates): it computes them itself, counter-based draws make
// them the same paths; they are not written and not counted.
void run_pilot(const RunPlan& plan, const BatchModels& models, const RunSettings& settings,
               summary::BatchSummaries& summaries) {
  struct Pilot final : engine::BlockSink {
    summary::BatchSummaries& summaries;
    explicit Pilot(summary::BatchSummaries& s) : summaries(s) {}
    void consume(const engine::PathBlock& block) override { summaries.consume_pilot(block); }
  } pilot(summaries);
  auto sinks = reducer_for(plan, pilot);
  engine::RunOptions options;
  options.paths = summaries.grid_paths();
  options.seed = plan.metadata.seed;
  options.block_size = output::kPathChunk;
  options.threads = settings.threads;
  options.stepping = settings.stepping;
  options.stop_requested = settings.stop_requested;
  (void)engine::run_paths(models.scenarios, options, sinks);
}

// Which blocks of 1,024 paths this rank simulates. As the ranks ask for them, from a counter they
// share: a rank that runs faster (another process on its core, a slower core) takes more blocks,
// and none waits for the slowest at the end (with blocks dealt in turn, the last rank to finish
// waited 0.4-0.9 s of a 2.5 s run: docs/performance.md). Rank 0 takes block 0 itself: its
// summaries set their grids from the first paths (the other ranks run the pilot). Where the
// ranks cannot share a counter (SharedCounter::create), dealt in turn, block b to rank b mod K.
// Which rank computed a block changes nothing in the file. Collective to create and destroy.
class BlockDealer {
 public:
  explicit BlockDealer(parallel::Ranks ranks)
      : ranks_(ranks), shared_(parallel::SharedCounter::create(1)) {}
  [[nodiscard]] std::function<std::uint64_t()> next_block() {
    return [this] {
      ++taken_;
      if (!shared_) {
        return static_cast<std::uint64_t>(ranks_.rank) +
               (taken_ - 1) * static_cast<std::uint64_t>(ranks_.size);
      }
      return ranks_.root() && taken_ == 1 ? 0 : shared_->next();
    };
  }
  [[nodiscard]] bool as_asked() const { return shared_ != nullptr; }
  // After this rank stopped or failed: the others take no new block either (the run is not kept).
  void end_for_everyone() {
    if (shared_) {
      shared_->raise_to(kPastAnyBlock);
    }
  }

 private:
  static constexpr std::uint64_t kPastAnyBlock = std::uint64_t{1} << 62;
  parallel::Ranks ranks_;
  std::unique_ptr<parallel::SharedCounter> shared_;  // null on every rank, or on none
  std::uint64_t taken_ = 0;                          // blocks asked for
};

}  // namespace

void check_distributable(const RunPlan& plan) {
  if (!plan.resume_from.empty()) {
    throw RequestError("--resume runs in one process; run it without mpirun");
  }
  if (!plan.precision.empty()) {
    throw RequestError(
        "precision targets need every path's outcome in one place as paths are added; "
        "under mpirun give a path count (--paths) instead");
  }
}

void report_first_failure(std::exception_ptr failure,
                          const std::function<int(std::exception_ptr)>& exit_code_of) {
  const int failing = parallel::first_failing_rank(failure != nullptr);
  if (failing < 0) {
    return;
  }
  // The failing rank's exit code, to every rank (collective: all ranks reach this call).
  const int mine = parallel::ranks().rank == failing ? exit_code_of(failure) : 0;
  const int code = parallel::broadcast_from(failing, mine);
  if (parallel::ranks().rank == failing) {
    throw AgreedFailure(failure);
  }
  throw FailedOnAnotherRank(code);
}

namespace {

// Runs `step`, which this rank does on its own, then agrees with the other ranks whether any
// failed in theirs (report_first_failure, collective): a rank that fails there, even only for
// want of memory, stops every rank with one message instead of leaving the others waiting for it
// in their next collective call.
template <class Step>
void agreed_step(const RunSettings& settings, Step&& step) {
  std::exception_ptr failure;
  try {
    step();
  } catch (...) {
    failure = std::current_exception();
  }
  report_first_failure(failure, settings.exit_code_of);
}

// The histogram counts onto rank 0 where they are, table by table, along parallel::sum_to_root's
// tree of messages into `scratch`, one table long (made with the summaries, inside their agreed
// step: a rank that cannot have it stops every rank there, before anything waits for it). It
// took 0.01 s where MPI_Reduce of the whole tables took 0.09 s for core's 19 MB, most of the
// run's serial tail (docs/performance.md, fourteenth pass).
void reduce_counts_to_root(summary::BatchSummaries& summaries,
                           engine::HugePageVector<std::uint32_t>& scratch) {
  for (const std::span<std::uint32_t> table : summaries.count_tables()) {
    parallel::sum_to_root(table, std::span(scratch));
  }
}

}  // namespace

RunResult run_distributed(RunPlan& plan, const RunSettings& settings, RunObserver& observer) {
  const parallel::Ranks ranks = parallel::ranks();
  // Whatever a rank does on its own between two collective calls is an agreed_step.
  std::optional<BatchModels> models;
  // Every rank conditions the whole batch (the same histories everywhere: the engine is
  // deterministic) and then simulates its own paths; only rank 0 tells. A rank that stopped
  // conditioning (below) waits in the agreement while another may still fail in it (a later
  // scenario of the batch): the failure is agreed first, then the stop.
  RunObserver silent;
  std::unique_ptr<ConditionedBatch> conditioned;
  agreed_step(settings, [&] {
    models.emplace(plan.batch);
    conditioned = condition_batch(plan, *models, settings.threads, settings.stepping,
                                  settings.stop_requested, ranks.root() ? observer : silent);
  });
  const int steps = models->models.front().steps();
  // A signal stops this rank's conditioning at its next stage; the ranks then agree (after the
  // others have finished theirs: under mpirun a signal usually reaches every rank) and the run
  // ends stopped, nothing written. A signal that came while planning stays set: the engine then
  // takes no block, and the run ends the same way.
  if (const int stopping = parallel::first_failing_rank(conditioned && conditioned->stopped);
      stopping >= 0) {
    RunResult result;
    result.ending = RunEnding::stopped_distributed;
    result.stopping_rank = stopping;
    result.stopped_while = "while conditioning on the observations";
    result.steps = steps;
    result.ranks = ranks.size;
    result.reports_here = ranks.root();
    return result;
  }

  // Rank 0 checks the output name and the disk, and creates the file with every dataset and
  // coordinate (strings and attributes are written by one process; parallel HDF5 1.10 cannot
  // write variable-length strings collectively).
  std::optional<output::StagedFile> staged;
  std::string temporary;
  agreed_step(settings, [&] {
    if (ranks.root()) {
      staged.emplace(plan.output_path, plan.replace_policy);
      check_disk_space(plan.metadata, staged->temporary_path(), settings.ignore_disk_space);
      output::ResultWriter skeleton(staged->temporary_path().string(), plan.metadata);
      skeleton.close_data();
      temporary = staged->temporary_path().string();
    }
  });
  temporary = parallel::broadcast(temporary);
  // Each rank's own way into the file for its chunks, agreed before the collective open of the
  // HDF5 file: a rank that cannot open it (permissions, no descriptor left, a file system that
  // other nodes do not see) says so, and every rank stops, instead of the others waiting for it.
  // So are the rank's summaries (their histograms take up to 128 MB), checksums, and the scratch
  // table the histograms' reduce receives into.
  std::unique_ptr<output::RawChunkFile> chunks;
  std::optional<output::PathChecksums> path_checksums;
  SummaryPeriods periods;
  std::unique_ptr<summary::BatchSummaries> batch_summaries;
  engine::HugePageVector<std::uint32_t> count_scratch;
  agreed_step(settings, [&] {
    chunks = std::make_unique<output::RawChunkFile>(temporary);
    path_checksums.emplace(plan.metadata.scenarios.size(), plan.metadata.paths);
    periods = summary_periods(plan.metadata, plan.level);
    batch_summaries = summaries_for(plan, periods);
    count_scratch.assign(batch_summaries->count_table_size(), 0);
  });
  output::PathChecksums& checksums = *path_checksums;
  summary::BatchSummaries& summaries = *batch_summaries;

  // Every rank writes its own blocks (whole chunks: no two ranks touch one chunk).
  RunResult result;
  result.steps = steps;
  result.ranks = ranks.size;
  result.reports_here = ranks.root();
  int stopping = -1;  // the lowest rank that was stopped, or −1
  {
    BlockDealer deal(ranks);
    output::ResultWriter writer(temporary, plan.metadata,
                                output::ResultWriter::OpenExisting{std::move(chunks)});
    engine::FanOutSink written({&writer, &checksums, &summaries});
    auto sinks = reducer_for(plan, written);
    engine::RunOptions options;
    options.paths = plan.metadata.paths;
    options.seed = plan.metadata.seed;
    options.block_size = output::kPathChunk;
    options.align = output::kPathChunk;
    options.next_aligned_block = deal.next_block();
    options.threads = settings.threads;
    options.stepping = settings.stepping;
    options.stop_requested = settings.stop_requested;
    std::exception_ptr failure;
    try {
      if (!ranks.root()) {
        run_pilot(plan, *models, settings, summaries);
      }
      result.report = engine::run_paths(models->scenarios, options, sinks);
      if (result.report.stopped_early) {
        deal.end_for_everyone();
      }
    } catch (...) {
      failure = std::current_exception();
      deal.end_for_everyone();
    }
    // The writer closes collectively as every rank unwinds.
    report_first_failure(failure, settings.exit_code_of);
    stopping = parallel::first_failing_rank(result.report.stopped_early);
    agreed_step(settings, [&] { writer.close_data(); });
    result.paths_per_rank = parallel::gather_to_root(result.report.paths_completed);
    result.blocks_as_asked = deal.as_asked();
  }
  result.paths_completed = parallel::sum(result.report.paths_completed);
  result.report.paths_completed = result.paths_completed;
  parallel::sum_in_place(checksums.sums());
  if (stopping >= 0) {
    result.ending = RunEnding::stopped_distributed;
    result.stopping_rank = stopping;
    return result;
  }

  // Every rank's summaries onto rank 0 (collective). Exact sums, minima, maxima and counts: the
  // merged summaries are the same to the bit as one process's over all paths. The histogram
  // counts (up to 128 MB) are added where they are, not copied into the totals and back
  // (docs/performance.md, ninth pass).
  std::optional<summary::SummaryTotals> rank_totals;
  agreed_step(settings, [&] { rank_totals.emplace(summaries.totals(/*with_counts=*/false)); });
  summary::SummaryTotals& totals = *rank_totals;
  parallel::sum_to_root(totals.sums);
  parallel::min_to_root(totals.minimum);
  parallel::max_to_root(totals.maximum);
  reduce_counts_to_root(summaries, count_scratch);
  totals.paths = parallel::sum(totals.paths);

  // Rank 0: the summary tables, the run's status, and the rename into place.
  int code = 0;
  std::exception_ptr failure;
  if (ranks.root()) {
    try {
      summaries.set_totals(totals);
      result.tables = summary_tables(summaries, periods);
      inflate_conditioned_errors(result.tables, plan.metadata);
      result.summarised_paths = summaries.paths();
      output::ResultWriter finishing(temporary, plan.metadata,
                                     output::ResultWriter::OpenExisting{});
      finishing.write_summaries(result.tables);
      finishing.write_checksums(checksums.sums());
      output::RunStatus status = plan.carried;
      status.paths_completed = result.paths_completed;
      finishing.finish(status);
      staged->commit();
    } catch (...) {
      failure = std::current_exception();
      code = settings.exit_code_of(failure);
    }
  }
  code = parallel::broadcast(code);
  if (failure) {
    throw AgreedFailure(failure);  // rank 0 reports; the others exit with its code below
  }
  if (code != 0) {
    throw FailedOnAnotherRank(code);
  }
  return result;
}

}  // namespace cloudsim::run
