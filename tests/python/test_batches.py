"""Batches, sweeps, precision targets and resumed runs, as a planner uses them from the command
line and an analyst reads them back."""
import itertools
import re

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import ROOT

BASELINE = ROOT / "scenarios/baseline.toml"
CAPTURE = ROOT / "scenarios/bytedance-multicloud-capture.toml"


def names(f):
    return [s.decode() for s in f["scenario"][...]]


def test_a_batch_is_bit_identical_across_threads_and_block_sizes(sim, tmp_path):
    files = []
    for k, extra in enumerate((["--threads", "1"], ["--threads", "2", "--block-size", "13"],
                               ["--threads", "2", "--block-size", "5000"])):
        out = tmp_path / f"b{k}.h5"
        sim("run", BASELINE, CAPTURE, "--paths", 700, "-o", out, "-q", *extra, check=True)
        files.append(out.read_bytes())
    assert files[0] == files[1] == files[2]


def test_scenarios_of_a_batch_see_the_same_random_numbers(sim, tmp_path):
    """The capture scenario changes Volcano Engine's strategy, not any draw: demand (driven only
    by the demand shocks) and the shared drawn inputs are identical path by path."""
    out = tmp_path / "crn.h5"
    sim("run", BASELINE, CAPTURE, "--paths", 300, "-o", out, "-q", check=True)
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert list(ds.scenario.values) == ["baseline", "bytedance-multicloud-capture"]
        base, capture = ds.sel(scenario="baseline"), ds.sel(scenario="bytedance-multicloud-capture")
        # Demand before any migration or capacity effect differs only through shocks.
        np.testing.assert_array_equal(base.demand.isel(time=slice(0, 4)).values,
                                      capture.demand.isel(time=slice(0, 4)).values)
        shared = [p for p in ds.parameter.values
                  if not np.isnan(base.parameters.sel(parameter=p)).any()
                  and not np.isnan(capture.parameters.sel(parameter=p)).any()]
        assert len(shared) >= 10
        np.testing.assert_array_equal(base.parameters.sel(parameter=shared).values,
                                      capture.parameters.sel(parameter=shared).values)
        # An input only the capture scenario draws is NaN in the baseline.
        only_capture = [p for p in ds.parameter.values if p not in shared]
        assert only_capture and np.isnan(base.parameters.sel(parameter=only_capture)).all()


def test_sweeps_produce_the_grid_and_the_hypercube_asked_for(sim, tmp_path):
    batch = tmp_path / "sweep.toml"
    batch.write_text(f"""
[batch]
paths = 64
seed = 5

[scenarios]
reference = "{BASELINE}"

[sweeps.grid]
scenario = "{BASELINE}"
kind = "grid"
[sweeps.grid.values]
"providers.Alibaba.price_index" = [0.9, 1.1]
'providers."Volcano Engine".price_index' = [0.8, 0.9, 1.0]

[sweeps.cube]
scenario = "{BASELINE}"
kind = "latin_hypercube"
points = 7
[sweeps.cube.ranges]
"providers.Alibaba.price_index" = [0.85, 1.15]
"multi_cloud.imitation" = [0.2, 0.6]
""")
    assert sim("validate", batch, check=True).stdout.endswith(
        "ok (a batch of 14 scenarios, sweeping 3 keys)\n")
    out = tmp_path / "sweep.h5"
    sim("run", batch, "-o", out, "-q", "--record", "final", check=True)
    with h5py.File(out, "r") as f:
        assert names(f) == (["reference"] + [f"grid/{k}" for k in range(1, 7)] +
                            [f"cube/{k}" for k in range(1, 8)])
        keys = [k.decode() for k in f["sweep_key"][...]]
        assert keys == ["providers.Alibaba.price_index", 'providers."Volcano Engine".price_index',
                        "multi_cloud.imitation"]
        values = f["sweep_value"][...]
        assert np.isnan(values[0]).all(), "the reference scenario sweeps nothing"
        grid = values[1:7, :2]
        assert [tuple(row) for row in grid] == list(itertools.product([0.9, 1.1], [0.8, 0.9, 1.0]))
        assert np.isnan(values[1:7, 2]).all()
        cube = values[7:, [0, 2]]
        assert np.isnan(values[7:, 1]).all()
        for d, (low, high) in enumerate([(0.85, 1.15), (0.2, 0.6)]):
            strata = np.floor((cube[:, d] - low) / (high - low) * 7).astype(int)
            assert sorted(strata) == list(range(7)), "one point in each of the 7 strata"
        # Each point's value is in the scenario it ran: the recorded text and the model.
        texts = [t.decode() for t in f["scenario_text"][...]]
        assert "price_index = 0.9\n" in texts[1].split("[providers.Alibaba]")[1]
        imitation = re.search(r"imitation = ([0-9.e-]+)", texts[7].split("[multi_cloud]")[1])
        assert float(imitation.group(1)) == cube[0, 1]
        revenue = f["revenue"][...]  # (scenario, path, quarter, segment, provider)
        share = revenue[:, :, -1, 0, 0] / revenue[:, :, -1, 0, :].sum(axis=-1)
        # A cheaper Alibaba wins IaaS share on every path (same paths, common random numbers).
        assert (share[1] > share[4]).all()


@pytest.mark.parametrize("level", ["full", "annual", "final"])
def test_the_size_estimate_of_a_batch_is_within_ten_percent(sim, tmp_path, level):
    out = tmp_path / f"{level}.h5"
    run = sim("run", BASELINE, CAPTURE, ROOT / "scenarios/all-strategies.toml", "--paths", 2500,
              "-o", out, "--record", level, "--progress-interval", "1000")
    assert run.returncode == 0, run.stderr
    estimate = float(re.search(r"estimated ([0-9.]+) MB", run.stdout).group(1))
    actual = out.stat().st_size / 1e6
    assert abs(estimate - actual) <= 0.10 * actual, (estimate, actual)


