#include "scenario/scenario_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/correlation.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/suggest.hpp"
#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {
namespace {

struct NamedTable {
  std::string name;
  const toml::table* table;
};

// Child tables keyed by name (segments, providers) in the order the file defines them: the
// order of the output's coordinates should be the planner's, not alphabetical.
std::vector<NamedTable> tables_in_file_order(const toml::table& parent, const std::string& path,
                                             Diagnostics& diagnostics) {
  std::vector<NamedTable> tables;
  for (const auto& [key, node] : parent) {
    const std::string name(key.str());
    if (!node.is_table()) {
      diagnostics.error(node.source(), path + "." + name,
                        "expected a table, found " + describe_node(node));
      continue;
    }
    tables.push_back({name, node.as_table()});
  }
  std::stable_sort(tables.begin(), tables.end(), [](const NamedTable& a, const NamedTable& b) {
    const auto& pa = a.table->source().begin;
    const auto& pb = b.table->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  return tables;
}

void read_simulation(TableReader& root, Scenario& scenario) {
  const toml::table* table = root.subtable("simulation", true);
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "simulation", root.diagnostics());
  if (const auto start = reader.string("start_quarter", true)) {
    if (const auto quarter = model::Quarter::parse(*start)) {
      scenario.run.start_quarter = *quarter;
    } else {
      reader.diagnostics().error(table->get("start_quarter")->source(), "simulation.start_quarter",
                                 "expected a quarter like \"2021Q1\", found \"" + *start + "\"");
    }
  }
  if (const auto quarters = reader.integer("quarters", 2, kMaxQuarters, true)) {
    scenario.market.quarters = static_cast<int>(*quarters);
  }
  if (const auto paths = reader.integer("paths", 1, static_cast<std::int64_t>(kMaxPaths), false)) {
    scenario.run.paths = static_cast<std::uint64_t>(*paths);
  }
  if (const auto seed = reader.integer("seed", 0, INT64_MAX, true)) {
    scenario.run.seed = static_cast<std::uint64_t>(*seed);
  }
  if (const auto unit = reader.string("currency_unit", false)) {
    scenario.run.currency_unit = *unit;
  }
  reader.reject_unknown_keys();
}

void read_segments(TableReader& root, Scenario& scenario) {
  const toml::table* table = root.subtable("segments", true);
  if (table == nullptr) {
    return;
  }
  const auto named = tables_in_file_order(*table, "segments", root.diagnostics());
  if (named.empty()) {
    root.diagnostics().error(table->source(), "segments", "define at least one segment");
  }
  if (named.size() > kMaxSegments) {
    root.diagnostics().error(table->source(), "segments",
                             "at most " + std::to_string(kMaxSegments) + " segments are allowed");
  }
  for (const auto& [name, segment_table] : named) {
    TableReader r(*segment_table, "segments." + name, root.diagnostics());
    model::SegmentParameters s;
    s.name = name;
    s.initial_demand = r.number("initial_demand", NumberRange::positive(), 1.0);
    s.growth_initial = r.number("growth_initial", NumberRange::rate());
    s.growth_long_run = r.number("growth_long_run", NumberRange::rate());
    s.growth_decay_quarters = r.number("growth_decay_quarters", NumberRange::positive(), 1.0);
    s.volatility = r.number("volatility", NumberRange::non_negative());
    s.price_sensitivity = r.number("price_sensitivity", NumberRange::non_negative());
    s.capability_sensitivity = r.number("capability_sensitivity", NumberRange::non_negative());
    s.ecosystem_sensitivity = r.number("ecosystem_sensitivity", NumberRange::non_negative());
    r.reject_unknown_keys();
    scenario.market.segments.push_back(std::move(s));
  }
}

std::vector<std::string> segment_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& s : scenario.market.segments) {
    names.push_back(s.name);
  }
  return names;
}

std::optional<std::size_t> segment_index(const Scenario& scenario, const std::string& name) {
  const auto& segments = scenario.market.segments;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    if (segments[s].name == name) {
      return s;
    }
  }
  return std::nullopt;
}

