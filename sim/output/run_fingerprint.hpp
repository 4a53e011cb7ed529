#pragma once
// One hash of what a result file says was run (program version, random-number layout, seed,
// record level, coordinates, every scenario's name, file, resolved text, inputs and sweep values),
// stored as the `run_fingerprint` attribute. `--resume` recomputes it from what it reads: a
// hand-edited scenario text, seed or coordinate then no longer matches, and the file is refused
// instead of mixing two models in one result. An integrity check, not a signature: it catches
// accidents and careless edits, not a forger who recomputes it.

#include <string>
#include <vector>

#include "output/result_metadata.hpp"

namespace cloudsim::output {

// "XXH3-64:0123456789abcdef". `all_parameters` and `all_events` are the file's coordinates.
std::string run_fingerprint(const ResultMetadata& metadata,
                            const std::vector<std::string>& all_parameters,
                            const std::vector<std::string>& all_events);

// The same over how the run ended (`status_fingerprint`, written when the file is closed): the
// run fingerprint, paths completed, status, stop reason, final output and every precision record,
// so that an edited path count or an invented precision result is refused like an edited text.
std::string status_fingerprint(const std::string& run_fingerprint, const RunStatus& status);

}  // namespace cloudsim::output
