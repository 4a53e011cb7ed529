#pragma once
// Text as a JSON string literal, as Python's json.dumps(text, ensure_ascii=False) writes it: the
// canonical outcome trees (compared with the Python toolkit's) and `sim score --json`.

#include <string>
#include <string_view>

namespace cloudsim::text {

std::string json_string(std::string_view text);

}  // namespace cloudsim::text
