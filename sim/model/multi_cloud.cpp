#include "model/multi_cloud.hpp"

#include <algorithm>

namespace cloudsim::model {

double next_multi_cloud_adoption(const MultiCloudParameters& parameters, double adoption) {
  const double ceiling = parameters.ceiling;
  const double next = adoption + (parameters.innovation + parameters.imitation * adoption) *
                                     (ceiling - adoption) / 4.0;
  return std::clamp(next, 0.0, ceiling);
}

}  // namespace cloudsim::model
