#include "scenario/distribution_reader.hpp"

#include <cmath>
#include <limits>

#include "scenario/suggest.hpp"
#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {
namespace {

using uncertainty::Distribution;
using uncertainty::DistributionKind;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxDiscreteValues = 1000;

// Parameter ranges where sampling stays fast and exact (reasons in docs/scenario-format.md):
// Boost's inverse incomplete beta slows as the shapes grow (minutes a draw at 1e50) and loses
// precision as they shrink; a lognormal's mean exp(log_mean + log_sd^2 / 2) must stay finite.
const NumberRange kBetaShape{0.01, 1e4, true, true};
const NumberRange kLogMean{-50.0, 50.0, true, true};
const NumberRange kLogSd{0.0, 5.0, false, true};

const std::vector<std::pair<std::string, DistributionKind>>& kinds() {
  static const std::vector<std::pair<std::string, DistributionKind>> all = {
      {"fixed", DistributionKind::fixed},
      {"uniform", DistributionKind::uniform},
      {"normal", DistributionKind::normal},
      {"truncated_normal", DistributionKind::truncated_normal},
      {"lognormal", DistributionKind::lognormal},
      {"triangular", DistributionKind::triangular},
      {"beta", DistributionKind::beta},
      {"discrete", DistributionKind::discrete},
  };
  return all;
}

std::vector<double> read_numbers(TableReader& reader, std::string_view key, bool& ok,
                                 bool quarters_allowed) {
  std::vector<double> numbers;
  const toml::array* array = reader.array(key, true);
  if (array == nullptr) {
    ok = false;
    return numbers;
  }
  if (array->empty() || array->size() > kMaxDiscreteValues) {
    reader.diagnostics().error(array->source(), reader.path_of(key),
                               "expected 1 to " + std::to_string(kMaxDiscreteValues) + " numbers");
    ok = false;
  }
  for (std::size_t k = 0; k < array->size(); ++k) {
    const toml::node& node = *array->get(k);
    if (quarters_allowed && reader.numbers_are_quarters()) {
      const auto t = reader.quarter_value(std::string(key) + "[" + std::to_string(k) + "]", node);
      if (!t)
        ok = false;
      numbers.push_back(t.value_or(0.0));
      continue;
    }
    const double value = node.value<double>().value_or(std::nan(""));
    if (!node.is_number() || !std::isfinite(value)) {
      reader.diagnostics().error(node.source(), reader.path_of(key) + "[" + std::to_string(k) + "]",
                                 "expected a finite number, found " + describe_node(node));
      ok = false;
      continue;
    }
    numbers.push_back(value);
  }
  return numbers;
}

// Records a problem with the distribution as a whole, at the distribution's table.
void problem(TableReader& reader, const std::string& message, bool& ok) {
  reader.diagnostics().error(reader.table().source(), reader.path(), message);
  ok = false;
}

}  // namespace

