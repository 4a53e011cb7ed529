"""cloudsim.weighted, the statistics of weighted paths, against brute force: integer weights are
the same sample with each path repeated that many times, so every statistic that is a property
of the distribution (mean, quantiles, rank correlation, regression) must equal the unweighted
one of the repeated sample; standard errors, which are not (importance weights are not
frequencies), against their closed forms and a simulation."""
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402
from cloudsim import weighted  # noqa: E402


def samples(count=300, seed=11):
    """(values, integer weights) pairs: continuous and heavily tied values, zero weights
    included."""
    rng = np.random.default_rng(seed)
    for trial in range(count):
        n = int(rng.integers(1, 25))
        x = rng.normal(size=n)
        if trial % 2:
            x = np.round(x, 1)  # ties
        k = rng.integers(0, 6, size=n)
        if k.sum() == 0:
            k[0] = 1
        yield x, k


def repeated_quantile(repeated, p: Fraction):
    """Hyndman and Fan's definition 2 on a sample, in exact arithmetic in p: x_(⌈np⌉), the
    average of x_(np) and x_(np+1) when np is whole."""
    s = sorted(repeated)
    n = len(s)
    position = p * n
    j = int(position)
    if position == j:
        return (s[max(j - 1, 0)] + s[min(j, n - 1)]) / 2
    return s[min(j, n - 1)]


def test_weighted_quantiles_equal_those_of_the_repeated_sample():
    for x, k in samples():
        repeated = np.repeat(x, k)
        total = int(k.sum())
        levels = [Fraction(0), Fraction(1), Fraction(1, 20), Fraction(1, 4), Fraction(1, 2),
                  Fraction(3, 4), Fraction(19, 20)] + [Fraction(i, total) for i in range(1, total)]
        got = weighted.quantile(x, k, [float(p) for p in levels])
        expected = np.array([repeated_quantile(repeated, p) for p in levels])
        np.testing.assert_array_equal(got, expected, err_msg=f"x={x}, k={k}")


def test_equal_weights_give_numpys_averaged_inverted_cdf():
    rng = np.random.default_rng(3)
    x = rng.normal(size=997)
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    np.testing.assert_array_equal(weighted.quantile(x, np.ones_like(x), levels),
                                  np.quantile(x, levels, method="averaged_inverted_cdf"))


def test_weighted_mean_and_rank_correlation_equal_those_of_the_repeated_sample():
    rng = np.random.default_rng(5)
    for x, k in samples(100):
        if k.sum() < 3:
            continue
        y = x * rng.normal() + np.round(rng.normal(size=x.size), 1)
        assert weighted.mean(x, k) == pytest.approx(np.repeat(x, k).mean(), rel=1e-12, abs=1e-14)
        expected = stats.spearmanr(np.repeat(x, k), np.repeat(y, k))[0]
        got = weighted.rank_correlation(x, y, k)
        if np.isnan(expected):
            assert np.isnan(got)
        else:
            assert got == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_standard_error_closed_forms():
    rng = np.random.default_rng(8)
    x = rng.normal(size=500)
    # Equal weights: the unweighted standard error s / √n.
    assert weighted.effective_sample_size(np.full(500, 3.0)) == pytest.approx(500, rel=1e-12)
    assert weighted.standard_error(x, np.ones(500)) == pytest.approx(
        x.std(ddof=1) / np.sqrt(500), rel=1e-12)
    # A proportion: √(p(1 − p) / (ESS − 1)).
    w = rng.exponential(size=500)
    hit = (x > 0.3).astype(float)
    p = weighted.mean(hit, w)
    ess = w.sum() ** 2 / (w ** 2).sum()
    assert weighted.effective_sample_size(w) == pytest.approx(ess, rel=1e-12)
    assert weighted.standard_error(hit, w) == pytest.approx(np.sqrt(p * (1 - p) / (ess - 1)),
                                                            rel=1e-10)


def test_standard_error_matches_the_spread_of_weighted_means():
    """Weights independent of the values (so the Kish formula holds): over 2,000 replications,
    the standard deviation of the weighted mean against the mean reported standard error. The
    ratio's own standard error is about 1/√(2·2000); 4 of them are allowed. Using n instead of
    the ESS would give a ratio near √(n/ESS) ≈ 1.4 here."""
    rng = np.random.default_rng(21)
    means, errors = [], []
    for _ in range(2000):
        x = rng.normal(size=200)
        w = rng.exponential(size=200)
        means.append(weighted.mean(x, w))
        errors.append(weighted.standard_error(x, w))
    ratio = np.std(means, ddof=1) / np.sqrt(np.mean(np.square(errors)))
    assert abs(ratio - 1) < 4 / np.sqrt(2 * 2000), ratio


