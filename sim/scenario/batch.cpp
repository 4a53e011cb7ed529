#include "scenario/batch.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>

#include "scenario/diagnostics.hpp"
#include "scenario/key_path.hpp"
#include "scenario/prose_reader.hpp"
#include "scenario/table_reader.hpp"
#include "scenario/toml_nesting.hpp"
#include "scenario/toml_text.hpp"
#include "uncertainty/latin_hypercube.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::scenario {
namespace {

constexpr std::int64_t kMaxSweepPoints = 10'000;

std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string padded(std::size_t index, std::size_t count) {
  std::string text = std::to_string(index);
  const std::size_t width = std::to_string(count).size();
  return std::string(width > text.size() ? width - text.size() : 0, '0') + text;
}

// Keys of a TOML table in the order they were written (toml++ keeps them sorted by name).
std::vector<std::pair<std::string, const toml::node*>> in_written_order(const toml::table& table) {
  struct Entry {
    toml::source_position where;
    std::string key;
    const toml::node* node;
  };
  std::vector<Entry> entries;
  for (const auto& [key, node] : table) {
    entries.push_back({key.source().begin, std::string(key.str()), &node});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.where.line < b.where.line ||
           (a.where.line == b.where.line && a.where.column < b.where.column);
  });
  std::vector<std::pair<std::string, const toml::node*>> ordered;
  for (const auto& entry : entries)
    ordered.emplace_back(entry.key, entry.node);
  return ordered;
}

// A scenario to load: its file, its name in the batch and the sweep values it applies.
struct PendingScenario {
  std::string name;
  std::string file;
  std::vector<std::pair<std::string, double>> sweep;  // key path → value
  std::optional<InputIssue> origin;  // where a batch file asked for it, for error messages
};

struct BatchFileContent {
  std::vector<PendingScenario> scenarios;
  std::optional<std::uint64_t> paths, seed, max_paths;
  std::vector<std::string> precision;
  std::vector<InputIssue> precision_origins;  // where each target is written
  std::optional<std::string> observations;    // relative to the batch file
  std::optional<std::string> title, description;
};

std::string relative_to(const std::string& batch_file, const std::string& file) {
  const std::filesystem::path path(file);
  if (path.is_absolute()) {
    return file;
  }
  return (std::filesystem::path(batch_file).parent_path() / path).lexically_normal().string();
}

std::optional<std::string> read_text(const std::string& path, const LoadOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxScenarioBytes) {
    return std::nullopt;
  }
  return options.read_file(path);
}

// A sweep key must be a key path of the scenario, and not one of the settings a batch shares.
bool sweepable(const std::string& key, const toml::source_region& where,
               const std::string& key_path, Diagnostics& diagnostics) {
  const KeyPath parsed = parse_key_path(key);
  if (parsed.parts.empty()) {
    diagnostics.error(
        where, key_path,
        "'" + key + "' is not a key path: " + parsed.error + "; " + key_path_advice());
    return false;
  }
  const std::string canonical = parsed.canonical();
  if (canonical == "simulation.seed" || canonical == "simulation.paths") {
    diagnostics.error(where, key_path,
                      "the seed and the path count are common to all scenarios of a batch (so "
                      "they compare on common random numbers) and cannot be swept; set them in "
                      "[batch] (seed, paths) or on the command line (--seed, --paths)");
    return false;
  }
  return true;
}

