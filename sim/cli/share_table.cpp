#include "cli/share_table.hpp"

#include <iomanip>
#include <sstream>

#include "cli/printable.hpp"
#include "summary/path_summaries.hpp"

namespace cloudsim::cli {

void print_share_tables(std::ostream& out, const output::ResultMetadata& m,
                        const std::vector<double>& table, std::uint64_t paths) {
  const std::size_t segments = m.segment_names.size();
  const std::size_t providers = m.provider_names.size();
  const std::size_t scenarios = m.scenarios.size();
  const std::size_t cell_values = segments * providers * summary::kStatistics;
  const std::size_t periods = table.size() / (cell_values * scenarios);
  out << "Share of each segment's revenue in " << m.quarter_labels.back()
      << ", % (median [5%-95%] over " << paths << " paths):\n";
  for (std::size_t k = 0; k < scenarios; ++k) {
    out << (scenarios > 1 ? "scenario " + printable(m.scenarios[k].name) + "\n" : "");
    if (const auto& c = m.scenarios[k].conditioning; !c.last_observed_quarter.empty()) {
      // A forecast from the last observed quarter: say where the data stop and how much they hold.
      out << "conditioned on " << m.observations.size() << " observations through "
          << printable(c.last_observed_quarter) << " (forecast after it); effective sample size "
          << std::fixed << std::setprecision(0) << c.effective_sample_size << " of " << paths
          << std::defaultfloat << "\n";
    }
    out << std::left << std::setw(20) << "provider";
    for (const auto& segment : m.segment_names) {
      out << std::right << std::setw(20) << printable(segment);
    }
    out << "\n";
    const double* last = table.data() + (k * periods + periods - 1) * cell_values;
    for (std::size_t i = 0; i < providers; ++i) {
      out << std::left << std::setw(20) << printable(m.provider_names[i]);
      for (std::size_t s = 0; s < segments; ++s) {
        const double* row = last + (s * providers + i) * summary::kStatistics;
        std::ostringstream cell;
        cell << std::fixed << std::setprecision(1) << 100.0 * row[4] << " [" << 100.0 * row[2]
             << "-" << 100.0 * row[6] << "]";
        out << std::right << std::setw(20) << cell.str();
      }
      out << "\n";
    }
  }
}

}  // namespace cloudsim::cli