def test_questions_on_weighted_data_are_the_repeated_samples():
    """cloudsim.mean / probability / quantile_bands / sensitivity read the `weight` coordinate:
    integer weights give the repeated sample's values (the standard errors use the Kish ESS)."""
    rng = np.random.default_rng(9)
    n, inputs = 150, 3
    k = rng.integers(1, 5, size=n)
    x = rng.normal(size=(n, inputs))
    y = x @ np.array([1.0, -0.5, 0.0]) + rng.normal(size=n) * 0.5
    weights = k / k.sum()
    outcome = xr.DataArray(y, dims="path", coords={"path": np.arange(n),
                                                   "weight": ("path", weights)})
    estimate = cloudsim.mean(outcome)
    assert estimate.value == pytest.approx(np.repeat(y, k).mean(), rel=1e-12)
    assert estimate.effective_sample_size == pytest.approx(1 / np.sum(weights ** 2), rel=1e-12)
    assert estimate.standard_error == pytest.approx(weighted.standard_error(y, k), rel=1e-12)
    chance = cloudsim.probability(outcome > 0.2)
    assert chance.value == pytest.approx(np.mean(np.repeat(y, k) > 0.2), rel=1e-12)
    bands = cloudsim.quantile_bands(outcome, (0.1, 0.5, 0.9))
    np.testing.assert_array_equal(bands.values, np.quantile(
        np.repeat(y, k), [0.1, 0.5, 0.9], method="averaged_inverted_cdf"))
    # Sensitivity: weighted Spearman and weighted least squares = the repeated sample's.
    names = [f"input{j}" for j in range(inputs)]
    ds = xr.Dataset({"parameters": (("path", "parameter"), x)},
                    coords={"path": np.arange(n), "parameter": names})
    table = cloudsim.sensitivity(ds, outcome)
    plain = cloudsim.sensitivity(
        xr.Dataset({"parameters": (("path", "parameter"), np.repeat(x, k, axis=0))},
                   coords={"path": np.arange(k.sum()), "parameter": names}),
        xr.DataArray(np.repeat(y, k), dims="path"))
    pd.testing.assert_frame_equal(table.sort_index(), plain.sort_index(), rtol=1e-9)
    assert table.attrs["r_squared"] == pytest.approx(plain.attrs["r_squared"], rel=1e-10)


def test_resampled_results_inflate_standard_errors_by_paths_over_ess():
    rng = np.random.default_rng(4)
    y = rng.normal(size=(2, 400))
    plain = xr.DataArray(y, dims=("scenario", "path"), coords={"scenario": ["a", "b"]})
    resampled = plain.assign_coords(effective_sample_size=("scenario", [100.0, 400.0]))
    before, after = cloudsim.mean(plain), cloudsim.mean(resampled)
    assert "effective_sample_size" not in before.columns, "unconditioned tables are unchanged"
    np.testing.assert_array_equal(after["value"], before["value"])
    assert after.loc["a", "standard_error"] == pytest.approx(
        before.loc["a", "standard_error"] * 2.0, rel=1e-15)
    assert after.loc["b", "standard_error"] == before.loc["b", "standard_error"]
    assert list(after["effective_sample_size"]) == [100.0, 400.0]


def test_weighted_prim_measures_boxes_by_weight():
    """Paths outside a < 0.5 weigh nothing: PRIM sees only the a < 0.5 half, where the outcome
    is b > 0.6, and every box's shares are by weight."""
    rng = np.random.default_rng(2)
    x = pd.DataFrame(rng.uniform(size=(3000, 2)), columns=["a", "b"])
    y = ((x["b"] > 0.6) & (x["a"] < 0.5)).to_numpy() | (x["a"] >= 0.5).to_numpy()
    w = np.where(x["a"] < 0.5, 1.0, 0.0)
    result = cloudsim.prim(x, y, weights=w)
    assert result.base_density == pytest.approx(np.sum(w * y) / w.sum(), rel=1e-12)
    box = result.chosen(min_coverage=0.8)
    assert box.limits["b"][0] == pytest.approx(0.6, abs=0.05), box.describe()
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in box.limits.items():
        inside &= ((x[name] >= low) & (x[name] <= high)).to_numpy()
    assert box.density == pytest.approx(np.sum((w * y)[inside]) / np.sum(w[inside]), rel=1e-12)
    assert box.coverage == pytest.approx(np.sum((w * y)[inside]) / np.sum(w * y), rel=1e-12)
    # Unweighted, the a ≥ 0.5 half (all hits) dominates: the box restricts a instead.
    assert "a" in cloudsim.prim(x, y).chosen(min_coverage=0.8).limits
