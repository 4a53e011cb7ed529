#pragma once
// Tables as CSV (RFC 4180): UTF-8, comma-separated, CRLF line ends, a field quoted when it holds a
// comma, quote, CR or LF (quotes doubled), numbers with '.' and the shortest digits that read back
// as the same double; an absent value is an empty field.

#include <ostream>
#include <string>
#include <string_view>

#include "export/tables.hpp"

namespace cloudsim::exporting {

std::string csv_field(std::string_view text);
std::string cell_text(const Cell& cell);  // unquoted: a number's shortest round-trip digits

void write_csv(const Table& table, std::ostream& out);

}  // namespace cloudsim::exporting
