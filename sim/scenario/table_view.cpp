#include "scenario/table_view.hpp"

#include <algorithm>

namespace cloudsim::scenario {
namespace {

bool from_any(const toml::node& node, const std::vector<std::string>& files) {
  return node.source().path &&
         std::find(files.begin(), files.end(), *node.source().path) != files.end();
}

toml::table build(const ViewEntry& entry) {
  // Move the table itself (its position and inline flag come along), then replace its children
  // with the merged ones. Children are moved out before the old ones are cleared: some of the
  // merged children are nodes of this very table.
  toml::table result = std::move(*entry.node->as_table());
  toml::table staged;
  for (const auto& [name, child] : entry.children->entries) {
    if (child.children) {
      staged.insert_or_assign(*child.key, build(child));
    } else {
      staged.insert_or_assign(*child.key, std::move(*child.node));
    }
  }
  result.clear();
  for (auto&& [key, value] : staged) {
    result.insert_or_assign(key, std::move(value));
  }
  return result;
}

}  // namespace

ViewEntry::ViewEntry(const ViewEntry& other)
    : key(other.key),
      node(other.node),
      children(other.children ? std::make_unique<TableView>(*other.children) : nullptr) {}

ViewEntry& ViewEntry::operator=(const ViewEntry& other) {
  if (this != &other) {
    key = other.key;
    node = other.node;
    children = other.children ? std::make_unique<TableView>(*other.children) : nullptr;
  }
  return *this;
}

ViewEntry::~ViewEntry() = default;

ViewEntry view_of(toml::table& table, const std::string& skip_key) {
  ViewEntry entry;
  entry.node = &table;
  entry.children = std::make_unique<TableView>();
  for (auto&& [key, value] : table) {
    const std::string name(key.str());
    if (!skip_key.empty() && name == skip_key) {
      continue;
    }
    ViewEntry child = value.is_table() ? view_of(*value.as_table()) : ViewEntry{};
    child.key = &key;
    child.node = &value;
    entry.children->entries.emplace(name, std::move(child));
  }
  return entry;
}

void merge_view(ViewEntry& base, const ViewEntry& overlay,
                const std::vector<std::string>& already_merged) {
  auto& entries = base.children->entries;
  for (const auto& [name, value] : overlay.children->entries) {
    const auto found = entries.find(name);
    ViewEntry* existing = found == entries.end() ? nullptr : &found->second;
    if (existing != nullptr && existing->node->is_table() && value.node->is_table() &&
        !value.node->as_table()->is_inline()) {
      merge_view(*existing, value, already_merged);
    } else if (existing != nullptr && from_any(*value.node, already_merged)) {
      continue;
    } else if (existing != nullptr) {
      // The value replaces; the key keeps its first position, as a TOML table's key would.
      const toml::key* key = existing->key;
      *existing = value;
      existing->key = key;
    } else {
      entries.emplace(name, value);
    }
  }
}

toml::table materialise(const ViewEntry& root) {
  return build(root);
}

}  // namespace cloudsim::scenario