// Reads the sweeps table: one grid or Latin hypercube per entry, each point a pending scenario.
void read_sweeps(const toml::table& sweeps, const std::string& batch_file, std::uint64_t seed,
                 ReadContext& context, BatchFileContent& content) {
  for (const auto& [sweep_name, node] : in_written_order(sweeps)) {
    const std::string path = join_key_path("sweeps", sweep_name);
    if (!check_name(sweep_name, node->source(), path, context.diagnostics)) {
      continue;
    }
    if (!node->is_table()) {
      context.diagnostics.error(
          node->source(), path,
          "expected a table describing the sweep, found " + describe_node(*node));
      continue;
    }
    TableReader sweep(*node->as_table(), path, context);
    const auto scenario_file = sweep.string("scenario", true);
    const auto kind = sweep.string("kind", true);
    std::vector<std::string> keys;
    std::vector<std::vector<double>> grid;          // grid: the values of each key
    std::vector<std::pair<double, double>> ranges;  // hypercube: each key's range
    std::size_t points = 0;
    const char* values_key = kind && *kind == "latin_hypercube" ? "ranges" : "values";
    if (kind && *kind != "grid" && *kind != "latin_hypercube") {
      context.diagnostics.error(
          sweep.table().get("kind")->source(), sweep.path_of("kind"),
          "expected \"grid\" or \"latin_hypercube\", found \"" + *kind + "\"");
      continue;  // the other keys depend on the kind: checking them would only add noise
    }
    std::optional<std::int64_t> lhs_points;
    std::optional<std::int64_t> lhs_seed;
    if (kind && *kind == "latin_hypercube") {
      lhs_points = sweep.integer("points", 1, kMaxSweepPoints, true);
      lhs_seed = sweep.integer("seed", 0, std::numeric_limits<std::int64_t>::max(), false);
    }
    const toml::table* table = sweep.subtable(values_key, true);
    sweep.reject_unknown_keys();
    if (table == nullptr || !scenario_file || !kind) {
      continue;
    }
    bool ok = true;
    std::vector<std::string> written;  // as the file spells them, beside `keys` (canonical)
    for (const auto& [key, value] : in_written_order(*table)) {
      const std::string key_path = join_key_path(sweep.path_of(values_key), key);
      if (!sweepable(key, value->source(), key_path, context.diagnostics)) {
        ok = false;
        continue;
      }
      // One key spelled two ways ("a.b" and "a . b") would be swept twice, the last value winning
      // while both were recorded.
      const std::string canonical = parse_key_path(key).canonical();
      if (const auto same = std::find(keys.begin(), keys.end(), canonical); same != keys.end()) {
        context.diagnostics.error(value->source(), key_path,
                                  "this sweep already varies " + canonical + " (as '" +
                                      written[static_cast<std::size_t>(same - keys.begin())] +
                                      "'); sweep each key once");
        ok = false;
        continue;
      }
      const auto* array = value->as_array();
      std::vector<double> numbers;
      if (array != nullptr) {
        for (const auto& element : *array) {
          if (const auto number = element.value<double>(); number && std::isfinite(*number)) {
            numbers.push_back(*number);
          }
        }
      }
      const bool is_grid = *kind == "grid";
      if (array == nullptr || numbers.size() != array->size() || numbers.empty() ||
          (!is_grid && (numbers.size() != 2 || !(numbers[0] < numbers[1])))) {
        context.diagnostics.error(
            value->source(), key_path,
            is_grid ? "expected a non-empty array of numbers (the values to try), found " +
                          describe_node(*value)
                    : "expected [low, high] with low < high, found " + describe_node(*value));
        ok = false;
        continue;
      }
      keys.push_back(canonical);
      written.push_back(key);
      if (is_grid) {
        grid.push_back(numbers);
      } else {
        ranges.emplace_back(numbers[0], numbers[1]);
      }
    }
    if (keys.empty() && ok) {
      context.diagnostics.error(table->source(), sweep.path_of(values_key),
                                "names no key to sweep");
      continue;
    }
    if (!ok) {
      continue;
    }
    std::vector<std::vector<double>> rows;  // one per point, a value per key
    if (*kind == "grid") {
      std::size_t total = 1;
      for (const auto& values : grid) {
        total *= values.size();
        if (total > static_cast<std::size_t>(kMaxSweepPoints)) {
          break;
        }
      }
      if (total > static_cast<std::size_t>(kMaxSweepPoints)) {
        context.diagnostics.error(table->source(), sweep.path_of(values_key),
                                  "the grid has more than " + std::to_string(kMaxSweepPoints) +
                                      " points; use kind = \"latin_hypercube\" with fewer points");
        continue;
      }
      // Every combination; the last key varies fastest, as nested loops written in key order.
      for (std::size_t k = 0; k < total; ++k) {
        std::vector<double> row(keys.size());
        std::size_t rest = k;
        for (std::size_t d = keys.size(); d-- > 0;) {
          row[d] = grid[d][rest % grid[d].size()];
          rest /= grid[d].size();
        }
        rows.push_back(row);
      }
    } else {
      if (!lhs_points) {
        continue;
      }
      points = static_cast<std::size_t>(*lhs_points);
      const auto unit = uncertainty::latin_hypercube(
          points, keys.size(), lhs_seed ? static_cast<std::uint64_t>(*lhs_seed) : seed,
          uncertainty::stream_index(path));
      for (std::size_t k = 0; k < points; ++k) {
        std::vector<double> row(keys.size());
        for (std::size_t d = 0; d < keys.size(); ++d) {
          const auto [low, high] = ranges[d];
          row[d] = low + unit[k * keys.size() + d] * (high - low);
        }
        rows.push_back(row);
      }
    }
    const auto where = node->source().begin;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      PendingScenario pending;
      pending.name = sweep_name + "/" + padded(k + 1, rows.size());
      pending.file = relative_to(batch_file, *scenario_file);
      for (std::size_t d = 0; d < keys.size(); ++d) {
        pending.sweep.emplace_back(keys[d], rows[k][d]);
      }
      pending.origin = InputIssue{batch_file, where.line, where.column, path, ""};
      content.scenarios.push_back(std::move(pending));
    }
  }
}

