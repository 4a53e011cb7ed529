"""Result files are untrusted input: before the toolkit uses a file, `check_result_file` checks
with h5py that it is what docs/output-format.md describes — root attributes present, of the right
type and in range; every dataset present that the format requires, of the right type, with the
dimensions it must have, each labelled by its dimension scale; every label list of the length of
the dimension it labels, unique, and the time labels well formed. Anything else raises
BadResultError (a ValueError) naming the file and the attribute or dataset at fault, so a damaged
or edited file never reaches xarray (where it would fail with an obscure error, or not at all and
give wrong numbers).

The datasets of a conditioned run (format 2.3: observations, per-scenario conditioning
diagnostics, importance weights) are checked each when present, including the values the toolkit
relies on: weights finite, non-negative and summing to 1 per scenario; effective sample sizes
within the paths; error kinds known.

What is not checked: the data values themselves (revenue, demand, …) beyond their type and shape,
since that would mean reading every path; and data the format does not describe (extra datasets
are ignored)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import h5py
import numpy as np

from .recorded_quantities import QUANTITIES, RECORD_LEVELS, TIME, TIME_DIMENSION_OF_LEVEL

FORMAT_MAJOR = 3
TIME_DIMENSION = "time"  # format 3.0: the numeric CF time coordinate of every record level
STATUSES = ("complete", "partial")

# Dimension coordinates (HDF5 dimension scales): name -> kind of their values.
COORDINATES = {"scenario": "string", "path": "integer", TIME: "float", "segment": "string",
               "provider": "string", "parameter": "string", "event": "string",
               "sweep_key": "string"}
# Datasets every result has: name -> (dimensions, kind).
DATASETS = {
    "scenario_file": (("scenario",), "string"),
    "scenario_text": (("scenario",), "string"),
    "parameter_distribution": (("scenario", "parameter"), "string"),
    "sweep_value": (("scenario", "sweep_key"), "float"),
    **{quantity.name: (quantity.dimensions, "float") for quantity in QUANTITIES
       if "group" not in quantity.dimensions},
    "parameters": (("scenario", "path", "parameter"), "float"),
    "event_quarter": (("scenario", "path", "event"), "integer"),
}
# Optional groups of datasets: all of a group or none of it.
# Customer groups (format 2.2): the `group` coordinate and the quantities per group.
GROUP_COORDINATES = {"group": "string"}
GROUP_DATASETS = {quantity.name: (quantity.dimensions, "float") for quantity in QUANTITIES
                  if "group" in quantity.dimensions}
# Growth regimes (format 2.3): r(t) of the macro chain and of each segment's chain (int8).
REGIME_DATASETS = {"regime": (("scenario", "path", TIME), "integer"),
                   "segment_regime": (("scenario", "path", TIME, "segment"), "integer")}
# The CF bounds of the time coordinates (format 3.0), over the bare netCDF dimension `nv`.
TIME_DATASETS = {"time_bnds": ((TIME, "nv"), "float")}
SUMMARY_COORDINATES = {"summary_period": "string", "statistic": "string"}
SUMMARY_TIMES = {"summary_time": (("summary_period",), "float"),
                 "summary_time_bnds": (("summary_period", "nv"), "float")}
SUMMARIES = {
    "summary_share": (("scenario", "summary_period", "segment", "provider", "statistic"), "float"),
    "summary_revenue": (("scenario", "summary_period", "segment", "provider", "statistic"),
                        "float"),
    "summary_share_rank_error": (("scenario", "summary_period", "segment", "provider"), "float"),
    "summary_revenue_rank_error": (("scenario", "summary_period", "segment", "provider"), "float"),
}
# Titles, descriptions, references and input labels (format 3.0): each checked when present.
DESCRIPTIONS = {
    "scenario_title": (("scenario",), "string"),
    "scenario_description": (("scenario",), "string"),
    "scenario_references": (("scenario",), "string"),
    "parameter_label": (("parameter",), "string"),
}
PRECISION_COORDINATES = {"precision_target": "string"}
PRECISION = {
    "precision_goal": (("precision_target",), "float"),
    "precision_standard_error": (("precision_target",), "float"),
    "precision_met": (("precision_target",), "integer"),
}
# Conditioned runs (format 2.3, issue 15): each checked when present. The observations the run
# was conditioned on, over the `observation` dimension (its coordinate may hold indices or ids):
OBSERVATION_COORDINATE = "observation"
OBSERVATIONS = {
    "observation_id": (("observation",), "string"),
    "observation_quantity": (("observation",), "string"),
    "observation_period": (("observation",), "string"),
    "observation_source": (("observation",), "string"),
    "observation_scope": (("observation",), "string"),
    "observation_value": (("observation",), "float"),
    "observation_error": (("observation",), "float"),
    "observation_error_kind": (("observation",), "string"),
    "observation_scale": (("observation",), "float"),
}
# Per scenario: what conditioning did, and importance weights of a weighted result.
CONDITIONING = {
    "last_observed_quarter": (("scenario",), "string"),
    "effective_sample_size": (("scenario",), "float"),
    "prior_effective_sample_size": (("scenario",), "float"),
    "distinct_histories": (("scenario",), "integer"),
    "conditioning_stages": (("scenario",), "integer"),
    "move_acceptance": (("scenario",), "float"),
    "distinct_input_values": (("scenario", "parameter"), "integer"),
    "weight": (("scenario", "path"), "float"),
}
# Root attributes: name -> (kind, required).
ATTRIBUTES = {
    "program_version": ("string", True), "seed": ("integer", True),
    "paths_requested": ("integer", True), "paths_completed": ("integer", True),
    "status": ("string", True), "stop_reason": ("string", True), "currency_unit": ("string", True),
    "rng_layout": ("string", True), "record_level": ("string", True),
    "summary_histogram_bins": ("integer", False), "final_output": ("string", False),
    "observations_text": ("string", False), "observations_file": ("string", False),
    "conditioning_method": ("string", False),
    # CF-1.10 (format 3.0)
    "Conventions": ("string", True), "title": ("string", True), "history": ("string", True),
    "source": ("string", True), "references": ("string", True), "currency": ("string", True),
}
KIND_NAMES = {"string": "strings", "integer": "integers", "float": "floating-point numbers"}


class BadResultError(ValueError):
    """A file that is not a cloudsim result this toolkit can trust: the message names the file
    and the attribute or dataset that is wrong."""


class PartialResultWarning(UserWarning):
    """The file is a partial result (an interrupted run): only its completed paths are used."""


@dataclass(frozen=True)
class ResultFacts:
    """What the checks established about a file, for load()."""
    format_version: str          # "2.0"
    program_version: str         # of the sim that wrote the file
    time_label: str              # the labels' coordinate over `time`: "quarter" or "year"
    paths_requested: int
    paths_completed: int
    status: str
    stop_reason: str
    has_summaries: bool
    has_precision: bool
    variables: dict              # name -> expected dimensions, for every dataset checked


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _count(n: int, dim: str) -> str:
    if dim == "path":
        return f"{n} entry" if n == 1 else f"{n} entries"
    return _plural(n, "label")


def _kind_of(dtype) -> str:
    if h5py.check_string_dtype(dtype) is not None:
        return "string"
    if dtype.kind in "iu":
        return "integer"
    if dtype.kind == "f":
        return "float"
    if dtype.kind == "b":
        return "boolean"
    return f"'{dtype}'"


def _describe(value) -> str:
    array = np.asarray(value)
    if array.ndim > 0:
        return f"an array of shape {array.shape} ({array.dtype})"
    if isinstance(value, (bytes, np.bytes_, str)):
        return f"the string {value!r}"
    return f"{value!r} ({type(value).__name__})"


class _Checker:
    def __init__(self, f: h5py.File, path: str):
        self.f = f
        self.path = path

    def fail(self, message: str):
        raise BadResultError(f"{self.path}: {message}")

    # Root attributes.
    def attribute(self, name: str, kind: str, required: bool = True):
        if name not in self.f.attrs:
            if required:
                self.fail(f"root attribute '{name}' is missing")
            return None
        try:
            value = self.f.attrs[name]
        except (OSError, TypeError, ValueError) as error:
            self.fail(f"root attribute '{name}' cannot be read ({error})")
        if kind == "string":
            if isinstance(value, (bytes, np.bytes_)):
                try:
                    value = bytes(value).decode("utf-8")
                except UnicodeDecodeError:
                    self.fail(f"root attribute '{name}' is not valid UTF-8")
            if not isinstance(value, str):
                self.fail(f"root attribute '{name}' is {_describe(value)}, expected a string")
            return value
        if kind == "integer":
            if (np.ndim(value) != 0 or isinstance(value, (bool, np.bool_))
                    or not isinstance(value, (int, np.integer))):
                self.fail(f"root attribute '{name}' is {_describe(value)}, expected an integer")
            if int(value) < 0:
                self.fail(f"root attribute '{name}' is {int(value)}, expected a non-negative "
                          "integer")
            return int(value)
        raise AssertionError(kind)

    # Datasets.
    def dataset(self, name: str) -> h5py.Dataset:
        if name not in self.f:
            self.fail(f"dataset '{name}' is missing")
        try:
            item = self.f[name]
        except (KeyError, OSError, ValueError) as error:
            self.fail(f"dataset '{name}' cannot be opened ({error})")
        if not isinstance(item, h5py.Dataset):
            self.fail(f"'{name}' is a {type(item).__name__}, expected a dataset")
        return item

    def kind(self, name: str, dataset: h5py.Dataset, kind: str):
        found = _kind_of(dataset.dtype)
        if found != kind:
            found = "strings" if found == "string" else \
                f"{KIND_NAMES.get(found, found)} ({dataset.dtype})"
            self.fail(f"dataset '{name}' holds {found}, expected {KIND_NAMES[kind]}")

    def strings(self, name: str, dataset: h5py.Dataset) -> list[str]:
        try:
            return [str(v) for v in dataset.asstr()[...].ravel()] if dataset.size else []
        except (UnicodeDecodeError, OSError, ValueError) as error:
            self.fail(f"dataset '{name}' cannot be read as UTF-8 strings ({error})")

    def labels(self, name: str, dataset: h5py.Dataset) -> list[str]:
        if dataset.ndim != 1:
            self.fail(f"dataset '{name}' has shape {dataset.shape}, expected one dimension "
                      f"(a list of {name} labels)")
        self.kind(name, dataset, "string")
        values = self.strings(name, dataset)
        seen = set()
        for value in values:
            if value in seen:
                self.fail(f"dataset '{name}' repeats the label '{value}'")
            seen.add(value)
        return values

    def scale(self, name: str, dataset: h5py.Dataset):
        try:
            is_scale = h5py.h5ds.is_scale(dataset.id)
        except (RuntimeError, ValueError, OSError):
            is_scale = False
        if not is_scale:
            self.fail(f"dataset '{name}' is not an HDF5 dimension scale, so it labels nothing")

    def shaped(self, name: str, dataset: h5py.Dataset, dims: tuple, lengths: dict):
        if dataset.ndim != len(dims):
            self.fail(f"dataset '{name}' has shape {dataset.shape}, expected "
                      f"{_plural(len(dims), 'dimension')} ({', '.join(dims)})")
        for axis, (dim, size) in enumerate(zip(dims, dataset.shape)):
            if size != lengths[dim]:
                self.fail(f"dataset '{name}' has shape {dataset.shape} over ({', '.join(dims)}): "
                          f"length {size} along '{dim}', but dataset '{dim}' has "
                          f"{_count(lengths[dim], dim)}")
        for axis, dim in enumerate(dims):
            try:
                attached = [scale.name for scale in dataset.dims[axis].values()]
            except (RuntimeError, ValueError, OSError, KeyError) as error:
                self.fail(f"dataset '{name}': axis {axis} ({dim}) has a dimension scale that "
                          f"cannot be read ({error})")
            if attached != [f"/{dim}"]:
                self.fail(f"dataset '{name}': axis {axis} is labelled by "
                          f"{attached or 'no dimension scale'}, expected the '{dim}' dataset")


def _span(labels: list[str]) -> str:
    if len(labels) == 1:
        return f"'{labels[0]}'"
    return f"{len(labels)} labels, '{labels[0]}' … '{labels[-1]}'"


def _quarter_labels(start: str, count: int) -> list[str]:
    year, quarter = int(start[:4]), int(start[5]) - 1
    return [f"{year + (quarter + t) // 4}Q{(quarter + t) % 4 + 1}" for t in range(count)]


def _check_conditioning(check: _Checker, f: h5py.File, lengths: dict, labels: dict,
                        variables: dict, completed: int, status: str):
    """The datasets of a conditioned run (format 2.3), each when present: types, shapes, scales,
    and the values the toolkit relies on (weights that are probabilities, ESS within the paths,
    known error kinds)."""
    if OBSERVATION_COORDINATE in f or any(key in f for key in OBSERVATIONS):
        coordinate = check.dataset(OBSERVATION_COORDINATE)
        if coordinate.ndim != 1:
            check.fail(f"dataset 'observation' has shape {coordinate.shape}, expected one "
                       "dimension")
        if _kind_of(coordinate.dtype) not in ("string", "integer"):
            check.kind(OBSERVATION_COORDINATE, coordinate, "integer")
        check.scale(OBSERVATION_COORDINATE, coordinate)
        lengths = dict(lengths, observation=coordinate.shape[0])
        variables[OBSERVATION_COORDINATE] = (OBSERVATION_COORDINATE,)
        for key, (dims, kind) in OBSERVATIONS.items():
            dataset = check.dataset(key)
            check.kind(key, dataset, kind)
            check.shaped(key, dataset, dims, lengths)
            variables[key] = dims
        kinds = set(check.strings("observation_error_kind", f["observation_error_kind"]))
        if not kinds <= {"relative", "absolute"}:
            unknown = sorted(kinds - {"relative", "absolute"})
            check.fail(f"dataset 'observation_error_kind' holds {unknown}, expected 'relative' "
                       "or 'absolute'")
        errors = f["observation_error"][...]
        if not (np.isfinite(errors) & (errors > 0)).all():
            check.fail("dataset 'observation_error' holds values that are not positive numbers")
    for key, (dims, kind) in CONDITIONING.items():
        if key not in f:
            continue
        dataset = check.dataset(key)
        check.kind(key, dataset, kind)
        check.shaped(key, dataset, dims, lengths)
        variables[key] = dims
    if "weight" in f:
        weights = f["weight"][:, :completed]
        if not (np.isfinite(weights) & (weights >= 0)).all():
            check.fail("dataset 'weight' holds negative or non-finite weights")
        totals = weights.sum(axis=1)
        for k, total in enumerate(totals):
            if status == "complete" and abs(total - 1.0) > 1e-9:
                check.fail(f"dataset 'weight' of scenario '{labels['scenario'][k]}' sums to "
                           f"{total!r}, expected 1 (weights are normalised per scenario)")
            if not total > 0:
                check.fail(f"dataset 'weight' of scenario '{labels['scenario'][k]}' is all zero")
    if "effective_sample_size" in f:
        ess = f["effective_sample_size"][...]
        if not (np.isfinite(ess) & (ess > 0) & (ess <= lengths["path"] * (1 + 1e-9))).all():
            check.fail("dataset 'effective_sample_size' holds values outside (0, paths]")
    if "last_observed_quarter" in f:
        for k, label in enumerate(check.strings("last_observed_quarter",
                                                f["last_observed_quarter"])):
            if label and not re.fullmatch(r"\d{4}Q[1-4]", label):
                check.fail(f"dataset 'last_observed_quarter' of scenario "
                           f"'{labels['scenario'][k]}' is '{label}', expected YYYYQn or \"\"")


def check_result_file(path) -> ResultFacts:
    """Checks a result file's structure and attributes (see the module's docstring); returns what
    load() needs, or raises BadResultError naming the file and what is wrong."""
    name = str(path)
    try:
        f = h5py.File(path, "r")
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except OSError as error:
        raise BadResultError(f"{name}: not an HDF5 file, or a damaged one ({error})") from None
    with f:
        check = _Checker(f, name)
        filetype = check.attribute("filetype", "string") if "filetype" in f.attrs else None
        if filetype != "cloudsim-result":
            check.fail("not a cloudsim result file (root attribute 'filetype' is "
                       f"{filetype!r}, expected 'cloudsim-result')")
        if "format_version" not in f.attrs:
            check.fail("root attribute 'format_version' is missing")
        raw = f.attrs["format_version"]
        version = np.asarray(raw)
        if version.shape != (2,) or version.dtype.kind not in "iu":
            check.fail(f"root attribute 'format_version' is {_describe(raw)}, expected two "
                       "integers [major, minor]")
        if int(version[0]) != FORMAT_MAJOR:
            check.fail(f"format version {int(version[0])}.{int(version[1])}, this toolkit reads "
                       f"{FORMAT_MAJOR}.x")
        attrs = {key: check.attribute(key, kind, required)
                 for key, (kind, required) in ATTRIBUTES.items()}
        status, level = attrs["status"], attrs["record_level"]
        requested, completed = attrs["paths_requested"], attrs["paths_completed"]
        if status not in STATUSES:
            check.fail(f"root attribute 'status' is {status!r}, expected one of "
                       f"{', '.join(STATUSES)}")
        if level not in RECORD_LEVELS:
            check.fail(f"root attribute 'record_level' is {level!r}, expected one of "
                       f"{', '.join(RECORD_LEVELS)}")
        if requested == 0:
            check.fail("root attribute 'paths_requested' is 0; a result has at least one path")
        if completed > requested:
            check.fail(f"root attribute 'paths_completed' is {completed}, more than "
                       f"'paths_requested' ({requested})")
        if status == "complete" and completed != requested:
            check.fail(f"root attribute 'paths_completed' is {completed} of {requested} "
                       "requested, but 'status' says complete")

        if attrs["Conventions"] != "CF-1.10":
            check.fail(f"root attribute 'Conventions' is {attrs['Conventions']!r}, expected "
                       "'CF-1.10'")

        # Coordinates, and the length of each dimension.
        time = TIME_DIMENSION
        label = TIME_DIMENSION_OF_LEVEL[level]
        for other_label in sorted(set(TIME_DIMENSION_OF_LEVEL.values()) - {label}):
            if other_label in f:
                check.fail(f"dataset '{other_label}' is present, but record level '{level}' "
                           f"labels its time axis with '{label}'")
        coordinates = {(time if dim == TIME else dim): kind for dim, kind in COORDINATES.items()}
        has_summaries = any(key in f for key in (*SUMMARY_COORDINATES, *SUMMARIES))
        has_precision = any(key in f for key in (*PRECISION_COORDINATES, *PRECISION))
        has_groups = any(key in f for key in (*GROUP_COORDINATES, *GROUP_DATASETS))
        if has_groups:
            coordinates.update(GROUP_COORDINATES)
        if has_summaries:
            coordinates.update(SUMMARY_COORDINATES)
        if has_precision:
            coordinates.update(PRECISION_COORDINATES)
        lengths, labels = {}, {}
        for dim, kind in coordinates.items():
            dataset = check.dataset(dim)
            if kind == "string":
                labels[dim] = check.labels(dim, dataset)
                lengths[dim] = len(labels[dim])
            else:
                if dataset.ndim != 1:
                    check.fail(f"dataset '{dim}' has shape {dataset.shape}, expected one "
                               "dimension")
                check.kind(dim, dataset, kind)
                lengths[dim] = dataset.shape[0]
        for dim in ("scenario", "segment", "provider", time):
            if lengths[dim] == 0:
                check.fail(f"dataset '{dim}' is empty")
        # The period labels: an auxiliary coordinate over `time`, not a dimension of its own.
        labels[label] = check.labels(label, check.dataset(label))
        check.shaped(label, f[label], (time,), lengths)
        nv = check.dataset("nv")
        check.scale("nv", nv)
        if nv.shape != (2,):
            check.fail(f"dataset 'nv' has shape {nv.shape}, expected (2,): the two ends of a "
                       "period")
        lengths["nv"] = 2
        if lengths["path"] != requested:
            check.fail(f"dataset 'path' has {lengths['path']} entries, but root attribute "
                       f"'paths_requested' is {requested}")
        written = f["path"][:completed]
        if not np.array_equal(written, np.arange(completed)):
            bad = int(np.flatnonzero(written != np.arange(completed))[0])
            check.fail(f"dataset 'path' holds {written[bad]} at position {bad}; the completed "
                       f"paths must be numbered 0 … {completed - 1}")

        # Time labels, against the simulated quarters of each scenario.
        pattern = r"\d{4}Q[1-4]" if label == "quarter" else r"\d{4}"
        for text in labels[label]:
            if not re.fullmatch(pattern, text):
                check.fail(f"dataset '{label}' has the label '{text}', expected "
                           f"{'YYYYQn' if label == 'quarter' else 'YYYY'}")

        variables = {label: (time,)}
        groups = [DATASETS, TIME_DATASETS]
        if has_groups:
            if lengths["group"] == 0:
                check.fail("dataset 'group' is empty; a file without customer groups has none")
            groups.append(GROUP_DATASETS)
        if any(key in f for key in REGIME_DATASETS):
            groups.append(REGIME_DATASETS)
        if has_summaries:
            groups.extend([SUMMARIES, SUMMARY_TIMES])
        if has_precision:
            groups.append(PRECISION)
        groups.append({key: value for key, value in DESCRIPTIONS.items() if key in f})
        for group in groups:
            for key, (dims, kind) in group.items():
                dims = tuple(time if dim == TIME else dim for dim in dims)
                dataset = check.dataset(key)
                check.kind(key, dataset, kind)
                check.shaped(key, dataset, dims, lengths)
                variables[key] = dims
        for dim in coordinates:
            check.scale(dim, f[dim])
            variables[dim] = (dim,)
        _check_conditioning(check, f, lengths, labels, variables, completed, status)

        for k, text in enumerate(check.strings("scenario_text", f["scenario_text"])):
            start = re.search(r'start_quarter\s*=\s*"(\d{4}Q[1-4])"', text)
            quarters = re.search(r"^quarters\s*=\s*(\d+)", text, re.MULTILINE)
            if not start or not quarters or int(quarters.group(1)) == 0:
                check.fail(f"dataset 'scenario_text' of scenario '{labels['scenario'][k]}' has no "
                           "[simulation] start_quarter and quarters")
            simulated = _quarter_labels(start.group(1), int(quarters.group(1)))
            expected = {"full": simulated, "final": simulated[-1:],
                        "annual": list(dict.fromkeys(q[:4] for q in simulated))}[level]
            if labels[label] != expected:
                check.fail(f"dataset '{label}' holds {_span(labels[label])}, but scenario "
                           f"'{labels['scenario'][k]}' (dataset 'scenario_text') with record "
                           f"level '{level}' gives {_span(expected)}")
        if has_precision:
            met = f["precision_met"][...]
            if not np.isin(met, (0, 1)).all():
                check.fail("dataset 'precision_met' holds values other than 0 and 1")
    return ResultFacts(f"{int(version[0])}.{int(version[1])}", attrs["program_version"], label,
                       requested, completed, status, attrs["stop_reason"], has_summaries,
                       has_precision, variables)
