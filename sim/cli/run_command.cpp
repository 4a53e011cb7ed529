// `sim run`: parses the command line, plans the run, hands it to run::run_batch (sim/run) and
// prints what the run reports: progress, notes, the closing report, and how a stopped run ended.

#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/interrupts.hpp"
#include "cli/printable.hpp"
#include "cli/progress.hpp"
#include "cli/run_arguments.hpp"
#include "cli/run_report.hpp"
#include "output/h5.hpp"
#include "parallel/ranks.hpp"
#include "run/distributed_run.hpp"
#include "run/run_batch.hpp"
#include "run/run_plan.hpp"

namespace cloudsim::cli {
namespace {

// Prints on stderr what the run reports while it goes (nothing with --quiet but removed
// leftovers and disk notes, which concern files rather than progress).
class PrintingObserver final : public run::RunObserver {
 public:
  explicit PrintingObserver(const RunArguments& arguments) : arguments_(arguments) {}

  void removed_leftover(const std::filesystem::path& file) override {
    std::cerr << "sim: removed " << file.string()
              << ", the temporary file of a run that was killed\n";
  }
  void disk_may_not_suffice(const run::DiskShortfall& shortfall) override {
    std::cerr << "sim: note: at the cap of " << shortfall.max_paths
              << " paths the result would take about " << run::size_text(shortfall.needed_bytes)
              << " and " << run::size_text(shortfall.available_bytes)
              << " are free; if the targets need that many paths the run stops before writing\n";
  }
  void precision_search_started(std::uint64_t step, std::uint64_t max_paths) override {
    if (!arguments_.quiet) {
      std::cerr << "sim: adding paths until every precision target is met (checked every " << step
                << " paths, at most " << max_paths << ")\n";
    }
  }
  void precision_search_ended(const output::RunStatus& status, std::uint64_t paths) override {
    if (arguments_.quiet) {
      return;
    }
    std::cerr << "sim: " << status.stop_reason << " at " << paths << " paths:";
    for (const auto& record : status.precision) {
      std::cerr << "\n  " << record.target << ": standard error " << record.standard_error
                << (record.met ? " (met)" : " (NOT met)");
    }
    std::cerr << "\n";
  }
  [[nodiscard]] bool follows_progress() const override { return !arguments_.quiet; }
  void simulation_started(std::uint64_t total, int steps, std::uint64_t already_done) override {
    if (arguments_.quiet) {
      return;
    }
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const double interval = arguments_.progress_interval >= 0.0 ? arguments_.progress_interval
                                                                : (terminal ? 0.2 : 10.0);
    progress_.emplace(std::cerr, total, steps, terminal, interval, already_done);
  }
  void paths_completed(std::uint64_t done) override {
    if (progress_) {
      progress_->update(done);
    }
  }
  void simulation_ended() override {
    if (progress_) {
      progress_->finish();
    }
  }
  void conditioning_started(const std::string& scenario, std::uint64_t paths,
                            std::size_t observations) override {
    if (!arguments_.quiet) {
      std::cerr << "sim: conditioning " << scenario << " on " << observations
                << " observations with " << paths << " paths\n";
    }
  }
  void conditioning_ended(const std::string& scenario, const output::ConditioningRecord& record,
                          const conditioning::SmcDiagnostics& d,
                          const std::vector<std::string>& warnings) override {
    if (!arguments_.quiet) {
      std::uint64_t fewest = 0;
      std::uint64_t most = 0;
      for (const auto v : d.distinct_input_values) {
        fewest = fewest == 0 ? v : std::min(fewest, v);
        most = std::max(most, v);
      }
      std::cerr << std::fixed << std::setprecision(1) << "sim: " << scenario << " conditioned in "
                << d.seconds << " s up to " << record.last_observed_quarter
                << ": effective sample size " << std::setprecision(0) << d.effective_sample_size
                << " (prior's " << std::setprecision(1) << d.prior_effective_sample_size << "), "
                << d.distinct_histories << " distinct histories, " << d.stages << " stages, "
                << std::setprecision(0) << 100.0 * d.move_acceptance << "% of moves accepted";
      if (!d.distinct_input_values.empty()) {
        std::cerr << ", " << fewest << "-" << most << " distinct values per drawn input";
      }
      std::cerr << std::defaultfloat << "\n";
    }
    for (const auto& warning : warnings)
      std::cerr << "sim: warning: " << scenario << ": " << warning << "\n";
  }

