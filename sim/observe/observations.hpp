#pragma once
// Observed market figures (docs/observations.md): rows read from an observations file, each an
// outcome-language quantity at one period with its stated value, measurement error and scale,
// resolved against one scenario's names. Used twice: to condition a run on what was observed
// (the likelihood of a path, model spec section 12) and to score a finished run against what
// happened later (`sim score`).
//
// Error model of row j, with h_j the model's quantity on a path and c_j = scale_j · h_j:
//   relative s:  y_j = c_j · exp(e),  e ~ N(0, s²)   log L_j = log φ((ln y_j − ln c_j)/s) − log s
//                (a path with c_j ≤ 0 has likelihood 0: log L = −∞)
//   absolute s:  y_j = c_j + e,       e ~ N(0, s²)   log L_j = log φ((y_j − c_j)/s) − log s
// The constants are kept, so log-likelihoods of different files and error values compare.
//
// Pure apart from load_observations (which reads the file): no threads, no global state.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "outcome/outcome.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::observe {

enum class ErrorKind { relative, absolute };

[[nodiscard]] const char* name_of(ErrorKind kind);  // "relative" | "absolute"

// One row of the file, resolved. `error` and `scale` hold a fixed value or a distribution; the
// central value is what is reported (the number itself, or the distribution's mean).
struct Observation {
  std::string id;
  std::string quantity_text;      // the outcome text as written
  outcome::Quantity quantity;     // resolved against the scenario's names; has a period
  std::string period;             // its period label as written: "2022Q4" or "2022"
  std::size_t first_quarter = 0;  // the quarters it reads, by index from the scenario's start
  std::size_t last_quarter = 0;   // (growth reaches back further: see ObservationSet::last_quarter)
  double value = 0.0;             // y: the reported figure, in the quantity's unit
  ErrorKind error_kind = ErrorKind::relative;
  std::optional<uncertainty::Distribution> error_distribution;  // uncertain error, or nothing
  double error = 0.0;  // the stated error (the distribution's mean when uncertain)
  std::optional<uncertainty::Distribution> scale_distribution;  // uncertain scale, or nothing
  double scale = 1.0;  // the stated scale (the distribution's mean when uncertain)
  std::string source;
  std::string scope;
  std::string note;  // empty when absent
  // Only from read_observations(…, Unresolved::keep): why the quantity does not resolve against
  // the names given (e.g. a quarter on annual records); empty when it does.
  std::string unresolved;
};

class ObservationSet {
 public:
  ObservationSet() = default;
  ObservationSet(std::string title, std::vector<Observation> rows, std::string text);

  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  [[nodiscard]] const std::string& title() const { return title_; }
  [[nodiscard]] const std::vector<Observation>& rows() const { return rows_; }
  [[nodiscard]] const Observation& row(std::size_t j) const { return rows_[j]; }

  // Per-row accessors (the result file's observation_* datasets).
  [[nodiscard]] const std::string& id(std::size_t j) const { return rows_[j].id; }
  [[nodiscard]] const std::string& quantity_text(std::size_t j) const {
    return rows_[j].quantity_text;
  }
  [[nodiscard]] const std::string& period(std::size_t j) const { return rows_[j].period; }
  [[nodiscard]] double value(std::size_t j) const { return rows_[j].value; }
  [[nodiscard]] ErrorKind error_kind(std::size_t j) const { return rows_[j].error_kind; }
  [[nodiscard]] double error(std::size_t j) const { return rows_[j].error; }  // central
  [[nodiscard]] double scale(std::size_t j) const { return rows_[j].scale; }  // central
  [[nodiscard]] const std::string& source(std::size_t j) const { return rows_[j].source; }
  [[nodiscard]] const std::string& scope(std::size_t j) const { return rows_[j].scope; }

  // K: the index (0 = the scenario's first quarter) of the last quarter any row reads. A
  // MarketView given to log_likelihood must cover quarters 0..K.
  [[nodiscard]] std::size_t last_quarter() const;

  // The uncertain `error` and `scale` values, in a fixed order (row by row, error before scale):
  // "observations.<id>.error", "observations.<id>.scale". Their random streams are
  // uncertainty::stream_index(key path), like any other uncertain input.
  [[nodiscard]] const std::vector<std::string>& input_key_paths() const { return key_paths_; }
  // The distributions of those inputs, in the same order.
  [[nodiscard]] const std::vector<uncertainty::Distribution>& input_distributions() const {
    return distributions_;
  }
  // One N(0,1) per input in, the drawn values out (value_at_normal of each distribution).
  void sample_inputs(std::span<const double> normals, std::span<double> values) const;

  // log L of one path: Σ_j log φ(r_j / s_j) − log s_j. `inputs` holds the drawn values of
  // input_key_paths() (empty when there are none: then every row uses its stated values).
  // −∞ when a relative row's scale·h is not positive or h is not finite.
  [[nodiscard]] double log_likelihood(const outcome::MarketView& view,
                                      std::span<const double> inputs) const;
  // Each row's term of log_likelihood (same conventions).
  [[nodiscard]] double row_log_likelihood(std::size_t j, const outcome::MarketView& view,
                                          std::span<const double> inputs) const;
  // scale · h_j on the view: what row j's source would have reported for this path.
  [[nodiscard]] double model_value(std::size_t j, const outcome::MarketView& view,
                                   double scale) const;
  // The error and scale row j uses given drawn inputs (its stated ones when inputs is empty).
  [[nodiscard]] double error_of(std::size_t j, std::span<const double> inputs) const;
  [[nodiscard]] double scale_of(std::size_t j, std::span<const double> inputs) const;

  // The file as read (recorded in conditioned results as `observations_text`).
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string title_;
  std::vector<Observation> rows_;
  std::string text_;
  std::vector<std::string> key_paths_;
  std::vector<uncertainty::Distribution> distributions_;  // of key_paths_, in order
  // Per row: index into the inputs of its error and scale, or npos for stated values.
  std::vector<std::size_t> error_input_;
  std::vector<std::size_t> scale_input_;
};

// What to do with a row whose quantity reads but names what `names` does not have (a period
// outside the run, a quarter on annual records): an error (conditioning), or keep the row with
// the reason in Observation::unresolved (scoring a result: the row is "not scorable").
enum class Unresolved { error, keep };

// Reads and resolves an observations file against one scenario's names (periods: the scenario's
// quarter labels, consecutive from its first quarter). Every problem is reported with its place
// (file:line:col, key path, what was expected, a suggestion for a misspelt name or key): throws
// scenario::InputError with all of them (exit code 2).
ObservationSet load_observations(const std::filesystem::path& file, const outcome::Names& names,
                                 Unresolved unresolved = Unresolved::error);

// The same from a text already read (`file` names it in messages).
ObservationSet read_observations(const std::string& text, const std::string& file,
                                 const outcome::Names& names,
                                 Unresolved unresolved = Unresolved::error);

}  // namespace cloudsim::observe
