"""The result file as an analyst meets it: h5py and xarray, without reading our code."""
import re
import subprocess
import tomllib

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import ROOT, sim_binary

SIM = sim_binary()
PATHS = 400


@pytest.fixture(scope="module")
def result(sim, tmp_path_factory):
    from conftest import ROOT
    out = tmp_path_factory.mktemp("result") / "baseline.h5"
    sim("run", ROOT / "scenarios/baseline.toml", "--paths", PATHS, "-o", out, "-q", check=True)
    return out


def test_xarray_sees_named_dimensions_and_coordinates(result):
    with xr.open_dataset(result, engine="h5netcdf") as ds:
        assert ds.revenue.dims == ("scenario", "path", "time", "segment", "provider")
        assert ds.demand.dims == ("scenario", "path", "time", "segment")
        assert ds.multi_cloud_adoption.dims == ("scenario", "path", "time")
        assert ds.quarter.dims == ("time",) and ds.time.dtype == "datetime64[ns]"
        # The scenario decides how many inputs are drawn, which events exist and its customer
        # groups: read them from the scenario, not from this file.
        scenario = tomllib.loads((ROOT / "scenarios/baseline.toml").read_text())
        validate = subprocess.run([str(SIM), "validate", str(ROOT / "scenarios/baseline.toml")],
                                  capture_output=True, text=True, check=True).stdout
        inputs = int(re.search(r"(\d+) uncertain inputs", validate).group(1))
        sizes = dict(ds.sizes)
        assert sizes.pop("event") >= 4  # at least the launch, entry and two site openings
        assert sizes == {"scenario": 1, "path": PATHS, "time": 40, "nv": 2, "segment": 3,
                         "provider": 8, "parameter": inputs, "statistic": 7,
                         "summary_period": 10, "sweep_key": 0,
                         "path_chunk": (PATHS + 1023) // 1024,
                         **({"group": len(scenario["customer_groups"])}
                            if "customer_groups" in scenario else {})}
        assert ds.block_checksum.dims == ("scenario", "path_chunk")
        assert list(ds.scenario.values) == ["baseline"]
        assert ds.profit.dims == ("scenario", "path", "time", "provider")
        assert ds.cumulative_profit.dims == ("scenario", "path", "time", "provider")
        assert ds.unserved_demand.dims == ("scenario", "path", "time", "segment")
        assert ds.event_quarter.dims == ("scenario", "path", "event")
        # Stored as int32; xarray's CF masking (its _FillValue) reads integers as floats.
        assert ds.event_quarter.encoding["dtype"] == np.int32
        assert ds.event_quarter.encoding["_FillValue"] == -2147483647
        assert list(ds.quarter.values[[0, 1, 4, -1]]) == ["2021Q1", "2021Q2", "2022Q1", "2030Q4"]
        assert list(ds.segment.values) == ["IaaS", "PaaS", "SaaS"]
        assert ds.provider.values[0] == "Alibaba" and ds.provider.values[-1] == "Others"
        assert (ds.path.values == np.arange(PATHS)).all()
        assert ds.revenue.attrs["units"] == "4e8 year-1"  # 亿元 per quarter as a yearly rate
        assert ds.revenue.attrs["units_note"] == "亿元 per quarter"
        assert ds.attrs["currency"] == "CNY"
        assert ds.revenue.dtype == np.float64
        # Analysts select by label, as they would in a notebook.
        ds = ds.swap_dims(time="quarter")
        share = ds.revenue.sel(scenario="baseline", segment="IaaS", provider="Alibaba",
                               quarter="2025Q4") / \
            ds.demand.sel(scenario="baseline", segment="IaaS", quarter="2025Q4")
        assert 0.0 < float(share.median()) < 1.0


