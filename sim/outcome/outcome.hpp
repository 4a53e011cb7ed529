#pragma once
// The outcome language: one grammar for precision targets, result summaries, strategy triggers
// and the Python toolkit (scripts/cloudsim/outcome.py reads the same texts into the same tree;
// tests/outcome/examples.toml holds the examples both are tested against). Grammar and meaning:
// docs/outcomes.md. Below the model (it needs only the text helpers): the model, the engine and
// the summaries all use it.
//
// A trigger, evaluated quarter by quarter on a path's own state:
//
//   outcome::Condition trigger = outcome::parse_condition("share(IaaS, Volcano Engine) >= 0.08");
//   outcome::resolve(trigger, {segments, providers, {}, {}});  // no periods: read at each quarter
//   …
//   if (outcome::evaluate(trigger, path_view, t)) …            // a MarketView over the path
//
// A precision target over recorded blocks: parse_target, resolve with the run's scenarios and
// quarters, evaluate(outcome, block_view, last_quarter) per path, paired by the caller for
// [A - B] (summary/precision.cpp).
//
// Errors (OutcomeError) carry the character offset of what is wrong and a reason that names the
// expectation and, for names, the likely intended spelling.

#include "outcome/ast.hpp"          // IWYU pragma: export
#include "outcome/canonical.hpp"    // IWYU pragma: export
#include "outcome/evaluate.hpp"     // IWYU pragma: export
#include "outcome/market_view.hpp"  // IWYU pragma: export
#include "outcome/parse.hpp"        // IWYU pragma: export
#include "outcome/resolve.hpp"      // IWYU pragma: export
