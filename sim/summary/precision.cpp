#include "summary/precision.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "text/printable.hpp"
#include "text/suggest.hpp"

namespace cloudsim::summary {
namespace {

constexpr const char* kExample =
    "e.g. 'se(share(IaaS, Alibaba, 2025Q4)) < 0.002', 'se(P(share(IaaS, Volcano Engine) >= 0.1)) "
    "< 0.005' or 'se(share(IaaS, Volcano Engine)[capture - baseline]) < 0.001'";

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos)
    return "";
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    parts.push_back(trim(text.substr(start, at - start)));
    if (at == std::string::npos)
      return parts;
    start = at + separator.size();
  }
}

double number(const std::string& text, const std::string& target, const char* what) {
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size() ||
      !std::isfinite(value)) {
    throw PrecisionSyntaxError(target, std::string(what) + " '" + text + "' is not a number");
  }
  return value;
}

std::size_t index_of(const std::string& name, const std::vector<std::string>& names,
                     const std::string& target, const char* what) {
  const auto at = std::find(names.begin(), names.end(), name);
  if (at == names.end()) {
    std::string known;
    for (std::size_t k = 0; k < names.size() && k < 12; ++k)
      known += (k ? ", " : "") + names[k];
    throw PrecisionSyntaxError(target, std::string("no ") + what + " '" + name + "'" +
                                           text::did_you_mean(name, names) + " (the run has " +
                                           known + ")");
  }
  return static_cast<std::size_t>(at - names.begin());
}

// The pieces of a target's text, before names are resolved.
struct TargetParts {
  bool probability = false;  // P(…)
  std::string quantity;      // share or revenue
  std::string arguments;     // inside quantity( … )
  std::string comparison;    // >= or <= inside P(…)
  std::string threshold;
  std::optional<std::string> difference;  // inside [ … ]
  std::string goal;
};

// A small recursive-descent reader of  se( [P(] quantity(args) [cmp x )] [ [A - B] ] ) < goal.
class TargetReader {
 public:
  explicit TargetReader(const std::string& text) : text_(text) {}

  std::optional<TargetParts> read() {
    TargetParts parts;
    if (!word("se") || !symbol("("))
      return std::nullopt;
    if (word("P")) {
      if (!symbol("("))
        return std::nullopt;
      parts.probability = true;
    }
    if (word("share"))
      parts.quantity = "share";
    else if (word("revenue"))
      parts.quantity = "revenue";
    else
      return std::nullopt;
    if (!symbol("(") || !until(")", parts.arguments) || !symbol(")"))
      return std::nullopt;
    if (parts.probability) {
      if (symbol(">="))
        parts.comparison = ">=";
      else if (symbol("<="))
        parts.comparison = "<=";
      else
        return std::nullopt;
      if (!until(")", parts.threshold) || !symbol(")"))
        return std::nullopt;
    }
    if (symbol("[")) {
      std::string inside;
      if (!until("]", inside) || !symbol("]"))
        return std::nullopt;
      parts.difference = inside;
    }
    if (!symbol(")") || !(symbol("<=") || symbol("<")))
      return std::nullopt;
    parts.goal = trim(text_.substr(at_));
    if (parts.goal.empty() || parts.goal.find_first_of(" \t") != std::string::npos)
      return std::nullopt;
    return parts;
  }

 private:
  void skip_spaces() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t'))
      ++at_;
  }
  bool symbol(std::string_view expected) {
    skip_spaces();
    if (text_.compare(at_, expected.size(), expected) != 0)
      return false;
    at_ += expected.size();
    return true;
  }
  // A keyword: `expected` not followed by a letter.
  bool word(std::string_view expected) {
    skip_spaces();
    const std::size_t end = at_ + expected.size();
    if (text_.compare(at_, expected.size(), expected) != 0 ||
        (end < text_.size() && std::isalpha(static_cast<unsigned char>(text_[end])) != 0))
      return false;
    at_ = end;
    return true;
  }
  // Everything up to the next `stop` (not consumed), which must exist and not be preceded by
  // an opening parenthesis or bracket.
  bool until(std::string_view stop, std::string& out) {
    const auto end = text_.find(stop, at_);
    if (end == std::string::npos)
      return false;
    out = text_.substr(at_, end - at_);
    if (out.find_first_of("([") != std::string::npos)
      return false;
    at_ = end;
    return true;
  }

  const std::string& text_;
  std::size_t at_ = 0;
};

}  // namespace

PrecisionSyntaxError::PrecisionSyntaxError(const std::string& target, const std::string& reason)
    : std::runtime_error("--precision '" + text::printable(target) +
                         "': " + text::printable(reason)),
      reason_(reason) {}

