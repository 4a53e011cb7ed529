#pragma once
// Names to indices: a parsed tree against the run's segments, providers, scenarios and periods.
// An unknown name is an OutcomeError at the name's offset, with a did-you-mean suggestion and
// the names the run has. Resolving twice is harmless. A name the run has always means itself;
// only a name it does not have is read as a segment set (`IaaS+PaaS`), the provider `all` or a
// year on quarterly periods (`2022`: its four quarters, all of which the run must have).

#include <string>
#include <vector>

#include "outcome/ast.hpp"

namespace cloudsim::outcome {

struct Names {
  std::vector<std::string> segments;
  std::vector<std::string> providers;
  std::vector<std::string> scenarios;  // empty: no [A - B] here
  // Consecutive quarters ("2025Q4"). Empty: the condition is read at the quarter being
  // simulated (a trigger) and may not name one.
  std::vector<std::string> periods;
  std::string period_word = "quarter";  // what a period is called in messages
  int quarters_per_period = 1;          // 4 when the periods are years (annual records)
};

void resolve(Quantity& quantity, const Names& names);
void resolve(Condition& condition, const Names& names);
void resolve(Outcome& outcome, const Names& names);
void resolve(Target& target, const Names& names);

}  // namespace cloudsim::outcome
