#include "text/utf8.hpp"

namespace cloudsim::text {

std::size_t utf8_sequence(std::string_view text, std::size_t k) {
  const auto byte = [&](std::size_t j) { return static_cast<unsigned char>(text[j]); };
  const unsigned char lead = byte(k);
  if (lead < 0x80)
    return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (k + length > text.size() || byte(k + 1) < low || byte(k + 1) > high)
    return 0;
  for (std::size_t j = 2; j < length; ++j) {
    if ((byte(k + j) & 0xC0) != 0x80)
      return 0;
  }
  return length;
}

bool is_utf8(std::string_view text) {
  for (std::size_t k = 0; k < text.size();) {
    const std::size_t length = utf8_sequence(text, k);
    if (length == 0)
      return false;
    k += length;
  }
  return true;
}

}  // namespace cloudsim::text
