#include "summary/path_summaries.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace cloudsim::summary {
namespace {

constexpr std::size_t kMaxBins = 10000;
constexpr std::size_t kMinBins = 200;
constexpr std::uint64_t kWarmupPaths = 1024;
constexpr std::size_t kMaxPendingRows = 8192;
constexpr std::size_t kPrefetchRows = 8;  // how far ahead update_rows() asks for a row's values
constexpr std::size_t kZero = kZeroBin;
constexpr std::size_t kUnder = kUnderflowBin;

}  // namespace

PathSummaries::PathSummaries(std::vector<std::size_t> periods, std::size_t segments,
                             std::size_t providers, std::uint64_t expected_paths,
                             std::size_t count_budget_bytes)
    : periods_(std::move(periods)),
      cells_(periods_.size() * segments * providers),
      warmup_(std::max<std::uint64_t>(1, std::min(expected_paths, kWarmupPaths))) {
  const std::size_t affordable = count_budget_bytes / std::max<std::size_t>(1, 2 * cells_ * 4);
  bins_ = std::clamp(affordable, kMinBins, kMaxBins);
  static_assert(kMaxBins <= 65536, "pending bins are noted as 16-bit numbers");
  // Bins noted before counting: an eighth of the budget, up to eight blocks of 1,024 paths.
  pending_capacity_ = std::min<std::size_t>(
      kMaxPendingRows,
      count_budget_bytes / 8 / std::max<std::size_t>(1, 2 * cells_ * sizeof(std::uint16_t)));
  for (Variable* v : {&share_, &revenue_}) {
    v->shift.assign(cells_, 0.0);
    v->sum.assign(cells_, ExactSum{});
    v->squares.assign(cells_, ExactSum{});
    v->sum_hot.resize(cells_);
    v->squares_hot.resize(cells_);
    v->minimum.assign(cells_, std::numeric_limits<double>::infinity());
    v->maximum.assign(cells_, -std::numeric_limits<double>::infinity());
    v->low.assign(cells_, 0.0);
    v->width.assign(cells_, 1.0);
    v->counts.assign(cells_ * bins_, 0);
    v->pending_bins.assign(cells_ * pending_capacity_, 0);
    v->pending.reserve(static_cast<std::size_t>(warmup_) * cells_);
  }
}

std::size_t PathSummaries::bin_of(const Variable& v, std::size_t cell, double value) const {
  return bin_at(value, (value - v.low[cell]) / v.width[cell], bins_);
}

void PathSummaries::histogram(Variable& v, std::size_t cell, double value) {
  ++v.counts[cell * bins_ + bin_of(v, cell, value)];
}

CellRun PathSummaries::run_from(Variable& v, std::size_t first_cell) const {
  return CellRun{v.shift.data() + first_cell,
                 hot_run(v.sum_hot, first_cell),
                 hot_run(v.squares_hot, first_cell),
                 OutsideTerms{v.sum.data() + first_cell},
                 OutsideTerms{v.squares.data() + first_cell},
                 v.minimum.data() + first_cell,
                 v.maximum.data() + first_cell,
                 v.low.data() + first_cell,
                 v.width.data() + first_cell,
                 v.pending_bins.data() + first_cell * pending_capacity_};
}

void PathSummaries::count_pending() {
  if (pending_rows_ == 0) {
    return;
  }
  // Cell by cell: one cell's counts are loaded into cache once for all its pending rows.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, 2 * cells_),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t job = range.begin(); job != range.end(); ++job) {
                        Variable& v = job < cells_ ? share_ : revenue_;
                        const std::size_t cell = job % cells_;
                        const std::uint16_t* bins =
                            v.pending_bins.data() + cell * pending_capacity_;
                        std::uint32_t* counts = v.counts.data() + cell * bins_;
                        for (std::size_t r = 0; r < pending_rows_; ++r) {
                          ++counts[bins[r]];
                        }
                      }
                    });
  // Each cell took at most one term per row into its hot sums since they were last folded.
  for (Variable* v : {&share_, &revenue_}) {
    fold_hot_sums(v->sum_hot, v->sum, pending_rows_);
    fold_hot_sums(v->squares_hot, v->squares, pending_rows_);
  }
  pending_rows_ = 0;
}

