#include "output/scenario_descriptions.hpp"

#include "output/h5.hpp"

namespace cloudsim::output {
namespace {

std::vector<std::string> read_if_there(hid_t file, const char* name, std::size_t expected) {
  if (!h5::has_link(file, name))
    return {};
  auto values = h5::read_strings(h5::open_dataset(file, name).id());
  // The schema check fixes the length; a different one leaves the field empty rather than wrong.
  return values.size() == expected ? values : std::vector<std::string>{};
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t k = 0; k < lines.size(); ++k)
    text += (k == 0 ? "" : "\n") + lines[k];
  return text;
}

// References are one line each (the loader refuses a line break in one).
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

void write_scenario_descriptions(hid_t file, const ResultMetadata& m,
                                 const std::vector<std::string>& all_parameters,
                                 hid_t scenario_scale, hid_t parameter_scale) {
  std::vector<std::string> titles, descriptions, references;
  for (const auto& scenario : m.scenarios) {
    titles.push_back(scenario.title);
    descriptions.push_back(scenario.description);
    references.push_back(joined_lines(scenario.references));
  }
  h5::write_string_column(file, "scenario_title", titles, scenario_scale,
                          "the scenario file's title");
  h5::write_string_column(file, "scenario_description", descriptions, scenario_scale,
                          "the scenario file's description");
  h5::write_string_column(
      file, "scenario_references", references, scenario_scale,
      "sources the scenario's numbers rest on, one a line (its parents' first)");
  h5::write_string_column(
      file, "parameter_label", m.parameter_labels(all_parameters), parameter_scale,
      "name of the input for people: the first label a scenario gives it, empty if "
      "none");
  if (!m.batch_title.empty())
    h5::write_attribute(file, "batch_title", m.batch_title);
  if (!m.batch_description.empty())
    h5::write_attribute(file, "batch_description", m.batch_description);
}

void read_scenario_descriptions(hid_t file, ResultMetadata& m,
                                const std::vector<std::string>& all_parameters) {
  const std::size_t n = m.scenarios.size();
  const auto titles = read_if_there(file, "scenario_title", n);
  const auto descriptions = read_if_there(file, "scenario_description", n);
  const auto references = read_if_there(file, "scenario_references", n);
  const auto labels = read_if_there(file, "parameter_label", all_parameters.size());
  for (std::size_t k = 0; k < n; ++k) {
    auto& scenario = m.scenarios[k];
    if (!titles.empty())
      scenario.title = titles[k];
    if (!descriptions.empty())
      scenario.description = descriptions[k];
    if (!references.empty())
      scenario.references = split_lines(references[k]);
    scenario.parameter_labels.assign(scenario.parameter_names.size(), "");
    if (!labels.empty()) {
      const auto positions = positions_in(scenario.parameter_names, all_parameters);
      for (std::size_t j = 0; j < positions.size(); ++j) {
        if (positions[j] < labels.size())
          scenario.parameter_labels[j] = labels[positions[j]];
      }
    }
  }
  if (h5::has_attribute(file, "batch_title"))
    m.batch_title = h5::read_string_attribute(file, "batch_title");
  if (h5::has_attribute(file, "batch_description"))
    m.batch_description = h5::read_string_attribute(file, "batch_description");
}

}  // namespace cloudsim::output
