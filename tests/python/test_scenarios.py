"""The seed scenarios in scenarios/: each validates, runs, and resolves to a self-contained text."""
import h5py
import numpy as np
import pytest

from conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def test_the_seed_scenarios_are_all_there():
    names = {p.stem for p in SCENARIOS}
    assert {"baseline", "bytedance-multicloud-capture", "kuaishou-paas-first",
            "incumbents-profit-focus", "all-strategies"} <= names


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_validates_and_runs(sim, tmp_path, scenario):
    assert sim("validate", scenario).returncode == 0
    out = tmp_path / "result.h5"
    sim("run", scenario, "--paths", 50, "-o", out, "-q", check=True)
    with h5py.File(out, "r") as f:
        assert f.attrs["paths_completed"] == 50
        np.testing.assert_allclose(f["revenue"][...].sum(axis=4), f["demand"][...], rtol=1e-12)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_show_prints_a_fixed_point(sim, tmp_path, scenario):
    shown = sim("show", scenario, check=True).stdout
    resolved = tmp_path / "resolved.toml"
    resolved.write_text(shown)
    assert sim("show", resolved, check=True).stdout == shown
    # Running the resolved text gives the same numbers as running the original.
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    sim("run", scenario, "--paths", 20, "-o", a, "-q", check=True)
    sim("run", resolved, "--paths", 20, "-o", b, "-q", check=True)
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        assert np.array_equal(fa["revenue"][...], fb["revenue"][...])
        assert np.array_equal(fa["parameters"][...], fb["parameters"][...])


def test_a_five_line_what_if(sim, tmp_path):
    what_if = tmp_path / "cheaper-alibaba.toml"
    what_if.write_text(
        f'extends = "{ROOT}/scenarios/baseline.toml"\n'
        "[providers.Alibaba]\n"
        "price_index = 0.9  # what if Alibaba cut prices by 10%?\n")
    out = tmp_path / "what-if.h5"
    # One batch: both scenarios in one file, on the same random numbers path by path.
    sim("run", ROOT / "scenarios/baseline.toml", what_if, "--paths", 200, "-o", out, "-q",
        check=True)
    with h5py.File(out, "r") as f:
        assert [s.decode() for s in f["scenario"][...]] == ["baseline", "cheaper-alibaba"]
        demand, revenue = f["demand"][...], f["revenue"][...]
        # Same seed, same paths: demand and the drawn inputs are identical (common random
        # numbers; a price does not touch the draws) ...
        assert np.array_equal(demand[0], demand[1])
        assert np.array_equal(f["parameters"][0], f["parameters"][1])
        # ... and the cheaper Alibaba wins IaaS share on every path.
        share = revenue[:, :, -1, 0, 0] / demand[:, :, -1, 0]
        assert (share[1] > share[0]).all()


def test_set_overrides_from_the_command_line(sim, tmp_path):
    out = tmp_path / "set.h5"
    sim("run", ROOT / "scenarios/baseline.toml", "--paths", 10, "-o", out, "-q",
        "--set", "simulation.quarters=16",  # every dated key of the baseline lies within 2024Q4
        "--set", 'providers."Volcano Engine".multi_cloud_affinity={distribution="uniform",low=1,high=2}',
        check=True)
    with h5py.File(out, "r") as f:
        assert f["quarter"].shape == (16,)
        names = list(f["parameter"].asstr()[...])
        assert 'providers."Volcano Engine".multi_cloud_affinity' in names
        assert "quarters = 16" in f["scenario_text"][0].decode()
    bad = sim("validate", ROOT / "scenarios/baseline.toml", "--set", "simulation.quarter=8")
    assert bad.returncode == 2
    assert "did you mean 'quarters'?" in bad.stderr
