// sim_bench: throughput figures for docs/performance.md. Prints, for one scenario:
//   the draws alone and the floor (draws and the logit's exponentials), with customer groups also
//   the floor with their rows' exponentials;
//   compute only (blocks discarded) on 1 thread, on 1 thread with every path stepped alone (the
//   reference stepper, --path-by-path) and on 2 threads, in path-steps per second;
//   the HDF5 file alone, then the whole `sim run` assembly (run::run_batch: file, record reducer,
//   summaries, checksums, staged commit), their MB/s and their time relative to compute only;
//   the whole `sim run` again with --record final (the final quarter only);
//   the full-record file's bytes written alone into the page cache (its wall and CPU time);
//   the process's peak resident memory.
// usage: sim_bench SCENARIO.toml [--paths N] [--output-dir DIR] [--compute-only]
//   --compute-only prints the compute-only figure on 1 thread alone, for a profile of the engine.

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cloudsim/version.hpp"
#include "engine/random_stream.hpp"
#include "engine/run_driver.hpp"
#include "engine/stepping.hpp"
#include "model/market_model.hpp"
#include "numeric/exp_lanes.hpp"
#include "output/result_writer.hpp"
#include "run/result_metadata.hpp"
#include "run/run_batch.hpp"
#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"

namespace {

using namespace cloudsim;

class DiscardingSink final : public engine::BlockSink {
 public:
  void consume(const engine::PathBlock& block) override { checksum += block.revenue[0]; }
  double checksum = 0.0;  // keeps the optimiser from dropping the work
};

// S·P exponentials as the logit computes them: four lanes at a time, compiled as the engine's
// lane kernels are (AVX-512, AVX2 or the baseline, whichever the machine runs).
CLOUDSIM_LANE_CLONES
double sum_of_exponentials(std::span<const double> x) {
  numeric::Doubles total = numeric::splat(0.0);
  for (std::size_t first = 0; first < x.size(); first += numeric::kLanes) {
    numeric::Doubles lanes = numeric::splat(-std::numeric_limits<double>::infinity());
    if (first + numeric::kLanes <= x.size()) {
      std::memcpy(&lanes, x.data() + first, sizeof lanes);
    } else {
      for (std::size_t j = 0; first + j < x.size(); ++j)
        lanes[j] = x[first + j];
    }
    total += numeric::exp_nonpositive(0.1 * lanes - 1.0);
  }
  return total[0] + total[1] + total[2] + total[3];
}

// The floor: only the random draws and exponentials one path-step needs (S demand normals,
// S·P attraction normals, and `logit_rows` · P exponentials of the logit: S rows, the issue's
// floor, or with customer groups the G·S group rows the model evaluates instead), on one thread,
// nothing else. With `logit_rows` 0, the draws alone: what no implementation with these random
// numbers can go below.
double floor_path_steps_per_second(std::uint64_t paths, int steps, std::size_t segments,
                                   std::size_t providers, std::size_t logit_rows) {
  // Four paths at a time, their attraction normals in one request, as the engine draws them
  // where it steps paths in lanes: the cheapest way to these random numbers.
  constexpr std::size_t kPaths = 4;
  const std::uint64_t groups = std::max<std::uint64_t>(1, paths / kPaths);
  const std::size_t cells = segments * providers;
  std::vector<double> demand(segments), attraction(kPaths * cells);
  // The group rows' utilities are the segment rows' plus a constant: the attraction normals,
  // repeated, stand in for them (the exponential's cost does not depend on its argument).
  std::vector<double> logit(logit_rows * providers);
  double sink = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t group = 0; group < groups; ++group) {
    const std::uint64_t first = kPaths * group;
    const engine::PathRandomStream random[kPaths] = {
        {1, first}, {1, first + 1}, {1, first + 2}, {1, first + 3}};
    for (int t = 0; t < steps; ++t) {
      const auto quarter = static_cast<std::uint64_t>(t);
      engine::normals_of_consecutive_paths(1, first, kPaths, quarter,
                                           engine::RandomPurpose::attraction_noise, attraction);
      for (std::size_t lane = 0; lane < kPaths; ++lane) {
        random[lane].normals(quarter, engine::RandomPurpose::demand_shock, demand);
        const std::span<const double> own(attraction.data() + lane * cells, cells);
        if (logit.empty()) {
          sink += own[0];
        } else if (logit.size() == cells) {  // the segment rows: the normals themselves
          sink += sum_of_exponentials(own);
        } else {
          for (std::size_t at = 0; at < logit.size(); at += cells) {
            std::copy_n(own.begin(), std::min(cells, logit.size() - at),
                        logit.begin() + static_cast<std::ptrdiff_t>(at));
          }
          sink += sum_of_exponentials(logit);
        }
        sink += demand[0];
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (sink == 42.0)
    std::printf(" ");  // keeps the work observable
  return static_cast<double>(groups * kPaths) * steps / seconds;
}

// CPU seconds this process has used so far, user and system.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Writes `bytes` into a new file with pwrite, 4 MiB at a time from one buffer already in memory,
// on this thread alone, and removes it: what putting a result's bytes into the page cache costs
// by itself, with nothing computed, transposed or hashed (the least any writer of that file pays).
// Returns the wall and the CPU seconds.
std::pair<double, double> page_cache_write(const std::filesystem::path& file, std::uint64_t bytes) {
  constexpr std::size_t kPiece = std::size_t{4} << 20;
  std::vector<char> buffer(kPiece, 'x');
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    throw std::runtime_error("sim_bench: cannot create " + file.string());
  }
  ::sync();
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t at = 0; at < bytes;) {
    const auto piece = static_cast<std::size_t>(std::min<std::uint64_t>(kPiece, bytes - at));
    const ssize_t wrote = ::pwrite(fd, buffer.data(), piece, static_cast<off_t>(at));
    if (wrote <= 0) {
      ::close(fd);
      std::filesystem::remove(file);
      throw std::runtime_error("sim_bench: cannot write " + file.string());
    }
    at += static_cast<std::uint64_t>(wrote);
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_before;
  ::close(fd);
  std::filesystem::remove(file);
  return {wall, cpu};
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

engine::RunReport simulate(const model::MarketModel& model, const scenario::Scenario& s,
                           std::uint64_t paths, int threads, engine::BlockSink& sink,
                           engine::Stepping stepping = engine::Stepping::in_lanes) {
  engine::RunOptions options;
  options.stepping = stepping;
  options.paths = paths;
  options.seed = s.run.seed;
  options.uncertain_inputs = &s.uncertain;
  options.threads = threads;
  return engine::run_paths(model, options, sink);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sim_bench SCENARIO.toml [--paths N] [--output-dir DIR] [--compute-only]\n";
    return 2;
  }
  std::uint64_t paths = 100000;
  std::filesystem::path output_dir = std::filesystem::temp_directory_path();
  bool compute_only = false;
  for (int k = 2; k < argc; k += 2) {
    const std::string flag = argv[k];
    if (flag == "--compute-only") {
      compute_only = true;
      --k;
    } else if (k + 1 >= argc) {
      std::cerr << "option " << flag << " needs a value\n";
      return 2;
    } else if (flag == "--paths") {
      paths = std::stoull(argv[k + 1]);
    } else if (flag == "--output-dir") {
      output_dir = argv[k + 1];
    } else {
      std::cerr << "unknown option " << flag << "\n";
      return 2;
    }
  }
  try {
    const auto s = scenario::load_scenario_file(argv[1]);
    const model::MarketModel model(s.market);
    const double steps = static_cast<double>(paths) * model.steps();
    // Two threads, whatever the machine: the scaling target is stated for two.
    const int all = 2;
    std::printf("sim_bench %s: %s, %llu paths x %d steps, %zu segments x %zu providers\n", kVersion,
                argv[1], static_cast<unsigned long long>(paths), model.steps(),
                model.segment_count(), model.provider_count());

    if (compute_only) {
      // Only the figure a profile of the engine wants (perf record sim_bench … --compute-only).
      DiscardingSink discard;
      const auto one = simulate(model, s, paths, 1, discard);
      std::printf("  compute only, 1 thread:   %8.3f s  %12.0f path-steps/s\n", one.seconds,
                  steps / one.seconds);
      return 0;
    }
    const std::uint64_t floor_paths = std::min<std::uint64_t>(paths, 50000);
    const std::size_t groups = s.market.customer_groups.size();
    const double floor_rate =
        floor_path_steps_per_second(floor_paths, model.steps(), model.segment_count(),
                                    model.provider_count(), model.segment_count());
    const double draws_rate = floor_path_steps_per_second(
        floor_paths, model.steps(), model.segment_count(), model.provider_count(), 0);
    // With customer groups the logit runs over their G·S rows, not the S segment rows.
    const double model_floor_rate =
        groups == 0
            ? floor_rate
            : floor_path_steps_per_second(floor_paths, model.steps(), model.segment_count(),
                                          model.provider_count(), groups * model.segment_count());
    const double normals_per_step = static_cast<double>(
        model.segment_count() * (1 + model.provider_count()));  // S demand + S·P attraction
    std::printf(
        "  draws only (Philox + Box-Muller), 1 thread: %10.0f path-steps/s  (%.2f ns per normal)\n",
        draws_rate, 1e9 / (draws_rate * normals_per_step));
    std::printf("  floor (draws + exps only), 1 thread:      %12.0f path-steps/s\n", floor_rate);
    if (groups != 0) {
      std::printf(
          "  floor with the %zu customer-group rows' exps instead of the %zu segment rows':"
          " %.0f path-steps/s\n",
          groups * model.segment_count(), model.segment_count(), model_floor_rate);
    }
    DiscardingSink discard;
    const auto one = simulate(model, s, paths, 1, discard);
    std::printf("  compute only, 1 thread:   %8.3f s  %12.0f path-steps/s  (%.0f%% of the floor)\n",
                one.seconds, steps / one.seconds, 100.0 * steps / one.seconds / floor_rate);
    const auto alone = simulate(model, s, paths, 1, discard, engine::Stepping::path_by_path);
    std::printf(
        "  compute only, 1 thread, every path alone (--path-by-path): %8.3f s  %12.0f "
        "path-steps/s  (the default is %.2fx as fast)\n",
        alone.seconds, steps / alone.seconds, alone.seconds / one.seconds);
    const auto many = simulate(model, s, paths, all, discard);
    std::printf("  compute only, %d threads:  %8.3f s  %12.0f path-steps/s  (scaling %.2fx)\n", all,
                many.seconds, steps / many.seconds, one.seconds / many.seconds);

    output::h5::silence_default_error_printing();
    const auto file = output_dir / ("sim_bench-" + std::to_string(::getpid()) + ".h5");
    // The file alone, then the whole assembly of `sim run` (the same summaries and periods), with
    // every quarter recorded and with the final quarter only (`--record final`: the summaries of
    // that quarter, a file of a few tens of MB). The disk is synced first so one run's write-back
    // does not slow the next.
    double whole_seconds = 0.0;
    double final_seconds = 0.0;
    std::uint64_t full_bytes = 0;
    enum class Stage { file_alone, whole_run, whole_run_final };
    for (const Stage stage : {Stage::file_alone, Stage::whole_run, Stage::whole_run_final}) {
      const bool whole_run = stage != Stage::file_alone;
      ::sync();
      engine::RunReport full;
      run::RunPlan plan;
      plan.batch = run::single_scenario_batch(s);
      plan.batch.scenarios.front().scenario.run.paths = paths;
      if (stage == Stage::whole_run_final) {
        plan.level = output::RecordLevel::final_quarter;
      }
      plan.metadata = run::metadata_for(plan.batch, plan.level);
      plan.output_path = file.string();
      if (whole_run) {
        run::RunSettings settings;
        settings.threads = all;
        run::RunObserver silent;
        full = run::run_batch(plan, settings, silent).report;
      } else {
        output::ResultWriter writer(file.string(), plan.metadata);
        full = simulate(model, s, paths, all, writer);
        output::RunStatus status;
        status.paths_completed = full.paths_completed;
        writer.finish(status);
      }
      (stage == Stage::whole_run_final ? final_seconds : whole_seconds) = full.seconds;
      const std::uint64_t bytes = std::filesystem::file_size(file);
      if (stage == Stage::whole_run) {
        full_bytes = bytes;
      }
      const double megabytes = static_cast<double>(bytes) / 1e6;
      std::filesystem::remove(file);
      const char* what = stage == Stage::file_alone  ? "with HDF5 output"
                         : stage == Stage::whole_run ? "whole sim run (file, summaries, checksums)"
                                                     : "whole sim run, --record final";
      std::printf(
          "  %s, %d threads: %8.3f s  %12.0f path-steps/s  %.0f MB at %.0f MB/s"
          "  (%.2fx compute-only time)\n",
          what, all, full.seconds, steps / full.seconds, megabytes, megabytes / full.seconds,
          full.seconds / many.seconds);
    }
    // Three times: on this project's VMs the same write took 0.2 to 2.6 s of kernel time from
    // one minute to the next (docs/performance.md, fourteenth pass). The least is the bound.
    double write_cpu = std::numeric_limits<double>::infinity();
    for (int attempt = 0; attempt < 3; ++attempt) {
      const auto [wall, cpu] = page_cache_write(file, full_bytes);
      write_cpu = std::min(write_cpu, cpu);
      std::printf(
          "  the full-record file's %.0f MB written alone (pwrite of 4 MiB pieces from memory, 1 "
          "thread): %.3f s, %.3f s of CPU  (%.0f MB/s)\n",
          static_cast<double>(full_bytes) / 1e6, wall, cpu,
          static_cast<double>(full_bytes) / 1e6 / wall);
    }
    std::printf("  peak resident memory: %.0f MB\n", peak_rss_mb());
    // One line for scripts/bench to compute the ratios from.
    std::printf(
        "figures %s draws=%.0f floor=%.0f model_floor=%.0f one=%.0f alone=%.0f two=%.0f "
        "two_seconds=%.4f whole_seconds=%.4f final_seconds=%.4f write_cpu_seconds=%.4f "
        "rss_mb=%.0f\n",
        argv[1], draws_rate, floor_rate, model_floor_rate, steps / one.seconds,
        steps / alone.seconds, steps / many.seconds, many.seconds, whole_seconds, final_seconds,
        write_cpu, peak_rss_mb());
  } catch (const scenario::InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  return 0;
}
