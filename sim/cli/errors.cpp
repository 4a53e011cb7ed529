#include "cli/errors.hpp"

#include <boost/program_options/errors.hpp>
#include <new>

#include "cli/commands.hpp"
#include "cli/interrupts.hpp"
#include "conditioning/smc.hpp"
#include "model/model_error.hpp"
#include "output/h5.hpp"
#include "output/result_errors.hpp"
#include "output/staged_file.hpp"
#include "run/run_error.hpp"
#include "scenario/input_error.hpp"
#include "summary/precision.hpp"

namespace cloudsim::cli {

Failure describe_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const scenario::InputError& e) {
    return {2, e.what()};
  } catch (const UsageError& e) {
    return {2, std::string("sim: ") + e.what()};
  } catch (const run::RequestError& e) {
    return {2, std::string("sim: ") + e.what()};
  } catch (const boost::program_options::error& e) {
    return {2, std::string("sim: ") + e.what() + " (see --help)"};
  } catch (const output::OutputExistsError& e) {
    return {2, std::string("sim: ") + e.what()};
  } catch (const output::NotAResultError& e) {
    return {2, std::string("sim: ") + e.what()};
  } catch (const output::ReadInterrupted& e) {
    return {interrupted_exit_code(), std::string("sim: ") + e.what()};
  } catch (const output::ResultReadError& e) {
    return {1, std::string("sim: ") + e.what()};
  } catch (const summary::PrecisionSyntaxError& e) {
    return {2, std::string("sim: ") + e.what()};
  } catch (const conditioning::ImpossibleObservations& e) {
    return {2, std::string("sim: the observations cannot be conditioned on: ") + e.what()};
  } catch (const model::ModelError& e) {
    return {2, std::string("sim: the scenario cannot be simulated: ") + e.what()};
  } catch (const output::h5::H5Error& e) {
    // The temporary file is already gone (its owner was unwound).
    return {1,
            std::string("sim: writing the result failed, nothing was written under the output "
                        "name: ") +
                e.what(),
            true};
  } catch (const std::bad_alloc&) {
    // Not an internal error: the machine (or a rank's share of it) is too small for the run.
    return {1,
            "sim: out of memory: a buffer could not be allocated. A run needs less with fewer "
            "threads (--threads), with --record final, or with fewer ranks on a machine under "
            "mpirun"};
  } catch (const std::exception& e) {
    return {1, std::string("sim: internal error: ") + e.what()};
  }
}

}  // namespace cloudsim::cli
