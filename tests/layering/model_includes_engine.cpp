// Must not compile in the model's include context: the model knows nothing of the engine.
#include "engine/run_driver.hpp"