def test_drawn_inputs_are_recorded_per_path(result):
    with xr.open_dataset(result, engine="h5netcdf") as whole:
        assert whole.parameters.dims == ("scenario", "path", "parameter")
        ds = whole.sel(scenario="baseline")
        names = list(ds.parameter.values)
        assert "segments.IaaS.growth_initial" in names
        assert "multi_cloud.imitation" in names
        growth = ds.parameters.sel(parameter="segments.IaaS.growth_initial")
        spec = tomllib.loads((ROOT / "scenarios/baseline.toml").read_text())
        spec = spec["segments"]["IaaS"]["growth_initial"]
        low, mode, high = spec["low"], spec["mode"], spec["high"]
        assert spec["distribution"] == "triangular"
        assert float(growth.min()) >= low and float(growth.max()) <= high
        # sd of a triangular draw: sqrt((a² + b² + c² − ab − ac − bc) / 18)
        sd = np.sqrt((low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18)
        assert abs(float(growth.std()) - sd) < 0.2 * sd
        distribution = ds.parameter_distribution.sel(parameter="segments.IaaS.growth_initial")
        assert str(distribution.values) == f"triangular(low={low:g}, mode={mode:g}, high={high:g})"
        # Rank correlation requested between IaaS and PaaS near-term growth: 0.6.
        paas = ds.parameters.sel(parameter="segments.PaaS.growth_initial")
        rank = np.corrcoef(growth.rank("path"), paas.rank("path"))[0, 1]
        assert 0.45 < rank < 0.75, rank


def test_root_attributes_describe_the_run(result):
    with h5py.File(result, "r") as f:
        assert f.attrs["filetype"] == "cloudsim-result"
        assert list(f.attrs["format_version"]) == [3, 0]
        assert f.attrs["run_fingerprint"].startswith("XXH3-64:")
        assert f.attrs["seed"] == 20210101
        assert f.attrs["paths_requested"] == PATHS
        assert f.attrs["paths_completed"] == PATHS
        assert f.attrs["status"] == "complete"
        assert f.attrs["stop_reason"] == "path count"
        text = f["scenario_text"][0].decode()
        assert "[simulation]" in text
        assert "extends" not in text, "the resolved text is recorded"
        assert f["scenario_file"][0].decode().endswith("scenarios/baseline.toml")
        assert f.attrs["program_version"]
        assert "Philox4x32-10" in f.attrs["rng_layout"]


def test_events_profits_and_their_identities(result):
    with xr.open_dataset(result, engine="h5netcdf") as whole:
        ds = whole.isel(scenario=0)
        events = list(ds.event.values)
        assert "Volcano Engine: enters IaaS" in events
        entry = ds.event_quarter.sel(event="Volcano Engine: enters IaaS")
        # The launch is drawn from 2021Q3, 2021Q4 and 2022Q1 (t = 2, 3, 4).
        assert set(np.unique(entry.values)) <= {2, 3, 4}
        volcano_iaas = ds.revenue.sel(provider="Volcano Engine", segment="IaaS")
        for path in range(20):
            t = int(entry.isel(path=path))
            assert (volcano_iaas.isel(path=path, time=slice(0, t + 1)) == 0).all()
        cumulative = ds.profit.cumsum("time")
        np.testing.assert_allclose(cumulative, ds.cumulative_profit, rtol=1e-9, atol=1e-9)
        assert (ds.unserved_demand >= 0).all()


def test_revenue_adds_up_to_demand(result):
    with h5py.File(result, "r") as f:
        revenue = f["revenue"][...]
        demand = f["demand"][...]
    np.testing.assert_allclose(revenue.sum(axis=4), demand, rtol=1e-12, atol=0)
    assert (revenue >= 0).all()


def test_one_provider_series_is_its_own_chunks(result):
    with h5py.File(result, "r") as f:
        revenue = f["revenue"]
        assert revenue.chunks == (1, PATHS, 40, 1, 1)
        # Reading one provider of one segment over all paths touches exactly its own chunks.
        column = revenue[0, :, :, 0, 0]
        assert column.shape == (PATHS, 40)
        chunks_touched = {revenue.id.get_chunk_info_by_coord((0, p, 0, 0, 0)).byte_offset
                          for p in range(0, PATHS, revenue.chunks[1])}
        assert len(chunks_touched) == -(-PATHS // revenue.chunks[1])


def test_h5dump_reads_the_header(result):
    import subprocess
    dump = subprocess.run(["h5dump", "-H", str(result)], capture_output=True, text=True)
    assert dump.returncode == 0
    assert 'DATASET "revenue"' in dump.stdout


def test_record_levels_reduce_the_full_record_exactly(sim, tmp_path):
    from conftest import ROOT
    files = {}
    for level in ("full", "annual", "final"):
        files[level] = tmp_path / f"{level}.h5"
        run = sim("run", ROOT / "scenarios/baseline.toml", "--paths", 300, "-o", files[level],
                  "--record", level, "--progress-interval", "1000")
        assert run.returncode == 0, run.stderr
        import re
        estimate = float(re.search(r"estimated ([0-9.]+) MB", run.stdout).group(1))
        assert abs(estimate - files[level].stat().st_size / 1e6) <= 0.1 * files[level].stat().st_size / 1e6 + 0.05
    with xr.open_dataset(files["full"], engine="h5netcdf", mask_and_scale=False) as full_, \
            xr.open_dataset(files["annual"], engine="h5netcdf", mask_and_scale=False) as annual_, \
            xr.open_dataset(files["final"], engine="h5netcdf", mask_and_scale=False) as final_:
        full, final = full_.swap_dims(time="quarter"), final_.swap_dims(time="quarter")
        annual = annual_.swap_dims(time="year")
        assert annual.revenue.dims == ("scenario", "path", "year", "segment", "provider")
        assert list(annual.year.values) == [str(y) for y in range(2021, 2031)]
        assert annual.revenue.attrs["units"] == "1e8 year-1"
        assert annual.revenue.attrs["units_note"] == "亿元 per year"
        by_year = full.revenue.drop_vars("time").groupby(full.quarter.str.slice(0, 4)).sum() \
            .rename(quarter="year")
        np.testing.assert_allclose(by_year.transpose(*annual.revenue.dims).values,
                                   annual.revenue.values, rtol=1e-12)
        np.testing.assert_array_equal(annual.cumulative_profit.sel(year="2025").values,
                                      full.cumulative_profit.sel(quarter="2025Q4").values)
        assert list(final.quarter.values) == ["2030Q4"]
        np.testing.assert_array_equal(final.revenue.isel(quarter=0).values,
                                      full.revenue.isel(quarter=-1).values)
        for reduced in (annual, final):
            np.testing.assert_array_equal(reduced.parameters.values, full.parameters.values)
            np.testing.assert_array_equal(reduced.event_quarter.values, full.event_quarter.values)
    with h5py.File(files["annual"], "r") as f:
        assert f.attrs["record_level"] == "annual"
    assert sim("run", ROOT / "scenarios/baseline.toml", "--record", "monthly",
               "-o", tmp_path / "x.h5").returncode == 2


def test_summaries_match_the_paths_within_their_stated_rank_error(result):
    """Means are exact sums; each quantile's rank is within the rank-error bound recorded with
    it (ties counted both ways), and that bound is at most 0.5 percentile points."""
    with xr.open_dataset(result, engine="h5netcdf") as whole:
        assert list(whole.statistic.values) == ["mean", "standard_error", "q05", "q25", "q50",
                                                "q75", "q95"]
        assert whole.summary_share.dims == ("scenario", "summary_period", "segment", "provider",
                                            "statistic")
        ds = whole.isel(scenario=0)
        periods = list(ds.summary_period.values)
        assert periods == [f"{year}Q4" for year in range(2021, 2031)], "each year's last quarter"
        at = dict(time=[list(ds.quarter.values).index(p) for p in periods])
        share = (ds.revenue / ds.demand).isel(**at).values
        revenue = ds.revenue.isel(**at).values
        for values, summary, bound in [
                (share, ds.summary_share.values, ds.summary_share_rank_error.values),
                (revenue, ds.summary_revenue.values, ds.summary_revenue_rank_error.values)]:
            np.testing.assert_allclose(summary[..., 0], values.mean(axis=0), rtol=1e-12, atol=1e-15)
            se = values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])
            np.testing.assert_allclose(summary[..., 1], se, rtol=1e-6, atol=1e-12)
            # 0.5 percentile points, or a few paths' worth when there are few paths (a tight
            # cluster of paths can share one bin: 5 of 400 paths in Huawei's PaaS share, 2028Q4,
            # after the 0.5.0 recalibration).
            assert bound.max() <= max(0.005, 8 / values.shape[0])
            for k, p in enumerate([0.05, 0.25, 0.50, 0.75, 0.95]):
                estimate = summary[..., 2 + k][None]
                below = (values < estimate).mean(axis=0)
                at_or_below = (values <= estimate).mean(axis=0)
                excess = np.maximum(below - p, p - at_or_below) - bound
                assert excess.max() <= 1e-12, (p, excess.max())


