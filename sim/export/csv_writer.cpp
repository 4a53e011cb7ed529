#include "export/csv_writer.hpp"

#include <charconv>

namespace cloudsim::exporting {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"')
      quoted += '"';
  }
  return quoted + "\"";
}

std::string cell_text(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell))
    return *text;
  if (const auto* whole = std::get_if<std::int64_t>(&cell))
    return std::to_string(*whole);
  if (const auto* number = std::get_if<double>(&cell)) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *number);
    return std::string(buffer, result.ptr);
  }
  return "";
}

void write_csv(const Table& table, std::ostream& out) {
  for (std::size_t j = 0; j < table.columns.size(); ++j)
    out << (j ? "," : "") << csv_field(table.columns[j]);
  out << "\r\n";
  std::vector<Cell> row;
  for (std::uint64_t k = 0; k < table.rows; ++k) {
    table.row(k, row);
    for (std::size_t j = 0; j < row.size(); ++j) {
      out << (j ? "," : "");
      if (std::holds_alternative<std::string>(row[j]))
        out << csv_field(std::get<std::string>(row[j]));
      else
        out << cell_text(row[j]);
    }
    out << "\r\n";
  }
}

}  // namespace cloudsim::exporting
