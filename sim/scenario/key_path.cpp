#include "scenario/key_path.hpp"

#include "scenario/toml_nesting.hpp"
#include "scenario/toml_text.hpp"

namespace cloudsim::scenario {
namespace {

bool is_bare(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

std::string describe_char(char c) {
  switch (c) {
    case '\n':
      return "a line break";
    case '\r':
      return "a carriage return";
    case '=':
      return "'='";
    default:
      if (is_control(c)) {
        return "a control character";
      }
      return std::string("'") + c + "'";
  }
}

// Checks the syntax; returns an error or nothing. Counts the parts.
std::optional<std::string> check_syntax(std::string_view text, std::size_t& parts) {
  std::size_t at = 0;
  auto skip_blanks = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
      ++at;
  };
  auto unexpected = [&](std::size_t where) {
    return "found " + (where < text.size() ? describe_char(text[where]) : "the end") +
           " at character " + std::to_string(where + 1);
  };
  parts = 0;
  skip_blanks();
  while (true) {
    if (at >= text.size()) {
      return parts == 0 ? std::optional<std::string>("the key path is empty") : unexpected(at);
    }
    if (text[at] == '"' || text[at] == '\'') {
      const char quote = text[at++];
      while (at < text.size() && text[at] != quote) {
        if (is_control(text[at]))
          return unexpected(at);
        at += quote == '"' && text[at] == '\\' && at + 1 < text.size() ? 2u : 1u;
      }
      if (at >= text.size())
        return "a quoted key part is not closed";
      ++at;
    } else if (is_bare(text[at])) {
      while (at < text.size() && is_bare(text[at]))
        ++at;
    } else {
      return unexpected(at);
    }
    ++parts;
    skip_blanks();
    if (at == text.size())
      return std::nullopt;
    if (text[at] != '.')
      return unexpected(at);
    ++at;
    skip_blanks();
  }
}

}  // namespace

std::string KeyPath::canonical() const {
  std::string text;
  for (const auto& part : parts)
    text = join_key_path(text, part);
  return text;
}

std::string key_path_advice() {
  return "expected bare words (A-Z a-z 0-9 _ -) or quoted strings separated by dots, like "
         "providers.\"China Telecom\".price_index";
}

KeyPath parse_key_path(std::string_view text) {
  KeyPath result;
  std::size_t parts = 0;
  if (const auto error = check_syntax(text, parts)) {
    result.error = *error;
    return result;
  }
  if (parts > kMaxKeyParts) {
    result.error = "it has " + std::to_string(parts) + " parts; at most " +
                   std::to_string(kMaxKeyParts) + " are allowed";
    return result;
  }
  // The syntax is TOML's dotted key, so toml++ decodes the quoted parts exactly as in a file.
  toml::table shape;
  try {
    shape = parse_toml(std::string(text) + " = 0", "key path");
  } catch (const toml::parse_error& error) {
    result.error = std::string(error.description());
    return result;
  }
  const toml::table* level = &shape;
  while (level != nullptr && level->size() == 1) {
    for (auto&& [key, node] : *level) {
      result.parts.emplace_back(key.str());
      level = node.as_table();
    }
  }
  return result;
}

std::optional<std::size_t> assignment_equals(std::string_view assignment) {
  char quote = 0;
  for (std::size_t at = 0; at < assignment.size(); ++at) {
    const char c = assignment[at];
    if (quote != 0) {
      if (quote == '"' && c == '\\')
        ++at;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '=') {
      return at;
    }
  }
  return std::nullopt;
}

}  // namespace cloudsim::scenario
