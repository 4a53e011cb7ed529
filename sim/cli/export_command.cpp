// `sim export RESULT.h5 --format csv|xlsx`: a result file's tidy tables (docs/exports.md).

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/count_option.hpp"
#include "cli/interrupts.hpp"
#include "cli/printable.hpp"
#include "cli/scenario_options.hpp"
#include "export/csv_writer.hpp"
#include "export/staged_output.hpp"
#include "export/tables.hpp"
#include "export/xlsx_writer.hpp"
#include "output/result_info.hpp"
#include "text/suggest.hpp"

namespace cloudsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kDefaultMaxRows = 1'000'000;

struct Stopped {};  // a signal arrived: the staged output is removed, the target untouched

// Checks for a signal every few thousand rows, so an interrupted export stops promptly.
exporting::Table stoppable(exporting::Table table) {
  auto row = std::move(table.row);
  table.row = [row = std::move(row)](std::uint64_t k, std::vector<exporting::Cell>& cells) {
    if (k % 4096 == 0 && g_stop_requested.load())
      throw Stopped{};
    row(k, cells);
  };
  return table;
}

fs::path default_output(const std::string& result, const std::string& format) {
  fs::path path(result);
  const std::string stem = path.stem().string();
  return path.parent_path() / (format == "csv" ? stem + "-csv" : stem + ".xlsx");
}

int report_interrupted(const fs::path& target) {
  std::cerr << "sim: export interrupted by " << received_signal_name() << "; "
            << printable(target.string())
            << " was not written (an existing one is left as it was)\n";
  return interrupted_exit_code();
}

}  // namespace

int export_command(const std::vector<std::string>& arguments) {
  // Installed first: a signal while the result is still being read must also end in the message
  // and exit code below, not in the default action.
  const InterruptGuard guard;
  namespace po = boost::program_options;
  std::string path, format, output;
  bool paths = false, force = false;
  std::uint64_t max_rows = kDefaultMaxRows;
  std::string max_rows_text;
  po::options_description options(
      "sim export RESULT.h5 --format csv|xlsx [-o OUT] [--paths] [--force]\n\n"
      "Writes a result file's tidy tables: summaries, metadata, scenarios, inputs, and with "
      "--paths each path's outcomes and drawn inputs. csv: a folder of one .csv per table "
      "(default RESULT-csv); xlsx: one workbook with a sheet per table (default RESULT.xlsx). "
      "Columns and examples: docs/exports.md.\n\noptions");
  options.add_options()("help,h", "this text")("format,f", po::value<std::string>(&format),
                                               "csv or xlsx (required)")(
      "output,o", po::value<std::string>(&output), "the folder (csv) or file (xlsx) to write")(
      "paths", po::bool_switch(&paths),
      "also per-path tables: path_outcomes (share, revenue, demand per path, period, segment, "
      "provider) and path_inputs (each drawn input per path)")(
      "max-rows", po::value<std::string>(&max_rows_text),
      "refuse a per-path table longer than this (default 1000000; an xlsx sheet holds at most "
      "1048575 whatever this says)")(
      "force", po::bool_switch(&force),
      "replace an existing output (a file, or a folder of .csv files), once the export succeeds");
  po::options_description hidden;
  hidden.add_options()("result", po::value<std::string>(&path), "result file");
  po::positional_options_description positional;
  positional.add("result", 1);
  if (!parse_command_line(arguments, options, hidden, positional)) {
    return 0;
  }
  if (!max_rows_text.empty()) {
    max_rows =
        count_option("max-rows", max_rows_text, 0, std::numeric_limits<std::uint64_t>::max());
  }
  if (path.empty()) {
    throw UsageError("a result file is needed: sim export RESULT.h5 --format csv|xlsx");
  }
  const std::vector<std::string> formats = {"csv", "xlsx"};
  if (format.empty()) {
    throw UsageError("--format is needed: csv (a folder of .csv files) or xlsx (one workbook)");
  }
  if (format != "csv" && format != "xlsx") {
    throw UsageError("unknown --format '" + printable(format) + "'" +
                     text::did_you_mean(format, formats) + " (one of: csv, xlsx)");
  }
  const bool csv = format == "csv";
  const auto info = output::read_result_info(path);
  std::vector<exporting::Table> tables = {
      exporting::summary_table(info), exporting::metadata_table(info),
      exporting::scenario_table(info), exporting::input_table(info)};
  if (paths) {
    const std::uint64_t rows =
        std::max(exporting::path_outcome_rows(info), exporting::path_input_rows(info));
    if (rows > max_rows) {
      throw UsageError("--paths would write " + std::to_string(rows) +
                       " rows in one table, more than --max-rows " + std::to_string(max_rows) +
                       "; raise --max-rows if that is meant" +
                       (csv ? "" : " (an xlsx sheet holds at most 1048575: use --format csv)"));
    }
    tables.push_back(exporting::path_outcome_table(info));
    tables.push_back(exporting::path_input_table(info));
  }
  if (!csv) {
    for (const auto& table : tables) {
      if (table.rows > exporting::kMaxSheetRows) {
        throw UsageError("the table '" + table.name + "' has " + std::to_string(table.rows) +
                         " rows; an Excel sheet holds at most " +
                         std::to_string(exporting::kMaxSheetRows) +
                         " besides its header; use --format csv");
      }
    }
  }
  for (auto& table : tables)
    table = stoppable(std::move(table));

  const fs::path target = output.empty() ? default_output(path, format) : fs::path(output);
  if (g_stop_requested.load()) {
    return report_interrupted(target);
  }
  exporting::StagedOutput staged(target, csv, force, path);
  try {
    if (csv) {
      for (const auto& table : tables) {
        const fs::path file = staged.temporary() / (table.name + ".csv");
        std::ofstream out(file, std::ios::binary);
        exporting::write_csv(table, out);
        out.close();
        if (!out) {
          throw output::ResultReadError("writing " + file.string() + " failed (disk full?)");
        }
      }
    } else {
      exporting::write_xlsx(tables, staged.temporary().string());
    }
  } catch (const Stopped&) {
    return report_interrupted(target);
  }
  if (g_stop_requested.load()) {
    return report_interrupted(target);
  }
  staged.commit();
  std::cout << "wrote " << printable(target.string()) << ":";
  for (const auto& table : tables) {
    std::cout << " " << table.name << (csv ? ".csv" : "") << " (" << table.rows << " rows)";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace cloudsim::cli
