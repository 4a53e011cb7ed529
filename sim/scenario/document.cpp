#include "scenario/document.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {
namespace {

bool from_any(const toml::node& node, const std::vector<std::string>& files) {
  return node.source().path &&
         std::find(files.begin(), files.end(), *node.source().path) != files.end();
}

// Tables merge key by key; other values replace. A value that the overlay only inherited from one
// of `already_merged` does not replace: with `extends = [a, b]` where both build on c, b's copy of
// c must not undo a's changes to c.
void merge_into(toml::table& base, toml::table& overlay,
                const std::vector<std::string>& already_merged = {}) {
  for (auto&& [key, value] : overlay) {
    toml::node* existing = base.get(key);
    if (existing != nullptr && existing->is_table() && value.is_table() &&
        !value.as_table()->is_inline()) {
      merge_into(*existing->as_table(), *value.as_table(), already_merged);
    } else if (existing != nullptr && from_any(value, already_merged)) {
      continue;
    } else {
      // Moving (not copying) keeps the node's source position for later messages.
      base.insert_or_assign(key, std::move(value));
    }
  }
}

std::optional<toml::table> parse(const std::string& text, const std::string& name,
                                 Diagnostics& diagnostics) {
  try {
    return toml::parse(std::string_view(text), std::string_view(name));
  } catch (const toml::parse_error& error) {
    diagnostics.error(error.source(), "", "TOML syntax error: " + std::string(error.description()));
    return std::nullopt;
  }
}

class ChainLoader {
 public:
  ChainLoader(const FileReader& read, Diagnostics& diagnostics, std::vector<std::string>& sources)
      : read_(read), diagnostics_(diagnostics), sources_(sources) {}

  std::optional<toml::table> load(const std::string& text, const std::string& name) {
    auto table = parse(text, name, diagnostics_);
    if (!table) {
      return std::nullopt;
    }
    stack_.push_back(name);
    std::optional<toml::table> merged;
    if (toml::node* extends = table->get("extends")) {
      merged = load_parents(*extends, name);
      table->erase("extends");
      if (merged) {
        merge_into(*merged, *table);
      }
    } else {
      merged = std::move(table);
    }
    stack_.pop_back();
    sources_.push_back(name);
    return merged;
  }

 private:
  // `extends` is one path or an array of paths; parents merge in order, later ones winning.
  std::optional<toml::table> load_parents(const toml::node& extends, const std::string& child) {
    if (const auto* list = extends.as_array()) {
      if (list->empty()) {
        diagnostics_.error(extends.source(), "extends", "expected at least one parent scenario");
        return std::nullopt;
      }
      std::optional<toml::table> merged;
      std::vector<std::string> merged_files;
      for (const toml::node& entry : *list) {
        const std::size_t first_new_source = sources_.size();
        auto parent = load_parent(entry, child);
        if (!parent) {
          return std::nullopt;
        }
        if (merged) {
          merge_into(*merged, *parent, merged_files);
        } else {
          merged = std::move(parent);
        }
        merged_files.insert(merged_files.end(),
                            sources_.begin() + static_cast<std::ptrdiff_t>(first_new_source),
                            sources_.end());
      }
      return merged;
    }
    return load_parent(extends, child);
  }

  std::optional<toml::table> load_parent(const toml::node& extends, const std::string& child) {
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
    if (stack_.size() >= kMaxExtendsDepth) {
      diagnostics_.error(
          extends.source(), "extends",
          "extends chains may be at most " + std::to_string(kMaxExtendsDepth) + " files deep");
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
    return load(*text, parent);
  }

  const FileReader& read_;
  Diagnostics& diagnostics_;
  std::vector<std::string>& sources_;
  std::vector<std::string> stack_;
};

// "key.path=value" → a one-key TOML table. The value is TOML ("0.3", "[1, 2]", "{ … }", "\"x\"");
// a bare word that is not TOML is taken as a string, so --set simulation.currency_unit=USD works.
std::optional<toml::table> parse_assignment(const std::string& assignment,
                                            Diagnostics& diagnostics) {
  const std::string name = "--set '" + assignment + "'";
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    diagnostics.error_without_position("", name + ": expected key.path=value");
    return std::nullopt;
  }
  const std::string key = assignment.substr(0, equals);
  const std::string value = assignment.substr(equals + 1);
  try {
    return toml::parse(std::string_view(key + " = " + value), std::string_view(name));
  } catch (const toml::parse_error&) {
  }
  const std::string quoted = quote_toml_string(value);
  try {
    return toml::parse(std::string_view(key + " = " + quoted), std::string_view(name));
  } catch (const toml::parse_error& error) {
    diagnostics.error_without_position(
        "", name + ": not a valid assignment: " + std::string(error.description()));
    return std::nullopt;
  }
}

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
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
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
  auto root = loader.load(text, name);
  if (!root) {
    return std::nullopt;
  }
  document.root = std::move(*root);
  bool assignments_ok = true;
  for (const auto& assignment : assignments) {
    auto overlay = parse_assignment(assignment, diagnostics);
    if (!overlay) {
      assignments_ok = false;
      continue;
    }
    document.sources.push_back("--set '" + assignment + "'");
    merge_into(document.root, *overlay);
  }
  if (!assignments_ok) {
    return std::nullopt;
  }
  return document;
}

std::string to_resolved_toml(const ScenarioDocument& document) {
  return Emitter(document).emit();
}

}  // namespace cloudsim::scenario
