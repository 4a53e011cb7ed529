#include "scenario/prose_reader.hpp"

#include <algorithm>

namespace cloudsim::scenario {
namespace {

std::size_t code_points(std::string_view text) {
  // Continuation bytes (10xxxxxx) do not start a character; TOML strings are valid UTF-8.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string prose_problem(std::string_view text, const ProseRule& rule) {
  if (blank(text)) {
    return "expected some text, found an empty string; remove the key or write the text";
  }
  if (!rule.multi_line && text.find_first_of("\r\n") != std::string_view::npos) {
    return "expected one line, found a line break; keep it to one line (a description may have "
           "several)";
  }
  const std::size_t length = code_points(text);
  if (length > rule.max_chars) {
    return "expected at most " + std::to_string(rule.max_chars) + " characters, found " +
           std::to_string(length) + "; shorten it";
  }
  return "";
}

std::optional<std::string> read_prose(TableReader& reader, std::string_view key,
                                      const ProseRule& rule) {
  auto text = reader.string(key, false);
  if (!text) {
    return std::nullopt;
  }
  if (const std::string problem = prose_problem(*text, rule); !problem.empty()) {
    reader.diagnostics().error(reader.table().get(key)->source(), reader.path_of(key), problem);
    return std::nullopt;
  }
  return text;
}

std::vector<std::string> read_references(TableReader& reader) {
  std::vector<std::string> references;
  const toml::array* array = reader.array("references", false);
  if (array == nullptr) {
    return references;
  }
  const std::string path = reader.path_of("references");
  if (array->size() > kMaxReferences) {
    reader.diagnostics().error(array->source(), path,
                               "expected at most " + std::to_string(kMaxReferences) +
                                   " references, found " + std::to_string(array->size()));
    return references;
  }
  for (std::size_t k = 0; k < array->size(); ++k) {
    const toml::node& node = *array->get(k);
    const std::string element = path + "[" + std::to_string(k) + "]";
    const auto* text = node.as_string();
    if (text == nullptr) {
      reader.diagnostics().error(node.source(), element,
                                 "expected a citation string such as \"../shared/seeds/001.md: "
                                 "CAICT IaaS 2019\", found " +
                                     describe_node(node));
      continue;
    }
    std::string problem = prose_problem(text->get(), kReferenceRule);
    if (problem.empty() && text->get().find('\0') != std::string::npos) {
      problem = "a text may not contain the NUL character (\\u0000); remove it";
    }
    if (!problem.empty()) {
      reader.diagnostics().error(node.source(), element, problem);
      continue;
    }
    references.push_back(text->get());
  }
  return references;
}

}  // namespace cloudsim::scenario
