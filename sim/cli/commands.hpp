#pragma once
// The subcommands of `sim`. Each takes the arguments after its name and returns the exit code;
// input and usage problems are thrown (UsageError, scenario::InputError) and mapped in main.

#include <stdexcept>
#include <string>
#include <vector>

namespace cloudsim::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int run_command(const std::vector<std::string>& arguments);
int validate_command(const std::vector<std::string>& arguments);
int show_command(const std::vector<std::string>& arguments);
int info_command(const std::vector<std::string>& arguments);
int score_command(const std::vector<std::string>& arguments);
int export_command(const std::vector<std::string>& arguments);

}  // namespace cloudsim::cli
