#pragma once
// Precision targets checked against the batch before any path runs, so `sim validate` and
// `sim run` refuse a bad one at once; a target written in a batch file is reported at its
// place there (file:line:column), one from --precision as a usage error.

#include <string>
#include <vector>

#include "scenario/batch.hpp"

namespace cloudsim::run {

// Throws scenario::InputError for a bad batch-file target, summary::PrecisionSyntaxError for a
// bad --precision one.
void check_precision_targets(const scenario::Batch& batch,
                             const std::vector<std::string>& command_line);

}  // namespace cloudsim::run
