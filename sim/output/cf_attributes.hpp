#pragma once
// The CF-1.10 conventions of a result file (docs/output-format.md, "CF conventions"): the numeric
// time coordinate and its bounds, machine-readable (UDUNITS) units for the free-text currency,
// and the root attributes that say what the file is. Rules only: result_writer.cpp writes them.

#include <cstdint>
#include <string>
#include <vector>

#include "model/quarter.hpp"
#include "output/record_level.hpp"

namespace cloudsim::output {

inline constexpr const char* kConventions = "CF-1.10";
inline constexpr const char* kTimeDimension = "time";
inline constexpr const char* kCalendar = "proleptic_gregorian";
// Path datasets' _FillValue for integers: netCDF's default fills (NC_FILL_INT, NC_FILL_BYTE),
// so that event_quarter's real "never" (-1) is not masked. Floats use NaN.
inline constexpr std::int32_t kInt32Fill = -2147483647;
inline constexpr std::int8_t kInt8Fill = -127;

// Days from 1970-01-01 to the first day of `quarter` (proleptic Gregorian).
std::int64_t days_since_epoch(model::Quarter quarter);

// The numeric time coordinate of a record level: per recorded period its middle and its bounds
// (first day, first day after it), in days since the start quarter's first day. A partial first
// or last year of an annual record is bounded by its simulated quarters.
struct TimeCoordinate {
  std::string units;  // "days since 2021-01-01 00:00:00"
  std::vector<double> middle;
  std::vector<double> bounds;  // [period][2]
};
TimeCoordinate time_coordinate(RecordLevel level, model::Quarter start, std::size_t quarters);

// The currency text of a scenario ("亿元", "USD", …) as a scale and an ISO 4217 code.
struct Currency {
  int exponent = 0;    // the money unit is 10^exponent of `code` …
  std::string code;    // … e.g. "CNY"; the scenario's own text when unknown (then exponent 0)
  bool known = false;  // false: units say only "1"
};
Currency parse_currency(const std::string& text);

// UDUNITS-parseable units of a money stock ("1e8") and of a money flow per recorded period
// ("1e8 year-1" per year, "4e8 year-1" per quarter: the same money over a quarter is four times
// the yearly rate). Unknown currencies get "1" and "year-1" forms over a scale of 1.
std::string money_stock_units(const Currency& currency);
std::string money_flow_units(const Currency& currency, RecordLevel level);

// Root attributes. `history` is the command line canonicalised from what the file records (the
// scenario files, seed, path count, record level, observations), so that the same run gives the
// same bytes whatever its threads, block size, output name, MPI ranks or resumes. `title` is the
// batch's title, else a single scenario's, else the scenario names; `references` lists the
// scenarios' references (one per line, each once) and then the model documentation.
struct ResultMetadata;
std::string result_title(const ResultMetadata& m);
std::string result_history(const ResultMetadata& m);
std::string result_source(const ResultMetadata& m);
std::string result_references(const ResultMetadata& m);

// Quotes `word` for a POSIX shell when it needs it.
std::string shell_quoted(const std::string& word);

}  // namespace cloudsim::output