def standard_error(values):
    return values.std(ddof=1) / np.sqrt(len(values))


def test_a_precision_run_stops_at_the_same_count_everywhere_and_meets_its_targets(sim, tmp_path):
    targets = ["se(share(IaaS, Alibaba, 2025Q4)) < 0.0006",
               "se(P(share(IaaS, Volcano Engine, 2025Q4) >= 0.08)[bytedance-multicloud-capture - "
               "baseline]) < 0.006"]
    files = []
    for threads, block in (("1", "1024"), ("2", "100")):
        out = tmp_path / f"p{threads}.h5"
        arguments = ["run", BASELINE, CAPTURE, "-o", out, "-q", "--threads", threads,
                     "--block-size", block, "--record", "annual"]
        for target in targets:
            arguments += ["--precision", target]
        sim(*arguments, check=True)
        files.append(out)
    assert files[0].read_bytes() == files[1].read_bytes()
    with h5py.File(files[0], "r") as f:
        paths = int(f.attrs["paths_completed"])
        assert paths % 1024 == 0 and paths == f.attrs["paths_requested"]
        assert f.attrs["stop_reason"] == "precision targets met"
        assert [t.decode() for t in f["precision_target"][...]] == targets
        assert (f["precision_met"][...] == 1).all()
        reported = f["precision_standard_error"][...]
    # Recompute both standard errors from the quarterly outcome the targets name, with a fresh
    # full-record run of the same paths: they match what the file reports, meet the goals, and
    # one block earlier at least one goal was not met (the run stopped at the first chance).
    full = tmp_path / "full.h5"
    sim("run", BASELINE, CAPTURE, "--paths", paths, "-o", full, "-q", check=True)
    with xr.open_dataset(full, engine="h5netcdf") as ds:
        at = ds.revenue.swap_dims(time="quarter").sel(quarter="2025Q4", segment="IaaS")
        share = (at / at.sum("provider")).values  # (scenario, path, provider)
    providers = ["Alibaba", "Huawei", "Tencent", "Baidu", "China Telecom", "Volcano Engine",
                 "Kuaishou StreamLake", "Others"]
    alibaba = share[:, :, providers.index("Alibaba")]
    reached = (share[:, :, providers.index("Volcano Engine")] >= 0.08).astype(float)
    difference = reached[1] - reached[0]

    def errors(n):
        return (max(standard_error(alibaba[0, :n]), standard_error(alibaba[1, :n])),
                standard_error(difference[:n]))

    np.testing.assert_allclose(errors(paths), reported, rtol=1e-9)
    assert errors(paths)[0] < 0.0006 and errors(paths)[1] < 0.006
    earlier = errors(paths - 1024)
    assert earlier[0] >= 0.0006 or earlier[1] >= 0.006


def test_a_precision_run_that_reaches_its_cap_says_so(sim, tmp_path):
    out = tmp_path / "capped.h5"
    run = sim("run", BASELINE, "-o", out, "--precision", "se(share(IaaS, Alibaba)) < 1e-9",
              "--max-paths", 1500, "--record", "final", "--progress-interval", "1000")
    assert run.returncode == 0, run.stderr
    assert "path cap reached at 1500 paths" in run.stderr and "(NOT met)" in run.stderr
    with h5py.File(out, "r") as f:
        assert f.attrs["paths_completed"] == 1500
        assert f.attrs["stop_reason"] == "path cap reached"
        assert f["precision_met"][0] == 0
    info = sim("info", out, check=True).stdout
    assert "(complete; path cap reached)" in info and "(NOT met)" in info


@pytest.mark.parametrize("target, message", [
    ("share(IaaS, Alibaba) < 0.01", "expected se(OUTCOME) < STANDARD_ERROR"),
    ("se(share(IaaS, Alibab)) < 0.01", "no provider 'Alibab', did you mean 'Alibaba'?"),
    ("se(share(IaaS, Alibaba, 2031Q1)) < 0.01", "no quarter '2031Q1'"),
    ("se(share(IaaS, Alibaba)[baseline - nowhere]) < 0.01", "no scenario 'nowhere'"),
    ("se(share(IaaS, Alibaba)) < 0", "must be positive"),
])
def test_bad_precision_targets_are_usage_errors(sim, tmp_path, target, message):
    run = sim("run", BASELINE, "-o", tmp_path / "x.h5", "--precision", target)
    assert run.returncode == 2 and message in run.stderr, run.stderr
    assert not (tmp_path / "x.h5").exists()


def test_extending_a_finished_run_equals_running_more_from_the_start(sim, tmp_path):
    grown, direct = tmp_path / "grown.h5", tmp_path / "direct.h5"
    sim("run", BASELINE, CAPTURE, "--paths", 1500, "-o", grown, "-q", "--record", "annual",
        check=True)
    refused = sim("run", "--resume", grown, "-q")
    assert refused.returncode == 2 and "pass --paths N with a larger N" in refused.stderr
    sim("run", "--resume", grown, "--paths", 3100, "-q", "--threads", "1", check=True)
    sim("run", BASELINE, CAPTURE, "--paths", 3100, "-o", direct, "-q", "--record", "annual",
        "--block-size", "333", check=True)
    assert grown.read_bytes() == direct.read_bytes()
    for bad in (["--seed", "3"], ["--record", "final"], ["--set", "simulation.paths=9"],
                [BASELINE]):
        refused = sim("run", "--resume", grown, "--paths", 5000, *bad)
        assert refused.returncode == 2, bad