PrecisionTarget parse_precision_target(const std::string& text,
                                       const output::ResultMetadata& metadata) {
  const auto parts = TargetReader(text).read();
  if (!parts) {
    throw PrecisionSyntaxError(text,
                               std::string("expected se(OUTCOME) < STANDARD_ERROR, ") + kExample);
  }
  PrecisionTarget target;
  target.text = text;
  target.revenue = parts->quantity == "revenue";
  const auto arguments = split(parts->arguments, ",");
  if (arguments.size() < 2 || arguments.size() > 3) {
    throw PrecisionSyntaxError(
        text, parts->quantity + "(SEGMENT, PROVIDER[, PERIOD]) takes two or three names");
  }
  target.segment = index_of(arguments[0], metadata.segment_names, text, "segment");
  target.provider = index_of(arguments[1], metadata.provider_names, text, "provider");
  target.period = arguments.size() == 3
                      ? index_of(arguments[2], metadata.quarter_labels, text, "quarter")
                      : metadata.quarter_labels.size() - 1;
  if (parts->probability) {
    const double threshold = number(trim(parts->threshold), text, "threshold");
    (parts->comparison == ">=" ? target.at_least : target.at_most) = threshold;
  }
  if (parts->difference) {
    const auto names = split(*parts->difference, " - ");
    std::vector<std::string> scenarios;
    for (const auto& scenario : metadata.scenarios)
      scenarios.push_back(scenario.name);
    if (names.size() != 2) {
      throw PrecisionSyntaxError(text,
                                 "expected [A - B] naming two scenarios of the batch, with "
                                 "spaces around the minus");
    }
    target.difference = {index_of(names[0], scenarios, text, "scenario"),
                         index_of(names[1], scenarios, text, "scenario")};
    if (target.difference->first == target.difference->second) {
      throw PrecisionSyntaxError(text, "the difference of a scenario with itself is always zero");
    }
  }
  target.goal = number(parts->goal, text, "standard error");
  if (!(target.goal > 0.0)) {
    throw PrecisionSyntaxError(text,
                               "the standard error asked for must be "
                               "positive");
  }
  return target;
}

void PrecisionMonitor::Accumulator::add(double value) {
  ++n;
  const double delta = value - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (value - mean);
}

double PrecisionMonitor::Accumulator::standard_error() const {
  if (n < 2)
    return std::numeric_limits<double>::infinity();
  return std::sqrt(m2 / static_cast<double>(n - 1) / static_cast<double>(n));
}

PrecisionMonitor::PrecisionMonitor(std::vector<PrecisionTarget> targets, std::size_t scenarios,
                                   std::uint64_t step, std::uint64_t cap, engine::BlockSink* next)
    : targets_(std::move(targets)),
      scenarios_(scenarios),
      step_(std::max<std::uint64_t>(1, step)),
      cap_(cap),
      next_(next) {
  for (const auto& target : targets_) {
    accumulators_.emplace_back(target.difference ? 1 : scenarios_);
    group_.emplace_back(scenarios_);
  }
}

double PrecisionMonitor::outcome(const PrecisionTarget& target, const engine::PathBlock& block,
                                 std::size_t row) const {
  const auto& shape = block.shape;
  const std::size_t cell = (row * shape.quarters + target.period) * shape.segments + target.segment;
  const double* revenue = block.revenue.data() + cell * shape.providers;
  double value = revenue[target.provider];
  if (!target.revenue) {
    double total = 0.0;
    for (std::size_t i = 0; i < shape.providers; ++i)
      total += revenue[i];
    value = total > 0.0 ? value / total : 0.0;
  }
  if (target.at_least)
    return value >= *target.at_least ? 1.0 : 0.0;
  if (target.at_most)
    return value <= *target.at_most ? 1.0 : 0.0;
  return value;
}

void PrecisionMonitor::consume(const engine::PathBlock& block) {
  if (done_) {
    return;  // computed past the stopping point: not part of the result
  }
  if (next_ != nullptr) {
    next_->consume(block);
  }
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    auto& values = group_[t][block.scenario];
    values.resize(block.path_count);
    for (std::size_t row = 0; row < block.path_count; ++row)
      values[row] = outcome(targets_[t], block, row);
  }
  if (block.scenario + 1 == scenarios_) {
    close_group(block.path_count);
  }
}

void PrecisionMonitor::close_group(std::size_t path_count) {
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const auto& target = targets_[t];
    for (std::size_t row = 0; row < path_count; ++row) {
      if (target.difference) {
        accumulators_[t][0].add(group_[t][target.difference->first][row] -
                                group_[t][target.difference->second][row]);
      } else {
        for (std::size_t s = 0; s < scenarios_; ++s)
          accumulators_[t][s].add(group_[t][s][row]);
      }
    }
  }
  paths_ += path_count;
  if (paths_ % step_ == 0 || paths_ >= cap_) {
    if (all_met() || paths_ >= cap_) {
      done_ = true;
      enough_.store(true);
    }
  }
}

double PrecisionMonitor::worst_error(std::size_t target) const {
  double worst = 0.0;
  for (const auto& accumulator : accumulators_[target])
    worst = std::max(worst, accumulator.standard_error());
  return worst;
}

bool PrecisionMonitor::all_met() const {
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    if (!(worst_error(t) <= targets_[t].goal))
      return false;
  }
  return true;
}

std::vector<output::PrecisionRecord> PrecisionMonitor::records() const {
  std::vector<output::PrecisionRecord> records;
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const double error = worst_error(t);
    records.push_back({targets_[t].text, targets_[t].goal, error, error <= targets_[t].goal});
  }
  return records;
}

}  // namespace cloudsim::summary
