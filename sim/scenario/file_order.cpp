#include "scenario/file_order.hpp"

#include <algorithm>
#include <utility>

#include "scenario/table_reader.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {

std::vector<NamedTable> tables_in_file_order(const toml::table& parent, const std::string& path,
                                             const ScenarioDocument& document,
                                             Diagnostics& diagnostics) {
  std::vector<std::pair<const toml::key*, NamedTable>> tables;
  for (const auto& [key, node] : parent) {
    const std::string name(key.str());
    if (!check_name(name, key.source(), join_key_path(path, name), diagnostics)) {
      continue;
    }
    if (!node.is_table()) {
      diagnostics.error(node.source(), join_key_path(path, name),
                        "expected a table, found " + describe_node(node));
      continue;
    }
    tables.push_back({&key, {name, node.as_table()}});
  }
  std::stable_sort(tables.begin(), tables.end(), [&](const auto& a, const auto& b) {
    return document.order_of(a.first->source()) < document.order_of(b.first->source());
  });
  std::vector<NamedTable> ordered;
  ordered.reserve(tables.size());
  for (auto& [key, table] : tables) {
    ordered.push_back(table);
  }
  return ordered;
}

}  // namespace cloudsim::scenario
