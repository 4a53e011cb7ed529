#pragma once
// Reading the outcome language (docs/outcomes.md) into its syntax tree, names unresolved.
//
//   auto trigger = parse_condition("share(IaaS, Volcano Engine) >= 0.08");
//   resolve(trigger, names);                          // resolve.hpp
//   bool fires = evaluate(trigger, view, quarter);    // evaluate.hpp
//
// Every error is an OutcomeError that says where: the offset counts characters (Unicode code
// points, not bytes) from the start of the text, so it is the same in the Python toolkit.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "outcome/ast.hpp"

namespace cloudsim::outcome {

class OutcomeError : public std::runtime_error {
 public:
  OutcomeError(std::size_t offset, const std::string& reason);
  [[nodiscard]] std::size_t offset() const { return offset_; }
  // What is wrong, without the place.
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  std::size_t offset_;
  std::string reason_;
};

// QUANTITY CMP NUMBER, nothing else: a trigger.
Condition parse_condition(std::string_view text);
// QUANTITY or P(CONDITION), optionally followed by [A - B].
Outcome parse_outcome(std::string_view text);
// se(OUTCOME) < GOAL or se(OUTCOME) <= GOAL, GOAL > 0.
Target parse_target(std::string_view text);

// "at character 13: no provider 'Volcno'…": the error as one line, the offset 1-based.
std::string describe(const OutcomeError& error);

}  // namespace cloudsim::outcome
