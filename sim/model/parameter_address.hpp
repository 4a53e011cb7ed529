#pragma once
// Where a number of MarketParameters lives: which struct (given by the member's type), which
// element of the lists holding it, and which member. The loader registers each uncertain input
// with its address and the engine writes per-path draws through it: data, not closures, so an
// input can be printed, compared and checked, and the model decides how its parameters change.

#include <cstddef>
#include <variant>

#include "model/market_parameters.hpp"

namespace cloudsim::model {

// A field of the phase's strategy kind: its row in the kind's field table, and for per-segment
// fields the segment.
struct StrategyField {
  std::size_t field = 0;
  std::size_t element = 0;
  bool operator==(const StrategyField&) const = default;
};

// An element of a customer group's per-segment or per-provider list (share, stronghold); the
// element is ParameterAddress::segment (share) or ::provider (stronghold).
struct GroupListElement {
  std::vector<double> CustomerGroupParameters::*list = nullptr;
  bool operator==(const GroupListElement&) const = default;
};

using ParameterMember =
    std::variant<std::monostate, double SegmentParameters::*, double MultiCloudParameters::*,
                 double AttractionNoiseParameters::*, double ProviderParameters::*,
                 double ProviderSegmentParameters::*, double MigrationParameters::*,
                 double PhaseParameters::*, double PhaseTrigger::*, StrategyField,
                 double CustomerGroupParameters::*, GroupListElement, double CapacityAddition::*,
                 double RegimeChainParameters::*, double GrowthRegimeParameters::*>;

struct ParameterAddress {
  std::size_t segment = 0;   // SegmentParameters, ProviderSegmentParameters
  std::size_t provider = 0;  // ProviderParameters, ProviderSegmentParameters, phases
  // The phase (PhaseParameters, StrategyField), migration, group, addition or regime chain.
  std::size_t item = 0;
  ParameterMember member;

  static ParameterAddress of_segment(std::size_t s) { return {s, 0, 0, {}}; }
  static ParameterAddress of_provider(std::size_t i) { return {0, i, 0, {}}; }
  static ParameterAddress of_cell(std::size_t s, std::size_t i) { return {s, i, 0, {}}; }
  static ParameterAddress of_phase(std::size_t i, std::size_t k) { return {0, i, k, {}}; }
  static ParameterAddress of_migration(std::size_t m) { return {0, 0, m, {}}; }
  static ParameterAddress of_group(std::size_t g) { return {0, 0, g, {}}; }
  static ParameterAddress of_regime_chain(std::size_t c) { return {0, 0, c, {}}; }
  static ParameterAddress of_capacity_addition(std::size_t i, std::size_t k) {
    return {0, i, k, {}};
  }

  // This place's member `m`.
  template <class Member>
  [[nodiscard]] ParameterAddress at(Member m) const {
    ParameterAddress address = *this;
    address.member = m;
    return address;
  }
};

// The number at `address`. Throws ModelError if it does not exist in `parameters`.
double& resolve(MarketParameters& parameters, const ParameterAddress& address);

}  // namespace cloudsim::model