BatchFileContent read_batch_file(const std::string& batch_file, const std::string& text) {
  Diagnostics diagnostics(batch_file);
  BatchFileContent content;
  toml::table root;
  try {
    root = parse_toml(text, batch_file);
  } catch (const toml::parse_error& error) {
    diagnostics.error(error.source(), "", std::string(error.description()));
    diagnostics.throw_if_any();
  }
  std::vector<uncertainty::UncertainInput> no_inputs;
  ReadContext context{diagnostics, no_inputs};
  TableReader top(root, "", context);
  content.title = read_prose(top, "title", kTitleRule);
  content.description = read_prose(top, "description", kDescriptionRule);
  std::uint64_t lhs_seed = 0;
  if (const toml::table* batch = top.subtable("batch", true)) {
    TableReader settings(*batch, "batch", context);
    if (const auto paths =
            settings.integer("paths", 1, static_cast<std::int64_t>(kMaxPaths), false))
      content.paths = static_cast<std::uint64_t>(*paths);
    if (const auto seed =
            settings.integer("seed", 0, std::numeric_limits<std::int64_t>::max(), false)) {
      content.seed = static_cast<std::uint64_t>(*seed);
      lhs_seed = *content.seed;
    }
    if (const auto cap =
            settings.integer("max_paths", 1, static_cast<std::int64_t>(kMaxPaths), false))
      content.max_paths = static_cast<std::uint64_t>(*cap);
    if (const auto observations = settings.string("observations", false))
      content.observations = relative_to(batch_file, *observations);
    if (const toml::array* targets = settings.array("precision", false)) {
      for (std::size_t k = 0; k < targets->size(); ++k) {
        const toml::node& target = *targets->get(k);
        if (const auto* text_node = target.as_string()) {
          content.precision.push_back(text_node->get());
          const auto where = target.source().begin;
          content.precision_origins.push_back(
              InputIssue{batch_file, where.line, where.column,
                         "batch.precision[" + std::to_string(k) + "]", ""});
        } else {
          diagnostics.error(
              target.source(), "batch.precision",
              "expected strings such as \"se(share(IaaS, Alibaba, 2025Q4)) < 0.002\", "
              "found " +
                  describe_node(target));
        }
      }
    }
    settings.reject_unknown_keys();
  }
  if (const toml::table* scenarios = top.subtable("scenarios", false)) {
    for (const auto& [name, node] : in_written_order(*scenarios)) {
      if (!check_name(name, node->source(), join_key_path("scenarios", name), diagnostics)) {
        continue;
      }
      const auto* file = node->as_string();
      if (file == nullptr) {
        diagnostics.error(node->source(), join_key_path("scenarios", name),
                          "expected the scenario file's path (relative to this file), found " +
                              describe_node(*node));
        continue;
      }
      const auto where = node->source().begin;
      content.scenarios.push_back(
          {name,
           relative_to(batch_file, file->get()),
           {},
           InputIssue{batch_file, where.line, where.column, join_key_path("scenarios", name), ""}});
    }
  }
  if (const toml::table* sweeps = top.subtable("sweeps", false)) {
    read_sweeps(*sweeps, batch_file, lhs_seed, context, content);
  }
  top.reject_unknown_keys();
  if (diagnostics.empty() && content.scenarios.empty()) {
    diagnostics.error_without_position("",
                                       "the batch lists no scenario; add a [scenarios] or "
                                       "[sweeps.NAME] table");
  }
  diagnostics.throw_if_any();
  return content;
}

std::string describe_shape(const Scenario& s) {
  std::string text = "start " + s.run.start_quarter.label() + ", " +
                     std::to_string(s.market.quarters) + " quarters, segments [";
  for (std::size_t k = 0; k < s.market.segments.size(); ++k)
    text += (k ? ", " : "") + s.market.segments[k].name;
  text += "], providers [";
  for (std::size_t k = 0; k < s.market.providers.size(); ++k)
    text += (k ? ", " : "") + s.market.providers[k].name;
  text += "]";
  // The result file has one `group` coordinate: every scenario of a batch has the same customer
  // groups in the same order, or none (the text is then as it was before groups existed).
  if (!s.market.customer_groups.empty()) {
    text += ", customer groups [";
    for (std::size_t k = 0; k < s.market.customer_groups.size(); ++k)
      text += (k ? ", " : "") + s.market.customer_groups[k].name;
    text += "]";
  }
  // Likewise one `regime` dataset: every scenario has growth regimes, or none has.
  if (s.market.growth_regimes.active()) {
    text += ", growth regimes";
  }
  return text + ", currency " + s.run.currency_unit;
}

}  // namespace

bool is_batch_file(const std::string& path, const LoadOptions& options) {
  const auto text = read_text(path, options);
  if (!text) {
    return false;
  }
  try {
    const toml::table root = parse_toml(*text, path);
    return root.contains("batch");
  } catch (const toml::parse_error&) {
    return false;  // the scenario loader reports the syntax error
  }
}