std::optional<Distribution> read_distribution(const toml::table& table, const std::string& key_path,
                                              ReadContext& context, bool over_quarters) {
  TableReader r(table, key_path, context);
  if (over_quarters) {
    r.read_numbers_as_quarters();
  }
  const std::size_t problems_before = context.diagnostics.count();
  const auto name = r.string("distribution", true);
  if (!name) {
    r.reject_unknown_keys();
    return std::nullopt;
  }
  std::optional<DistributionKind> kind;
  std::vector<std::string> names;
  for (const auto& [candidate, k] : kinds()) {
    names.push_back(candidate);
    if (candidate == *name)
      kind = k;
  }
  if (!kind) {
    context.diagnostics.error(table.get("distribution")->source(), key_path + ".distribution",
                              "unknown distribution \"" + *name + "\"" +
                                  did_you_mean(*name, names) +
                                  " (one of: fixed, uniform, normal, truncated_normal, lognormal, "
                                  "triangular, beta, discrete)");
    return std::nullopt;
  }

  if (over_quarters && *kind != DistributionKind::fixed && *kind != DistributionKind::uniform &&
      *kind != DistributionKind::triangular && *kind != DistributionKind::discrete) {
    context.diagnostics.error(table.get("distribution")->source(), key_path + ".distribution",
                              "a quarter can be drawn from fixed, uniform, triangular or discrete "
                              "distributions (with quarter labels as bounds), not " +
                                  *name);
    return std::nullopt;
  }
  Distribution d;
  d.kind = *kind;
  bool ok = true;
  const NumberRange any = NumberRange::any();
  const NumberRange positive = NumberRange::positive();
  switch (*kind) {
    case DistributionKind::fixed:
      d.a = r.number("value", any);
      break;
    case DistributionKind::uniform:
      d.a = r.number("low", any);
      d.b = r.number("high", any, 1.0);
      if (!(d.a < d.b))
        problem(r, "uniform needs low < high", ok);
      break;
    case DistributionKind::normal:
      d.a = r.number("mean", any);
      d.b = r.number("sd", positive, 1.0);
      break;
    case DistributionKind::truncated_normal: {
      d.a = r.number("mean", any);
      d.b = r.number("sd", positive, 1.0);
      const auto low = r.optional_number("low", any);
      const auto high = r.optional_number("high", any);
      const bool has_low = low.has_value();
      const bool has_high = high.has_value();
      d.c = low.value_or(-kInfinity);
      d.d = high.value_or(kInfinity);
      if (!has_low && !has_high) {
        problem(r, "truncated_normal needs low, high or both (otherwise use normal)", ok);
      } else if (!(d.c < d.d)) {
        problem(r, "truncated_normal needs low < high", ok);
      } else if (ok && d.b > 0.0) {
        // The truncation interval must keep enough probability to sample from accurately.
        const double mass = uncertainty::standard_normal_cdf((d.d - d.a) / d.b) -
                            uncertainty::standard_normal_cdf((d.c - d.a) / d.b);
        if (!(mass > 1e-9)) {
          problem(r,
                  "truncated_normal: [low, high] lies more than 6 sd from the mean; move the "
                  "mean or the bounds",
                  ok);
        }
      }
      break;
    }
    case DistributionKind::lognormal:
      d.a = r.number("log_mean", kLogMean);
      d.b = r.number("log_sd", kLogSd, 1.0);
      break;
    case DistributionKind::triangular:
      d.a = r.number("low", any);
      d.b = r.number("mode", any);
      d.c = r.number("high", any, 1.0);
      if (!(d.a <= d.b && d.b <= d.c && d.a < d.c)) {
        problem(r, "triangular needs low <= mode <= high and low < high", ok);
      }
      break;
    case DistributionKind::beta:
      d.a = r.number("alpha", kBetaShape, 1.0);
      d.b = r.number("beta", kBetaShape, 1.0);
      d.c = r.number_or("low", 0.0, any);
      d.d = r.number_or("high", 1.0, any);
      if (!(d.c < d.d))
        problem(r, "beta needs low < high", ok);
      break;
    case DistributionKind::discrete: {
      d.values = read_numbers(r, "values", ok, true);
      d.probabilities = read_numbers(r, "probabilities", ok, false);
      if (ok && d.values.size() != d.probabilities.size()) {
        problem(r,
                "discrete needs as many probabilities as values (" +
                    std::to_string(d.values.size()) + " values, " +
                    std::to_string(d.probabilities.size()) + " probabilities)",
                ok);
      }
      double total = 0.0;
      for (const double p : d.probabilities) {
        if (p < 0.0)
          problem(r, "discrete probabilities must be >= 0", ok);
        total += p;
      }
      if (ok && std::abs(total - 1.0) > 1e-9) {
        problem(r, "discrete probabilities must sum to 1, they sum to " + std::to_string(total),
                ok);
      }
      break;
    }
  }
  r.reject_unknown_keys();
  if (!ok || context.diagnostics.count() != problems_before) {
    return std::nullopt;
  }
  return d;
}

}  // namespace cloudsim::scenario
