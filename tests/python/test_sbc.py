"""Simulation-based calibration of conditioned runs (scripts/sbc, docs/conditioning.md), small:
truths drawn from tests/scenarios/sbc-small.toml's prior, their first 8 quarters observed with
noise, 300 paths conditioned on them per truth. Under correct conditioning the truths' later
values lie in the posterior's central 50% and 90% bands at exactly those rates and the ranks of
their drawn inputs among the posterior's values are uniform. Plus: observations at the prior's
own mean narrow the bands; an observation far outside the prior is flagged, not trusted."""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from cloudsim import sbc  # noqa: E402

SCENARIO = ROOT / "tests/scenarios/sbc-small.toml"
PATHS = 300


def test_quick_calibration_covers_at_the_nominal_rates(tmp_path):
    from conftest import sim_binary
    out = tmp_path / "sbc.json"
    env = dict(os.environ, CLOUDSIM_SIM=str(sim_binary()))
    run = subprocess.run([sys.executable, str(ROOT / "scripts/sbc"), "--quick", "--json",
                          str(out)], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["replications"] == 60 and report["paths"] == PATHS
    assert report["conditioning_seeds"] == "1001..1060"
    # Every band's coverage within 4 binomial SE of its nominal rate, per quantity and pooled.
    for entry in report["coverage"]:
        assert entry["replications"] == 60
        assert abs(entry["coverage"] - entry["nominal"]) <= 4 * entry["se"], entry
    for entry in report["pooled_coverage"]:
        assert abs(entry["coverage"] - entry["nominal"]) <= 4 * entry["se"], entry
    # Ranks of every drawn input uniform: not rejected at 0.001 after Bonferroni.
    inputs = [entry["input"] for entry in report["ranks"]]
    assert len(inputs) == 5 and "segments.IaaS.growth_initial" in inputs
    for entry in report["ranks"]:
        assert sum(entry["counts"]) == 60
        assert entry["p"] * len(inputs) > 0.001, entry
    assert report["coverage_ok"] and report["ranks_ok"]
    assert run.returncode == 0, run.stderr
    assert report["ess"]["median"] > 100


def test_help():
    run = subprocess.run([sys.executable, str(ROOT / "scripts/sbc"), "--help"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0
    for option in ("--scenario", "--replications", "--paths", "--observed-quarters", "--json",
                   "--quick"):
        assert option in run.stdout


def test_rank_test_bins_ranks_with_their_exact_probabilities():
    # 0..10 (11 ranks) in 4 bins: bins hold ranks {0,1,2}, {3,4,5}, {6,7,8}, {9,10}.
    counts, expected, chi2, p = sbc.rank_test(list(range(11)), 10, 4)
    assert counts == [3, 3, 3, 2]
    assert expected == pytest.approx([3, 3, 3, 2])
    assert chi2 == pytest.approx(0.0, abs=1e-12) and p == pytest.approx(1.0)
    counts, _, _, p = sbc.rank_test([0] * 40, 10, 4)
    assert counts == [40, 0, 0, 0] and p < 1e-6


def test_truth_seed_may_not_be_a_conditioning_seed():
    with pytest.raises(ValueError, match="truth seed"):
        sbc.calibrate(SCENARIO, replications=5, paths=10, truth_seed=1003, seed_offset=1000)


def band90(values):
    return np.quantile(values, 0.95, method="hazen") - np.quantile(values, 0.05, method="hazen")


def test_observations_at_the_prior_mean_narrow_the_bands(sim, tmp_path):
    prior_file, posterior_file = tmp_path / "prior.h5", tmp_path / "posterior.h5"
    sim("run", SCENARIO, "--paths", PATHS, "--seed", 11, "-o", prior_file, "-q", check=True)
    observed = ["demand(IaaS, 2022Q4)", "share(IaaS, Huawei, 2022Q4)"]
    later = ["demand(IaaS, 2023Q4)", "share(IaaS, Huawei, 2023Q4)", "demand(IaaS, 2024Q4)",
             "share(IaaS, Huawei, 2024Q4)"]
    prior, _, _ = sbc.evaluate(prior_file, observed + later)
    rows = [("demand", observed[0], "relative", 0.05), ("share", observed[1], "absolute", 0.01)]
    observations = tmp_path / "mean.toml"
    observations.write_text(sbc.observations_toml(
        rows, [float(prior[text].mean()) for text in observed], "the prior's mean"),
        encoding="utf-8")
    sim("run", SCENARIO, "--observations", observations, "--paths", PATHS, "--seed", 11, "-o",
        posterior_file, "-q", check=True)
    posterior, _, _ = sbc.evaluate(posterior_file, observed + later)
    # The prior's 90% band of IaaS demand in 2022Q4 is about ±20%; a 5% observation cuts it to
    # about a third. Shares (±1 point against a band of ±2) and later quarters narrow less; the
    # margin 0.85 is well outside the widths' sampling error at 300 paths (a few %).
    assert band90(posterior[observed[0]]) < 0.5 * band90(prior[observed[0]])
    for text in observed[1:] + later:
        assert band90(posterior[text]) < 0.85 * band90(prior[text]), text


def test_an_observation_far_outside_the_prior_is_flagged(sim, tmp_path):
    observations = tmp_path / "far.toml"
    # IaaS demand in 2022Q4 is 300 × (1.2 … 1.5)^~1.9 ≈ 400–650 on the prior: 100 times more
    # is ~80 errors of 5% away from every prior path.
    observations.write_text(sbc.observations_toml(
        [("far", "demand(IaaS, 2022Q4)", "relative", 0.05)], [50000.0], "far"), encoding="utf-8")
    out = tmp_path / "far.h5"
    run = sim("run", SCENARIO, "--observations", observations, "--paths", PATHS, "--seed", 5,
              "-o", out, "-q")
    # The run completes (exit 0) and says, on stderr, that the observation is outside what the
    # prior produces and what to do about it.
    assert run.returncode == 0, run.stderr
    assert "observation 'far' lies outside what the scenario's prior produces" in run.stderr
    assert "widen its error" in run.stderr
    import h5py
    with h5py.File(out, "r") as f:
        assert f["prior_effective_sample_size"][0] < 1.5


def test_calibration_fails_when_the_noise_is_wider_than_stated(tmp_path):
    """The check has teeth: noise drawn 4 times wider than the rows state makes the likelihood
    wrong, the posterior too narrow and the truth fall outside the bands far too often."""
    from conftest import sim_binary
    report = sbc.calibrate(SCENARIO, replications=20, paths=150, noise_factor=4.0,
                           sim=sim_binary(), workdir=tmp_path)
    assert not report["coverage_ok"]
    pooled90 = next(p for p in report["pooled_coverage"] if p["nominal"] == 0.9)
    assert pooled90["coverage"] < 0.9 - 4 * pooled90["se"], pooled90
