#include "output/result_schema.hpp"

#include <set>
#include <sstream>
#include <vector>

#include "engine/path_block.hpp"
#include "output/cf_attributes.hpp"
#include "output/h5.hpp"
#include "output/result_errors.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::output {
namespace {

// A generous bound on paths per scenario (the loader's own cap is far below it): enough to stop
// a doctored size from driving allocations before anything else is read.
constexpr std::uint64_t kMaxRecordedPaths = 1'000'000'000ULL;  // scenario::kMaxPaths

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::ostringstream text;
  text << "(";
  for (std::size_t k = 0; k < dims.size(); ++k)
    text << (k ? ", " : "") << dims[k];
  text << (dims.size() == 1 ? ",)" : ")");
  return text.str();
}

const char* class_name(H5T_class_t type_class) {
  switch (type_class) {
    case H5T_INTEGER:
      return "integers";
    case H5T_FLOAT:
      return "floating-point numbers";
    case H5T_STRING:
      return "strings";
    default:
      return "another type";
  }
}

class SchemaCheck {
 public:
  SchemaCheck(hid_t file, const std::string& path) : file_(file), path_(path) {}

  [[noreturn]] void fail(const std::string& what, const std::string& problem) const {
    throw NotAResultError(path_ + ": " + what + " " + problem +
                          "; the file is damaged or was changed after sim wrote it");
  }

  // An attribute of the root group: present, of `type_class`, with `count` elements (0: scalar).
  void attribute(const std::string& name, H5T_class_t type_class, hsize_t count = 0) const {
    if (!h5::has_attribute(file_, name)) {
      fail("attribute '" + name + "'", "is missing");
    }
    const auto shape = h5::attribute_shape(file_, name);
    if (shape.type_class != type_class) {
      fail("attribute '" + name + "'", std::string("holds ") + class_name(shape.type_class) +
                                           " where " + class_name(type_class) + " belong");
    }
    const hsize_t elements = shape.dims.empty() ? 0 : shape.dims.front();
    if (shape.dims.size() > 1 || elements != count) {
      fail("attribute '" + name + "'",
           "has shape " + shape_text(shape.dims) + " instead of " +
               (count == 0 ? std::string("a single value") : shape_text({count})));
    }
  }

  void optional_attribute(const std::string& name, H5T_class_t type_class) const {
    if (h5::has_attribute(file_, name)) {
      attribute(name, type_class);
    }
  }

  // A dataset of `type_class` whose shape must be `dims`, the lengths of the coordinates named in
  // `dimension_names`.
  void dataset(const std::string& name, H5T_class_t type_class, const std::vector<hsize_t>& dims,
               const std::vector<std::string>& dimension_names) const {
    const auto shape = dataset_shape(name, type_class);
    if (shape.size() != dims.size()) {
      fail("dataset '" + name + "'", "has " + std::to_string(shape.size()) +
                                         " dimensions where it must have " +
                                         std::to_string(dims.size()));
    }
    for (std::size_t d = 0; d < dims.size(); ++d) {
      if (shape[d] != dims[d]) {
        fail("dataset '" + name + "'", "has shape " + shape_text(shape) + ": its dimension " +
                                           std::to_string(d + 1) + " (" + dimension_names[d] +
                                           ") is " + std::to_string(shape[d]) + " long but '" +
                                           dimension_names[d] + "' has " + std::to_string(dims[d]));
      }
    }
  }

  // A one-dimensional dataset of `type_class`: its length.
  hsize_t coordinate(const std::string& name, H5T_class_t type_class) const {
    const auto shape = dataset_shape(name, type_class);
    if (shape.size() != 1) {
      fail("dataset '" + name + "'",
           "has shape " + shape_text(shape) + " where a one-dimensional coordinate belongs");
    }
    return shape.front();
  }

  // Names that label a dimension must be told apart: two equal names would merge two columns.
  void unique_names(const std::string& name) const {
    const h5::Handle dataset = h5::open_dataset(file_, name);
    const auto values = h5::read_strings(dataset.id());
    std::set<std::string> seen;
    for (const auto& value : values) {
      if (!seen.insert(value).second) {
        fail("dataset '" + name + "'", "names '" + value + "' twice");
      }
    }
  }

  [[nodiscard]] bool has(const std::string& name) const { return h5::has_link(file_, name); }

  // sim allocates every chunk when it creates a file: a dataset with less storage than its shape
  // needs was made elsewhere (and a doctored path count would drive allocations otherwise).
  void allocated(const std::string& name, hsize_t bytes) const {
    const h5::Handle dataset = h5::open_dataset(file_, name);
    const hsize_t stored = H5Dget_storage_size(dataset.id());
    if (stored < bytes) {
      fail("dataset '" + name + "'", "stores " + std::to_string(stored) + " bytes where its " +
                                         "shape needs " + std::to_string(bytes));
    }
  }

