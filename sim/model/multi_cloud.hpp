#pragma once
// Model spec section 2: the share of customers running multi-cloud, a discrete Bass diffusion.

#include "model/market_parameters.hpp"

namespace cloudsim::model {

// m(t+1) = clamp(m + (p + q m)(M − m)/4, 0, M); p and q are annual, hence the quarter's /4.
double next_multi_cloud_adoption(const MultiCloudParameters& parameters, double adoption);

}  // namespace cloudsim::model
