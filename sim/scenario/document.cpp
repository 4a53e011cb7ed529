#include "scenario/document.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <sstream>

#include "scenario/assignment.hpp"
#include "scenario/prose_reader.hpp"
#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"
#include "scenario/table_view.hpp"
#include "scenario/toml_nesting.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {
namespace {

std::optional<toml::table> parse(const std::string& text, const std::string& name,
                                 Diagnostics& diagnostics) {
  try {
    return parse_toml(text, name);
  } catch (const NestingError& error) {
    diagnostics.error(error.source(), "", std::string(error.description()));
    return std::nullopt;
  } catch (const toml::parse_error& error) {
    diagnostics.error(error.source(), "", "TOML syntax error: " + std::string(error.description()));
    return std::nullopt;
  }
}

// The size of a file on disk, if it is one; parents are refused by size before they are read.
std::optional<std::uintmax_t> size_on_disk(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? std::nullopt : std::optional(size);
}

// Resolves `extends`. Each file is read, parsed and merged with its parents once, however many
// paths of the extends graph reach it: a diamond of parents costs its number of files, not its
// number of paths (4 files a level, 15 levels deep, would otherwise be 4^15 loads).
class ChainLoader {
 public:
  ChainLoader(const FileReader& read, Diagnostics& diagnostics, std::vector<std::string>& sources)
      : read_(read), diagnostics_(diagnostics), sources_(sources) {}

  // The top file's merged document.
  std::optional<toml::table> load_top(const std::string& text, const std::string& name) {
    auto loaded = load(text, name);
    if (!loaded) {
      return std::nullopt;
    }
    return materialise(loaded->root);
  }

 private:
  struct Loaded {
    ViewEntry root;                  // merged with its parents
    std::vector<std::string> files;  // every file it brought in, itself included
    std::size_t height = 1;          // files in its longest extends chain, itself included
  };

  std::optional<Loaded> load(const std::string& text, const std::string& name) {
    auto parsed = parse(text, name, diagnostics_);
    if (!parsed) {
      return std::nullopt;
    }
    toml::table& table = parsed_.insert_or_assign(name, std::move(*parsed)).first->second;
    stack_.push_back(name);
    std::optional<Loaded> result;
    if (toml::node* extends = table.get("extends")) {
      result = load_parents(*extends, name);
      if (result) {
        // Each file describes itself: a parent's title is not the derived scenario's title.
        result->root.children->entries.erase("title");
        result->root.children->entries.erase("description");
        merge_joining_references(result->root, view_of(table, "extends"));
        ++result->height;
      }
    } else {
      result = Loaded{view_of(table), {}, 1};
    }
    stack_.pop_back();
    if (!result) {
      return std::nullopt;
    }
    add_unique(result->files, name);
    add_unique(sources_, name);
    return result;
  }

  // merge_view, except that `references` is joined rather than replaced (earlier ones first, each
  // once): a derived scenario's numbers still rest on its parents' sources. When an entry is not a
  // valid reference the arrays are not joined, and the one holding it is kept, so that the reader
  // reports it where it is written (a joined array's nodes are copies, without positions).
  void merge_joining_references(ViewEntry& base, const ViewEntry& overlay,
                                const std::vector<std::string>& already_merged = {}) {
    toml::node* before = references_node(base);
    const toml::node* added = references_node(overlay);
    merge_view(base, overlay, already_merged);
    if (before == nullptr || added == nullptr || before == added) {
      return;
    }
    ViewEntry& entry = base.children->entries.at("references");
    if (!valid_references(*added)) {
      return;
    }
    if (!valid_references(*before)) {
      entry.node = before;
      return;
    }
    toml::array& joined = joined_.emplace_back();
    for (const toml::node* list : {static_cast<const toml::node*>(before), added}) {
      for (const toml::node& item : *list->as_array()) {
        const std::string& text = item.as_string()->get();
        const bool seen = std::any_of(joined.begin(), joined.end(), [&](const toml::node& other) {
          return other.as_string()->get() == text;
        });
        if (!seen)
          joined.push_back(text);
      }
    }
    entry.node = &joined;
  }

  static toml::node* references_node(const ViewEntry& view) {
    const auto found = view.children->entries.find("references");
    return found == view.children->entries.end() ? nullptr : found->second.node;
  }

  static bool valid_references(const toml::node& node) {
    const auto* list = node.as_array();
    return list != nullptr && list->size() <= kMaxReferences &&
           std::all_of(list->begin(), list->end(), [](const toml::node& item) {
             return item.is_string() && item.as_string()->get().find('\0') == std::string::npos &&
                    prose_problem(item.as_string()->get(), kReferenceRule).empty();
           });
  }

