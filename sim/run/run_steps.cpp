#include "run/run_steps.hpp"

#include <iomanip>
#include <sstream>

#include "output/path_checksums.hpp"
#include "output/result_reader.hpp"
#include "run/run_error.hpp"

namespace cloudsim::run {

std::string size_text(std::uint64_t bytes) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1);
  if (bytes >= 1'000'000'000)
    text << static_cast<double>(bytes) / 1e9 << " GB";
  else
    text << static_cast<double>(bytes) / 1e6 << " MB";
  return text.str();
}

std::optional<DiskShortfall> disk_shortfall_at_cap(const output::ResultMetadata& metadata,
                                                   std::uint64_t max_paths,
                                                   const std::filesystem::path& file) {
  output::ResultMetadata at_cap = metadata;
  at_cap.paths = max_paths;
  const std::uint64_t needed = output::estimated_file_bytes(at_cap);
  std::error_code error;
  const auto space =
      std::filesystem::space(file.parent_path().empty() ? "." : file.parent_path(), error);
  if (!error && needed > space.available) {
    return DiskShortfall{max_paths, needed, space.available};
  }
  return std::nullopt;
}

void check_disk_space(const output::ResultMetadata& metadata, const std::filesystem::path& file,
                      bool ignore) {
  const std::uint64_t needed = output::estimated_file_bytes(metadata);
  std::error_code error;
  const auto space =
      std::filesystem::space(file.parent_path().empty() ? "." : file.parent_path(), error);
  if (error || ignore || needed <= space.available) {
    return;
  }
  std::ostringstream message;
  message << "the result would take about " << size_text(needed) << " but only "
          << size_text(space.available) << " are free in " << file.parent_path().string()
          << "; run fewer paths, keep less (--record annual or final), write elsewhere (-o), or "
          << "pass --ignore-disk-space";
  throw RequestError(message.str());
}

BatchModels::BatchModels(const scenario::Batch& batch) {
  models.reserve(batch.scenarios.size());
  for (const auto& entry : batch.scenarios)
    models.emplace_back(entry.scenario.market);
  for (std::size_t k = 0; k < models.size(); ++k)
    scenarios.push_back({&models[k], &batch.scenarios[k].scenario.uncertain});
}

output::RecordReducer reducer_for(const RunPlan& plan, engine::BlockSink& next) {
  const auto& run = plan.batch.scenarios.front().scenario;
  return output::RecordReducer(plan.level,
                               output::time_axis(plan.level, run.run.start_quarter,
                                                 static_cast<std::size_t>(run.market.quarters)),
                               next);
}

SummaryPeriods summary_periods(const output::ResultMetadata& metadata, output::RecordLevel level) {
  SummaryPeriods periods;
  const auto& labels = metadata.quarter_labels;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (level != output::RecordLevel::full || k + 1 == labels.size() || labels[k].ends_with("Q4")) {
      periods.indices.push_back(k);
      periods.labels.push_back(labels[k]);
    }
  }
  return periods;
}

std::unique_ptr<summary::BatchSummaries> summaries_for(const RunPlan& plan,
                                                       const SummaryPeriods& periods) {
  return std::make_unique<summary::BatchSummaries>(
      plan.metadata.scenarios.size(), periods.indices, plan.metadata.segment_names.size(),
      plan.metadata.provider_names.size(), plan.metadata.paths);
}

output::SummaryTables summary_tables(summary::BatchSummaries& summaries,
                                     const SummaryPeriods& periods) {
  return output::SummaryTables{periods.labels,
                               summaries.share_table(),
                               summaries.revenue_table(),
                               summaries.share_rank_error(),
                               summaries.revenue_rank_error(),
                               summaries.bins()};
}

bool replay_paths(const std::string& file, const output::ResultMetadata& metadata,
                  std::uint64_t paths, engine::BlockSink& recorded, const ReplayOptions& options) {
  const output::ResultReader reader(file,
                                    options.verify ? output::ResultReader::Trust::untrusted
                                                   : output::ResultReader::Trust::own_file,
                                    options.stop_requested);
  const auto& stored = reader.checksums();
  const std::size_t chunks = static_cast<std::size_t>(
      (reader.metadata().paths + output::kPathChunk - 1) / output::kPathChunk);
  if (options.verify && stored.size() != metadata.scenarios.size() * chunks) {
    throw output::NotAResultError(file +
                                  ": has no checksums of its paths (written before format 2.1), "
                                  "so its numbers cannot be verified before they are built on");
  }
  const auto refuse = [&](std::size_t scenario, std::uint64_t first, std::uint64_t last) {
    throw output::NotAResultError(
        file + ": paths " + std::to_string(first) + "-" + std::to_string(last) + " of scenario '" +
        metadata.scenarios[scenario].name +
        "' do not match their checksum: the file was damaged or changed after sim wrote it, and "
        "cannot be resumed; run the scenario again");
  };
  engine::PathBlock block;
  for (std::uint64_t first = 0; first < paths; first += output::kPathChunk) {
    if (options.stop_requested != nullptr && options.stop_requested->load()) {
      return false;
    }
    const auto count = static_cast<std::size_t>(std::min(output::kPathChunk, paths - first));
    for (std::size_t k = 0; k < metadata.scenarios.size(); ++k) {
      reader.read_block(k, first, count, metadata.scenarios[k], block);
      if (options.verify) {
        std::uint64_t sum = 0;
        for (std::size_t row = 0; row < count; ++row)
          sum += output::path_hash(block, row);
        if (sum != stored[k * chunks + first / output::kPathChunk]) {
          refuse(k, first, first + count - 1);
        }
      }
      recorded.consume(block);
    }
  }
  // Chunks past the completed paths hold nothing: a sum there means paths_completed was lowered.
  if (options.verify) {
    for (std::size_t k = 0; k < metadata.scenarios.size(); ++k) {
      for (std::size_t c =
               static_cast<std::size_t>((paths + output::kPathChunk - 1) / output::kPathChunk);
           c < chunks; ++c) {
        if (stored[k * chunks + c] != 0) {
          refuse(k, c * output::kPathChunk, (c + 1) * output::kPathChunk - 1);
        }
      }
    }
  }
  return true;
}

}  // namespace cloudsim::run
