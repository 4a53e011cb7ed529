#include "cli/score_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cli/printable.hpp"
#include "text/json.hpp"

namespace cloudsim::cli {
namespace {

// Shortest round-trip form; null for NaN or infinity (JSON has neither).
std::string json_number(double value) {
  if (!std::isfinite(value))
    return "null";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string short_number(double value) {
  if (!std::isfinite(value))
    return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string padded(std::string text, std::size_t width) {
  // Width in characters (UTF-8 continuation bytes do not count).
  std::size_t characters = 0;
  for (const char c : text)
    characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (characters < width)
    text.append(width - characters, ' ');
  return text;
}

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0)
    return "-";
  return std::to_string(static_cast<int>(
             std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole)))) +
         "%";
}

}  // namespace

ScoreSummary summarise(const ScoreReport& report, const std::string& scenario) {
  ScoreSummary summary;
  for (const auto& row : report.rows) {
    if (row.scenario != scenario)
      continue;
    if (!row.reason.empty()) {
      ++summary.not_scorable;
      continue;
    }
    ++summary.scored;
    summary.in50 += row.score.in50;
    summary.in90 += row.score.in90;
    summary.mean_crps += row.score.crps;
    summary.mean_pit += row.score.pit;
    if (row.actual != 0.0) {
      summary.mean_relative_crps += row.score.crps / std::abs(row.actual);
      ++summary.relative_rows;
    }
  }
  const auto mean = [](double total, std::size_t n) {
    return n ? total / static_cast<double>(n) : std::nan("");
  };
  summary.mean_crps = mean(summary.mean_crps, summary.scored);
  summary.mean_pit = mean(summary.mean_pit, summary.scored);
  summary.mean_relative_crps = mean(summary.mean_relative_crps, summary.relative_rows);
  return summary;
}

void print_score_text(const ScoreReport& report, std::ostream& out) {
  out << printable(report.result_file) << " against " << printable(report.actuals_file);
  if (!report.title.empty())
    out << " (" << printable(report.title) << ")";
  out << ": " << report.record_level << " records" << (report.weighted ? ", weighted paths" : "")
      << "\n";
  // The id column is as wide as the longest id, so long ids do not push the row out of line.
  std::size_t id_width = 4;
  for (const auto& row : report.rows)
    id_width = std::max(id_width, padded(printable(row.id), 0).size() + 2);
  for (const auto& scenario : report.scenarios) {
    out << "\nscenario " << printable(scenario) << "\n";
    out << "  " << padded("id", id_width) << padded("period", 8) << padded("actual", 11)
        << padded("median", 11) << padded("50% band", 23) << padded("90% band", 23)
        << padded("in 50/90", 10) << padded("PIT", 7) << "CRPS\n";
    for (const auto& row : report.rows) {
      if (row.scenario != scenario || !row.reason.empty())
        continue;
      const auto& s = row.score;
      out << "  " << padded(printable(row.id), id_width) << padded(printable(row.period), 8)
          << padded(short_number(row.actual), 11) << padded(short_number(s.median), 11)
          << padded("[" + short_number(s.low50) + ", " + short_number(s.high50) + "]", 23)
          << padded("[" + short_number(s.low90) + ", " + short_number(s.high90) + "]", 23)
          << padded(std::string(s.in50 ? "yes" : "no") + "/" + (s.in90 ? "yes" : "no"), 10)
          << padded(short_number(s.pit), 7) << short_number(s.crps) << "\n";
    }
    const auto summary = summarise(report, scenario);
    out << "  overall: " << summary.scored << " scored";
    if (summary.scored != 0) {
      out << "; the 50% band holds " << summary.in50 << " ("
          << percent(summary.in50, summary.scored) << "), the 90% band " << summary.in90 << " ("
          << percent(summary.in90, summary.scored) << "); mean CRPS "
          << short_number(summary.mean_crps);
      if (summary.relative_rows != 0)
        out << " (" << short_number(100.0 * summary.mean_relative_crps) << "% of |actual|)";
      out << "; mean PIT " << short_number(summary.mean_pit);
    }
    out << "\n";
  }
  bool header = false;
  for (const auto& row : report.rows) {
    if (row.reason.empty() || row.scenario != report.scenarios.front())
      continue;  // the same for every scenario: listed once
    if (!header)
      out << "\nnot scorable:\n";
    header = true;
    out << "  " << printable(row.id) << " (" << printable(row.quantity)
        << "): " << printable(row.reason) << "\n";
  }
}

void print_score_json(const ScoreReport& report, std::ostream& out) {
  out << "{\"result\":" << text::json_string(report.result_file)
      << ",\"actuals\":" << text::json_string(report.actuals_file)
      << ",\"title\":" << text::json_string(report.title)
      << ",\"record_level\":" << text::json_string(report.record_level)
      << ",\"weighted\":" << (report.weighted ? "true" : "false") << ",\n\"rows\":[";
  bool first = true;
  for (const auto& row : report.rows) {
    const auto& s = row.score;
    const bool scored = row.reason.empty();
    const auto number = [&](double value) { return json_number(scored ? value : std::nan("")); };
    out << (first ? "\n" : ",\n") << "{\"scenario\":" << text::json_string(row.scenario)
        << ",\"id\":" << text::json_string(row.id)
        << ",\"quantity\":" << text::json_string(row.quantity)
        << ",\"period\":" << text::json_string(row.period)
        << ",\"actual\":" << json_number(row.actual) << ",\"scale\":" << json_number(row.scale)
        << ",\"scorable\":" << (scored ? "true" : "false")
        << ",\"reason\":" << text::json_string(row.reason)
        << ",\"paths\":" << (scored ? s.paths : 0)
        << ",\"undefined_paths\":" << (scored ? s.dropped : 0)
        << ",\"effective_sample_size\":" << number(s.effective_sample_size)
        << ",\"median\":" << number(s.median) << ",\"low50\":" << number(s.low50)
        << ",\"high50\":" << number(s.high50) << ",\"low90\":" << number(s.low90)
        << ",\"high90\":" << number(s.high90)
        << ",\"in50\":" << (scored ? (s.in50 ? "true" : "false") : "null")
        << ",\"in90\":" << (scored ? (s.in90 ? "true" : "false") : "null")
        << ",\"pit\":" << number(s.pit) << ",\"crps\":" << number(s.crps) << ",\"crps_relative\":"
        << number(row.actual != 0.0 ? s.crps / std::abs(row.actual) : std::nan("")) << "}";
    first = false;
  }
  out << "],\n\"overall\":{";
  first = true;
  for (const auto& scenario : report.scenarios) {
    const auto summary = summarise(report, scenario);
    const auto share = [](std::size_t part, std::size_t whole) {
      return json_number(whole ? static_cast<double>(part) / static_cast<double>(whole)
                               : std::nan(""));
    };
    out << (first ? "\n" : ",\n") << text::json_string(scenario)
        << ":{\"scored\":" << summary.scored << ",\"not_scorable\":" << summary.not_scorable
        << ",\"in50\":" << summary.in50 << ",\"in90\":" << summary.in90
        << ",\"coverage50\":" << share(summary.in50, summary.scored)
        << ",\"coverage90\":" << share(summary.in90, summary.scored)
        << ",\"mean_crps\":" << json_number(summary.mean_crps)
        << ",\"mean_crps_relative\":" << json_number(summary.mean_relative_crps)
        << ",\"mean_pit\":" << json_number(summary.mean_pit) << "}";
    first = false;
  }
  out << "}}\n";
}

}  // namespace cloudsim::cli
