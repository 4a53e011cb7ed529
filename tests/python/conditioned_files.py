"""Conditioned result files for the toolkit's tests, built from a real run of `sim` with the
datasets of a conditioned run (format 2.3, design of issue 15 section 5; docs/output-format.md)
added with h5py, attached to dimension scales the way sim attaches its own. The values are
chosen for the tests, not computed by a conditioning: the toolkit is tested on what it reads."""
import h5py
import numpy as np

# (id, quantity, period, value, error, kind, scale, source, scope)
OBSERVATIONS = [
    ("alibaba-iaas-2022q4", "share(IaaS, Alibaba, 2022Q4)", "2022Q4", 0.36, 0.03, "absolute", 1.0,
     "Research firm A, Q4 2022 release", "IaaS"),
    ("volcano-iaas-2023q2", "share(IaaS, Volcano Engine, 2023Q2)", "2023Q2", 0.05, 0.2,
     "relative", 1.0, "Research firm B", "IaaS"),
    ("alibaba-iaas-2021", "share(IaaS, Alibaba, 2021)", "2021", 0.38, 0.04, "absolute", 1.0,
     "Research firm A, annual", "IaaS"),
    ("alibaba-iaas-revenue-2022q1", "revenue(IaaS, Alibaba, 2022Q1)", "2022Q1", 80.0, 0.1,
     "relative", 1.25, "Alibaba quarterly report", "cloud intelligence, more than IaaS"),
    ("alibaba-iaas-revenue-2022", "revenue(IaaS, Alibaba, 2022)", "2022", 400.0, 0.1, "relative",
     1.0, "Alibaba annual report", "IaaS"),
    ("market-growth-2023q4", "growth(IaaS, Alibaba, 4, 2023Q4)", "2023Q4", 0.1, 0.05,
     "absolute", 1.0, "Research firm C", "IaaS"),
    ("paas-alibaba-2022q4", "share(PaaS, Alibaba, 2022Q4)", "2022Q4", 0.3, 0.05, "absolute", 1.0,
     "Research firm A", "PaaS"),
]
LAST_OBSERVED = "2023Q4"


def _strings(f, name, values, dims):
    dataset = f.create_dataset(name, data=np.array(values, dtype=object),
                               dtype=h5py.string_dtype("utf-8"))
    for axis, dim in enumerate(dims):
        dataset.dims[axis].attach_scale(f[dim])
    return dataset


def _numbers(f, name, values, dims, dtype):
    dataset = f.create_dataset(name, data=np.asarray(values, dtype=dtype))
    for axis, dim in enumerate(dims):
        dataset.dims[axis].attach_scale(f[dim])
    return dataset


def condition(path, *, weights=None, ess=None, observations=OBSERVATIONS,
              last_observed=LAST_OBSERVED, seed=7):
    """Adds the conditioned run's datasets to the result file at `path` (in place): the
    observations, the per-scenario diagnostics with effective sample size `ess` (one number or
    one per scenario; default: half the paths), and, if `weights` (scenario, path) is given, the
    `weight` dataset (normalised here). Format version 3.0."""
    rng = np.random.default_rng(seed)
    with h5py.File(path, "r+") as f:
        scenarios, paths = f["scenario"].shape[0], f["path"].shape[0]
        parameters = f["parameter"].shape[0]
        f.attrs["format_version"] = np.array([3, 0], dtype=np.int32)
        f.attrs["observations_file"] = "tests/observations.toml"
        f.attrs["observations_text"] = "[observations]\ntitle = \"test\"\n"
        f.attrs["conditioning_method"] = "test fixture (values chosen, not computed)"
        n = len(observations)
        coordinate = f.create_dataset("observation", data=np.arange(n, dtype=np.uint64))
        coordinate.make_scale("observation")
        columns = list(zip(*observations)) if n else [[]] * 9
        for k, name in enumerate(["id", "quantity", "period"]):
            _strings(f, f"observation_{name}", columns[k], ["observation"])
        _numbers(f, "observation_value", columns[3], ["observation"], np.float64)
        _numbers(f, "observation_error", columns[4], ["observation"], np.float64)
        _strings(f, "observation_error_kind", columns[5], ["observation"])
        _numbers(f, "observation_scale", columns[6], ["observation"], np.float64)
        _strings(f, "observation_source", columns[7], ["observation"])
        _strings(f, "observation_scope", columns[8], ["observation"])
        ess = np.broadcast_to(np.asarray(paths / 2 if ess is None else ess, dtype=float),
                              (scenarios,))
        _strings(f, "last_observed_quarter", [last_observed] * scenarios, ["scenario"])
        _numbers(f, "effective_sample_size", ess, ["scenario"], np.float64)
        _numbers(f, "prior_effective_sample_size", ess / 10, ["scenario"], np.float64)
        _numbers(f, "distinct_histories", np.full(scenarios, paths // 3), ["scenario"], np.uint64)
        _numbers(f, "conditioning_stages", np.full(scenarios, 5), ["scenario"], np.uint64)
        _numbers(f, "move_acceptance", np.full(scenarios, 0.4), ["scenario"], np.float64)
        _numbers(f, "distinct_input_values",
                 rng.integers(paths // 4, paths, size=(scenarios, parameters)),
                 ["scenario", "parameter"], np.uint64)
        if weights is not None:
            w = np.asarray(weights, dtype=float)
            w = w / w.sum(axis=1, keepdims=True)
            _numbers(f, "weight", w, ["scenario", "path"], np.float64)