void PathSummaries::add(Variable& v, std::size_t cell, double value) {
  add_moments(v.sum[cell], v.squares[cell], v.minimum[cell], v.maximum[cell], value, v.shift[cell]);
}

void PathSummaries::set_grids(Variable& v) {
  const std::size_t grid = bins_ - 3;
  for (std::size_t cell = 0; cell < cells_; ++cell) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    double total = 0.0;  // in path order: the same shift wherever the first paths are seen
    for (std::size_t k = cell; k < v.pending.size(); k += cells_) {
      total += v.pending[k];
      if (v.pending[k] != 0.0) {
        lo = std::min(lo, v.pending[k]);
        hi = std::max(hi, v.pending[k]);
      }
    }
    if (pending_paths_ > 0) {
      v.shift[cell] = total / static_cast<double>(pending_paths_);
    }
    if (!std::isfinite(lo)) {  // only zeros so far: any grid will do
      lo = 0.0;
      hi = 1.0;
    }
    const double span = hi > lo ? hi - lo : std::max(std::abs(lo) * 1e-6, 1e-12);
    v.low[cell] = lo - 0.5 * span;
    v.width[cell] = 2.0 * span / static_cast<double>(grid);
  }
  if (!pilot_) {
    for (std::size_t k = 0; k < v.pending.size(); ++k) {
      add(v, k % cells_, v.pending[k]);
      histogram(v, k % cells_, v.pending[k]);
    }
  }
  v.pending.clear();
  v.pending.shrink_to_fit();
}

void PathSummaries::settle() {
  if (!grids_set_) {
    set_grids(share_);
    set_grids(revenue_);
    grids_set_ = true;
    grids_ready_.store(true, std::memory_order_release);
  }
}

namespace {

// Cell `cell` ([period][segment][provider] over `periods`) of row `row`: the share or revenue.
double value_of(const engine::PathBlock& block, const std::vector<std::size_t>& periods,
                std::size_t row, std::size_t cell, bool share) {
  const auto& shape = block.shape;
  const std::size_t sp = shape.segments * shape.providers;
  const std::size_t k = cell / sp;
  const std::size_t s = (cell % sp) / shape.providers;
  const std::size_t at = row * shape.quarters + periods[k];
  const double revenue = block.revenue[at * sp + cell % sp];
  if (!share)
    return revenue;
  const double demand = block.demand[at * shape.segments + s];
  return demand > 0.0 ? revenue / demand : 0.0;
}

}  // namespace

std::size_t PathSummaries::note_first_paths(const engine::PathBlock& block) {
  std::size_t row = 0;
  for (; row < block.path_count && !grids_set_; ++row) {
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      share_.pending.push_back(value_of(block, periods_, row, cell, true));
      revenue_.pending.push_back(value_of(block, periods_, row, cell, false));
    }
    if (!pilot_) {
      ++paths_;
    }
    if (++pending_paths_ == warmup_) {
      settle();
    }
  }
  return row;
}

void PathSummaries::consume_pilot(const engine::PathBlock& block) {
  if (grids_set_) {
    return;
  }
  if (pending_paths_ > 0 && !pilot_) {
    throw std::logic_error("a pilot must come before any path is summarised");
  }
  pilot_ = true;
  note_first_paths(block);
}

void PathSummaries::update_rows(const std::array<CellRun, 2>& runs, const engine::PathBlock& block,
                                std::size_t first_row, std::size_t rows, std::size_t quarter,
                                std::size_t segment, std::size_t capacity,
                                std::size_t first_slot) const {
  const auto& shape = block.shape;
  const std::size_t sp = shape.segments * shape.providers;
  const std::size_t providers = shape.providers;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t at = (first_row + r) * shape.quarters + quarter;
    const double* revenue = block.revenue.data() + at * sp + segment * providers;
    const double demand = block.demand[at * shape.segments + segment];
    // Consecutive rows are a path's whole record apart (more than a page with a few segments and
    // providers), which the hardware prefetcher does not follow: without this, half of the
    // summaries' time was spent waiting for these two loads.
    if (r + kPrefetchRows < rows) {
      const std::size_t ahead = at + kPrefetchRows * shape.quarters;
      __builtin_prefetch(block.revenue.data() + ahead * sp + segment * providers);
      __builtin_prefetch(block.revenue.data() + ahead * sp + (segment + 1) * providers - 1);
      __builtin_prefetch(block.demand.data() + ahead * shape.segments + segment);
    }
    update_cell_run(runs[0], runs[1], revenue, demand, providers, bins_, capacity, first_slot + r);
  }
}

