#include "output/run_fingerprint.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

namespace cloudsim::output {
namespace {

// Fields are fed with their lengths so that no two different records hash the same bytes
// ("ab","c" vs "a","bc").
class Feed {
 public:
  Feed() : state_(XXH3_createState(), XXH3_freeState) {
    if (!state_ || XXH3_64bits_reset(state_.get()) != XXH_OK) {
      throw std::bad_alloc();
    }
  }
  void add(std::uint64_t value) { XXH3_64bits_update(state_.get(), &value, sizeof value); }
  void add(const std::string& text) {
    add(static_cast<std::uint64_t>(text.size()));
    XXH3_64bits_update(state_.get(), text.data(), text.size());
  }
  void add(const std::vector<std::string>& texts) {
    add(static_cast<std::uint64_t>(texts.size()));
    for (const auto& text : texts)
      add(text);
  }
  [[nodiscard]] std::uint64_t digest() const { return XXH3_64bits_digest(state_.get()); }
  [[nodiscard]] std::string text() const {
    char text[32];
    std::snprintf(text, sizeof text, "XXH3-64:%016llx", static_cast<unsigned long long>(digest()));
    return text;
  }

 private:
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state_;
};

}  // namespace

std::string run_fingerprint(const ResultMetadata& m, const std::vector<std::string>& all_parameters,
                            const std::vector<std::string>& all_events) {
  Feed feed;
  feed.add(std::string(kFileType));
  feed.add(m.program_version);
  feed.add(m.rng_layout);
  feed.add(m.currency_unit);
  feed.add(std::string(record_level_name(m.record_level)));
  feed.add(m.seed);
  feed.add(m.quarter_labels);
  feed.add(m.segment_names);
  feed.add(m.provider_names);
  if (!m.group_names.empty()) {  // a run without groups keeps the fingerprint it had before them
    feed.add(m.group_names);
  }
  if (m.growth_regimes) {  // likewise without growth regimes
    feed.add(std::string("growth regimes"));
  }
  feed.add(all_parameters);
  feed.add(all_events);
  feed.add(m.sweep_keys);
  if (m.conditioned()) {  // an unconditioned run keeps the fingerprint it had before conditioning
    feed.add(m.observations_file);
    feed.add(m.observations_text);
  }
  feed.add(static_cast<std::uint64_t>(m.scenarios.size()));
  for (const auto& scenario : m.scenarios) {
    feed.add(scenario.name);
    feed.add(scenario.file);
    feed.add(scenario.text);
    // The distribution of every input of the file's coordinate, empty where not drawn: the same
    // whether the scenario lists its inputs in its own order (writing) or the file's (reading).
    const auto positions = positions_in(scenario.parameter_names, all_parameters);
    std::vector<std::string> distributions(all_parameters.size());
    for (std::size_t j = 0; j < positions.size(); ++j) {
      if (positions[j] < distributions.size())
        distributions[positions[j]] = scenario.parameter_distributions[j];
    }
    feed.add(distributions);
    // One value per sweep key, NaN (one bit pattern) where not swept, as the file stores them.
    for (std::size_t k = 0; k < m.sweep_keys.size(); ++k) {
      const double value = k < scenario.sweep_values.size()
                               ? scenario.sweep_values[k]
                               : std::numeric_limits<double>::quiet_NaN();
      feed.add(std::isnan(value) ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(value));
    }
  }
  // Titles, descriptions, references and labels (format 3.0); a run without any keeps the
  // fingerprint it had before them.
  if (m.described()) {
    feed.add(m.batch_title);
    feed.add(m.batch_description);
    for (const auto& scenario : m.scenarios) {
      feed.add(scenario.title);
      feed.add(scenario.description);
      feed.add(scenario.references);
    }
    feed.add(m.parameter_labels(all_parameters));
  }
  return feed.text();
}

std::string status_fingerprint(const std::string& run_fingerprint, const RunStatus& status) {
  Feed feed;
  feed.add(run_fingerprint);
  feed.add(status.paths_completed);
  feed.add(std::string(status.complete ? "complete" : "partial"));
  feed.add(status.stop_reason);
  feed.add(status.final_output);
  feed.add(static_cast<std::uint64_t>(status.precision.size()));
  for (const auto& record : status.precision) {
    feed.add(record.target);
    feed.add(std::bit_cast<std::uint64_t>(record.goal));
    feed.add(std::bit_cast<std::uint64_t>(record.standard_error));
    feed.add(static_cast<std::uint64_t>(record.met ? 1 : 0));
  }
  return feed.text();
}

}  // namespace cloudsim::output
