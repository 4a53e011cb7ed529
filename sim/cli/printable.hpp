#pragma once
// Names and texts from files (scenario names, provider names, stored paths) may hold control
// characters; printed raw they could rewrite the terminal. They are shown escaped: \n, \t, \xNN,
// and the C1 controls U+0080-U+009F (UTF-8 C2 80-C2 9F; U+009B starts terminal sequences) as
// \u00NN.

#include <string>
#include <string_view>

namespace cloudsim::cli {

// `backslashes`: escape them too, so that an escape in the output is never ambiguous (off for
// messages that already hold TOML escapes such as \u0000).
inline std::string printable(std::string_view text, bool backslashes = true) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string shown;
  shown.reserve(text.size());
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    const auto byte = static_cast<unsigned char>(c);
    const auto next = k + 1 < text.size() ? static_cast<unsigned char>(text[k + 1]) : 0U;
    if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
      shown += "\\u00";
      shown += kHex[next >> 4];
      shown += kHex[next & 15];
      ++k;
    } else if (c == '\n') {
      shown += "\\n";
    } else if (c == '\t') {
      shown += "\\t";
    } else if (c == '\\' && backslashes) {
      shown += "\\\\";
    } else if (byte < 0x20 || byte == 0x7f) {
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 15];
    } else {
      shown += c;
    }
  }
  return shown;
}

// A path as a shell command line needs it: as it is when every character is safe, otherwise in
// single quotes (a quote inside as '\''), so a printed command works when pasted.
inline std::string shell_quoted(std::string_view path) {
  static constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:@%=";
  if (!path.empty() && path.find_first_not_of(kSafe) == std::string_view::npos) {
    return std::string(path);
  }
  std::string quoted = "'";
  for (const char c : path) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return printable(quoted + "'", false);
}

}  // namespace cloudsim::cli
