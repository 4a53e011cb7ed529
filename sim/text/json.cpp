#include "text/json.hpp"

#include <cstdio>

#include "text/utf8.hpp"

namespace cloudsim::text {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // JSON is UTF-8: a byte that is not part of a well-formed character (a file name in
      // another encoding) becomes U+FFFD, so the document always parses.
      const std::size_t length = utf8_sequence(text, k);
      if (length == 0) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(text.substr(k, length));
        k += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace cloudsim::text