// [segment_correlation] segments = [...], matrix = [[...], ...]; identity when absent.
void read_correlation(TableReader& root, Scenario& scenario) {
  const auto n = static_cast<Eigen::Index>(scenario.market.segments.size());
  scenario.market.segment_correlation = Eigen::MatrixXd::Identity(n, n);
  const toml::table* table = root.subtable("segment_correlation", false);
  if (table == nullptr) {
    return;
  }
  Diagnostics& diagnostics = root.diagnostics();
  TableReader reader(*table, "segment_correlation", diagnostics);
  const toml::array* order = reader.array("segments", true);
  const toml::array* rows = reader.array("matrix", true);
  reader.reject_unknown_keys();
  if (order == nullptr || rows == nullptr) {
    return;
  }

  // Map the matrix's own order onto the scenario's segment order.
  std::vector<std::size_t> index;
  bool order_ok = true;
  std::vector<bool> seen(scenario.market.segments.size(), false);
  for (std::size_t k = 0; k < order->size(); ++k) {
    const toml::node& node = *order->get(k);
    const auto* name = node.as_string();
    const std::string path = "segment_correlation.segments[" + std::to_string(k) + "]";
    if (name == nullptr) {
      diagnostics.error(node.source(), path,
                        "expected a segment name (string), found " + describe_node(node));
      order_ok = false;
      continue;
    }
    const auto s = segment_index(scenario, name->get());
    if (!s) {
      diagnostics.error(node.source(), path,
                        "unknown segment \"" + name->get() + "\"" +
                            did_you_mean(name->get(), segment_names(scenario)));
      order_ok = false;
      continue;
    }
    if (seen[*s]) {
      diagnostics.error(node.source(), path, "segment \"" + name->get() + "\" is listed twice");
      order_ok = false;
      continue;
    }
    seen[*s] = true;
    index.push_back(*s);
  }
  if (!order_ok) {
    return;
  }
  if (index.size() != scenario.market.segments.size()) {
    diagnostics.error(order->source(), "segment_correlation.segments",
                      "must list every segment exactly once (" +
                          std::to_string(scenario.market.segments.size()) + " segments, found " +
                          std::to_string(index.size()) + ")");
    return;
  }

  const std::size_t size = index.size();
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(n, n);
  std::vector<const toml::node*> cells(size * size, nullptr);  // for positions in messages
  bool shape_ok = rows->size() == size;
  if (!shape_ok) {
    diagnostics.error(rows->source(), "segment_correlation.matrix",
                      "expected " + std::to_string(size) +
                          " rows (one per listed segment), found " + std::to_string(rows->size()));
    return;
  }
  for (std::size_t r = 0; r < size; ++r) {
    const toml::node& row_node = *rows->get(r);
    const std::string row_path = "segment_correlation.matrix[" + std::to_string(r) + "]";
    const auto* row = row_node.as_array();
    if (row == nullptr || row->size() != size) {
      diagnostics.error(row_node.source(), row_path,
                        "expected an array of " + std::to_string(size) + " numbers, found " +
                            (row == nullptr ? describe_node(row_node)
                                            : "an array of " + std::to_string(row->size())));
      shape_ok = false;
      continue;
    }
    for (std::size_t c = 0; c < size; ++c) {
      const toml::node& cell = *row->get(c);
      const std::string cell_path = row_path + "[" + std::to_string(c) + "]";
      const NumberRange range{-1.0, 1.0, true, true};
      if (!cell.is_number() || !range.contains(cell.value<double>().value_or(2.0))) {
        diagnostics.error(cell.source(), cell_path,
                          "expected a correlation in [-1, 1], found " + describe_node(cell));
        shape_ok = false;
        continue;
      }
      cells[r * size + c] = &cell;
      matrix(static_cast<Eigen::Index>(index[r]), static_cast<Eigen::Index>(index[c])) =
          cell.value<double>().value_or(0.0);
    }
  }
  if (!shape_ok) {
    return;
  }
  constexpr double kExact = 1e-12;
  bool structure_ok = true;
  for (std::size_t r = 0; r < size; ++r) {
    const auto i = static_cast<Eigen::Index>(index[r]);
    if (std::abs(matrix(i, i) - 1.0) > kExact) {
      diagnostics.error(
          cells[r * size + r]->source(),
          "segment_correlation.matrix[" + std::to_string(r) + "][" + std::to_string(r) + "]",
          "the diagonal must be 1, found " + std::to_string(matrix(i, i)));
      structure_ok = false;
    }
    for (std::size_t c = r + 1; c < size; ++c) {
      const auto j = static_cast<Eigen::Index>(index[c]);
      if (std::abs(matrix(i, j) - matrix(j, i)) > kExact) {
        diagnostics.error(
            cells[r * size + c]->source(),
            "segment_correlation.matrix[" + std::to_string(r) + "][" + std::to_string(c) + "]",
            "the matrix must be symmetric: [" + std::to_string(r) + "][" + std::to_string(c) +
                "] differs from [" + std::to_string(c) + "][" + std::to_string(r) + "]");
        structure_ok = false;
      }
    }
  }
  if (structure_ok && !model::cholesky_factor(matrix)) {
    diagnostics.error(rows->source(), "segment_correlation.matrix",
                      "the correlation matrix is not positive definite (no set of shocks can have "
                      "these correlations); lower the largest correlations");
  }
  scenario.market.segment_correlation = matrix;
}

