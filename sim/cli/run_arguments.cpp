#include "cli/run_arguments.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <limits>

#include "cli/commands.hpp"
#include "cli/count_option.hpp"
#include "cli/scenario_options.hpp"
#include "output/record_level.hpp"
#include "scenario/printable.hpp"
#include "scenario/scenario.hpp"
#include "text/utf8.hpp"

namespace cloudsim::cli {

namespace {

// `name` with each byte that is not part of a UTF-8 character written as \xHH, so that the
// message itself stays UTF-8 (a terminal or a log would garble the raw byte).
std::string bytes_escaped(const std::string& name) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string escaped;
  for (std::size_t k = 0; k < name.size();) {
    const std::size_t length = text::utf8_sequence(name, k);
    if (length == 0) {
      const auto byte = static_cast<unsigned char>(name[k]);
      escaped += std::string("\\x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
      ++k;
    } else {
      escaped += scenario::printable(name.substr(k, length));
      k += length;
    }
  }
  return escaped;
}

}  // namespace

std::optional<RunArguments> parse_run_arguments(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  RunArguments parsed;
  po::options_description options(
      "sim run SCENARIO.toml|BATCH.toml … [options]\n"
      "sim run --resume RESULT.h5 [--paths N] [options]\n\n"
      "Simulates the scenarios' Monte Carlo paths on common random numbers and writes them to one "
      "HDF5\nfile (layout: docs/output-format.md). Several scenario files, or a batch file with "
      "sweeps,\nmake a batch (docs/scenario-format.md).\n\noptions");
  const std::string record_help =
      "what to keep of each path: " + output::record_level_choices(true) +
      "; drawn inputs and events are always kept";
  options.add_options()("help,h", "this text")(
      "output,o", po::value<std::string>(&parsed.output_path),
      "result file (default: outputs/<scenario or batch name>.h5)")(
      "paths", po::value<std::string>(), "number of paths (default: the batch's or scenario's)")(
      "seed", po::value<std::string>(), "random seed (default: the batch's or scenario's)")(
      "precision", po::value<std::vector<std::string>>(&parsed.precision)->composing(),
      "add paths until a standard error is small enough, e.g. "
      "'se(share(IaaS, Alibaba, 2025Q4)) < 0.002' or "
      "'se(P(share(IaaS, Volcano Engine) >= 0.1)[capture - baseline]) < 0.005' (repeatable; "
      "checked every 1024 paths)")("max-paths", po::value<std::string>(),
                                   "path cap of a --precision run (default 1000000)")(
      "observations", po::value<std::string>(&parsed.observations),
      "condition every scenario on the observations in this TOML file (docs/conditioning.md): "
      "the paths then follow the posterior given what was observed, and forecast from the last "
      "observed quarter")(
      "resume", po::value<std::string>(&parsed.resume),
      "complete a partial result (kept after Ctrl-C), or extend a finished one to --paths N; "
      "the result is identical to running that many paths from the start")(
      "threads", po::value<int>(&parsed.threads)->default_value(0),
      "worker threads; 0 = all hardware threads (results do not depend on it)")(
      "block-size", po::value<std::size_t>(&parsed.block_size)->default_value(1024),
      "paths per work block (results do not depend on it)")(
      "path-by-path", po::bool_switch(&parsed.path_by_path),
      "step every path alone with the reference stepper, instead of four paths at once where the "
      "model allows it (results are identical: for checking that, or the speed it gains)")(
      "record",
      po::value<std::string>(&parsed.record)
          ->default_value(output::record_level_name(output::RecordLevel::full)),
      record_help.c_str())("force", po::bool_switch(&parsed.force),
                           "replace an existing result file (only once the new run has succeeded)")(
      "ignore-disk-space", po::bool_switch(&parsed.ignore_disk_space),
      "run even if the estimated result size exceeds the free disk space")(
      "quiet,q", po::bool_switch(&parsed.quiet), "print nothing but errors")(
      "progress-interval", po::value<double>(&parsed.progress_interval),
      "seconds between progress lines on stderr (default: 0.2 on a terminal, 10 otherwise)")(
      "set", po::value<std::vector<std::string>>(&parsed.assignments)->composing(),
      "override a value in every scenario after `extends`, e.g. "
      "--set providers.Alibaba.price_index=1.1 (repeatable; the value is TOML)");
  po::options_description hidden;
  hidden.add_options()("inputs", po::value<std::vector<std::string>>(&parsed.inputs),
                       "scenario or batch files");
  po::positional_options_description positional;
  positional.add("inputs", -1);
  const auto parsed_values = parse_command_line(arguments, options, hidden, positional);
  if (!parsed_values) {
    return std::nullopt;
  }
  const po::variables_map& values = *parsed_values;
  if (parsed.resume.empty() && parsed.inputs.empty()) {
    throw UsageError(
        "a scenario file is needed: sim run SCENARIO.toml [-o OUT.h5] (or --resume RESULT.h5)");
  }
  const bool record_given = !values["record"].defaulted();
  parsed.output_given = values.count("output") != 0;
  if (parsed.output_given && parsed.output_path.empty()) {
    throw UsageError("-o needs a file name, e.g. -o outputs/result.h5");
  }
  if (!parsed.resume.empty()) {
    if (!parsed.inputs.empty() || !parsed.assignments.empty() || values.count("seed") != 0 ||
        record_given || !parsed.precision.empty() || values.count("max-paths") != 0 ||
        !parsed.observations.empty()) {
      throw UsageError(
          "--resume continues a result file with its own scenarios, seed, record level and path "
          "count; it takes only --paths, -o, --force, --threads, --block-size, --path-by-path "
          "and the output options");
    }
  }
  if (!output::parse_record_level(parsed.record)) {
    throw UsageError("--record must be " + output::record_level_choices() + ", not '" +
                     parsed.record + "'");
  }
  if (values.count("paths") != 0) {
    parsed.paths = count_option("paths", values["paths"].as<std::string>(), 1, scenario::kMaxPaths);
    if (!parsed.precision.empty()) {
      throw UsageError(
          "--paths and --precision exclude each other: a precision run chooses its "
          "own path count (cap it with --max-paths)");
    }
  }
  if (!parsed.observations.empty() && !parsed.precision.empty()) {
    throw UsageError(
        "--observations and --precision exclude each other: a conditioned run's paths are a "
        "resampled set of a fixed size; give --paths");
  }
  if (values.count("max-paths") != 0) {
    parsed.max_paths =
        count_option("max-paths", values["max-paths"].as<std::string>(), 1, scenario::kMaxPaths);
  }
  if (values.count("seed") != 0) {
    parsed.seed = count_option("seed", values["seed"].as<std::string>(), 0,
                               std::numeric_limits<std::uint64_t>::max());
  }
  if (parsed.threads < 0 || parsed.threads > 1024) {
    throw UsageError("--threads must be between 0 (all) and 1024");
  }
  if (parsed.block_size == 0 || parsed.block_size > 1'000'000) {
    throw UsageError("--block-size must be between 1 and 1000000");
  }
  // The result file records these names as UTF-8 strings (scenario_file, final_output, history):
  // a name in another encoding would make a file that h5py, xarray and JSON cannot read.
  std::vector<std::string> names = parsed.inputs;
  names.push_back(parsed.output_path);
  names.push_back(parsed.observations);
  for (const auto& name : names) {
    if (!text::is_utf8(name)) {
      throw UsageError("the file name '" + bytes_escaped(name) +
                       "' is not valid UTF-8; result files record names as UTF-8 text, so "
                       "rename it (or link to it under a UTF-8 name)");
    }
  }
  return parsed;
}

}  // namespace cloudsim::cli
