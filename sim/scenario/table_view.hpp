#pragma once
// A merge of parsed TOML tables held as pointers to the parsed nodes. `extends` can reach one file
// along many paths (a diamond); merging views instead of tables lets each file's merged result be
// kept and reused, because toml++ drops a node's source position when it copies one, and every
// message needs that position. The final view is materialised once, by moving each chosen node out
// of its parsed file, so positions survive.
//
// Merge rule (as documented for `extends`): tables merge key by key, recursively; arrays and
// scalars replace. A value that the overlay only inherited from one of `already_merged` does not
// replace: with `extends = [a, b]` where both build on c, b's copy of c must not undo a's changes.

#include <toml++/toml.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cloudsim::scenario {

struct TableView;

// One value of a merged table: the parsed key (its position orders the output) and node, and for
// a table the merged view of its children.
struct ViewEntry {
  const toml::key* key = nullptr;  // null for a file's root
  toml::node* node = nullptr;
  std::unique_ptr<TableView> children;  // set exactly when node is a table

  ViewEntry() = default;
  ViewEntry(const ViewEntry& other);
  ViewEntry& operator=(const ViewEntry& other);
  ViewEntry(ViewEntry&&) noexcept = default;
  ViewEntry& operator=(ViewEntry&&) noexcept = default;
  ~ViewEntry();
};

struct TableView {
  std::map<std::string, ViewEntry> entries;
};

// A view of a parsed table as it stands; `skip_key` (e.g. "extends") is left out at this level.
ViewEntry view_of(toml::table& table, const std::string& skip_key = "");

// Merges `overlay` into `base` (see the rule above).
void merge_view(ViewEntry& base, const ViewEntry& overlay,
                const std::vector<std::string>& already_merged = {});

// The merged table, built by moving the chosen nodes out of the parsed tables they point into.
// Each parsed node may be materialised once: call it once per set of parsed tables.
toml::table materialise(const ViewEntry& root);

}  // namespace cloudsim::scenario