  static void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end())
      list.push_back(item);
  }

  // `extends` is one path or an array of paths; parents merge in order, later ones winning.
  std::optional<Loaded> load_parents(const toml::node& extends, const std::string& child) {
    const auto* list = extends.as_array();
    if (list == nullptr) {
      return load_parent(extends, child);
    }
    if (list->empty()) {
      diagnostics_.error(extends.source(), "extends", "expected at least one parent scenario");
      return std::nullopt;
    }
    std::optional<Loaded> merged;
    for (const toml::node& entry : *list) {
      auto parent = load_parent(entry, child);
      if (!parent) {
        return std::nullopt;
      }
      if (!merged) {
        merged = std::move(parent);
        continue;
      }
      // A parent an earlier one already brought in adds nothing (none of its values may
      // override): skipping it keeps `extends = [a, a, a, …]` from costing a merge each.
      const std::string& path = parent->files.back();
      if (std::find(merged->files.begin(), merged->files.end(), path) == merged->files.end()) {
        merge_joining_references(merged->root, parent->root, merged->files);
        for (const auto& file : parent->files)
          add_unique(merged->files, file);
      }
      merged->height = std::max(merged->height, parent->height);
    }
    return merged;
  }

  std::optional<Loaded> load_parent(const toml::node& extends, const std::string& child) {
    const auto* relative = extends.as_string();
    if (relative == nullptr || relative->get().empty()) {
      diagnostics_.error(extends.source(), "extends",
                         "expected the path of the scenario this one builds on (a string, or an "
                         "array of them), found " +
                             describe_node(extends));
      return std::nullopt;
    }
    const std::string parent =
        (std::filesystem::path(child).parent_path() / relative->get()).lexically_normal().string();
    if (std::find(stack_.begin(), stack_.end(), parent) != stack_.end()) {
      std::string cycle;
      for (const auto& file : stack_)
        cycle += file + " -> ";
      diagnostics_.error(extends.source(), "extends", "extends forms a cycle: " + cycle + parent);
      return std::nullopt;
    }
    const auto known = loaded_.find(parent);
    const std::size_t height = known == loaded_.end() ? 1 : known->second.height;
    if (stack_.size() + height > kMaxExtendsDepth) {
      diagnostics_.error(
          extends.source(), "extends",
          "extends chains may be at most " + std::to_string(kMaxExtendsDepth) + " files deep");
      return std::nullopt;
    }
    if (known != loaded_.end()) {
      return known->second;  // a copy of the view: the parsed nodes are shared
    }
    if (loaded_.size() >= kMaxExtendsFiles) {
      diagnostics_.error(extends.source(), "extends",
                         "a scenario may build on at most " + std::to_string(kMaxExtendsFiles) +
                             " files in all (through every extends)");
      return std::nullopt;
    }
    if (const auto size = size_on_disk(parent); size && *size > kMaxScenarioBytes) {
      diagnostics_.error(extends.source(), "extends",
                         "the parent scenario " + parent + " is " + std::to_string(*size) +
                             " bytes; the limit is " + std::to_string(kMaxScenarioBytes) +
                             " (is this really a scenario file?)");
      return std::nullopt;
    }
    const auto text = read_(parent);
    if (!text) {
      diagnostics_.error(extends.source(), "extends",
                         "cannot read the parent scenario \"" + relative->get() +
                             "\" (looked for " + parent + ")");
      return std::nullopt;
    }
    if (text->size() > kMaxScenarioBytes) {
      diagnostics_.error(extends.source(), "extends",
                         "the parent scenario " + parent + " is larger than " +
                             std::to_string(kMaxScenarioBytes) + " bytes");
      return std::nullopt;
    }
    auto loaded = load(*text, parent);
    if (loaded) {
      loaded_.emplace(parent, *loaded);
    }
    return loaded;
  }

  const FileReader& read_;
  Diagnostics& diagnostics_;
  std::vector<std::string>& sources_;
  std::vector<std::string> stack_;
  std::map<std::string, toml::table> parsed_;  // every file's own table, by path; views point here
  std::map<std::string, Loaded> loaded_;       // every parent merged with its own parents, by path
  std::list<toml::array> joined_;              // joined references; views point here
};

// ---- emitting ----

// Shortest text that reads back to the same double, always recognisable as a TOML float.
std::string float_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".eEn") == std::string::npos) {  // 'n' covers inf and nan
    text += ".0";
  }
  return text;
}

