#pragma once
// Summaries over paths of every provider's share and revenue in every segment and recorded
// period: mean, standard error and the 5/25/50/75/95% quantiles, accumulated block by block at
// bounded memory (model spec section 10).
//
// Moments are exact sums (ExactSum, Neal's superaccumulator) of d = value − shift and of d²
// (each term rounded once, on its own), where the shift is the cell's mean over the first min(N,
// 1024) paths; the mean and the standard error are rounded from them at the end. Sums of integers,
// minima, maxima and histogram counts do not depend on the order in which paths are added, so
// summaries accumulated apart (threads, blocks, MPI ranks: merge(), totals()) merge into exactly
// what one pass in path order gives.
//
// Quantiles come from a histogram per cell: one bin for exact zeros (absent or exited providers),
// a linear grid over the range the first min(N, 1024) paths' non-zero values span, widened by half
// that range on each side, and an under- and an overflow bin (whose bounds are the observed minimum
// and maximum; the minimum counts zeros, so in a cell with zeros the underflow reaches down to 0).
// The quantile p is read in the first bin, in value order, whose running count exceeds p·N — the
// bin holding the smallest value with more than p·N paths at or below it — by linear interpolation
// inside it, so its rank differs from the exact sample quantile's by at most that bin's share of
// the paths; that bound is computed and reported for every cell. Zeros are exact: q_p is 0 if
// and only if more than p·N paths are exactly 0. A share is 0 where the segment has no demand,
// and such a path counts in the mean as a share of 0. The grids and shifts depend only on the
// first paths: a process that does not see them itself is shown them first (consume_pilot).
// (Reading a table sets the grids from the paths so far if fewer than min(N, 1024) have come;
// tables are read at the end of a run.)

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "engine/block_sink.hpp"
#include "engine/huge_pages.hpp"
#include "summary/cell_updates.hpp"
#include "summary/exact_sum.hpp"

namespace cloudsim::summary {

inline constexpr std::size_t kStatistics = 7;  // mean, standard error, q05, q25, q50, q75, q95
inline constexpr double kQuantiles[5] = {0.05, 0.25, 0.50, 0.75, 0.95};

// What summaries accumulated apart add up to, as flat arrays a reduce across processes combines
// element by element: `sums` add (ExactSum::to_integers of every cell's two sums, share then
// revenue), `minimum` by minimum, `maximum` by maximum, `counts` and `paths` add. The histogram
// counts (up to 128 MB) may instead be left where they are and reduced there (count_tables):
// then `counts` is empty, `counts_in_place` is set, and set_totals leaves the summaries' counts
// as they are.
struct SummaryTotals {
  std::vector<std::int64_t> sums;
  std::vector<double> minimum;
  std::vector<double> maximum;
  std::vector<std::uint32_t> counts;
  bool counts_in_place = false;
  std::uint64_t paths = 0;
  void append(const SummaryTotals& more);
};

class PathSummaries final : public engine::BlockSink {
 public:
  // Summarises the recorded periods listed in `periods` (indices into the blocks' time axis);
  // `expected_paths` fixes how many first paths set the grids.
  // `count_budget_bytes` bounds the histograms' memory (more bins, smaller rank errors).
  PathSummaries(std::vector<std::size_t> periods, std::size_t segments, std::size_t providers,
                std::uint64_t expected_paths, std::size_t count_budget_bytes = 128u << 20);

