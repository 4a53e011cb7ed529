// Reading an observations file (docs/observations.md) with the scenario loader's readers, so its
// messages have the same form: file:line:col, key path, what was expected, a suggestion.

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "observe/observations.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/input_error.hpp"
#include "scenario/read_context.hpp"
#include "scenario/table_reader.hpp"
#include "scenario/toml_nesting.hpp"
#include "text/suggest.hpp"

namespace cloudsim::observe {
namespace {

// An observations file is a few hundred rows; anything far larger is not one.
constexpr std::size_t kMaxObservationBytes = std::size_t{1} << 22;

bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

// The place of a character inside a one-line string value (exact when it has no escapes).
toml::source_region inside(const toml::node& node, std::size_t offset) {
  toml::source_region where = node.source();
  if (where.begin.line == where.end.line)
    where.begin.column += static_cast<toml::source_index>(1 + offset);  // past the quote
  return where;
}

class RowReader {
 public:
  RowReader(scenario::TableReader& r, const outcome::Names& names, Unresolved unresolved)
      : r_(r), names_(names), unresolved_(unresolved) {}

  std::optional<Observation> read() {
    const std::size_t before = r_.diagnostics().count();
    Observation row;
    row.id = r_.string("id", true).value_or("");
    if (r_.table().get("id") != nullptr && r_.table().get("id")->is_string() && !valid_id(row.id))
      error("id", "expected an id of letters, digits, '_', '.' and '-', found '" + row.id + "'");
    read_quantity(row);
    if (const auto value = r_.optional_number("value", scenario::NumberRange::any()))
      row.value = *value;
    else if (r_.table().get("value") == nullptr)
      error("", "missing required key `value` (the reported figure, in the quantity's unit)");
    read_error(row);
    const std::size_t inputs = r_.context().inputs.size();
    row.scale =
        r_.uncertain("scale", scenario::NumberRange::positive(), 1.0, model::ParameterAddress{});
    if (r_.context().inputs.size() > inputs)
      row.scale_distribution = r_.context().inputs.back().distribution;
    row.source = r_.string("source", true).value_or("");
    row.scope = r_.string("scope", true).value_or("");
    row.note = r_.string("note", false).value_or("");
    r_.reject_unknown_keys();
    if (row.error_kind == ErrorKind::relative && r_.table().get("value") != nullptr &&
        !(row.value > 0.0) && r_.diagnostics().count() == before) {
      error("value",
            "a relative error needs a positive value (y = scale·h·exp(e)); use "
            "error = { absolute = … } for a figure that may be 0 or negative");
    }
    if (r_.diagnostics().count() != before)
      return std::nullopt;
    return row;
  }

 private:
  void error(std::string_view key, const std::string& message) {
    const toml::node* node = key.empty() ? nullptr : r_.table().get(key);
    r_.diagnostics().error(node != nullptr ? node->source() : r_.table().source(),
                           key.empty() ? r_.path() : r_.path_of(key), message);
  }

  void read_quantity(Observation& row) {
    const auto text = r_.string("quantity", true);
    if (!text)
      return;
    const toml::node& node = *r_.table().get("quantity");
    const auto fail = [&](std::size_t offset, const std::string& reason) {
      r_.diagnostics().error(
          inside(node, offset), r_.path_of("quantity"),
          reason + " (at character " + std::to_string(offset + 1) + " of the quantity)");
    };
    try {
      auto outcome = outcome::parse_outcome(*text);
      const auto* quantity = std::get_if<outcome::Quantity>(&outcome.measure);
      if (quantity == nullptr || outcome.difference) {
        fail(0,
             "expected a quantity such as share(IaaS+PaaS, Alibaba, 2022Q4), not a "
             "probability or a difference");
        return;
      }
      row.quantity = *quantity;
    } catch (const outcome::OutcomeError& error) {
      fail(error.offset(), error.reason());
      return;
    }
    auto& quantity = row.quantity;
    if (quantity.kind == outcome::QuantityKind::price) {
      fail(quantity.offset, "price(…) is the model's price index, not a figure a source reports");
      return;
    }
    if (!quantity.period) {
      fail(quantity.offset, "expected a PERIOD as the last argument (a quarter such as " +
                                names_.periods.front() +
                                " or a year): an observation is of one "
                                "period");
      return;
    }
    const std::string period = quantity.period->text;
    const std::size_t period_offset = quantity.period->offset;
    row.quantity_text = *text;
    row.period = period;
    try {
      outcome::resolve(quantity, names_);
    } catch (const outcome::OutcomeError& error) {
      std::string reason = error.reason();
      if (error.offset() == period_offset && reason.starts_with("no ")) {
        reason = "the period '" + period + "' is outside the " + names_.period_word +
                 "s of the run (" + names_.periods.front() + " to " + names_.periods.back() + ")" +
                 text::did_you_mean(period, names_.periods);
      }
      if (unresolved_ == Unresolved::keep)
        row.unresolved = reason.empty() ? "does not resolve" : reason;
      else
        fail(error.offset(), reason);
      return;
    }
    row.last_quarter = quantity.period->index;
    row.first_quarter = quantity.period->index + 1 - quantity.period->span;
  }

