#include "output/cf_attributes.hpp"

#include <array>
#include <cstdio>
#include <stdexcept>

#include "output/result_metadata.hpp"

namespace cloudsim::output {
namespace {

// Howard Hinnant's days_from_civil: days from 1970-01-01 to y-m-d, proleptic Gregorian.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string scale_text(int exponent, int multiplier) {
  if (exponent == 0) {
    return std::to_string(multiplier);
  }
  return std::to_string(multiplier) + "e" + std::to_string(exponent);
}

}  // namespace

std::int64_t days_since_epoch(model::Quarter quarter) {
  return days_from_civil(quarter.year(),
                         static_cast<unsigned>(3 * (quarter.quarter_of_year() - 1) + 1), 1);
}

TimeCoordinate time_coordinate(RecordLevel level, model::Quarter start, std::size_t quarters) {
  const TimeAxis axis = time_axis(level, start, quarters);
  const std::int64_t origin = days_since_epoch(start);
  char units[64];
  std::snprintf(units, sizeof units, "days since %04d-%02d-01 00:00:00", start.year(),
                3 * (start.quarter_of_year() - 1) + 1);
  TimeCoordinate time;
  time.units = units;
  const std::size_t periods = axis.labels.size();
  // Each period spans its simulated quarters: the first one's first day to the last one's end.
  std::vector<std::int64_t> first(periods, -1), end(periods, -1);
  for (std::size_t t = 0; t < quarters; ++t) {
    const std::size_t p = axis.period_of_quarter[t];
    if (p >= periods) {
      continue;  // final: only the last quarter is a period
    }
    const model::Quarter q = start.plus(static_cast<int>(t));
    if (first[p] < 0) {
      first[p] = days_since_epoch(q) - origin;
    }
    end[p] = days_since_epoch(q.plus(1)) - origin;
  }
  for (std::size_t p = 0; p < periods; ++p) {
    if (first[p] < 0) {
      throw std::logic_error("a recorded period covers no simulated quarter");
    }
    time.middle.push_back(0.5 * static_cast<double>(first[p] + end[p]));
    time.bounds.push_back(static_cast<double>(first[p]));
    time.bounds.push_back(static_cast<double>(end[p]));
  }
  return time;
}

Currency parse_currency(const std::string& text) {
  struct Known {
    const char* text;
    int exponent;
    const char* code;
  };
  // Exact texts only: a unit is either known for sure or left to the reader (units "1").
  static constexpr std::array<Known, 16> kKnown = {{
      {"元", 0, "CNY"},
      {"CNY", 0, "CNY"},
      {"RMB", 0, "CNY"},
      {"万元", 4, "CNY"},
      {"百万元", 6, "CNY"},
      {"亿元", 8, "CNY"},
      {"million CNY", 6, "CNY"},
      {"billion CNY", 9, "CNY"},
      {"USD", 0, "USD"},
      {"美元", 0, "USD"},
      {"万美元", 4, "USD"},
      {"亿美元", 8, "USD"},
      {"million USD", 6, "USD"},
      {"billion USD", 9, "USD"},
      {"EUR", 0, "EUR"},
      {"million EUR", 6, "EUR"},
  }};
  for (const auto& known : kKnown) {
    if (text == known.text) {
      return {known.exponent, known.code, true};
    }
  }
  return {0, text, false};
}

std::string money_stock_units(const Currency& currency) {
  return scale_text(currency.exponent, 1);
}

std::string money_flow_units(const Currency& currency, RecordLevel level) {
  // A quarter's money as a yearly rate is four times it: "4e8 year-1" reads "per 1/4 year".
  const bool per_year = time_label(level) == std::string("year");
  return scale_text(currency.exponent, per_year ? 1 : 4) + " year-1";
}

std::string shell_quoted(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-./=:,+@%") == std::string::npos;
  if (plain) {
    return word;
  }
  std::string quoted = "'";
  for (const char c : word) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::string result_title(const ResultMetadata& m) {
  // The planner's own words when the files give them: the batch's title, or the one scenario's.
  if (!m.batch_title.empty()) {
    return m.batch_title;
  }
  if (m.scenarios.size() == 1 && !m.scenarios.front().title.empty()) {
    return m.scenarios.front().title;
  }
  std::string names;
  for (std::size_t k = 0; k < m.scenarios.size() && k < 8; ++k) {
    names += (k == 0 ? "" : ", ") + m.scenarios[k].name;
  }
  if (m.scenarios.size() > 8) {
    names += " … (" + std::to_string(m.scenarios.size()) + " scenarios)";
  }
  return "cloudsim result: " + names;
}

std::string result_history(const ResultMetadata& m) {
  std::string command = "sim run";
  std::vector<std::string> files;
  for (const auto& scenario : m.scenarios) {
    bool seen = false;
    for (const auto& file : files)
      seen = seen || file == scenario.file;
    if (!seen)
      files.push_back(scenario.file);
  }
  // A relative name starting with '-' would be read as an option: "./" keeps it a file.
  const auto argument = [](const std::string& file) {
    return shell_quoted(!file.empty() && file.front() == '-' ? "./" + file : file);
  };
  for (const auto& file : files)
    command += " " + argument(file);
  if (m.conditioned()) {
    command += " --observations " + argument(m.observations_file);
  }
  command += " --seed " + std::to_string(m.seed) + " --paths " + std::to_string(m.paths) +
             " --record " + record_level_name(m.record_level);
  return command;
}

std::string result_source(const ResultMetadata& m) {
  return "cloudsim sim " + m.program_version;
}

std::string result_references(const ResultMetadata& m) {
  // The scenarios' citations (each once, in the order first given), then the model they ran.
  std::vector<std::string> cited;
  for (const auto& scenario : m.scenarios) {
    for (const auto& reference : scenario.references) {
      bool seen = false;
      for (const auto& earlier : cited)
        seen = seen || earlier == reference;
      if (!seen)
        cited.push_back(reference);
    }
  }
  std::string text;
  for (const auto& reference : cited)
    text += reference + "\n";
  return text + "cloudsim docs/model.md, version " + m.program_version;
}

}  // namespace cloudsim::output
