#pragma once
// `mpirun -n K sim run …` (the MPI build): the blocks of paths are dealt to the ranks in turn
// (block b of 1,024 paths, every scenario of the batch, to rank b mod K); each rank simulates its
// blocks with oneTBB and writes them into one file through parallel HDF5 (MPI-IO); rank 0 then
// computes the summaries from the file in path order and renames it into place. The file holds
// exactly what a single-process run writes (docs/distributed.md).

#include <exception>

#include "cli/run_arguments.hpp"
#include "cli/run_plan.hpp"

namespace cloudsim::cli {

// Throws UsageError for what a distributed run does not do (yet): --resume and precision targets.
void check_distributable(const RunPlan& plan);

// Collective: if any rank failed, the lowest such rank rethrows its failure (main reports it) and
// every other rank throws QuietExit with that failure's exit code.
void report_first_failure(std::exception_ptr failure);

int run_distributed(RunPlan& plan, const RunArguments& arguments);

}  // namespace cloudsim::cli
