#include "scenario/prose_reader.hpp"

#include <algorithm>
#include <vector>

namespace cloudsim::scenario {
namespace {

// The code points of valid UTF-8 (TOML strings are).
std::vector<char32_t> decoded(std::string_view text) {
  std::vector<char32_t> codes;
  for (std::size_t k = 0; k < text.size();) {
    const auto lead = static_cast<unsigned char>(text[k]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    auto code = static_cast<char32_t>(length == 1 ? lead : lead & (0x7Fu >> length));
    for (std::size_t j = 1; j < length && k + j < text.size(); ++j)
      code = (code << 6) | static_cast<char32_t>(static_cast<unsigned char>(text[k + j]) & 0x3Fu);
    codes.push_back(code);
    k += length;
  }
  return codes;
}

// Line breaks in any of Unicode's spellings: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
bool line_break(char32_t c) {
  return c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

// Spaces of every width, and the invisible ones a pasted text can hide behind.
bool space(char32_t c) {
  return c == 0x20 || c == 0x09 || line_break(c) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Control characters other than tab and line breaks (C0, DEL, C1): they garble terminals,
// spreadsheets and the report.
bool control(char32_t c) {
  return (c < 0x20 && c != 0x09 && !line_break(c)) || c == 0x7F ||
         (c >= 0x80 && c < 0xA0 && c != 0x85);
}

std::string hex(char32_t c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string text = "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    text += kDigits[(c >> shift) & 0xF];
  return text;
}

}  // namespace

std::string prose_problem(std::string_view text, const ProseRule& rule) {
  const std::vector<char32_t> codes = decoded(text);
  if (std::all_of(codes.begin(), codes.end(), space)) {
    return "expected some text, found an empty string (or only spaces); remove the key or write "
           "the text";
  }
  for (const char32_t c : codes) {
    if (control(c)) {
      return "a text may not contain the control character " + hex(c) + "; remove it";
    }
    if (!rule.multi_line && line_break(c)) {
      return "expected one line, found a line break (" + hex(c) +
             "); keep it to one line (a description may have several)";
    }
  }
  // Characters, not bytes: 120 Chinese characters are a fine title.
  const std::size_t length = codes.size();
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
    const std::string problem = prose_problem(text->get(), kReferenceRule);  // NUL included
    if (!problem.empty()) {
      reader.diagnostics().error(node.source(), element, problem);
      continue;
    }
    references.push_back(text->get());
  }
  return references;
}

}  // namespace cloudsim::scenario
