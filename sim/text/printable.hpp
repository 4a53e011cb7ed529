#pragma once
// Text from a user as it may be printed in a message: control characters are escaped (\n, \t,
// \r, \xNN), so a name with a line break cannot forge or split a line of sim's output.

#include <string>
#include <string_view>

namespace cloudsim::text {

std::string printable(std::string_view text);

}  // namespace cloudsim::text