void PathSummaries::summarise_apart(const engine::PathBlock& block, BlockPartial& partial) const {
  const auto& shape = block.shape;
  const std::size_t sp = shape.segments * shape.providers;
  const std::size_t rows = block.path_count;
  partial.rows = rows;
  for (BlockPart* part : {&partial.share, &partial.revenue}) {
    part->sum_hot.resize(cells_);
    part->squares_hot.resize(cells_);
    part->sum_outside.clear();
    part->squares_outside.clear();
    part->minimum.assign(cells_, std::numeric_limits<double>::infinity());
    part->maximum.assign(cells_, -std::numeric_limits<double>::infinity());
    part->bins.resize(cells_ * rows);
  }
  const auto run = [&](const Variable& v, BlockPart& part, std::size_t first_cell) {
    return CellRun{v.shift.data() + first_cell,
                   hot_run(part.sum_hot, first_cell),
                   hot_run(part.squares_hot, first_cell),
                   OutsideTerms{nullptr, &part.sum_outside, first_cell},
                   OutsideTerms{nullptr, &part.squares_outside, first_cell},
                   part.minimum.data() + first_cell,
                   part.maximum.data() + first_cell,
                   v.low.data() + first_cell,
                   v.width.data() + first_cell,
                   part.bins.data() + first_cell * rows};
  };
  // As consume() does, on this thread alone (the engine's parallel stage has a block per thread):
  // a segment's providers in one period at a time, over every path, so their running state stays
  // in registers and first-level cache and their bins are noted side by side. Path by path, every
  // cell's state (a few hundred KB) went through the second-level cache once per path.
  for (std::size_t k = 0; k < periods_.size(); ++k) {
    for (std::size_t s = 0; s < shape.segments; ++s) {
      const std::size_t first_cell = k * sp + s * shape.providers;
      update_rows(
          {run(share_, partial.share, first_cell), run(revenue_, partial.revenue, first_cell)},
          block, 0, rows, periods_[k], s, rows, 0);
    }
  }
}

void PathSummaries::prepare(engine::PathBlock& block) const {
  if (!grids_ready_.load(std::memory_order_acquire) || block.path_count == 0) {
    return;
  }
  std::unique_ptr<BlockPartial> partial;
  {
    const std::lock_guard lock(prepared_mutex_);
    if (!spare_partials_.empty()) {
      partial = std::move(spare_partials_.back());
      spare_partials_.pop_back();
    }
  }
  if (!partial) {
    partial = std::make_unique<BlockPartial>();
  }
  summarise_apart(block, *partial);
  const std::lock_guard lock(prepared_mutex_);
  prepared_[block.first_path] = std::move(partial);
}

void PathSummaries::add_part(Variable& v, BlockPart& part, std::size_t rows) {
  fold_hot_sums(part.sum_hot, v.sum, rows);
  fold_hot_sums(part.squares_hot, v.squares, rows);
  for (const auto& [cell, term] : part.sum_outside)
    v.sum[cell].add(term);
  for (const auto& [cell, term] : part.squares_outside)
    v.squares[cell].add(term);
  for (std::size_t cell = 0; cell < cells_; ++cell) {
    v.minimum[cell] = std::min(v.minimum[cell], part.minimum[cell]);
    v.maximum[cell] = std::max(v.maximum[cell], part.maximum[cell]);
    std::copy_n(part.bins.data() + cell * rows, rows,
                v.pending_bins.data() + cell * pending_capacity_ + pending_rows_);
  }
}

