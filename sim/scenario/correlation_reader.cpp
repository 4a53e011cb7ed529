#include "scenario/correlation_reader.hpp"

#include <algorithm>
#include <cmath>

#include "model/correlation.hpp"
#include "scenario/suggest.hpp"

namespace cloudsim::scenario {

bool require_positive_definite(const Eigen::MatrixXd& matrix, const toml::node& node,
                               const std::string& key_path, Diagnostics& diagnostics,
                               const std::string& hint) {
  if (model::cholesky_factor(matrix)) {
    return true;
  }
  diagnostics.error(node.source(), key_path,
                    "the correlation matrix is not positive definite (no set of random variables "
                    "can have these correlations); " +
                        hint);
  return false;
}

std::optional<NamedCorrelation> read_named_correlation(TableReader& reader,
                                                       const std::string& names_key,
                                                       const std::vector<std::string>& known,
                                                       const std::string& what) {
  Diagnostics& diagnostics = reader.diagnostics();
  const toml::array* names = reader.array(names_key, true);
  const toml::array* rows = reader.array("matrix", true);
  if (names == nullptr || rows == nullptr) {
    return std::nullopt;
  }
  NamedCorrelation result;
  result.matrix_node = rows;
  bool ok = true;
  for (std::size_t k = 0; k < names->size(); ++k) {
    const toml::node& node = *names->get(k);
    const std::string path = reader.path_of(names_key) + "[" + std::to_string(k) + "]";
    const auto* name = node.as_string();
    if (name == nullptr) {
      diagnostics.error(node.source(), path,
                        "expected a " + what + " name (string), found " + describe_node(node));
      ok = false;
      continue;
    }
    const auto found = std::find(known.begin(), known.end(), name->get());
    if (found == known.end()) {
      diagnostics.error(
          node.source(), path,
          "unknown " + what + " \"" + name->get() + "\"" + did_you_mean(name->get(), known));
      ok = false;
      continue;
    }
    const auto index = static_cast<std::size_t>(found - known.begin());
    if (std::find(result.members.begin(), result.members.end(), index) != result.members.end()) {
      diagnostics.error(node.source(), path, what + " \"" + name->get() + "\" is listed twice");
      ok = false;
      continue;
    }
    result.members.push_back(index);
  }
  if (!ok) {
    return std::nullopt;
  }

  const std::size_t size = result.members.size();
  const std::string matrix_path = reader.path_of("matrix");
  if (rows->size() != size) {
    diagnostics.error(rows->source(), matrix_path,
                      "expected " + std::to_string(size) + " rows (one per listed " + what +
                          "), found " + std::to_string(rows->size()));
    return std::nullopt;
  }
  const auto n = static_cast<Eigen::Index>(size);
  result.matrix = Eigen::MatrixXd::Identity(n, n);
  std::vector<const toml::node*> cells(size * size, nullptr);
  for (std::size_t r = 0; r < size; ++r) {
    const toml::node& row_node = *rows->get(r);
    const std::string row_path = matrix_path + "[" + std::to_string(r) + "]";
    const auto* row = row_node.as_array();
    if (row == nullptr || row->size() != size) {
      diagnostics.error(row_node.source(), row_path,
                        "expected an array of " + std::to_string(size) + " numbers, found " +
                            (row == nullptr ? describe_node(row_node)
                                            : "an array of " + std::to_string(row->size())));
      ok = false;
      continue;
    }
    for (std::size_t c = 0; c < size; ++c) {
      const toml::node& cell = *row->get(c);
      const NumberRange range{-1.0, 1.0, true, true};
      if (!cell.is_number() || !range.contains(cell.value<double>().value_or(2.0))) {
        diagnostics.error(cell.source(), row_path + "[" + std::to_string(c) + "]",
                          "expected a correlation in [-1, 1], found " + describe_node(cell));
        ok = false;
        continue;
      }
      cells[r * size + c] = &cell;
      result.matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          cell.value<double>().value_or(0.0);
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  constexpr double kExact = 1e-12;
  for (std::size_t r = 0; r < size; ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    if (std::abs(result.matrix(i, i) - 1.0) > kExact) {
      diagnostics.error(cells[r * size + r]->source(),
                        matrix_path + "[" + std::to_string(r) + "][" + std::to_string(r) + "]",
                        "the diagonal must be 1, found " + describe_node(*cells[r * size + r]));
      ok = false;
    }
    for (std::size_t c = r + 1; c < size; ++c) {
      const auto j = static_cast<Eigen::Index>(c);
      if (std::abs(result.matrix(i, j) - result.matrix(j, i)) > kExact) {
        diagnostics.error(cells[r * size + c]->source(),
                          matrix_path + "[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                          "the matrix must be symmetric: [" + std::to_string(r) + "][" +
                              std::to_string(c) + "] differs from [" + std::to_string(c) + "][" +
                              std::to_string(r) + "]");
        ok = false;
      }
    }
  }
  if (!ok || !require_positive_definite(result.matrix, *rows, matrix_path, diagnostics,
                                        "lower the largest correlations")) {
    return std::nullopt;
  }
  return result;
}

}  // namespace cloudsim::scenario
