// [input_correlation] kind = "rank" | "gaussian", inputs = [key paths], matrix = [[…]]: which
// uncertain inputs are drawn together, and how strongly.

#include <toml++/toml.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/correlation.hpp"
#include "scenario/correlation_reader.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/suggest.hpp"
#include "scenario/toml_nesting.hpp"

namespace cloudsim::scenario {
namespace {

// The node at a TOML key path such as providers."China Telecom".price_index, if any. The path is
// parsed by toml++ itself, so quoting works exactly as in a scenario file.
const toml::node* find_by_key_path(const toml::table& root, const std::string& key_path) {
  toml::table shape;
  try {
    shape = parse_toml(key_path + " = 0", "key path");
  } catch (const toml::parse_error&) {
    return nullptr;
  }
  const toml::table* pattern = &shape;
  const toml::table* here = &root;
  while (pattern->size() == 1) {
    const toml::node* found = nullptr;
    const toml::node* next_pattern = nullptr;
    for (auto&& [key, value] : *pattern) {
      found = here->get(key.str());
      next_pattern = &value;
    }
    if (found == nullptr || !next_pattern->is_table()) {
      return found;
    }
    if (!found->is_table()) {
      return nullptr;
    }
    pattern = next_pattern->as_table();
    here = found->as_table();
  }
  return nullptr;
}

// An input named in the correlation list that exists but is a fixed number deserves a better
// message than "unknown uncertain input".
void explain_fixed_inputs(LoadState& state, const toml::table& table,
                          const std::vector<std::string>& uncertain) {
  const toml::array* inputs = table.get_as<toml::array>("inputs");
  if (inputs == nullptr)
    return;
  for (std::size_t k = 0; k < inputs->size(); ++k) {
    const auto* name = inputs->get(k)->as_string();
    if (name == nullptr ||
        std::find(uncertain.begin(), uncertain.end(), name->get()) != uncertain.end()) {
      continue;
    }
    const toml::node* target = find_by_key_path(state.document.root, name->get());
    if (target != nullptr && target->is_number()) {
      state.diagnostics().error(inputs->get(k)->source(),
                                "input_correlation.inputs[" + std::to_string(k) + "]",
                                name->get() +
                                    " is a fixed number; give it a distribution to "
                                    "correlate it");
    }
  }
}

}  // namespace

void read_input_correlation(LoadState& state) {
  const toml::table* table = state.root.subtable("input_correlation", false);
  if (table == nullptr) {
    return;
  }
  auto& uncertain = state.scenario.uncertain;
  TableReader reader(*table, "input_correlation", state.context);
  const std::string kind = reader.string("kind", false).value_or("rank");
  if (kind != "rank" && kind != "gaussian") {
    state.diagnostics().error(table->get("kind")->source(), "input_correlation.kind",
                              "expected \"rank\" (Spearman, the default) or \"gaussian\" "
                              "(correlation of the normal scores), found \"" +
                                  kind + "\"" + did_you_mean(kind, {"rank", "gaussian"}));
  }
  std::vector<std::string> uncertain_names;
  for (const auto& input : uncertain.inputs)
    uncertain_names.push_back(input.key_path);
  explain_fixed_inputs(state, *table, uncertain_names);
  const auto correlation =
      read_named_correlation(reader, "inputs", uncertain_names, "uncertain input");
  reader.reject_unknown_keys();
  if (!correlation) {
    return;
  }
  Eigen::MatrixXd copula = correlation->matrix;
  if (kind == "rank") {
    for (Eigen::Index r = 0; r < copula.rows(); ++r) {
      for (Eigen::Index c = 0; c < copula.cols(); ++c) {
        if (r != c)
          copula(r, c) = uncertainty::copula_correlation_for_rank(copula(r, c));
      }
    }
    if (!require_positive_definite(copula, *correlation->matrix_node, "input_correlation.matrix",
                                   state.diagnostics(),
                                   "as rank correlations it converts to a Gaussian copula that "
                                   "is not; lower the largest correlations")) {
      return;
    }
  }
  uncertainty::CorrelationGroup group;
  group.members = correlation->members;
  group.factor = *model::cholesky_factor(copula);
  uncertain.groups.push_back(std::move(group));
}

}  // namespace cloudsim::scenario
