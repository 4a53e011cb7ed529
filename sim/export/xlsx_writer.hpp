#pragma once
// Tables as an Office Open XML workbook (.xlsx), one sheet per table: a stored zip (zip_store) of
// the few fixed XML parts a workbook needs, so an installed `sim` needs no Python or library for
// it. Text cells are inline strings; numbers keep their shortest round-trip digits; an absent
// value is an empty cell. A sheet holds at most kMaxSheetRows rows besides its header (Excel's
// limit of 1,048,576 rows); write_xlsx refuses a larger table rather than cut it.

#include <string>
#include <vector>

#include "export/tables.hpp"

namespace cloudsim::exporting {

inline constexpr std::uint64_t kMaxSheetRows = 1'048'575;

// XML character data: &, <, > and " escaped; characters XML 1.0 cannot hold (controls other than
// tab, LF and CR) become U+FFFD.
std::string xml_text(std::string_view text);

// "A", "B", … "Z", "AA", …: the column letters of a 0-based column index.
std::string column_letters(std::size_t column);

// Throws std::runtime_error on a write failure, std::invalid_argument for a table too long.
void write_xlsx(const std::vector<Table>& tables, const std::string& path);

}  // namespace cloudsim::exporting
