"""Result files follow the CF-1.10 conventions (format 3.0, docs/output-format.md "CF
conventions"): plain xarray + h5netcdf decodes an indexable datetime `time` with bounds at every
record level, the period labels ride along as auxiliary coordinates, every variable has a
long_name and UDUNITS-parseable units, unwritten paths of a partial file are masked by
_FillValue, and ncdump shows the CF root attributes. Debian has no CF checker package
(apt-cache search cfchecker / cf-checker: nothing), so these are the rules tested."""
import shutil
import signal
import subprocess
import time

import h5py
import matplotlib
import numpy as np
import pytest
import xarray as xr

from conftest import ROOT
from signals import wait_until_catching

matplotlib.use("Agg")
PATHS = 60


@pytest.fixture(scope="module")
def files(sim, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cf")
    out = {}
    for level in ("full", "annual", "final"):
        out[level] = folder / f"{level}.h5"
        sim("run", ROOT / "scenarios/baseline.toml", "--paths", PATHS, "--record", level,
            "-o", out[level], "-q", check=True)
    return out


def test_time_is_an_indexable_datetime_with_bounds_at_every_level(files):
    expected_in_2025 = {"full": 4, "annual": 1}
    for level, path in files.items():
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            assert ds.revenue.dims[2] == "time"
            assert np.issubdtype(ds.time.dtype, np.datetime64)
            assert ds.time.attrs["standard_name"] == "time" and ds.time.attrs["axis"] == "T"
            assert ds.time.encoding["calendar"] == "proleptic_gregorian"
            # The baseline starts in 2021Q1: days since 2021-01-01.
            assert ds.time.encoding["units"] == "days since 2021-01-01 00:00:00"
            bounds = ds.time_bnds.values
            assert bounds.shape == (ds.sizes["time"], 2)
            assert (bounds[:, 0] < ds.time.values).all() and (ds.time.values < bounds[:, 1]).all()
            # Each value is its period's middle.
            np.testing.assert_array_equal(ds.time.values,
                                          bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) / 2)
            label = "year" if level == "annual" else "quarter"
            assert ds[label].dims == ("time",) and label in ds.coords
            if level == "final":
                assert list(ds.quarter.values) == ["2030Q4"]
                assert ds.sel(time="2030").sizes["time"] == 1
                assert ds.sel(time=slice("2025", "2025")).sizes["time"] == 0
                assert bounds[0, 0] == np.datetime64("2030-10-01")
                assert bounds[0, 1] == np.datetime64("2031-01-01")
            else:
                selected = ds.sel(time="2025")
                assert selected.sizes["time"] == expected_in_2025[level]
                assert all(str(v).startswith("2025") for v in selected[label].values)
                # Periods tile the horizon: each ends where the next starts.
                np.testing.assert_array_equal(bounds[1:, 0], bounds[:-1, 1])
                assert bounds[0, 0] == np.datetime64("2021-01-01")
                assert bounds[-1, 1] == np.datetime64("2031-01-01")
            if level == "full":
                # 2021Q1 has 90 days: its middle is day 45; 2024Q1 (a leap year) has 91.
                assert ds.time.values[0] == np.datetime64("2021-02-15")
                assert bounds[12, 1] - bounds[12, 0] == np.timedelta64(91, "D")
            series = ds.revenue.isel(scenario=0, segment=0, provider=0).mean("path")
            if series.size > 1:  # xarray's plot() makes a histogram of a single value
                series.plot()
            series.plot.line(x="time")
            matplotlib.pyplot.close("all")


def test_summary_periods_have_their_own_time_coordinate(files):
    for level, path in files.items():
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            assert ds.summary_time.dims == ("summary_period",)
            assert np.issubdtype(ds.summary_time.dtype, np.datetime64)
            labels = list(ds["year" if level == "annual" else "quarter"].values)
            rows = [labels.index(p) for p in ds.summary_period.values]
            np.testing.assert_array_equal(ds.summary_time.values, ds.time.values[rows])
            np.testing.assert_array_equal(ds.summary_time_bnds.values, ds.time_bnds.values[rows])
            assert "summary_time" in ds.summary_revenue.coords  # via its `coordinates`


def udunits_parses(unit: str) -> bool:
    run = subprocess.run(["udunits2", "-H", unit, "-W", ""], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=30)
    return run.returncode == 0 and "Don't recognize" not in run.stderr + run.stdout


