// `sim`: dispatches to a subcommand and maps exceptions to exit codes:
// 0 success, 2 bad usage or bad input (message on stderr), 1 internal or I/O error.

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/interrupts.hpp"
#include "cli/printable.hpp"
#include "cloudsim/version.hpp"
#include "parallel/ranks.hpp"
#include "run/distributed_run.hpp"
#include "scenario/suggest.hpp"

namespace {

constexpr const char* kUsage =
    "usage: sim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.toml       simulate the scenario and write an HDF5 result file\n"
    "  validate SCENARIO.toml  check a scenario and report every problem found\n"
    "  show SCENARIO.toml      print the resolved scenario (extends and --set applied)\n"
    "  info RESULT.h5          describe a result file (--json: as one JSON document)\n"
    "  export RESULT.h5 --format csv|xlsx  write a result's tidy tables\n"
    "  score RESULT.h5 ACTUALS.toml  score a result's forecasts against what happened\n"
    "  help [COMMAND]          this text, or a command's options (as `sim COMMAND --help`)\n"
    "\n"
    "options:\n"
    "  -h, --help              this text; `sim help COMMAND` for a command's options\n"
    "  --version               print the program version\n";

int dispatch(const std::vector<std::string>& arguments) {
  using cloudsim::cli::UsageError;
  if (arguments.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& command = arguments.front();
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  if (command == "-h" || command == "--help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "help") {
    // `sim help run` is `sim run --help`, so the two texts cannot drift apart; an unknown name
    // falls through to the did-you-mean below.
    if (rest.empty() || rest.front() == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (rest.size() > 1 || rest.front().starts_with('-')) {
      throw UsageError("usage: sim help [COMMAND]");
    }
    return dispatch({rest.front(), "--help"});
  }
  if (command == "--version" || command == "-V") {
    std::cout << "sim (cloudsim) " << cloudsim::kVersion << "\n";
    return 0;
  }
  if (command == "run") {
    return cloudsim::cli::run_command(rest);
  }
  if (command == "validate") {
    return cloudsim::cli::validate_command(rest);
  }
  if (command == "show") {
    return cloudsim::cli::show_command(rest);
  }
  if (command == "info") {
    return cloudsim::cli::info_command(rest);
  }
  if (command == "score") {
    return cloudsim::cli::score_command(rest);
  }
  if (command == "export") {
    return cloudsim::cli::export_command(rest);
  }
  throw UsageError("unknown command '" + command + "'" +
                   cloudsim::scenario::did_you_mean(
                       command, {"run", "validate", "show", "info", "score", "export"}) +
                   "\n" + kUsage);
}

// Prints the failure once and gives its exit code. `others_told`: every other rank knows of it
// and ends too (always in a single process).
int report_failure(std::exception_ptr error, bool others_told) {
  const auto failure = cloudsim::cli::describe_failure(error);
  // A one-line message may quote file names with control characters: escaped, it stays one
  // line. (Multi-line scenario diagnostics escape their own names.)
  std::cerr << (failure.message.find('\n') == std::string::npos
                    ? cloudsim::cli::printable(failure.message, false)
                    : failure.message)
            << "\n";
  std::cerr.flush();
  std::cout.flush();
  if (failure.skip_exit_handlers) {
    // A file HDF5 failed to write can crash HDF5's own clean-up at exit (H5F__close_cb in
    // 1.10), so leave without running the exit handlers. Under mpirun this also leaves without
    // MPI_Finalize, and mpirun ends the other ranks.
    std::_Exit(failure.exit_code);
  }
  if (!others_told) {
    cloudsim::parallel::abort_every_rank(failure.exit_code);
  }
  return failure.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  cloudsim::cli::ignore_broken_pipes();               // a closed stderr pipe must not kill a run
  const cloudsim::parallel::Session mpi(argc, argv);  // nothing without the MPI build
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  try {
    const int code = dispatch(arguments);
    // `sim info --json > out.json` on a full disk must not look like success to a script.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "sim: writing to standard output failed (a full disk or a closed pipe?)\n";
      return code == 0 ? 1 : code;
    }
    return code;
  } catch (const cloudsim::run::FailedOnAnotherRank& quiet) {
    return quiet.code();
  } catch (const cloudsim::run::AgreedFailure& agreed) {
    return report_failure(agreed.failure(), /*others_told=*/true);
  } catch (...) {
    // Only `run` makes collective calls under mpirun: a failure in it that the ranks did not agree
    // on may leave the others waiting for this one.
    const bool others_told =
        !cloudsim::parallel::ranks().distributed() || arguments.empty() || arguments[0] != "run";
    return report_failure(std::current_exception(), others_told);
  }
}