 private:
  const RunArguments& arguments_;
  std::optional<ProgressLine> progress_;
};

// `signal` is this process's, or under mpirun the one that stopped the run on another rank.
int interrupted_before_writing(const std::string& what, int signal = received_signal()) {
  std::cerr << "sim: interrupted (" << signal_name(signal) << ") " << what
            << "; nothing was written\n";
  return exit_code_for_signal(signal);
}

int exit_code_of(std::exception_ptr failure) {
  return describe_failure(failure).exit_code;
}

// What the run's ending means for the user, and the exit code.
int report_ending(const run::RunPlan& plan, const run::RunResult& result,
                  const RunArguments& arguments) {
  switch (result.ending) {
    case run::RunEnding::stopped_unwritten:
      return interrupted_before_writing(result.stopped_while);
    case run::RunEnding::partial_kept:
      std::cerr << "sim: interrupted (" << received_signal_name() << ") after "
                << result.paths_completed << " of " << plan.metadata.paths << " paths; "
                << printable(plan.output_path) << " was not written (or left as it was). The "
                << result.paths_completed << " paths are kept in "
                << printable(result.partial.string()) << "; finish them with: sim run --resume "
                << shell_quoted(result.partial.string())
                << (result.partial_replaces_output ? " --force" : "") << "\n";
      return interrupted_exit_code();
    case run::RunEnding::stopped_distributed: {
      // Collective: every rank ends here, with the signal that reached the lowest stopped rank
      // (a rank no signal reached would say 130).
      const int signal = parallel::broadcast_from(result.stopping_rank, received_signal());
      if (!result.reports_here) {
        return exit_code_for_signal(signal);
      }
      if (!result.stopped_while.empty()) {
        return interrupted_before_writing(result.stopped_while, signal);
      }
      std::cerr << "sim: interrupted (" << signal_name(signal) << "); "
                << printable(plan.output_path)
                << " was not written (or left as it was). Under mpirun no partial file is kept: "
                   "run again, or run without mpirun to be able to resume\n";
      return exit_code_for_signal(signal);
    }
    case run::RunEnding::complete:
      break;
  }
  // A signal after the last path: the result is complete, and the exit code says a signal came,
  // on every rank under mpirun (collective, and before the report, which only rank 0 prints and
  // which may throw: the lowest rank the signal reached names it).
  const int late = parallel::first_failing_rank(received_signal() != 0);
  const int signal = late >= 0 ? parallel::broadcast_from(late, received_signal()) : 0;
  if (!arguments.quiet && result.reports_here) {
    print_run_report(plan, result);
  }
  if (late < 0) {
    return 0;
  }
  if (result.reports_here) {
    std::cerr << "sim: " << signal_name(signal) << " arrived after the last path; the complete "
              << "result was written to " << printable(plan.output_path) << "\n";
  }
  return exit_code_for_signal(signal);
}

}  // namespace

int run_command(const std::vector<std::string>& arguments) {
  // From here to the final rename no SIGINT, SIGTERM or SIGHUP kills the run (cli/interrupts.hpp).
  const InterruptGuard interrupts;
  output::h5::silence_default_error_printing();
  const parallel::Ranks ranks = parallel::ranks();
  // Under mpirun every rank plans the run; a problem on any rank (usually the same on all) is
  // reported once, by the lowest rank that has it, and every rank exits with its code.
  std::optional<RunArguments> parsed;
  run::RunPlan plan;
  std::exception_ptr failure;
  try {
    parsed = parse_run_arguments(arguments);
    if (parsed) {
      plan = parsed->resume.empty() ? run::plan_new_run(*parsed)
                                    : run::plan_resumed_run(*parsed, &g_stop_requested);
      if (ranks.distributed()) {
        run::check_distributable(plan);
      }
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!ranks.distributed()) {
    if (failure)
      std::rethrow_exception(failure);
    if (parsed && g_stop_requested.load()) {
      return interrupted_before_writing("while reading the scenarios");
    }
  } else {
    run::report_first_failure(failure, exit_code_of);
  }
  if (!parsed) {
    return 0;
  }
  run::RunSettings settings;
  settings.threads = parsed->threads;
  settings.block_size = parsed->block_size;
  settings.stepping =
      parsed->path_by_path ? engine::Stepping::path_by_path : engine::Stepping::in_lanes;
  settings.ignore_disk_space = parsed->ignore_disk_space;
  settings.stop_requested = &g_stop_requested;
  settings.exit_code_of = exit_code_of;
  PrintingObserver observer(*parsed);
  const run::RunResult result = run::run_batch(plan, settings, observer);
  return report_ending(plan, result, *parsed);
}

}  // namespace cloudsim::cli
