// The pieces of `sim info --json` and `sim export` that are easy to get subtly wrong: JSON
// escaping and numbers, CSV quoting, the zip CRC and layout, XML text and column letters.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "export/csv_writer.hpp"
#include "export/staged_output.hpp"
#include "export/xlsx_writer.hpp"
#include "export/zip_store.hpp"
#include "output/staged_file.hpp"
#include "text/json.hpp"
#include "text/json_writer.hpp"
#include "text/utf8.hpp"

namespace cloudsim {
namespace {

TEST(JsonWriter, EscapesTextAndWritesNullForNonFiniteNumbers) {
  text::JsonWriter json;
  json.begin_object();
  json.key("a \"quoted\"\nkey").value("tab\there\x01 亿元");
  json.key("numbers").begin_array();
  json.value(0.1).value(1e300).value(std::nan("")).value(-INFINITY).value(std::uint64_t{7});
  json.end_array();
  json.key("empty").begin_object().end_object();
  json.end_object();
  EXPECT_EQ(json.text(),
            "{\"a \\\"quoted\\\"\\nkey\":\"tab\\there\\u0001 亿元\","
            "\"numbers\":[0.1,1e+300,null,null,7],\"empty\":{}}");
}

TEST(JsonWriter, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
  // A file name in Latin-1, an overlong '/', a lone surrogate, a cut sequence: never raw bytes.
  EXPECT_EQ(text::json_string("bad\xff.h5 \xC0\xAF \xED\xA0\x80 \xE4\xBA"),
            "\"bad\xEF\xBF\xBD.h5 \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
            "\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(text::json_string("亿元 🙂"), "\"亿元 🙂\"");
}

TEST(Utf8, WellFormedOnly) {
  EXPECT_TRUE(text::is_utf8("plain 亿元 🙂"));
  EXPECT_TRUE(text::is_utf8(""));
  for (const char* bad : {"bad\xff", "\xC0\xAF", "\xED\xA0\x80", "\xE4\xBA", "\xF4\x90\x80\x80"})
    EXPECT_FALSE(text::is_utf8(bad)) << bad;
}

TEST(JsonWriter, NumbersReadBackExactly) {
  for (const double value : {0.1, 1.0 / 3.0, 2.220446049250313e-16, 123456789.123456789}) {
    EXPECT_EQ(std::stod(text::json_number(value)), value);
  }
}

TEST(JsonWriter, RefusesMisnesting) {
  text::JsonWriter json;
  json.begin_array();
  EXPECT_THROW(json.end_object(), std::logic_error);
  EXPECT_THROW(json.key("x"), std::logic_error);
  EXPECT_THROW((void)json.text(), std::logic_error);
}

TEST(Csv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(exporting::csv_field("plain 亿元"), "plain 亿元");
  EXPECT_EQ(exporting::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(exporting::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(exporting::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(exporting::cell_text(exporting::Cell{0.1}), "0.1");
  EXPECT_EQ(exporting::cell_text(exporting::Cell{}), "");
  EXPECT_EQ(exporting::cell_text(exporting::Cell{std::int64_t{-3}}), "-3");
}

TEST(Csv, WritesHeaderAndRowsWithCrLf) {
  exporting::Table table;
  table.columns = {"name", "value"};
  table.rows = 2;
  table.row = [](std::uint64_t k, std::vector<exporting::Cell>& row) {
    row = {k == 0 ? std::string("x,y") : std::string("z"),
           k == 0 ? exporting::Cell{1.5} : exporting::Cell{}};
  };
  std::ostringstream out;
  exporting::write_csv(table, out);
  EXPECT_EQ(out.str(), "name,value\r\n\"x,y\",1.5\r\nz,\r\n");
}

TEST(Zip, Crc32OfTheCheckString) {
  EXPECT_EQ(exporting::crc32("123456789"), 0xCBF43926u);
  // Fed in pieces, the same.
  EXPECT_EQ(exporting::crc32("6789", exporting::crc32("12345")), 0xCBF43926u);
}

TEST(Zip, StoredEntriesAreLaidOutAsTheFormatSays) {
  const auto path = std::filesystem::temp_directory_path() / "cloudsim_zip_store_test.zip";
  {
    exporting::ZipStore zip(path.string());
    zip.begin_entry("a.txt");
    zip.add_data("hello, ");
    zip.add_data("world");
    zip.end_entry();
    zip.finish();
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  const auto u32 = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3])) << 24;
  };
  ASSERT_EQ(bytes.size(), 30u + 5 + 12 + 46 + 5 + 22);
  EXPECT_EQ(u32(0), 0x04034b50u);                            // local header
  EXPECT_EQ(u32(14), exporting::crc32("hello, world"));      // patched CRC
  EXPECT_EQ(u32(18), 12u);                                   // sizes
  EXPECT_EQ(bytes.substr(30, 5 + 12), "a.txthello, world");  // name, then the data
  EXPECT_EQ(u32(47), 0x02014b50u);                           // central directory
  EXPECT_EQ(u32(bytes.size() - 22), 0x06054b50u);            // end record
  EXPECT_EQ(u32(bytes.size() - 6), 47u);                     // where the directory starts
}

// What appears at the target while an export runs (another export, the user) is never replaced
// without --force: the target is checked again when the export is committed.
TEST(StagedOutput, WhatAppearsMeanwhileIsKept) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("staged-output-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  const fs::path input = root / "result.h5";
  std::ofstream(input) << "h5";
  for (const bool folder : {true, false}) {
    const fs::path target = root / (folder ? "out-csv" : "out.xlsx");
    {
      exporting::StagedOutput staged(target, folder, false, input);
      if (folder) {
        fs::create_directory(target);
        std::ofstream(target / "important.txt") << "precious";
      } else {
        std::ofstream(target) << "precious";
      }
      EXPECT_THROW(staged.commit(), output::OutputExistsError);
    }
    const fs::path kept = folder ? target / "important.txt" : target;
    std::ifstream in(kept);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "precious");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(root))
      ++entries;
    EXPECT_EQ(entries, folder ? 2U : 3U) << "no temporary left beside the target";
  }
  // With --force, a folder that is not an earlier export is still refused at commit.
  const fs::path target = root / "forced-csv";
  {
    exporting::StagedOutput staged(target, true, true, input);
    fs::create_directory(target);
    std::ofstream(target / "notes.txt") << "precious";
    EXPECT_THROW(staged.commit(), output::OutputExistsError);
  }
  EXPECT_TRUE(fs::exists(target / "notes.txt"));
  fs::remove_all(root);
}

TEST(Xlsx, ColumnLettersAndXmlText) {
  EXPECT_EQ(exporting::column_letters(0), "A");
  EXPECT_EQ(exporting::column_letters(25), "Z");
  EXPECT_EQ(exporting::column_letters(26), "AA");
  EXPECT_EQ(exporting::column_letters(701), "ZZ");
  EXPECT_EQ(exporting::column_letters(702), "AAA");
  EXPECT_EQ(exporting::xml_text("a<b & \"c\" 亿元"), "a&lt;b &amp; &quot;c&quot; 亿元");
  EXPECT_EQ(exporting::xml_text(std::string("bell\x07") + "\xff"), "bell\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(exporting::xml_text("tab\tand\nline"), "tab\tand\nline");
  EXPECT_EQ(exporting::xml_text("crlf\r\n"), "crlf&#13;\n");  // a CR survives XML parsing
}

}  // namespace
}  // namespace cloudsim