bool PathSummaries::add_prepared(const engine::PathBlock& block) {
  std::unique_ptr<BlockPartial> partial;
  {
    const std::lock_guard lock(prepared_mutex_);
    const auto found = prepared_.find(block.first_path);
    if (found == prepared_.end()) {
      return false;
    }
    partial = std::move(found->second);
    prepared_.erase(found);
  }
  if (partial->rows != block.path_count) {
    throw std::logic_error("a block's prepared summaries are of another block");
  }
  make_room(partial->rows);
  add_part(share_, partial->share, partial->rows);
  add_part(revenue_, partial->revenue, partial->rows);
  pending_rows_ += partial->rows;
  paths_ += partial->rows;
  const std::lock_guard lock(prepared_mutex_);
  spare_partials_.push_back(std::move(partial));
  return true;
}

void PathSummaries::make_room(std::size_t rows) {
  if (pending_rows_ + rows > pending_capacity_) {
    count_pending();
    if (rows > pending_capacity_) {  // a block larger than the buffer: make room for it
      pending_capacity_ = rows;
      share_.pending_bins.assign(cells_ * pending_capacity_, 0);
      revenue_.pending_bins.assign(cells_ * pending_capacity_, 0);
    }
  }
}

void PathSummaries::consume(const engine::PathBlock& block) {
  if (!grids_set_ && pilot_) {
    throw std::logic_error("the pilot ended before the grids were set");
  }
  if (grids_set_ && add_prepared(block)) {
    return;
  }
  // Until the grids are set, path by path (the first paths are kept to place the grids).
  const std::size_t first_row = note_first_paths(block);
  if (first_row == block.path_count) {
    return;
  }
  // Then segment by segment of each period, over the rest of the block, spread over the worker
  // threads (every update is exact or of one value alone: any order gives the same sums). A
  // segment's providers go together. Histogram bins are only noted here and counted every few
  // blocks (count_pending): counting a block at a time reloaded every cell's counts from memory
  // once per block, the largest part of the cost.
  const auto& shape = block.shape;
  const std::size_t sp = shape.segments * shape.providers;
  const std::size_t rows = block.path_count - first_row;
  make_room(rows);
  const std::size_t providers = shape.providers;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, periods_.size() * shape.segments),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t job = range.begin(); job != range.end(); ++job) {
                        const std::size_t k = job / shape.segments;
                        const std::size_t s = job % shape.segments;
                        const std::size_t first_cell = k * sp + s * providers;
                        update_rows({run_from(share_, first_cell), run_from(revenue_, first_cell)},
                                    block, first_row, rows, periods_[k], s, pending_capacity_,
                                    pending_rows_);
                      }
                    });
  pending_rows_ += rows;
  paths_ += rows;
}

void PathSummaries::merge(PathSummaries& other) {
  settle();
  other.settle();
  count_pending();
  other.count_pending();
  if (other.cells_ != cells_ || other.bins_ != bins_) {
    throw std::logic_error("merging summaries of different shapes");
  }
  for (auto [mine, theirs] : {std::pair{&share_, &other.share_}, {&revenue_, &other.revenue_}}) {
    if (mine->shift != theirs->shift || mine->low != theirs->low || mine->width != theirs->width) {
      throw std::logic_error("merging summaries whose first paths differ");
    }
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      mine->sum[cell].merge(theirs->sum[cell]);
      mine->squares[cell].merge(theirs->squares[cell]);
      mine->minimum[cell] = std::min(mine->minimum[cell], theirs->minimum[cell]);
      mine->maximum[cell] = std::max(mine->maximum[cell], theirs->maximum[cell]);
    }
    for (std::size_t i = 0; i < mine->counts.size(); ++i) {
      mine->counts[i] += theirs->counts[i];
    }
  }
  paths_ += other.paths_;
}

SummaryTotals PathSummaries::totals(bool with_counts) {
  settle();
  count_pending();
  SummaryTotals out;
  out.sums.resize(2 * 2 * cells_ * ExactSum::kIntegers);
  std::int64_t* at = out.sums.data();
  for (Variable* v : {&share_, &revenue_}) {
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      v->sum[cell].to_integers(at);
      at += ExactSum::kIntegers;
      v->squares[cell].to_integers(at);
      at += ExactSum::kIntegers;
    }
    out.minimum.insert(out.minimum.end(), v->minimum.begin(), v->minimum.end());
    out.maximum.insert(out.maximum.end(), v->maximum.begin(), v->maximum.end());
    if (with_counts)
      out.counts.insert(out.counts.end(), v->counts.begin(), v->counts.end());
  }
  out.counts_in_place = !with_counts;
  out.paths = paths_;
  return out;
}

