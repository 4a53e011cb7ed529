#include "model/parameter_address.hpp"

#include "model/model_error.hpp"

namespace cloudsim::model {
namespace {

template <class T>
T& element(std::vector<T>& list, std::size_t index) {
  if (index >= list.size()) {
    throw ModelError("a parameter address points past the end of a list");
  }
  return list[index];
}

double& strategy_number(StrategyParameters& strategy, const StrategyField& where) {
  return std::visit(
      [&](auto& kind) -> double& {
        const auto fields = std::decay_t<decltype(kind)>::fields();
        if (where.field >= fields.size()) {
          throw ModelError("a parameter address names a strategy field that does not exist");
        }
        const auto& field = fields[where.field];
        if (field.number != nullptr) {
          return kind.*field.number;
        }
        if (field.numbers != nullptr) {
          return element(kind.*field.numbers, where.element);
        }
        throw ModelError("a parameter address names a strategy field that is not a number");
      },
      strategy);
}

}  // namespace

double& resolve(MarketParameters& p, const ParameterAddress& a) {
  struct Resolver {
    MarketParameters& p;
    const ParameterAddress& a;
    double& operator()(std::monostate) const {
      throw ModelError("a parameter address names no member");
    }
    double& operator()(double SegmentParameters::*m) const {
      return element(p.segments, a.segment).*m;
    }
    double& operator()(double MultiCloudParameters::*m) const { return p.multi_cloud.*m; }
    double& operator()(double AttractionNoiseParameters::*m) const { return p.attraction_noise.*m; }
    double& operator()(double ProviderParameters::*m) const {
      return element(p.providers, a.provider).*m;
    }
    double& operator()(double ProviderSegmentParameters::*m) const {
      return element(element(p.providers, a.provider).segments, a.segment).*m;
    }
    double& operator()(double MigrationParameters::*m) const {
      return element(p.migrations, a.item).*m;
    }
    double& operator()(double PhaseParameters::*m) const {
      return element(element(p.providers, a.provider).phases, a.item).*m;
    }
    double& operator()(double PhaseTrigger::*m) const {
      auto& trigger = element(element(p.providers, a.provider).phases, a.item).trigger;
      if (!trigger) {
        throw ModelError("a parameter address names the trigger of a phase that has none");
      }
      return *trigger.*m;
    }
    double& operator()(double CapacityAddition::*m) const {
      return element(element(p.providers, a.provider).capacity_additions, a.item).*m;
    }
    double& operator()(double RegimeChainParameters::*m) const {
      return element(p.growth_regimes.chains, a.item).*m;
    }
    double& operator()(double GrowthRegimeParameters::*m) const { return p.growth_regimes.*m; }
    double& operator()(const StrategyField& f) const {
      return strategy_number(element(element(p.providers, a.provider).phases, a.item).strategy, f);
    }
    double& operator()(double CustomerGroupParameters::*m) const {
      return element(p.customer_groups, a.item).*m;
    }
    double& operator()(const GroupListElement& e) const {
      if (e.list == nullptr) {
        throw ModelError("a parameter address names no list of a customer group");
      }
      auto& list = element(p.customer_groups, a.item).*e.list;
      return element(list, e.list == &CustomerGroupParameters::share ? a.segment : a.provider);
    }
  };
  return std::visit(Resolver{p, a}, a.member);
}

}  // namespace cloudsim::model