void read_multi_cloud(TableReader& root, Scenario& scenario) {
  const toml::table* table = root.subtable("multi_cloud", false);
  if (table == nullptr) {
    return;  // no multi-cloud effect: every customer makes a single-cloud choice
  }
  TableReader r(*table, "multi_cloud", root.diagnostics());
  auto& mc = scenario.market.multi_cloud;
  mc.initial_adoption = r.number("initial_adoption", NumberRange::probability());
  mc.ceiling = r.number("ceiling", NumberRange::probability());
  mc.innovation = r.number_or("innovation", 0.0, NumberRange::non_negative());
  mc.imitation = r.number_or("imitation", 0.0, NumberRange::non_negative());
  mc.second_cloud_spend_share = r.number("second_cloud_spend_share", NumberRange::probability());
  r.reject_unknown_keys();
  if (mc.initial_adoption > mc.ceiling) {
    root.diagnostics().error(
        table->get("initial_adoption")->source(), "multi_cloud.initial_adoption",
        "must not exceed multi_cloud.ceiling (" + std::to_string(mc.ceiling) + ")");
  }
}

void read_attraction_noise(TableReader& root, Scenario& scenario) {
  const toml::table* table = root.subtable("attraction_noise", false);
  if (table == nullptr) {
    return;
  }
  TableReader r(*table, "attraction_noise", root.diagnostics());
  auto& noise = scenario.market.attraction_noise;
  noise.volatility = r.number_or("volatility", 0.0, NumberRange::non_negative());
  noise.persistence = r.number_or("persistence", 0.0, NumberRange{0.0, 1.0, true, false});
  r.reject_unknown_keys();
}