std::vector<std::span<std::uint32_t>> PathSummaries::count_tables() {
  settle();
  count_pending();
  return {std::span(share_.counts.data(), share_.counts.size()),
          std::span(revenue_.counts.data(), revenue_.counts.size())};
}

void PathSummaries::set_totals(const SummaryTotals& totals, std::size_t& sums_at,
                               std::size_t& cells_at, std::size_t& counts_at) {
  settle();
  count_pending();
  for (Variable* v : {&share_, &revenue_}) {
    for (std::size_t cell = 0; cell < cells_; ++cell) {
      v->sum[cell].from_integers(totals.sums.data() + sums_at);
      sums_at += ExactSum::kIntegers;
      v->squares[cell].from_integers(totals.sums.data() + sums_at);
      sums_at += ExactSum::kIntegers;
      v->minimum[cell] = totals.minimum[cells_at + cell];
      v->maximum[cell] = totals.maximum[cells_at + cell];
    }
    cells_at += cells_;
    if (!totals.counts_in_place) {  // else they were reduced where they are (count_tables)
      if (counts_at + v->counts.size() > totals.counts.size()) {
        throw std::logic_error("summary totals without the histogram counts of every cell");
      }
      std::copy_n(totals.counts.begin() + static_cast<std::ptrdiff_t>(counts_at), v->counts.size(),
                  v->counts.begin());
      counts_at += v->counts.size();
    }
  }
  paths_ = totals.paths;
}

double PathSummaries::bin_low(const Variable& v, std::size_t cell, std::size_t bin) const {
  if (bin == kZero)
    return 0.0;
  if (bin == kUnder)
    return v.minimum[cell];
  if (bin == bins_ - 1)
    return v.low[cell] + v.width[cell] * static_cast<double>(bins_ - 3);
  return v.low[cell] + v.width[cell] * static_cast<double>(bin - 2);
}

double PathSummaries::bin_high(const Variable& v, std::size_t cell, std::size_t bin) const {
  if (bin == kZero)
    return 0.0;
  if (bin == kUnder)
    return v.low[cell];
  if (bin == bins_ - 1)
    return v.maximum[cell];
  return bin_low(v, cell, bin + 1);
}

namespace {

// Walks a cell's bins in value order (the zero bin sits between under- and overflow by value, so
// the walk visits negative, zero, positive; shares and revenues are never negative, so zero first).
template <typename Visit>
void walk_quantiles(const std::uint32_t* counts, std::size_t bins, double n, Visit visit) {
  const std::size_t order_head[2] = {kZero, kUnder};
  std::uint64_t before = 0;
  std::size_t position = 0;  // index into the value order: zero, under, 2 … bins−1
  auto bin_at = [&](std::size_t p) { return p < 2 ? order_head[p] : p; };
  for (std::size_t q = 0; q < 5; ++q) {
    const double target = kQuantiles[q] * n;
    while (position + 1 < bins &&
           static_cast<double>(before + counts[bin_at(position)]) <= target) {
      before += counts[bin_at(position)];
      ++position;
    }
    visit(q, bin_at(position), before, target);
  }
}

}  // namespace

std::vector<double> PathSummaries::table(Variable& v) {
  settle();
  count_pending();
  std::vector<double> out(cells_ * kStatistics, 0.0);
  const double n = static_cast<double>(paths_);
  for (std::size_t cell = 0; cell < cells_ && paths_ > 0; ++cell) {
    double* row = out.data() + cell * kStatistics;
    // Rounded from the exact sums: Σd/n moves the shift to the mean; the sum of squared
    // deviations from the mean is Σd² − (Σd)²/n, whose second term is small (the shift is near
    // the mean), so nothing cancels.
    const double sum = v.sum[cell].value();
    row[0] = v.shift[cell] + sum / n;
    if (paths_ > 1) {
      const double m2 = std::max(0.0, v.squares[cell].value() - sum * (sum / n));
      row[1] = std::sqrt(m2 / (n - 1.0) / n);
    }
    const std::uint32_t* counts = v.counts.data() + cell * bins_;
    if (v.minimum[cell] == v.maximum[cell]) {  // every path agrees: the quantiles are exact
      std::fill(row + 2, row + kStatistics, v.minimum[cell]);
      continue;
    }
    walk_quantiles(
        counts, bins_, n, [&](std::size_t q, std::size_t bin, std::uint64_t before, double target) {
          const double inside =
              counts[bin] > 0 ? (target - static_cast<double>(before)) / counts[bin] : 0.0;
          const double lo = bin_low(v, cell, bin);
          const double hi = bin_high(v, cell, bin);
          row[2 + q] = lo + std::clamp(inside, 0.0, 1.0) * (hi - lo);
        });
  }
  return out;
}