  // error = { relative = s } or { absolute = s }; s a number or a distribution, > 0.
  void read_error(Observation& row) {
    const toml::table* table = r_.subtable("error", true);
    if (table == nullptr)
      return;
    scenario::TableReader e(*table, r_.path_of("error"), r_.context());
    const bool relative = table->get("relative") != nullptr;
    const bool absolute = table->get("absolute") != nullptr;
    e.mark_known("relative");
    e.mark_known("absolute");
    if (relative == absolute) {
      r_.diagnostics().error(r_.table().get("error")->source(), r_.path_of("error"),
                             "expected one of { relative = s } (a fraction of the value) or "
                             "{ absolute = s } (in the quantity's unit)");
    } else {
      row.error_kind = relative ? ErrorKind::relative : ErrorKind::absolute;
      const std::size_t inputs = r_.context().inputs.size();
      row.error = e.uncertain(relative ? "relative" : "absolute", scenario::NumberRange::positive(),
                              std::nullopt, model::ParameterAddress{});
      if (r_.context().inputs.size() > inputs)
        row.error_distribution = r_.context().inputs.back().distribution;
    }
    e.reject_unknown_keys();
  }

  scenario::TableReader& r_;
  const outcome::Names& names_;
  Unresolved unresolved_;
};

}  // namespace

ObservationSet read_observations(const std::string& text, const std::string& file,
                                 const outcome::Names& names, Unresolved unresolved) {
  scenario::Diagnostics diagnostics(file);
  if (names.periods.empty())
    throw std::invalid_argument("read_observations: the scenario's quarters are needed");
  if (text.size() > kMaxObservationBytes) {
    diagnostics.error_without_position("", "the file is " + std::to_string(text.size()) +
                                               " bytes; the limit is " +
                                               std::to_string(kMaxObservationBytes));
    diagnostics.throw_if_any();
  }
  toml::table root;
  try {
    root = scenario::parse_toml(text, file);
  } catch (const toml::parse_error& error) {
    diagnostics.error(error.source(), "", "TOML syntax error: " + std::string(error.description()));
    diagnostics.throw_if_any();
  }
  std::vector<uncertainty::UncertainInput> inputs;
  scenario::ReadContext context{diagnostics, inputs};
  scenario::TableReader top(root, "", context);
  std::string title;
  if (const toml::table* header = top.subtable("observations", true)) {
    scenario::TableReader r(*header, "observations", context);
    title = r.string("title", true).value_or("");
    r.reject_unknown_keys();
  }
  std::vector<Observation> rows;
  std::map<std::string, toml::source_position> ids;
  if (const toml::array* array = top.array("observation", true)) {
    if (array->empty())
      diagnostics.error(array->source(), "observation", "expected at least one [[observation]]");
    for (std::size_t k = 0; k < array->size(); ++k) {
      const toml::node& node = *array->get(k);
      const std::string path = "observation[" + std::to_string(k) + "]";
      if (!node.is_table()) {
        diagnostics.error(
            node.source(), path,
            "expected a table ([[observation]]), found " + scenario::describe_node(node));
        continue;
      }
      scenario::TableReader r(*node.as_table(), path, context);
      auto row = RowReader(r, names, unresolved).read();
      if (!row)
        continue;
      const auto [at, fresh] = ids.emplace(row->id, node.source().begin);
      if (!fresh) {
        diagnostics.error(node.as_table()->get("id")->source(), path + ".id",
                          "the id '" + row->id + "' is already used by the observation at line " +
                              std::to_string(at->second.line));
        continue;
      }
      rows.push_back(std::move(*row));
    }
  }
  top.reject_unknown_keys();
  diagnostics.throw_if_any();
  return ObservationSet(std::move(title), std::move(rows), text);
}

ObservationSet load_observations(const std::filesystem::path& file, const outcome::Names& names,
                                 Unresolved unresolved) {
  const std::string name = file.string();
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    throw scenario::InputError({{name, 0, 0, "", "is a directory, not an observations file"}});
  const auto size = std::filesystem::file_size(file, error);
  if (!error && size > kMaxObservationBytes) {
    throw scenario::InputError({{name, 0, 0, "",
                                 "the file is " + std::to_string(size) + " bytes; the limit is " +
                                     std::to_string(kMaxObservationBytes)}});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw scenario::InputError(
        {{name, 0, 0, "", "no such observations file (or it cannot be read)"}});
  std::ostringstream text;
  text << in.rdbuf();
  return read_observations(text.str(), name, names, unresolved);
}

}  // namespace cloudsim::observe
