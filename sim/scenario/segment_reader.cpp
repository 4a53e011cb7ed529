// [segments.<name>] (size, growth, volatility, sensitivities) and [segment_correlation] (how the
// segments' demand shocks move together).

#include <string>
#include <utility>

#include "scenario/correlation_reader.hpp"
#include "scenario/file_order.hpp"
#include "scenario/section_readers.hpp"

namespace cloudsim::scenario {

void read_segments(LoadState& state) {
  const toml::table* table = state.root.subtable("segments", true);
  if (table == nullptr) {
    return;
  }
  auto& diagnostics = state.diagnostics();
  const auto named = tables_in_file_order(*table, "segments", state.document, diagnostics);
  if (named.empty()) {
    diagnostics.error(table->source(), "segments", "define at least one segment");
  }
  if (named.size() > kMaxSegments) {
    diagnostics.error(table->source(), "segments",
                      "at most " + std::to_string(kMaxSegments) + " segments are allowed");
  }
  using Segment = model::SegmentParameters;
  for (const auto& [name, segment_table] : named) {
    const auto place = model::ParameterAddress::of_segment(state.scenario.market.segments.size());
    TableReader r(*segment_table, join_key_path("segments", name), state.context);
    Segment seg;
    seg.name = name;
    // Required unless the providers give their books as revenues (checked once they are read).
    state.demand_given.push_back(segment_table->get("initial_demand") != nullptr);
    r.input("initial_demand", seg, &Segment::initial_demand, place, NumberRange::positive_money(),
            0.0);
    r.input("growth_initial", seg, &Segment::growth_initial, place, NumberRange::rate());
    r.input("growth_long_run", seg, &Segment::growth_long_run, place, NumberRange::rate());
    r.input("growth_decay_quarters", seg, &Segment::growth_decay_quarters, place,
            NumberRange::positive());
    r.input("volatility", seg, &Segment::volatility, place,
            NumberRange{0.0, NumberRange::kMaxVolatility, true, true, false, true});
    r.input("price_sensitivity", seg, &Segment::price_sensitivity, place,
            NumberRange::sensitivity());
    r.input("capability_sensitivity", seg, &Segment::capability_sensitivity, place,
            NumberRange::sensitivity());
    r.input("ecosystem_sensitivity", seg, &Segment::ecosystem_sensitivity, place,
            NumberRange::sensitivity());
    r.reject_unknown_keys();
    state.scenario.market.segments.push_back(std::move(seg));
  }
}

void read_segment_correlation(LoadState& state) {
  auto& market = state.scenario.market;
  const auto n = static_cast<Eigen::Index>(market.segments.size());
  market.segment_correlation = Eigen::MatrixXd::Identity(n, n);
  const toml::table* table = state.root.subtable("segment_correlation", false);
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "segment_correlation", state.context);
  const auto correlation =
      read_named_correlation(reader, "segments", segment_names(market), "segment");
  reader.reject_unknown_keys();
  if (!correlation) {
    return;
  }
  if (correlation->members.size() != market.segments.size()) {
    state.diagnostics().error(table->get("segments")->source(), "segment_correlation.segments",
                              "must list every segment exactly once (" +
                                  std::to_string(market.segments.size()) + " segments, found " +
                                  std::to_string(correlation->members.size()) + ")");
    return;
  }
  // Reorder from the listed order to the scenario's segment order.
  for (std::size_t r = 0; r < correlation->members.size(); ++r) {
    for (std::size_t c = 0; c < correlation->members.size(); ++c) {
      market.segment_correlation(static_cast<Eigen::Index>(correlation->members[r]),
                                 static_cast<Eigen::Index>(correlation->members[c])) =
          correlation->matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
    }
  }
}

}  // namespace cloudsim::scenario
