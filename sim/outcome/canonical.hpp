#pragma once
// One compact JSON text per tree, the same in C++ and in the Python toolkit
// (scripts/cloudsim/outcome.py): how tests/outcome/examples.toml states what each text parses
// to. Keys in a fixed order, absent parts left out, names as written, numbers in their shortest
// round-trip form (std::to_chars).
//   quantity {"kind":"growth","segment":"IaaS","provider":"Alibaba","quarters":4,"period":"2025Q4"}
//   condition  {"quantity":{…},"comparison":">=","threshold":0.08}
//   outcome    {"quantity":{…}} or {"probability":{condition}}, then "difference":["A","B"]
//   target     {"outcome":{…},"comparison":"<","goal":0.002}

#include <string>

#include "outcome/ast.hpp"

namespace cloudsim::outcome {

[[nodiscard]] std::string canonical(const Quantity& quantity);
[[nodiscard]] std::string canonical(const Condition& condition);
[[nodiscard]] std::string canonical(const Outcome& outcome);
[[nodiscard]] std::string canonical(const Target& target);

}  // namespace cloudsim::outcome