 private:
  std::vector<hsize_t> dataset_shape(const std::string& name, H5T_class_t type_class) const {
    if (!has(name)) {
      fail("dataset '" + name + "'", "is missing");
    }
    if (H5Oexists_by_name(file_, name.c_str(), H5P_DEFAULT) <= 0) {
      fail("dataset '" + name + "'", "is a dangling link");
    }
    H5O_info_t info;
    if (H5Oget_info_by_name(file_, name.c_str(), &info, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET) {
      fail("'" + name + "'", "is not a dataset");
    }
    const h5::Handle dataset = h5::open_dataset(file_, name);
    if (h5::stored_elsewhere(dataset.id())) {
      fail("dataset '" + name + "'",
           "keeps its data outside the file (external or virtual storage), which sim never "
           "writes");
    }
    const auto shape = h5::dataset_shape(dataset.id());
    if (shape.type_class != type_class) {
      fail("dataset '" + name + "'", std::string("holds ") + class_name(shape.type_class) +
                                         " where " + class_name(type_class) + " belong");
    }
    if (type_class == H5T_STRING && !shape.variable_string) {
      fail("dataset '" + name + "'", "holds fixed-length strings where sim writes variable ones");
    }
    return shape.dims;
  }

  hid_t file_;
  const std::string& path_;
};

}  // namespace