class Emitter {
 public:
  explicit Emitter(const ScenarioDocument& document) : document_(document) {}

  std::string emit() {
    table(document_.root, "");
    std::string text = out_.str();
    if (!text.empty() && text.front() == '\n')
      text.erase(0, 1);
    return text;
  }

 private:
  using Entry = std::pair<const toml::key*, const toml::node*>;

  std::vector<Entry> ordered(const toml::table& t) const {
    std::vector<Entry> entries;
    for (auto&& [key, value] : t)
      entries.emplace_back(&key, &value);
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      return document_.order_of(a.first->source()) < document_.order_of(b.first->source());
    });
    return entries;
  }

  static bool is_section(const toml::node& node) {
    return node.is_table() && !node.as_table()->is_inline();
  }

  void table(const toml::table& t, const std::string& path) {
    const auto entries = ordered(t);
    const bool has_values = std::any_of(entries.begin(), entries.end(),
                                        [](const Entry& e) { return !is_section(*e.second); });
    if (!path.empty() && (has_values || entries.empty())) {
      out_ << "\n[" << path << "]\n";
    }
    for (const auto& [key, value] : entries) {
      if (!is_section(*value)) {
        out_ << toml_key(key->str()) << " = " << value_text(*value) << "\n";
      }
    }
    for (const auto& [key, value] : entries) {
      if (is_section(*value)) {
        const std::string child =
            path.empty() ? toml_key(key->str()) : path + "." + toml_key(key->str());
        table(*value->as_table(), child);
      }
    }
  }

  std::string value_text(const toml::node& node) const {
    if (const auto* v = node.as_floating_point())
      return float_text(v->get());
    if (const auto* v = node.as_integer())
      return std::to_string(v->get());
    if (const auto* v = node.as_string())
      return quote_toml_string(v->get());
    if (const auto* v = node.as_boolean())
      return v->get() ? "true" : "false";
    if (const auto* array = node.as_array()) {
      std::string text = "[";
      for (std::size_t k = 0; k < array->size(); ++k) {
        text += (k == 0 ? "" : ", ") + value_text(*array->get(k));
      }
      return text + "]";
    }
    if (const auto* t = node.as_table()) {
      std::string text = "{ ";
      bool first = true;
      for (const auto& [key, value] : ordered(*t)) {
        text += (first ? "" : ", ") + toml_key(key->str()) + " = " + value_text(*value);
        first = false;
      }
      return text + (first ? "}" : " }");
    }
    std::ostringstream other;  // dates and times: toml++ writes them exactly
    other << toml::toml_formatter(node);
    return other.str();
  }

  const ScenarioDocument& document_;
  std::ostringstream out_;
};

}  // namespace

FileReader filesystem_reader() {
  return [](const std::string& path) -> std::optional<std::string> {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return std::nullopt;
    }
    // One byte past the limit is enough to refuse a file, even one that grew since its size was
    // checked.
    std::string text(kMaxScenarioBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  };
}

std::tuple<std::size_t, std::uint32_t, std::uint32_t> ScenarioDocument::order_of(
    const toml::source_region& region) const {
  std::size_t rank = sources.size();
  if (region.path) {
    const auto found = std::find(sources.begin(), sources.end(), *region.path);
    if (found != sources.end()) {
      rank = static_cast<std::size_t>(found - sources.begin());
    }
  }
  return {rank, region.begin.line, region.begin.column};
}

std::optional<ScenarioDocument> build_document(const std::string& text, const std::string& name,
                                               const std::vector<std::string>& assignments,
                                               const FileReader& read, Diagnostics& diagnostics) {
  ScenarioDocument document;
  ChainLoader loader(read, diagnostics, document.sources);
  auto root = loader.load_top(text, name);
  if (!root) {
    return std::nullopt;
  }
  document.root = std::move(*root);
  ViewEntry merged = view_of(document.root);
  std::list<toml::table> overlays;  // the views point into them until materialised
  bool assignments_ok = true;
  for (const auto& assignment : assignments) {
    auto overlay = parse_assignment(assignment, diagnostics);
    if (!overlay) {
      assignments_ok = false;
      continue;
    }
    document.sources.push_back("--set '" + assignment + "'");
    merge_view(merged, view_of(overlays.emplace_back(std::move(*overlay))));
  }
  if (!assignments_ok) {
    return std::nullopt;
  }
  if (!overlays.empty()) {
    document.root = materialise(merged);
  }
  return document;
}

std::string to_resolved_toml(const ScenarioDocument& document) {
  return Emitter(document).emit();
}

}  // namespace cloudsim::scenario
