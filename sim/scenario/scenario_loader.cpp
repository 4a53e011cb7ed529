// Loading a scenario: the file (size limit, extends, --set), then its sections in an order where
// each finds what it refers to already read, then the checks across sections. The sections' readers
// are section_readers.hpp; what they share is load_state.hpp.

#include "scenario/scenario_loader.hpp"

#include <climits>
#include <filesystem>

#include "scenario/diagnostics.hpp"
#include "scenario/section_readers.hpp"

namespace cloudsim::scenario {
namespace {

void read_sections(LoadState& state) {
  read_about(state);
  read_simulation(state);
  // If the horizon itself is broken (already reported), quarters elsewhere are not checked against
  // it, so one mistake does not cascade into many.
  state.context.quarters =
      QuarterScale{state.scenario.run.start_quarter,
                   state.horizon_known ? state.scenario.market.quarters - 1 : INT_MAX};
  read_segments(state);
  read_segment_correlation(state);
  read_multi_cloud(state);
  read_attraction_noise(state);
  read_growth_regimes(state);
  read_customer_groups(state);  // before the providers: phases may name groups
  read_providers(state);
  read_migrations(state);
  read_customer_group_strongholds(state);
  read_input_correlation(state);  // last: it names uncertain inputs from anywhere above
  state.root.reject_unknown_keys();
  check_across_sections(state);
}

Scenario load(const std::string& text, const std::string& file_name, const LoadOptions& options) {
  Diagnostics diagnostics(file_name);
  if (text.size() > kMaxScenarioBytes) {
    diagnostics.error_without_position(
        "", "the scenario is " + std::to_string(text.size()) + " bytes; the limit is " +
                std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)");
    diagnostics.throw_if_any();
  }
  auto document =
      build_document(text, file_name, options.assignments, options.read_file, diagnostics);
  diagnostics.throw_if_any();
  Scenario scenario;
  scenario.source_file = file_name;
  scenario.resolved_text = to_resolved_toml(*document);
  LoadState state(*document, scenario, diagnostics);
  read_sections(state);
  diagnostics.throw_if_any();
  return scenario;
}

std::string read_top_file(const std::string& path, const LoadOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw InputError({InputIssue{path, 0, 0, "", "is a directory, not a scenario file"}});
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxScenarioBytes) {
    throw InputError(
        {InputIssue{path, 0, 0, "",
                    "the file is " + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)"}});
  }
  auto text = options.read_file(path);
  if (!text) {
    throw InputError({InputIssue{path, 0, 0, "", "no such scenario file (or it cannot be read)"}});
  }
  return *text;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file_name,
                            const LoadOptions& options) {
  return load(text, file_name, options);
}

Scenario load_scenario_file(const std::string& path, const LoadOptions& options) {
  return load(read_top_file(path, options), path, options);
}

std::string resolve_scenario_file(const std::string& path, const LoadOptions& options) {
  const std::string text = read_top_file(path, options);
  Diagnostics diagnostics(path);
  auto document = build_document(text, path, options.assignments, options.read_file, diagnostics);
  diagnostics.throw_if_any();
  return to_resolved_toml(*document);
}

}  // namespace cloudsim::scenario