ResultDimensions check_result_schema(hid_t file, const std::string& path) {
  const SchemaCheck check(file, path);
  // The root attributes first: they say what the rest must be.
  check.attribute("format_version", H5T_INTEGER, 2);
  for (const char* name : {"program_version", "currency_unit", "rng_layout", "record_level",
                           "Conventions", "title", "history", "source", "references", "currency"}) {
    check.attribute(name, H5T_STRING);
  }
  for (const char* name : {"seed", "paths_requested"}) {
    check.attribute(name, H5T_INTEGER);
  }
  check.optional_attribute("paths_completed", H5T_INTEGER);
  for (const char* name : {"status", "stop_reason", "final_output", "run_fingerprint"}) {
    check.optional_attribute(name, H5T_STRING);
  }
  check.optional_attribute("summary_histogram_bins", H5T_INTEGER);
  const std::string level = h5::read_string_attribute(file, "record_level");
  const auto record_level = parse_record_level(level);
  if (!record_level) {
    check.fail("attribute 'record_level'", "is '" + level + "', not " + record_level_choices());
  }
  ResultDimensions d;
  d.record_level = *record_level;
  d.time_label = time_label(d.record_level);
  d.paths = h5::read_uint64_attribute(file, "paths_requested");
  if (d.paths == 0 || d.paths > kMaxRecordedPaths) {
    check.fail("attribute 'paths_requested'", "is " + std::to_string(d.paths) + ", outside 1 … " +
                                                  std::to_string(kMaxRecordedPaths));
  }
  if (h5::has_attribute(file, "paths_completed")) {
    const auto completed = h5::read_uint64_attribute(file, "paths_completed");
    if (completed > d.paths) {
      check.fail("attribute 'paths_completed'", "is " + std::to_string(completed) +
                                                    ", more than the " + std::to_string(d.paths) +
                                                    " paths the file has room for");
    }
    if (h5::has_attribute(file, "status")) {
      const auto status = h5::read_string_attribute(file, "status");
      if (status != "complete" && status != "partial") {
        check.fail("attribute 'status'", "is '" + status + "', not complete or partial");
      }
      if (status == "complete" && completed != d.paths) {
        check.fail("attribute 'status'", "says complete, but only " + std::to_string(completed) +
                                             " of " + std::to_string(d.paths) +
                                             " paths were written");
      }
    }
  }

  // Coordinates: their lengths are the dimensions of everything else.
  d.scenarios = check.coordinate("scenario", H5T_STRING);
  if (d.scenarios == 0) {
    check.fail("dataset 'scenario'", "is empty; a result holds at least one scenario");
  }
  d.times = check.coordinate(d.time_label, H5T_STRING);
  if (check.coordinate(kTimeDimension, H5T_FLOAT) != d.times) {
    check.fail("dataset '" + std::string(kTimeDimension) + "'",
               "is not as long as its labels '" + d.time_label + "'");
  }
  check.dataset(std::string(kTimeDimension) + "_bnds", H5T_FLOAT, {d.times, 2},
                {kTimeDimension, "nv"});
  d.segments = check.coordinate("segment", H5T_STRING);
  d.providers = check.coordinate("provider", H5T_STRING);
  if (d.times == 0 || d.segments == 0 || d.providers == 0) {
    check.fail("coordinates", "'" + d.time_label + "', 'segment' and 'provider' must not be empty");
  }
  d.parameters = check.coordinate("parameter", H5T_STRING);
  d.events = check.coordinate("event", H5T_STRING);
  d.sweep_keys = check.coordinate("sweep_key", H5T_STRING);
  for (const char* name : {"scenario", "segment", "provider", "parameter", "event", "sweep_key"}) {
    check.unique_names(name);
  }
  // Customer groups (format 2.2) are optional: with a `group` coordinate come the group datasets.
  if (check.has("group")) {
    d.groups = check.coordinate("group", H5T_STRING);
    if (d.groups == 0) {
      check.fail("dataset 'group'", "is empty; a file without customer groups has no 'group'");
    }
    check.unique_names("group");
  }
  check.dataset("path", H5T_INTEGER, {d.paths}, {"paths_requested"});
  check.allocated("path", d.paths * sizeof(std::uint64_t));
  check.dataset("scenario_file", H5T_STRING, {d.scenarios}, {"scenario"});
  check.dataset("scenario_text", H5T_STRING, {d.scenarios}, {"scenario"});
  check.dataset("parameter_distribution", H5T_STRING, {d.scenarios, d.parameters},
                {"scenario", "parameter"});
  check.dataset("sweep_value", H5T_FLOAT, {d.scenarios, d.sweep_keys}, {"scenario", "sweep_key"});
  // Titles, descriptions, references and labels (format 3.0): each optional on its own.
  for (const char* name : {"scenario_title", "scenario_description", "scenario_references"}) {
    if (check.has(name))
      check.dataset(name, H5T_STRING, {d.scenarios}, {"scenario"});
  }
  if (check.has("parameter_label"))
    check.dataset("parameter_label", H5T_STRING, {d.parameters}, {"parameter"});

  // The paths.
  const hsize_t s = d.scenarios, p = d.paths, t = d.times, g = d.segments, v = d.providers;
  const std::string time = kTimeDimension;
  const engine::BlockShape shape{t, g, v, 0, 0, d.groups};
  for (const auto& quantity : engine::kRecordedQuantities) {
    if (!quantity.recorded(shape)) {
      if (check.has(quantity.name)) {
        check.fail("dataset '" + std::string(quantity.name) + "'",
                   "is there without the 'group' coordinate it needs");
      }
      continue;
    }
    std::vector<hsize_t> dims = {s, p, t};
    std::vector<std::string> names = {"scenario", "path", time};
    if (quantity.per_group) {
      dims.push_back(d.groups);
      names.emplace_back("group");
    }
    if (quantity.per_segment) {
      dims.push_back(g);
      names.emplace_back("segment");
    }
    if (quantity.per_provider) {
      dims.push_back(v);
      names.emplace_back("provider");
    }
    check.dataset(quantity.name, H5T_FLOAT, dims, names);
  }
  check.dataset("parameters", H5T_FLOAT, {s, p, d.parameters}, {"scenario", "path", "parameter"});
  check.dataset("event_quarter", H5T_INTEGER, {s, p, d.events}, {"scenario", "path", "event"});
  // Growth regimes (format 2.3) are optional, and come as a pair.
  d.regimes = check.has("regime") || check.has("segment_regime");
  if (d.regimes) {
    check.dataset("regime", H5T_INTEGER, {s, p, t}, {"scenario", "path", time});
    check.dataset("segment_regime", H5T_INTEGER, {s, p, t, g},
                  {"scenario", "path", time, "segment"});
  }

  if (check.has("precision_target")) {
    d.precision_targets = check.coordinate("precision_target", H5T_STRING);
    for (const char* name : {"precision_goal", "precision_standard_error"}) {
      check.dataset(name, H5T_FLOAT, {d.precision_targets}, {"precision_target"});
    }
    check.dataset("precision_met", H5T_INTEGER, {d.precision_targets}, {"precision_target"});
  }
  d.has_checksums = check.has("block_checksum");
  if (d.has_checksums) {
    // Format 2.1 records how every run ended, and fingerprints it.
    check.attribute("paths_completed", H5T_INTEGER);
    for (const char* name : {"status", "stop_reason", "run_fingerprint", "status_fingerprint"}) {
      check.attribute(name, H5T_STRING);
    }
    const auto reason = h5::read_string_attribute(file, "stop_reason");
    if (reason != "path count" && reason != "precision targets met" &&
        reason != "path cap reached" && reason != "interrupted") {
      check.fail("attribute 'stop_reason'", "is '" + reason +
                                                "', not path count, precision targets met, path "
                                                "cap reached or interrupted");
    }
    const hsize_t chunks = (p + kPathChunk - 1) / kPathChunk;
    check.dataset("block_checksum", H5T_INTEGER, {s, chunks}, {"scenario", "path_chunk"});
    check.dataset("path_chunk", H5T_INTEGER, {chunks}, {"paths_requested / 1024"});
    if (!h5::has_attribute(file, "run_fingerprint")) {
      check.fail("attribute 'run_fingerprint'", "is missing although 'block_checksum' is there");
    }
  }
  return d;
}

}  // namespace cloudsim::output