  void consume(const engine::PathBlock& block) override;
  // Once the grids are set, summarises the block apart (any worker thread, several blocks at
  // once), for consume() to add in path order: the exact sums, minima, maxima and bins come out
  // the same to the bit as if consume() had done it all. Before that, it leaves the block alone.
  void prepare(engine::PathBlock& block) const override;
  // The first min(N, 1024) paths, in path order, only to set the grids and shifts: for a process
  // whose own paths do not start at path 0 (an MPI rank other than the first). Not counted.
  void consume_pilot(const engine::PathBlock& block);
  // Adds what `other` accumulated (the same grids and shifts: the same first paths): exactly as
  // if its paths had been consumed here.
  void merge(PathSummaries& other);
  // The accumulated state, and its replacement by a merged one (same grids and shifts); without
  // the histogram counts when `with_counts` is false.
  [[nodiscard]] SummaryTotals totals(bool with_counts = true);
  // The histogram counts themselves (share, then revenue; every pending bin counted first), to be
  // added across processes in place: what totals() would copy into `counts`, in that order.
  [[nodiscard]] std::vector<std::span<std::uint32_t>> count_tables();
  void set_totals(const SummaryTotals& totals, std::size_t& sums_at, std::size_t& cells_at,
                  std::size_t& counts_at);

  [[nodiscard]] std::uint64_t paths() const { return paths_; }
  // How many first paths set the grids and shifts: min(N, 1024), at least 1.
  [[nodiscard]] std::uint64_t grid_paths() const { return warmup_; }
  [[nodiscard]] std::size_t bins() const { return bins_; }
  // The length of each of count_tables()'s tables.
  [[nodiscard]] std::size_t count_table_size() const { return cells_ * bins_; }
  // [summarised period][segment][provider][statistic]; shares as fractions, revenue in money.
  [[nodiscard]] std::vector<double> share_table() { return table(share_); }
  [[nodiscard]] std::vector<double> revenue_table() { return table(revenue_); }
  // [period][segment][provider]: the largest rank error (fraction of paths) of the five quantiles.
  [[nodiscard]] std::vector<double> share_rank_error() { return rank_error(share_); }
  [[nodiscard]] std::vector<double> revenue_rank_error() { return rank_error(revenue_); }

 private:
  struct Variable {
    std::vector<double> shift;  // per cell: the first paths' mean
    // The three largest tables (tens of MB with many periods) on huge pages: engine/huge_pages.hpp.
    ExactSums sum, squares;                // per cell: Σ(value − shift), Σ(value − shift)²
    HotSums sum_hot, squares_hot;          // per cell: their terms not yet folded into them
    std::vector<double> minimum, maximum;  // per cell
    std::vector<double> low, width;        // per cell: the linear grid
    engine::HugePageVector<std::uint32_t> counts;        // per cell × bins
    std::vector<double> pending;                         // first paths, until the grids are set
    engine::HugePageVector<std::uint16_t> pending_bins;  // per cell × pending_capacity_: not
                                                         // counted yet
  };
  // One block's share of a Variable, summarised apart by prepare().
  struct BlockPart {
    HotSums sum_hot, squares_hot;
    std::vector<std::pair<std::size_t, double>> sum_outside, squares_outside;
    std::vector<double> minimum, maximum;  // per cell
    std::vector<std::uint16_t> bins;       // per cell × rows
  };
  struct BlockPartial {
    std::size_t rows = 0;
    BlockPart share, revenue;
  };
  void summarise_apart(const engine::PathBlock& block, BlockPartial& partial) const;
  // Rows first_row … first_row + rows − 1 of the block into one (period, segment) run of cells of
  // share and revenue (`runs`), at the quarter of that period; row r's bins go to slot
  // first_slot + r of `capacity` per cell.
  void update_rows(const std::array<CellRun, 2>& runs, const engine::PathBlock& block,
                   std::size_t first_row, std::size_t rows, std::size_t quarter,
                   std::size_t segment, std::size_t capacity, std::size_t first_slot) const;
  // Adds what prepare() summarised of a block; false if it did not (then consume() does it).
  bool add_prepared(const engine::PathBlock& block);
  void add_part(Variable& v, BlockPart& part, std::size_t rows);

