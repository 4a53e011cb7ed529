#include "scenario/toml_nesting.hpp"

#include <memory>
#include <vector>

namespace cloudsim::scenario {
namespace {

bool is_bare_key_char(char c) {
  // ASCII letters, digits, '_' and '-'; bytes of multi-byte characters count too, so a parser
  // that accepts Unicode bare keys is never under-counted.
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<NestingProblem> scan() {
    bool line_start = true;
    while (!problem_ && at_ < text_.size()) {
      if (line_start && open_.empty()) {
        line_start = false;
        top_level_line();
        continue;
      }
      switch (text_[at_]) {
        case '"':
        case '\'':
          skip_string();
          break;
        case '#':
          skip_comment();
          break;
        case '\n':
          advance();
          line_start = open_.empty();
          break;
        case '[':
          open('[');
          break;
        case '{':
          open('{');
          if (!problem_)
            key(open_.back().depth);
          break;
        case ']':
        case '}':
          close(text_[at_]);
          break;
        case ',':
          advance();
          if (!open_.empty() && open_.back().bracket == '{') {
            key(open_.back().depth);
          } else if (!open_.empty()) {
            value_depth_ = open_.back().depth + 1;
          }
          break;
        default:
          advance();
      }
    }
    return problem_;
  }

 private:
  struct Open {
    char bracket;       // '[' array or '{' inline table
    std::size_t depth;  // levels from the root to this array or inline table
  };

  void advance() {
    if (text_[at_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[at_]) & 0xC0) != 0x80) {
      ++column_;  // continuation bytes of a UTF-8 character do not start a column
    }
    ++at_;
  }

  bool at(char c) const { return at_ < text_.size() && text_[at_] == c; }

  void skip_blanks() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r'))
      advance();
  }

  void skip_comment() {
    while (at_ < text_.size() && text_[at_] != '\n')
      advance();
  }

  // Basic and literal strings, single- or multi-line. An unterminated one ends the scan of it at
  // the end of its line (single-line) or of the text (multi-line); the parser reports it.
  void skip_string() {
    const char quote = text_[at_];
    const bool basic = quote == '"';
    if (text_.substr(at_, 3) == std::string_view(basic ? "\"\"\"" : "'''")) {
      for (int k = 0; k < 3; ++k)
        advance();
      while (at_ < text_.size()) {
        if (basic && text_[at_] == '\\') {
          advance();
          if (at_ < text_.size())
            advance();
          continue;
        }
        if (text_.substr(at_, 3) == std::string_view(basic ? "\"\"\"" : "'''")) {
          for (int k = 0; k < 3; ++k)
            advance();
          for (int k = 0; k < 2 && at(quote); ++k)  // up to two quotes may end the content
            advance();
          return;
        }
        advance();
      }
      return;
    }
    advance();
    while (at_ < text_.size() && text_[at_] != '\n') {
      if (basic && text_[at_] == '\\') {
        advance();
        if (at_ < text_.size() && text_[at_] != '\n')
          advance();
        continue;
      }
      const bool closing = text_[at_] == quote;
      advance();
      if (closing)
        return;
    }
  }

  // A key in key position: parts (bare words or quoted strings) joined by dots. Returns its
  // number of parts and reports a key with too many, or one that puts its value too deep.
  std::size_t key(std::size_t depth) {
    skip_blanks();
    const std::uint32_t line = line_;
    const std::uint32_t column = column_;
    std::size_t parts = 0;
    while (at_ < text_.size()) {
      if (text_[at_] == '"' || text_[at_] == '\'') {
        skip_string();
      } else if (is_bare_key_char(text_[at_])) {
        while (at_ < text_.size() && is_bare_key_char(text_[at_]))
          advance();
      } else {
        break;
      }
      ++parts;
      skip_blanks();
      if (!at('.'))
        break;
      advance();
      skip_blanks();
    }
    if (parts > kMaxKeyParts) {
      report(line, column,
             "a dotted key of " + std::to_string(parts) + " parts; expected at most " +
                 std::to_string(kMaxKeyParts) + " (a scenario's longest key paths have about 6)");
    } else {
      value_depth_ = depth + parts;
      check_depth(line, column);
    }
    return parts;
  }

  // A line outside arrays and inline tables: a [table] or [[array]] header, or a key = value.
  void top_level_line() {
    skip_blanks();
    if (at_ >= text_.size() || text_[at_] == '\n' || text_[at_] == '#') {
      return;
    }
    if (!at('[')) {
      key(table_depth_);
      return;
    }
    advance();
    const bool array = at('[');
    if (array)
      advance();
    table_depth_ = key(0) + (array ? 1 : 0);  // an array of tables adds the array's level
    value_depth_ = table_depth_;
    check_depth(line_, column_);
  }

  // An array's elements sit one level below it; an inline table's keys say how far below.
  void open(char bracket) {
    const std::uint32_t line = line_;
    const std::uint32_t column = column_;
    open_.push_back({bracket, value_depth_});
    advance();
    if (bracket == '[')
      value_depth_ = open_.back().depth + 1;
    check_depth(line, column);
  }

  void close(char bracket) {
    if (!open_.empty() && open_.back().bracket == (bracket == ']' ? '[' : '{')) {
      open_.pop_back();
    }
    advance();
  }

  void check_depth(std::uint32_t line, std::uint32_t column) {
    if (!problem_ && value_depth_ > kMaxNesting) {
      report(line, column,
             "values nested " + std::to_string(value_depth_) +
                 " levels deep (tables, dotted key "
                 "parts, arrays and inline tables); expected at most " +
                 std::to_string(kMaxNesting) + " (a scenario's deepest values sit about 8 down)");
    }
  }

  void report(std::uint32_t line, std::uint32_t column, std::string message) {
    if (!problem_)
      problem_ = NestingProblem{line, column, std::move(message)};
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  std::vector<Open> open_;
  std::size_t table_depth_ = 0;  // levels of the last [table] header
  std::size_t value_depth_ = 0;  // levels from the root to the value being read
  std::optional<NestingProblem> problem_;
};

}  // namespace

std::optional<NestingProblem> find_excessive_nesting(std::string_view text) {
  return Scanner(text).scan();
}

toml::table parse_toml(std::string_view text, std::string_view source_name) {
  if (const auto problem = find_excessive_nesting(text)) {
    // runtime_error copies the description, so a temporary string is enough.
    throw NestingError(problem->message.c_str(),
                       toml::source_position{problem->line, problem->column},
                       std::make_shared<const std::string>(source_name));
  }
  return toml::parse(text, source_name);
}

}  // namespace cloudsim::scenario