std::vector<double> PathSummaries::rank_error(Variable& v) {
  settle();
  count_pending();
  std::vector<double> out(cells_, 0.0);
  const double n = static_cast<double>(paths_);
  for (std::size_t cell = 0; cell < cells_ && paths_ > 0; ++cell) {
    const std::uint32_t* counts = v.counts.data() + cell * bins_;
    if (v.minimum[cell] == v.maximum[cell]) {
      continue;  // exact, see table()
    }
    double worst = 0.0;
    walk_quantiles(counts, bins_, n, [&](std::size_t, std::size_t bin, std::uint64_t, double) {
      if (bin != kZero)
        worst = std::max(worst, counts[bin] / n);  // zeros are exact
    });
    out[cell] = worst;
  }
  return out;
}

BatchSummaries::BatchSummaries(std::size_t scenarios, const std::vector<std::size_t>& periods,
                               std::size_t segments, std::size_t providers,
                               std::uint64_t expected_paths) {
  constexpr std::size_t kBudgetBytes = 128u << 20;  // every scenario's histograms together
  for (std::size_t k = 0; k < scenarios; ++k) {
    per_scenario_.push_back(
        std::make_unique<PathSummaries>(periods, segments, providers, expected_paths,
                                        kBudgetBytes / std::max<std::size_t>(1, scenarios)));
  }
}

void SummaryTotals::append(const SummaryTotals& more) {
  sums.insert(sums.end(), more.sums.begin(), more.sums.end());
  minimum.insert(minimum.end(), more.minimum.begin(), more.minimum.end());
  maximum.insert(maximum.end(), more.maximum.begin(), more.maximum.end());
  counts.insert(counts.end(), more.counts.begin(), more.counts.end());
  counts_in_place = more.counts_in_place;  // the same for every scenario of a batch
  paths = more.paths;                      // every scenario runs the same paths
}

SummaryTotals BatchSummaries::totals(bool with_counts) {
  SummaryTotals all;
  for (auto& summaries : per_scenario_) {
    all.append(summaries->totals(with_counts));
  }
  return all;
}

std::vector<std::span<std::uint32_t>> BatchSummaries::count_tables() {
  std::vector<std::span<std::uint32_t>> all;
  for (auto& summaries : per_scenario_) {
    const auto tables = summaries->count_tables();
    all.insert(all.end(), tables.begin(), tables.end());
  }
  return all;
}

void BatchSummaries::set_totals(const SummaryTotals& totals) {
  std::size_t sums_at = 0;
  std::size_t cells_at = 0;
  std::size_t counts_at = 0;
  for (auto& summaries : per_scenario_) {
    summaries->set_totals(totals, sums_at, cells_at, counts_at);
  }
}

std::vector<double> BatchSummaries::joined(std::vector<double> (PathSummaries::*table)()) {
  std::vector<double> all;
  for (auto& summaries : per_scenario_) {
    const auto part = ((*summaries).*table)();
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::vector<double> BatchSummaries::share_table() {
  return joined(&PathSummaries::share_table);
}
std::vector<double> BatchSummaries::revenue_table() {
  return joined(&PathSummaries::revenue_table);
}
std::vector<double> BatchSummaries::share_rank_error() {
  return joined(&PathSummaries::share_rank_error);
}
std::vector<double> BatchSummaries::revenue_rank_error() {
  return joined(&PathSummaries::revenue_rank_error);
}

}  // namespace cloudsim::summary
