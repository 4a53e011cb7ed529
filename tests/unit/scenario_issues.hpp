#pragma once
// The issues a scenario text is refused with, for loader tests.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim::testing {

// Every issue of loading `text` (as "test.toml"); a text that loads is a test failure.
inline std::vector<scenario::InputIssue> issues_of(const std::string& text) {
  try {
    scenario::load_scenario_text(text, "test.toml");
  } catch (const scenario::InputError& error) {
    return error.issues();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

}  // namespace cloudsim::testing