def test_every_variable_has_a_long_name_and_units_udunits_parses(files):
    if shutil.which("udunits2") is None:
        pytest.skip("udunits2 (Debian udunits-bin, installed by scripts/setup) is absent")
    assert not udunits_parses("亿元 per quarter"), "the check must be able to fail"
    seen = set()
    for path in files.values():
        with h5py.File(path, "r") as f:
            for name, item in f.items():
                if name == "nv":  # netCDF's bare dimension: not a variable
                    continue
                assert "long_name" in item.attrs, name
                if "units" in item.attrs:
                    unit = item.attrs["units"]
                    unit = unit.decode() if isinstance(unit, bytes) else unit
                    if unit not in seen:
                        assert udunits_parses(unit), (name, unit)
                        seen.add(unit)
            assert f.attrs["currency"] == "CNY"
            assert f["revenue"].attrs["units"] in ("4e8 year-1", "1e8 year-1")
            assert f["cumulative_profit"].attrs["units"] == "1e8"


def test_ncdump_shows_the_cf_root_attributes(files):
    if shutil.which("ncdump") is None:
        pytest.skip("ncdump (Debian netcdf-bin, installed by scripts/setup) is absent")
    header = subprocess.run(["ncdump", "-h", str(files["annual"])], capture_output=True,
                            text=True, check=True).stdout
    assert ':Conventions = "CF-1.10"' in header
    # Its `title` (ncdump escapes the apostrophe).
    assert ':title = "Baseline: China' in header and "public cloud market 2021–2030" in header
    assert ':history = "sim run ' in header and "--record annual" in header
    assert ':source = "cloudsim sim ' in header
    # The scenario's own references, one per line, then the model documentation.
    assert ':references = "../shared/market-facts.md: the seed facts, summarised\\n' in header
    assert 'cloudsim docs/model.md, version ' in header
    assert "time_bnds(time, nv)" in header and "revenue:_FillValue = NaN" in header


def test_history_is_the_canonical_command_whatever_the_threads_or_output(sim, tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    scenario = ROOT / "scenarios/baseline.toml"
    sim("run", scenario, "--paths", 30, "--record", "final", "-o", a, "-q", "--threads", "1",
        check=True)
    sim("run", scenario, "--paths", 30, "--record", "final", "-o", b, "-q", "--threads", "2",
        "--block-size", "7", check=True)
    assert a.read_bytes() == b.read_bytes()
    with h5py.File(a, "r") as f:
        assert f.attrs["history"] == (f"sim run {scenario} --seed 20210101 --paths 30 "
                                      "--record final")


def test_unwritten_paths_of_a_partial_file_are_masked(sim, tmp_path):
    """Interrupts a long run until a partial file with some but not all paths results."""
    out = tmp_path / "long.h5"
    partial = tmp_path / "long.partial.h5"
    for delay in (0.6, 1.0, 1.5, 2.5, 4.0, 6.0):
        process = subprocess.Popen([str(sim.binary), "run", str(ROOT / "scenarios/baseline.toml"),
                                    "--paths", "200000", "--record", "final", "--threads", "1",
                                    "-o", str(out), "-q"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_until_catching(process)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=300)
        if partial.exists():
            with h5py.File(partial, "r") as f:
                completed = int(f.attrs["paths_completed"])
            if 0 < completed < 200000:
                break
            partial.unlink()
    else:
        pytest.skip("no interruption left a partial file with some paths (machine too fast/slow)")
    with xr.open_dataset(partial, engine="h5netcdf") as ds:
        revenue = ds.revenue.isel(scenario=0, time=0, segment=0, provider=0).values
        assert np.isfinite(revenue[:completed]).all()
        assert np.isnan(revenue[completed:]).all()
        events = ds.event_quarter.isel(scenario=0, event=0).values  # masked: floats with NaN
        assert not np.isnan(events[:completed]).any()
        assert np.isnan(events[completed:]).all()


def test_an_edited_cf_attribute_is_refused_like_an_edited_fingerprint(sim, files, tmp_path):
    """The CF root attributes are not hashed but derived from what is: sim info holds them to
    their derivation."""
    edited = tmp_path / "edited.h5"
    shutil.copy(files["final"], edited)
    with h5py.File(edited, "r+") as f:
        f.attrs["history"] = "sim run something-else.toml"
    info = sim("info", edited)
    assert info.returncode == 2, info.stdout
    assert "'history'" in info.stderr and str(edited) in info.stderr
    assert sim("info", files["final"]).returncode == 0
