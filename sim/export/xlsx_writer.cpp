#include "export/xlsx_writer.hpp"

#include <stdexcept>

#include "export/csv_writer.hpp"
#include "export/zip_store.hpp"

namespace cloudsim::exporting {
namespace {

constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelations =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

void add(ZipStore& zip, const std::string& name, const std::string& xml) {
  zip.begin_entry(name);
  zip.add_data(xml);
  zip.end_entry();
}

std::string content_types(std::size_t sheets) {
  std::string xml = std::string(kXmlHead) +
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    "<Default Extension=\"rels\" "
                    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    "<Override PartName=\"/xl/workbook.xml\" "
                    "ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    "<Override PartName=\"/xl/styles.xml\" "
                    "ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  for (std::size_t k = 1; k <= sheets; ++k) {
    xml += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(k) +
           ".xml\" ContentType=\"application/"
           "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  }
  return xml + "</Types>";
}

std::string package_relations() {
  return std::string(kXmlHead) +
         "<Relationships "
         "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
         kRelations + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
}

std::string workbook(const std::vector<Table>& tables) {
  std::string xml = std::string(kXmlHead) + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" +
                    kRelations + "\"><sheets>";
  for (std::size_t k = 0; k < tables.size(); ++k) {
    xml += "<sheet name=\"" + xml_text(tables[k].name) + "\" sheetId=\"" + std::to_string(k + 1) +
           "\" r:id=\"rId" + std::to_string(k + 1) + "\"/>";
  }
  return xml + "</sheets></workbook>";
}

std::string workbook_relations(std::size_t sheets) {
  std::string xml = std::string(kXmlHead) +
                    "<Relationships "
                    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t k = 1; k <= sheets; ++k) {
    xml += "<Relationship Id=\"rId" + std::to_string(k) + "\" Type=\"" + kRelations +
           "/worksheet\" Target=\"worksheets/sheet" + std::to_string(k) + ".xml\"/>";
  }
  xml += "<Relationship Id=\"rId" + std::to_string(sheets + 1) + "\" Type=\"" + kRelations +
         "/styles\" Target=\"styles.xml\"/>";
  return xml + "</Relationships>";
}

// The minimum Excel accepts: one font, fill pair, border and cell format, all defaults.
std::string styles() {
  return std::string(kXmlHead) + "<styleSheet xmlns=\"" + kMain +
         "\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
         "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
         "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
         "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border>"
         "</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
         "borderId=\"0\"/></cellStyleXfs><cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
         "fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs><cellStyles count=\"1\">"
         "<cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
}

void append_cell(std::string& xml, const Cell& cell, std::size_t column, std::uint64_t row) {
  if (std::holds_alternative<std::monostate>(cell))
    return;
  const std::string reference = column_letters(column) + std::to_string(row);
  if (const auto* text = std::get_if<std::string>(&cell)) {
    xml += "<c r=\"" + reference + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" +
           xml_text(*text) + "</t></is></c>";
  } else {
    xml += "<c r=\"" + reference + "\"><v>" + cell_text(cell) + "</v></c>";
  }
}

void write_sheet(ZipStore& zip, const Table& table, std::size_t index) {
  zip.begin_entry("xl/worksheets/sheet" + std::to_string(index) + ".xml");
  std::string xml = std::string(kXmlHead) + "<worksheet xmlns=\"" + kMain + "\"><sheetData>";
  xml += "<row r=\"1\">";
  for (std::size_t j = 0; j < table.columns.size(); ++j)
    append_cell(xml, Cell{table.columns[j]}, j, 1);
  xml += "</row>";
  std::vector<Cell> row;
  for (std::uint64_t k = 0; k < table.rows; ++k) {
    table.row(k, row);
    xml += "<row r=\"" + std::to_string(k + 2) + "\">";
    for (std::size_t j = 0; j < row.size(); ++j)
      append_cell(xml, row[j], j, k + 2);
    xml += "</row>";
    if (xml.size() > (1u << 20)) {  // stream in pieces of about a megabyte
      zip.add_data(xml);
      xml.clear();
    }
  }
  xml += "</sheetData></worksheet>";
  zip.add_data(xml);
  zip.end_entry();
}

// The code point starting at text[k] and its length in bytes; invalid UTF-8 gives U+FFFD, 1 byte.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t k) {
  const auto byte = [&](std::size_t j) { return static_cast<unsigned char>(text[j]); };
  const unsigned char lead = byte(k);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || k + length > text.size())
    return {0xFFFD, 1};
  const unsigned lead_bits = length == 1 ? lead : lead & (0x7Fu >> length);
  auto code = static_cast<char32_t>(lead_bits);
  for (std::size_t j = 1; j < length; ++j) {
    if ((byte(k + j) & 0xC0u) != 0x80u)
      return {0xFFFD, 1};
    code = (code << 6) | static_cast<char32_t>(byte(k + j) & 0x3Fu);
  }
  return {code, length};
}

}  // namespace

std::string xml_text(std::string_view text) {
  std::string out;
  for (std::size_t k = 0; k < text.size();) {
    const auto [code, length] = decode(text, k);
    const bool allowed = code == 0x9 || code == 0xA || code == 0xD ||
                         (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                         (code >= 0x10000 && code <= 0x10FFFF);
    if (!allowed || code == 0xFFFD) {
      out += "\xEF\xBF\xBD";
    } else if (code == '&') {
      out += "&amp;";
    } else if (code == '<') {
      out += "&lt;";
    } else if (code == '>') {
      out += "&gt;";
    } else if (code == '"') {
      out += "&quot;";
    } else if (code == 0xD) {
      out += "&#13;";  // a raw CR would be normalised to LF by every XML parser
    } else {
      out.append(text.substr(k, length));
    }
    k += length;
  }
  return out;
}

std::string column_letters(std::size_t column) {
  std::string letters;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

void write_xlsx(const std::vector<Table>& tables, const std::string& path) {
  for (const auto& table : tables) {
    if (table.rows > kMaxSheetRows) {
      throw std::invalid_argument(
          "the table '" + table.name + "' has " + std::to_string(table.rows) +
          " rows; an Excel sheet holds at most " + std::to_string(kMaxSheetRows) +
          " besides its header; use --format csv, or fewer paths");
    }
  }
  ZipStore zip(path);
  add(zip, "[Content_Types].xml", content_types(tables.size()));
  add(zip, "_rels/.rels", package_relations());
  add(zip, "xl/workbook.xml", workbook(tables));
  add(zip, "xl/_rels/workbook.xml.rels", workbook_relations(tables.size()));
  add(zip, "xl/styles.xml", styles());
  for (std::size_t k = 0; k < tables.size(); ++k)
    write_sheet(zip, tables[k], k + 1);
  zip.finish();
}

}  // namespace cloudsim::exporting
