#include "model/strategies/strategy.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsim::model {
namespace {

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace

const char* strategy_kind_name(const StrategyParameters& strategy) {
  return std::visit(Overloaded{
                        [](const StatusQuoParameters&) { return "status_quo"; },
                        [](const LandGrabParameters&) { return "land_grab"; },
                        [](const ProfitFocusParameters&) { return "profit_focus"; },
                        [](const MultiCloudCaptureParameters&) { return "multi_cloud_capture"; },
                        [](const PaasFirstParameters&) { return "paas_first"; },
                    },
                    strategy);
}

double ramp_fraction(int quarter, int started, double ramp_quarters) {
  if (ramp_quarters <= 0.0) {
    return 1.0;
  }
  return std::clamp((quarter - started + 1) / ramp_quarters, 0.0, 1.0);
}

int whole_quarter(double quarter) {
  if (!std::isfinite(quarter)) {
    return quarter > 0 ? std::numeric_limits<int>::max() : std::numeric_limits<int>::min();
  }
  return static_cast<int>(std::lround(quarter));
}

void begin_phase(StrategyContext& context) {
  ProviderState& state = context.state;
  if (state.phase >= 0) {
    const auto& previous =
        context.market.providers[context.provider].phases[static_cast<std::size_t>(state.phase)];
    if (const auto* paas = std::get_if<PaasFirstParameters>(&previous.strategy)) {
      StrategyContext ending = context;
      ending.phase_index = static_cast<std::size_t>(state.phase);
      end_paas_first(*paas, ending);
    }
  }
  state.phase = static_cast<int>(context.phase_index);
  state.phase_started = context.quarter;
  state.phase_origin = state.attributes;
  state.retreated = false;
  context.record(context.events.phase_start[context.provider][context.phase_index]);
  if (const auto* paas = std::get_if<PaasFirstParameters>(&context.phase.strategy)) {
    begin_paas_first(*paas, context);
  }
}

void apply_phase(StrategyContext& context) {
  std::visit(
      Overloaded{
          [](const StatusQuoParameters&) {},
          [&](const LandGrabParameters& p) { apply_repositioning(p, context); },
          [&](const ProfitFocusParameters& p) { apply_repositioning(p, context); },
          [&](const MultiCloudCaptureParameters& p) { apply_multi_cloud_capture(p, context); },
          [&](const PaasFirstParameters& p) { apply_paas_first(p, context); },
      },
      context.phase.strategy);
}

}  // namespace cloudsim::model