def test_every_recorded_quantity_is_as_the_toolkit_table_says_at_every_level(sim, tmp_path):
    """scripts/cloudsim/recorded_quantities.json (checked against the C++ table by the unit
    tests) against real files: names, dimensions, units, descriptions, and each quantity reduced
    as a flow (a year sums its quarters) or a stock (a year is its last quarter)."""
    import sys
    from conftest import ROOT
    sys.path.insert(0, str(ROOT / "scripts"))
    from cloudsim.recorded_quantities import (QUANTITIES, RECORD_LEVELS, TIME,
                                              TIME_DIMENSION_OF_LEVEL)
    files = {}
    for level in RECORD_LEVELS:
        files[level] = tmp_path / f"{level}.h5"
        # With customer groups, so that the group quantities are there too.
        sim("run", ROOT / "tests/scenarios/six-groups.toml", "--paths", 50, "-o", files[level],
            "--record", level, "-q", check=True)
    opened = {level: xr.open_dataset(files[level], engine="h5netcdf", mask_and_scale=False)
              for level in files}
    # The labels as the time dimension, to compare levels by label.
    datasets = {level: ds.swap_dims(time=TIME_DIMENSION_OF_LEVEL[level]).drop_vars("time")
                for level, ds in opened.items()}
    try:
        full = datasets["full"]
        years = full.quarter.str.slice(0, 4).rename("year")
        for level, ds in datasets.items():
            time = TIME_DIMENSION_OF_LEVEL[level]
            assert "time" in opened[level].dims and time in ds.dims
            assert ds.attrs["record_level"] == level
            for quantity in QUANTITIES:
                da = ds[quantity.name]
                assert da.dims == tuple(time if d == TIME else d for d in quantity.dimensions)
                assert da.attrs["units_note" if quantity.unit == "money" else "units"] == \
                    quantity.units(ds.attrs["currency_unit"], time)
                assert da.attrs["long_name"] == quantity.description
                series = full[quantity.name]
                if time == "year":
                    grouped = series.groupby(years)
                    expected = grouped.sum() if quantity.accumulation == "flow" else \
                        grouped.last()
                    np.testing.assert_allclose(expected.transpose(*da.dims).values, da.values,
                                               rtol=1e-12, atol=0)
                else:
                    kept = series.sel(quarter=list(ds.quarter.values))
                    np.testing.assert_array_equal(kept.values, da.values)
            # Growth regimes (the baseline has them): a year counts its slowdown quarters, the
            # final record keeps the last quarter's regime (docs/output-format.md).
            for name in ("regime", "segment_regime"):
                da, series = ds[name], full[name]
                assert da.dtype == np.int8
                if time == "year":
                    expected = series.groupby(years).sum().where(
                        series.groupby(years).min() >= 0, -1)
                    np.testing.assert_array_equal(expected.transpose(*da.dims).values, da.values)
                else:
                    kept = series.sel(quarter=list(ds.quarter.values))
                    np.testing.assert_array_equal(kept.values, da.values)
        recorded = {name for name, da in full.data_vars.items()
                    if {"path", "quarter"} <= set(da.dims)}
        assert recorded == {quantity.name for quantity in QUANTITIES} | {"regime", "segment_regime"}
    finally:
        for ds in opened.values():
            ds.close()
