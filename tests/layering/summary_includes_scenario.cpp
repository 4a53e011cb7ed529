// Must not compile in the summaries' include context: summaries know nothing of the loader.
#include "scenario/scenario.hpp"
