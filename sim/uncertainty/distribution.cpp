#include "uncertainty/distribution.hpp"

#include <sstream>

namespace cloudsim::uncertainty {
namespace {

std::string number(double x) {
  std::ostringstream out;
  out.precision(10);
  out << x;
  return out.str();
}

}  // namespace

std::vector<std::string_view> kind_names() {
  std::vector<std::string_view> names;
  for_each_kind([&]<class Kind>(std::type_identity<Kind>) { names.push_back(Kind::name); });
  return names;
}

double Distribution::value_at_normal(double z) const {
  return std::visit(
      [z](const auto& kind) {
        if constexpr (requires { kind.value_at_normal(z); }) {
          return kind.value_at_normal(z);
        } else {
          return kind.quantile(Probability::below_normal(z));
        }
      },
      shape);
}

double Distribution::quantile(double u) const {
  return std::visit([u](const auto& kind) { return kind.quantile(Probability::of(u)); }, shape);
}

double Distribution::mean() const {
  return std::visit([](const auto& kind) { return kind.mean(); }, shape);
}

double Distribution::variance() const {
  return std::visit([](const auto& kind) { return kind.variance(); }, shape);
}

Support Distribution::support() const {
  return std::visit([](const auto& kind) { return kind.support(); }, shape);
}

double Distribution::reach(double z) const {
  return std::visit(
      [z](const auto& kind) {
        if constexpr (requires { kind.reach(z); }) {
          return kind.reach(z);
        } else {
          return z < 0.0 ? kind.support().lowest : kind.support().highest;
        }
      },
      shape);
}

std::string_view Distribution::name() const {
  return std::visit([](const auto& kind) { return std::string_view(kind.name); }, shape);
}

std::string Distribution::describe() const {
  return std::visit(
      [](const auto& kind) {
        std::string text = std::string(kind.name) + "(";
        const char* separator = "";
        for (const auto& field : kind.fields()) {
          text += separator + std::string(field.key) + "=";
          separator = ", ";
          if constexpr (has_list_fields<std::decay_t<decltype(kind)>>()) {
            if (field.list != nullptr) {
              text += "[";
              const auto& list = kind.*field.list;
              for (std::size_t k = 0; k < list.size(); ++k)
                text += (k ? ", " : "") + number(list[k]);
              text += "]";
              continue;
            }
          }
          text += number(kind.*field.number);
        }
        return text + ")";
      },
      shape);
}

}  // namespace cloudsim::uncertainty
