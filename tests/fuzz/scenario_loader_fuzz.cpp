// libFuzzer target for the scenario loader. Any text must either load or be refused with an
// InputError; anything else (a crash, a sanitizer report, another exception) is a bug. A text
// that loads must also survive its own round trip: its resolved TOML loads to the same text.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"

namespace {

cloudsim::scenario::LoadOptions no_files() {
  cloudsim::scenario::LoadOptions options;
  // `extends` must not reach the file system from fuzzed text.
  options.read_file = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto options = no_files();
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string resolved;
  try {
    resolved = cloudsim::scenario::load_scenario_text(text, "fuzz.toml", options).resolved_text;
  } catch (const cloudsim::scenario::InputError&) {
    return 0;
  }
  try {
    const auto again = cloudsim::scenario::load_scenario_text(resolved, "resolved.toml", options);
    if (again.resolved_text != resolved) {
      std::abort();  // the resolved text is not a fixed point
    }
  } catch (const cloudsim::scenario::InputError&) {
    std::abort();  // a valid scenario's resolved text must load
  }
  return 0;
}
