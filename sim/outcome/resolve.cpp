#include "outcome/resolve.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "outcome/parse.hpp"
#include "text/suggest.hpp"

namespace cloudsim::outcome {
namespace {

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void look_up(Name& name, const std::vector<std::string>& names, const std::string& what) {
  const auto at = std::find(names.begin(), names.end(), name.text);
  if (at != names.end()) {
    name.index = static_cast<std::size_t>(at - names.begin());
    return;
  }
  std::string known;
  for (std::size_t k = 0; k < names.size() && k < 12; ++k)
    known += (k ? ", " : "") + names[k];
  if (names.size() > 12)
    known += ", …";
  throw OutcomeError(name.offset, "no " + what + " '" + name.text + "'" +
                                      text::did_you_mean(name.text, names) + " (the run has " +
                                      known + ")");
}

// Characters (code points, as offsets count them) in the first `bytes` bytes of `text`.
std::size_t characters(std::string_view text, std::size_t bytes) {
  std::size_t count = 0;
  for (std::size_t k = 0; k < bytes && k < text.size(); ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80)
      ++count;
  return count;
}

// `IaaS+PaaS`: each member looked up where it is written; none twice.
void resolve_segment_set(Name& segment, const Names& names) {
  const std::string_view text = segment.text;
  segment.members.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t plus = text.find('+', start);
    std::size_t first = start;
    std::size_t last = plus == std::string_view::npos ? text.size() : plus;
    while (first < last && (text[first] == ' ' || text[first] == '\t'))
      ++first;
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t'))
      --last;
    Name member{std::string(text.substr(first, last - first)),
                segment.offset + characters(text, first)};
    if (member.text.empty())
      throw OutcomeError(member.offset,
                         "expected a segment on each side of '+' in '" + segment.text + "'");
    look_up(member, names.segments, "segment");
    if (std::find(segment.members.begin(), segment.members.end(), member.index) !=
        segment.members.end()) {
      throw OutcomeError(member.offset,
                         "segment '" + member.text + "' appears twice in '" + segment.text + "'");
    }
    segment.members.push_back(member.index);
    if (plus == std::string_view::npos)
      break;
    start = plus + 1;
  }
  segment.index = kSegmentSet;
}

void resolve_segment(Name& segment, const Names& names) {
  segment.members.clear();
  if (segment.text == "all")
    segment.index = kAllSegments;
  else if (!has(names.segments, segment.text) && segment.text.find('+') != std::string::npos)
    resolve_segment_set(segment, names);
  else
    look_up(segment, names.segments, "segment");
}

void resolve_provider(Name& provider, QuantityKind kind, const Names& names) {
  if (provider.text != "all" || has(names.providers, provider.text)) {
    look_up(provider, names.providers, "provider");
    return;
  }
  if (kind != QuantityKind::revenue && kind != QuantityKind::growth) {
    throw OutcomeError(provider.offset, std::string("the provider 'all' (the market total) is "
                                                    "read by revenue and growth only, not by ") +
                                            name_of(kind));
  }
  provider.index = kAllProviders;
}

bool is_year(const std::string& text) {
  return text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// A year on quarterly periods: its four quarters, which the run must all have.
void resolve_year(Name& period, const Names& names) {
  const auto at = std::find(names.periods.begin(), names.periods.end(), period.text + "Q1");
  const auto first = static_cast<std::size_t>(at - names.periods.begin());
  bool whole = at != names.periods.end() && first + 3 < names.periods.size();
  for (std::size_t q = 1; whole && q < 4; ++q)
    whole = names.periods[first + q] == period.text + "Q" + std::to_string(q + 1);
  if (!whole) {
    throw OutcomeError(period.offset, "the year " + period.text + " needs its quarters " +
                                          period.text + "Q1 to " + period.text +
                                          "Q4; the run has " + names.periods.front() + " to " +
                                          names.periods.back());
  }
  period.index = first + 3;
  period.span = 4;
}

void resolve_period(Quantity& quantity, const Names& names) {
  Name& period = *quantity.period;
  period.span = 1;
  if (!has(names.periods, period.text) && is_year(period.text) && names.quarters_per_period == 1)
    resolve_year(period, names);
  else
    look_up(period, names.periods, names.period_word);
  if (quantity.kind != QuantityKind::growth)
    return;
  if (period.span > 1 && quantity.quarters % static_cast<int>(period.span) != 0) {
    throw OutcomeError(quantity.offset, "growth over " + std::to_string(quantity.quarters) +
                                            " quarters to the year " + period.text +
                                            " compares whole years: N must be a multiple of 4");
  }
  const std::size_t back = static_cast<std::size_t>(quantity.quarters / names.quarters_per_period);
  if (period.index + 1 < period.span + back) {
    throw OutcomeError(period.offset,
                       "growth over " + std::to_string(quantity.quarters) + " quarters needs " +
                           period.text + " to be at least that far after " + names.periods.front());
  }
}

}  // namespace

void resolve(Quantity& quantity, const Names& names) {
  if (quantity.segment)
    resolve_segment(*quantity.segment, names);
  if (quantity.provider)
    resolve_provider(*quantity.provider, quantity.kind, names);
  quantity.quarters_per_period = names.quarters_per_period;
  if (quantity.kind == QuantityKind::growth && !names.periods.empty() &&
      quantity.quarters % names.quarters_per_period != 0) {
    throw OutcomeError(quantity.offset, "growth over " + std::to_string(quantity.quarters) +
                                            " quarters cannot be read from " + names.period_word +
                                            "ly records");
  }
  if (!quantity.period) {
    // Read at the last period of a result: growth must have that much history.
    const auto back = static_cast<std::size_t>(quantity.quarters / names.quarters_per_period);
    if (quantity.kind == QuantityKind::growth && !names.periods.empty() &&
        names.periods.size() <= back) {
      throw OutcomeError(quantity.offset, "growth over " + std::to_string(quantity.quarters) +
                                              " quarters needs more than " +
                                              std::to_string(names.periods.size()) + " " +
                                              names.period_word + "s");
    }
    return;
  }
  if (names.periods.empty()) {
    throw OutcomeError(quantity.period->offset,
                       "a condition read at each simulated quarter cannot name a period ('" +
                           quantity.period->text + "'): leave it out for the current quarter");
  }
  resolve_period(quantity, names);
}

void resolve(Condition& condition, const Names& names) {
  resolve(condition.quantity, names);
}

void resolve(Outcome& outcome, const Names& names) {
  std::visit([&](auto& measure) { resolve(measure, names); }, outcome.measure);
  if (outcome.difference) {
    look_up(outcome.difference->first, names.scenarios, "scenario");
    look_up(outcome.difference->second, names.scenarios, "scenario");
  }
}

void resolve(Target& target, const Names& names) {
  resolve(target.outcome, names);
}

}  // namespace cloudsim::outcome