Batch load_batch(const std::vector<std::string>& files, const LoadOptions& options) {
  std::vector<PendingScenario> pending;
  Batch batch;
  for (const auto& file : files) {
    if (!is_batch_file(file, options)) {
      pending.push_back({std::filesystem::path(file).stem().string(), file, {}, std::nullopt});
      continue;
    }
    auto content = read_batch_file(file, *read_text(file, options));
    if (!batch.paths)
      batch.paths = content.paths;
    if (!batch.seed)
      batch.seed = content.seed;
    if (!batch.max_paths)
      batch.max_paths = content.max_paths;
    if (!batch.observations)
      batch.observations = content.observations;
    if (batch.title.empty() && batch.description.empty()) {
      batch.title = content.title.value_or("");
      batch.description = content.description.value_or("");
    }
    batch.precision.insert(batch.precision.end(), content.precision.begin(),
                           content.precision.end());
    batch.precision_origins.insert(batch.precision_origins.end(), content.precision_origins.begin(),
                                   content.precision_origins.end());
    for (auto& scenario : content.scenarios)
      pending.push_back(std::move(scenario));
  }

  if (pending.size() > kMaxBatchScenarios) {
    // Refused before any is loaded: each costs a scenario load now and a share of every path.
    const auto& first_over = pending[kMaxBatchScenarios];
    InputIssue issue = first_over.origin.value_or(InputIssue{first_over.file, 0, 0, "", ""});
    issue.message = "the batch has " + std::to_string(pending.size()) +
                    " scenarios (sweep points included); at most " +
                    std::to_string(kMaxBatchScenarios) +
                    " are allowed; use fewer grid values or hypercube points, or split the batch";
    throw InputError({issue});
  }
  for (const auto& scenario : pending) {
    for (const auto& [key, value] : scenario.sweep) {
      if (std::find(batch.sweep_keys.begin(), batch.sweep_keys.end(), key) ==
          batch.sweep_keys.end()) {
        batch.sweep_keys.push_back(key);
      }
    }
  }
  std::vector<InputIssue> issues;
  for (const auto& scenario : pending) {
    const auto duplicate = std::find_if(batch.scenarios.begin(), batch.scenarios.end(),
                                        [&](const auto& b) { return b.name == scenario.name; });
    if (duplicate != batch.scenarios.end()) {
      InputIssue issue = scenario.origin.value_or(InputIssue{scenario.file, 0, 0, "", ""});
      issue.message = "two scenarios of the batch are named '" + scenario.name +
                      "'; give each a distinct name (in a batch file: [scenarios] NAME = \"file\")";
      throw InputError({issue});
    }
    LoadOptions point_options = options;
    for (const auto& [key, value] : scenario.sweep) {
      point_options.assignments.push_back(key + "=" + number_text(value));
    }
    BatchScenario loaded;
    loaded.name = scenario.name;
    try {
      loaded.scenario = load_scenario_file(scenario.file, point_options);
    } catch (const InputError& error) {
      if (scenario.origin) {
        InputIssue issue = *scenario.origin;
        issue.message = "scenario '" + scenario.name + "' (" + scenario.file +
                        ") does not load; the problems follow";
        issues.push_back(issue);
      }
      issues.insert(issues.end(), error.issues().begin(), error.issues().end());
      throw InputError(issues);
    }
    loaded.sweep_values.assign(batch.sweep_keys.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& [key, value] : scenario.sweep) {
      const auto at = std::find(batch.sweep_keys.begin(), batch.sweep_keys.end(), key);
      loaded.sweep_values[static_cast<std::size_t>(at - batch.sweep_keys.begin())] = value;
    }
    if (!batch.scenarios.empty() &&
        describe_shape(loaded.scenario) != describe_shape(batch.scenarios.front().scenario)) {
      InputIssue issue = scenario.origin.value_or(InputIssue{scenario.file, 0, 0, "", ""});
      issue.message = "scenario '" + scenario.name + "' describes a different market (" +
                      describe_shape(loaded.scenario) + ") than '" + batch.scenarios.front().name +
                      "' (" + describe_shape(batch.scenarios.front().scenario) +
                      "); a batch compares scenarios of one market path by path";
      throw InputError({issue});
    }
    batch.scenarios.push_back(std::move(loaded));
  }
  // One seed and one path count for the whole batch: the batch file's, else the first scenario's.
  const auto& first = batch.scenarios.front().scenario.run;
  const std::uint64_t seed = batch.seed.value_or(first.seed);
  const std::uint64_t paths = batch.paths.value_or(first.paths);
  for (auto& scenario : batch.scenarios) {
    scenario.scenario.run.seed = seed;
    scenario.scenario.run.paths = paths;
  }
  return batch;
}

}  // namespace cloudsim::scenario
