// The likelihood of a path given the observations, and the inputs it draws (model spec §12).

#include "observe/observations.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>

#include "scenario/toml_text.hpp"

namespace cloudsim::observe {
namespace {

constexpr std::size_t kStated = static_cast<std::size_t>(-1);
// log φ(r) = −r²/2 − log √(2π)
const double kLogRootTwoPi = 0.5 * std::log(2.0 * std::numbers::pi);

}  // namespace

const char* name_of(ErrorKind kind) {
  return kind == ErrorKind::relative ? "relative" : "absolute";
}

ObservationSet::ObservationSet(std::string title, std::vector<Observation> rows, std::string text)
    : title_(std::move(title)), rows_(std::move(rows)), text_(std::move(text)) {
  for (const auto& row : rows_) {
    const std::string place = scenario::join_key_path("observations", row.id);
    error_input_.push_back(row.error_distribution ? key_paths_.size() : kStated);
    if (row.error_distribution) {
      key_paths_.push_back(place + ".error");
      distributions_.push_back(*row.error_distribution);
    }
    scale_input_.push_back(row.scale_distribution ? key_paths_.size() : kStated);
    if (row.scale_distribution) {
      key_paths_.push_back(place + ".scale");
      distributions_.push_back(*row.scale_distribution);
    }
  }
}

std::size_t ObservationSet::last_quarter() const {
  std::size_t last = 0;
  for (const auto& row : rows_)
    last = std::max(last, row.last_quarter);
  return last;
}

void ObservationSet::sample_inputs(std::span<const double> normals,
                                   std::span<double> values) const {
  assert(normals.size() == key_paths_.size() && values.size() == key_paths_.size());
  for (std::size_t k = 0; k < distributions_.size(); ++k)
    values[k] = distributions_[k].value_at_normal(normals[k]);
}

double ObservationSet::error_of(std::size_t j, std::span<const double> inputs) const {
  const std::size_t k = error_input_[j];
  return k == kStated || inputs.empty() ? rows_[j].error : inputs[k];
}

double ObservationSet::scale_of(std::size_t j, std::span<const double> inputs) const {
  const std::size_t k = scale_input_[j];
  return k == kStated || inputs.empty() ? rows_[j].scale : inputs[k];
}

double ObservationSet::model_value(std::size_t j, const outcome::MarketView& view,
                                   double scale) const {
  const auto& row = rows_[j];
  return scale * outcome::evaluate(row.quantity, view, row.last_quarter);
}

double ObservationSet::row_log_likelihood(std::size_t j, const outcome::MarketView& view,
                                          std::span<const double> inputs) const {
  const auto& row = rows_[j];
  const double s = error_of(j, inputs);
  const double c = model_value(j, view, scale_of(j, inputs));
  double residual = 0.0;
  if (row.error_kind == ErrorKind::relative) {
    // y = c·exp(e): only a positive model value can have produced a positive report.
    if (!(c > 0.0) || !std::isfinite(c))
      return -std::numeric_limits<double>::infinity();
    residual = (std::log(row.value) - std::log(c)) / s;
  } else {
    if (!std::isfinite(c))
      return -std::numeric_limits<double>::infinity();
    residual = (row.value - c) / s;
  }
  return -0.5 * residual * residual - kLogRootTwoPi - std::log(s);
}

double ObservationSet::log_likelihood(const outcome::MarketView& view,
                                      std::span<const double> inputs) const {
  assert(inputs.empty() || inputs.size() == key_paths_.size());
  double total = 0.0;
  for (std::size_t j = 0; j < rows_.size(); ++j) {
    total += row_log_likelihood(j, view, inputs);
    if (total == -std::numeric_limits<double>::infinity())
      break;  // nothing can bring it back
  }
  return total;
}

}  // namespace cloudsim::observe
