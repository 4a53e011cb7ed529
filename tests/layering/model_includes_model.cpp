// Must compile in the model's include context: the control that shows the two refusals beside it
// fail for the missing header, not for a broken probe.
#include "model/market_model.hpp"
