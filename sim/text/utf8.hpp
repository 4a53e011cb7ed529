#pragma once
// Well-formed UTF-8 (RFC 3629): what JSON output and the result file's UTF-8 strings require.

#include <cstddef>
#include <string_view>

namespace cloudsim::text {

// The length of the well-formed UTF-8 sequence starting at text[k] (no overlongs, no surrogates,
// at most U+10FFFF), or 0 when there is none. An ASCII byte is a sequence of 1.
std::size_t utf8_sequence(std::string_view text, std::size_t k);

bool is_utf8(std::string_view text);

}  // namespace cloudsim::text