  static void add(Variable& v, std::size_t cell, double value);  // moments only
  // Notes the block's rows in `pending` until the grids are set; returns the first row not noted.
  std::size_t note_first_paths(const engine::PathBlock& block);
  [[nodiscard]] std::size_t bin_of(const Variable& v, std::size_t cell, double value) const;
  void histogram(Variable& v, std::size_t cell, double value);
  void make_room(std::size_t rows);  // for `rows` more rows of noted bins
  void count_pending();              // adds the noted bins to the counts and folds the hot sums
  [[nodiscard]] CellRun run_from(Variable& v, std::size_t first_cell) const;
  void set_grids(Variable& v);
  void settle();  // sets the grids from what is pending, if not yet done
  [[nodiscard]] double bin_low(const Variable& v, std::size_t cell, std::size_t bin) const;
  [[nodiscard]] double bin_high(const Variable& v, std::size_t cell, std::size_t bin) const;
  std::vector<double> table(Variable& v);
  std::vector<double> rank_error(Variable& v);

  std::vector<std::size_t> periods_;
  std::size_t cells_;
  std::size_t bins_;
  std::uint64_t warmup_;
  std::uint64_t paths_ = 0;
  std::uint64_t pending_paths_ = 0;  // paths noted in `pending`
  bool pilot_ = false;               // the pending paths are a pilot's: not counted
  bool grids_set_ = false;
  std::size_t pending_capacity_ = 0;  // rows of noted bins each cell has room for
  std::size_t pending_rows_ = 0;      // rows noted and not yet counted
  Variable share_;
  Variable revenue_;
  // prepare() runs on worker threads while consume() runs: it reads only what is fixed once the
  // grids are set (shifts, grid lows and widths), and hands its partials over under the mutex.
  std::atomic<bool> grids_ready_{false};
  mutable std::mutex prepared_mutex_;
  mutable std::map<std::uint64_t, std::unique_ptr<BlockPartial>> prepared_;  // by first path
  mutable std::vector<std::unique_ptr<BlockPartial>> spare_partials_;
};

// One PathSummaries per scenario of a batch, fed by each block's scenario index; the tables are
// the scenarios' tables one after the other ([scenario][period][segment][provider]…). The
// histograms of all scenarios share one memory budget.
class BatchSummaries final : public engine::BlockSink {
 public:
  BatchSummaries(std::size_t scenarios, const std::vector<std::size_t>& periods,
                 std::size_t segments, std::size_t providers, std::uint64_t expected_paths);

  void consume(const engine::PathBlock& block) override {
    per_scenario_[block.scenario]->consume(block);
  }
  void prepare(engine::PathBlock& block) const override {
    per_scenario_[block.scenario]->prepare(block);
  }
  void consume_pilot(const engine::PathBlock& block) {
    per_scenario_[block.scenario]->consume_pilot(block);
  }
  // Every scenario's totals one after the other, and their replacement; likewise the counts.
  [[nodiscard]] SummaryTotals totals(bool with_counts = true);
  void set_totals(const SummaryTotals& totals);
  [[nodiscard]] std::vector<std::span<std::uint32_t>> count_tables();

  [[nodiscard]] std::uint64_t paths() const { return per_scenario_.front()->paths(); }
  [[nodiscard]] std::uint64_t grid_paths() const { return per_scenario_.front()->grid_paths(); }
  [[nodiscard]] std::size_t bins() const { return per_scenario_.front()->bins(); }
  // The length of each of count_tables()'s tables (every scenario's are alike).
  [[nodiscard]] std::size_t count_table_size() const {
    return per_scenario_.front()->count_table_size();
  }
  [[nodiscard]] std::vector<double> share_table();
  [[nodiscard]] std::vector<double> revenue_table();
  [[nodiscard]] std::vector<double> share_rank_error();
  [[nodiscard]] std::vector<double> revenue_rank_error();

 private:
  std::vector<double> joined(std::vector<double> (PathSummaries::*table)());
  std::vector<std::unique_ptr<PathSummaries>> per_scenario_;
};

}  // namespace cloudsim::summary
