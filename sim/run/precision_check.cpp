#include "run/precision_check.hpp"

#include "run/result_metadata.hpp"
#include "summary/precision.hpp"

namespace cloudsim::run {

void check_precision_targets(const scenario::Batch& batch,
                             const std::vector<std::string>& command_line) {
  if (batch.precision.empty() && command_line.empty()) {
    return;
  }
  // Targets name simulated quarters whatever the record level.
  const auto metadata = metadata_for(batch, output::RecordLevel::full);
  for (std::size_t k = 0; k < batch.precision.size(); ++k) {
    try {
      (void)summary::parse_precision_target(batch.precision[k], metadata);
    } catch (const summary::PrecisionSyntaxError& error) {
      if (k >= batch.precision_origins.size())
        throw;
      scenario::InputIssue issue = batch.precision_origins[k];
      issue.message = "'" + batch.precision[k] + "': " + error.reason();
      throw scenario::InputError({issue});
    }
  }
  for (const auto& text : command_line) {
    (void)summary::parse_precision_target(text, metadata);
  }
}

}  // namespace cloudsim::run