void read_providers(TableReader& root, Scenario& scenario) {
  const toml::table* table = root.subtable("providers", true);
  if (table == nullptr) {
    return;
  }
  Diagnostics& diagnostics = root.diagnostics();
  const auto named = tables_in_file_order(*table, "providers", diagnostics);
  if (named.empty()) {
    diagnostics.error(table->source(), "providers", "define at least one provider");
  }
  if (named.size() > kMaxProviders) {
    diagnostics.error(table->source(), "providers",
                      "at most " + std::to_string(kMaxProviders) + " providers are allowed");
  }
  const auto known_segments = segment_names(scenario);
  for (const auto& [name, provider_table] : named) {
    const std::string path = "providers." + name;
    TableReader r(*provider_table, path, diagnostics);
    model::ProviderParameters p;
    p.name = name;
    p.price_index = r.number_or("price_index", 1.0, NumberRange::positive());
    p.multi_cloud_affinity = r.number_or("multi_cloud_affinity", 0.0, NumberRange::any());
    p.segments.resize(scenario.market.segments.size());
    if (const toml::table* segments = r.subtable("segments", true)) {
      for (const auto& [segment_name, cell_table] :
           tables_in_file_order(*segments, path + ".segments", diagnostics)) {
        const std::string cell_path = path + ".segments." + segment_name;
        const auto s = segment_index(scenario, segment_name);
        if (!s) {
          diagnostics.error(cell_table->source(), cell_path,
                            "unknown segment \"" + segment_name + "\"" +
                                did_you_mean(segment_name, known_segments) +
                                " (segments are defined under [segments])");
          continue;
        }
        TableReader c(*cell_table, cell_path, diagnostics);
        auto& cell = p.segments[*s];
        cell.present = true;
        cell.initial_share = c.number("initial_share", NumberRange::probability());
        cell.capability = c.number_or("capability", 0.0, NumberRange::any());
        cell.ecosystem = c.number_or("ecosystem", 0.0, NumberRange::any());
        cell.churn_rate = c.number("churn_rate", NumberRange{0.0, 1.0, false, true}, 1.0);
        c.reject_unknown_keys();
      }
    }
    r.reject_unknown_keys();
    scenario.market.providers.push_back(std::move(p));
  }
}

void check_initial_shares(const toml::table& root, Scenario& scenario, Diagnostics& diagnostics) {
  const auto& market = scenario.market;
  for (std::size_t s = 0; s < market.segments.size(); ++s) {
    double total = 0.0;
    bool anyone = false;
    for (const auto& provider : market.providers) {
      total += provider.segments[s].initial_share;
      anyone = anyone || provider.segments[s].present;
    }
    const std::string& name = market.segments[s].name;
    const toml::node* where = root.at_path("segments." + name).node();
    const toml::source_region region = where != nullptr ? where->source() : root.source();
    if (!anyone) {
      diagnostics.error(
          region, "segments." + name,
          "no provider is present in this segment; add a [providers.<name>.segments." + name +
              "] table");
    } else if (std::abs(total - 1.0) > kShareSumTolerance) {
      std::ostringstream message;
      message.precision(9);
      message << "the providers' initial_share values in this segment sum to " << total
              << "; they must sum to 1 (within " << kShareSumTolerance
              << "); an \"Others\" provider can take the remainder";
      diagnostics.error(region, "segments." + name, message.str());
    }
  }
}

Scenario parse_and_validate(const std::string& text, const std::string& file_name) {
  Diagnostics diagnostics(file_name);
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    diagnostics.error(error.source(), "", "TOML syntax error: " + std::string(error.description()));
    diagnostics.throw_if_any();
  }
  Scenario scenario;
  scenario.source_file = file_name;
  scenario.source_text = text;
  TableReader reader(root, "", diagnostics);
  read_simulation(reader, scenario);
  read_segments(reader, scenario);
  read_correlation(reader, scenario);
  read_multi_cloud(reader, scenario);
  read_attraction_noise(reader, scenario);
  read_providers(reader, scenario);
  reader.reject_unknown_keys();
  if (!scenario.market.segments.empty() && !scenario.market.providers.empty()) {
    check_initial_shares(root, scenario, diagnostics);
  }
  diagnostics.throw_if_any();
  return scenario;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file_name) {
  if (text.size() > kMaxScenarioBytes) {
    throw InputError(
        {InputIssue{file_name, 0, 0, "",
                    "the scenario is " + std::to_string(text.size()) + " bytes; the limit is " +
                        std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)"}});
  }
  return parse_and_validate(text, file_name);
}

Scenario load_scenario_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw InputError({InputIssue{path, 0, 0, "", "no such scenario file"}});
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError({InputIssue{path, 0, 0, "", "not a regular file"}});
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxScenarioBytes) {
    throw InputError(
        {InputIssue{path, 0, 0, "",
                    "the file is " + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(kMaxScenarioBytes) + " (is this really a scenario file?)"}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError({InputIssue{path, 0, 0, "", "cannot read the file"}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace cloudsim::scenario
