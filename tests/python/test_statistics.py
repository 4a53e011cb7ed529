"""Intervals for probabilities (cloudsim.intervals, cloudsim.probability) and shares computed
after selecting: known values, coverage by simulation, weighted results, and identity with the
divide-first computation on a real result."""
import pathlib
import sys

import numpy as np
import pytest
import xarray as xr

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402
from cloudsim import intervals, weighted  # noqa: E402

Z = 1.959963984540054


def test_wilson_known_values():
    # References from R 4.2: prop.test(5, 100, correct = FALSE)$conf.int is Wilson's interval.
    low, high = intervals.wilson(0.05, 100)
    assert low == pytest.approx(0.02154367915, abs=1e-10)
    assert high == pytest.approx(0.11175046923, abs=1e-10)
    # 0 of n: the closed form [0, z²/(n + z²)].
    low, high = intervals.wilson(0.0, 10240)
    assert low == 0.0
    assert high == pytest.approx(Z * Z / (10240 + Z * Z), rel=1e-12)
    assert high == pytest.approx(3.750017839e-04, rel=1e-9)
    # Symmetry: n of n mirrors 0 of n.
    assert intervals.wilson(1.0, 10240) == pytest.approx((1 - high, 1.0), rel=1e-12)


def test_clopper_pearson_known_values():
    # R 4.2: binom.test(5, 100)$conf.int.
    low, high = intervals.clopper_pearson(0.05, 100)
    assert low == pytest.approx(0.01643187918, abs=1e-10)
    assert high == pytest.approx(0.11283491111, abs=1e-10)
    for n in (1, 10, 10240):
        low, high = intervals.clopper_pearson(0.0, n)
        assert low == 0.0
        assert high == pytest.approx(1 - 0.025 ** (1 / n), rel=1e-10)
    assert intervals.clopper_pearson(0.0, 10240)[1] == pytest.approx(0.0003601772548, rel=1e-9)


def test_interval_arguments_are_checked():
    with pytest.raises(ValueError, match="unknown interval method 'wald'"):
        intervals.interval(0.1, 10, method="wald")
    with pytest.raises(ValueError, match="positive sample size"):
        intervals.wilson(0.1, 0)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        intervals.wilson(0.1, 10, level=95)


@pytest.mark.parametrize("p", [0.002, 0.05, 0.3])
def test_coverage_by_simulation(p):
    # 4,000 binomial samples of n = 400 with a fixed seed: how often each interval holds p,
    # against 95% within three binomial standard errors of a 4,000-trial proportion (±0.010).
    # Wilson is near nominal (it may dip a little below at small n·p: -0.02 allowed there);
    # Clopper–Pearson never below nominal.
    rng = np.random.default_rng(20261203)
    trials, n = 4000, 400
    hits = rng.binomial(n, p, size=trials)
    tolerance = 3 * np.sqrt(0.95 * 0.05 / trials)
    covered = {}
    for method in intervals.METHODS:
        bounds = {x: intervals.interval(x / n, n, method=method) for x in np.unique(hits)}
        covered[method] = np.mean([bounds[x][0] <= p <= bounds[x][1] for x in hits])
    slack = 0.02 if n * p < 5 else 0.0
    assert covered["wilson"] >= 0.95 - tolerance - slack, covered
    assert covered["wilson"] <= 0.95 + tolerance + 0.02, covered
    assert covered["clopper-pearson"] >= 0.95 - tolerance, covered
    # The normal interval's failure these replace: at p = 0.002 it often is [0, 0].
    if p == 0.002:
        normal = [abs(x / n - p) <= Z * np.sqrt(x / n * (1 - x / n) / n) for x in hits]
        assert np.mean(normal) < 0.95 - tolerance


def _paths(values, weights=None):
    da = xr.DataArray(np.asarray(values), dims="path")
    if weights is not None:
        da = da.assign_coords(weight=("path", np.asarray(weights, dtype=float)))
    return da


def test_probability_reports_wilson_and_says_what_zero_hits_mean():
    estimate = cloudsim.probability(_paths(np.zeros(10240, dtype=bool)))
    assert estimate.method == "wilson"
    assert (estimate.value, estimate.low) == (0.0, 0.0)
    assert estimate.high == pytest.approx(Z * Z / (10240 + Z * Z))
    assert str(estimate) == "P = 0.000 (95% CI 0.000–0.00038, Wilson, n = 10240)"
    exact = cloudsim.probability(_paths(np.zeros(10240, dtype=bool)), method="clopper-pearson")
    assert str(exact) == "P = 0.000 (95% CI 0.000–0.00036, Clopper–Pearson, n = 10240)"
    hits = cloudsim.probability(_paths(np.arange(100) < 5))
    assert (hits.low, hits.high) == pytest.approx((0.02154367915, 0.11175046923), abs=1e-10)
    assert hits.standard_error == pytest.approx(np.sqrt(0.05 * 0.95 / 99))
    with pytest.raises(ValueError, match="unknown interval method 'normal'"):
        cloudsim.probability(_paths(np.arange(100) < 5), method="normal")
    with pytest.raises(ValueError, match="takes a condition .* a value is 0.5"):
        cloudsim.probability(_paths(np.full(10, 0.5)))


def test_probability_per_scenario_frame():
    condition = xr.DataArray(np.array([np.arange(200) < 3, np.zeros(200, dtype=bool)]),
                             dims=("scenario", "path"), coords={"scenario": ["a", "b"]})
    frame = cloudsim.probability(condition, method="clopper-pearson")
    assert list(frame["method"]) == ["clopper-pearson"] * 2
    assert frame.loc["b", "high"] == pytest.approx(1 - 0.025 ** (1 / 200))
    assert (frame.loc["a", "low"], frame.loc["a", "high"]) == \
        pytest.approx(intervals.clopper_pearson(3 / 200, 200))
    assert "effective_sample_size" not in frame.columns


def test_weighted_probability_uses_the_kish_effective_sample_size():
    rng = np.random.default_rng(7)
    condition = rng.random(500) < 0.1
    w = rng.gamma(0.5, size=500)
    p, low, high, ess = weighted.proportion_interval(condition, w)
    assert p == pytest.approx(np.sum(w * condition) / np.sum(w))
    assert ess == pytest.approx(np.sum(w) ** 2 / np.sum(w * w))
    assert ess < 400  # the weights' spread costs paths
    assert (low, high) == pytest.approx(intervals.wilson(p, ess))
    estimate = cloudsim.probability(_paths(condition, w))
    assert (estimate.value, estimate.low, estimate.high) == pytest.approx((p, low, high))
    assert estimate.effective_sample_size == pytest.approx(ess)
    assert "effective n = " in str(estimate)
    # Equal weights: exactly the unweighted interval.
    equal = weighted.proportion_interval(condition, np.ones(500))
    assert equal[1:3] == pytest.approx(intervals.wilson(condition.mean(), 500), rel=1e-12)


@pytest.fixture(scope="module")
def annual_result(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("statistics") / "annual.h5"
    sim("run", ROOT / "scenarios/baseline.toml",
        ROOT / "scenarios/bytedance-multicloud-capture.toml",
        "--paths", "64", "--record", "annual", "-o", out, "-q", check=True)
    ds = cloudsim.load(out)
    yield ds
    ds.close()


def _same(got, expected):
    np.testing.assert_array_equal(got.values, expected.values)
    assert got.dims == expected.dims
    xr.testing.assert_identical(got.coords.to_dataset(), expected.coords.to_dataset())


def _at(da, selection):
    """`da` (computed over everything) at share()'s keyword arguments: labels selected with
    .sel, the period label on its auxiliary coordinate (format 3.0: not an index) by position."""
    da = da.sel({k: v for k, v in selection.items() if k != "period"})
    if "period" not in selection:
        return da
    labels = [str(v) for v in da[cloudsim.period_coordinate(da)].values]
    wanted = selection["period"]
    if isinstance(wanted, str):
        return da.isel(time=labels.index(wanted))
    return da.isel(time=[labels.index(p) for p in wanted])


SELECTIONS = [{}, {"segment": "IaaS"}, {"provider": "Volcano Engine"}, {"period": "2025"},
              {"segment": "PaaS", "provider": "Alibaba", "period": "2030"},
              {"segment": ["IaaS", "SaaS"], "period": ["2024", "2025"]}]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_share_selects_first_with_the_same_result(annual_result, selection):
    ds = annual_result
    divided_first = (ds.revenue / ds.demand).where(ds.demand > 0, 0.0)
    got = cloudsim.share(ds, **selection)
    _same(got, _at(divided_first, selection))
    assert got.name == "share" and got.attrs["units"] == "1"
    xr.testing.assert_identical(cloudsim.revenue(ds, **selection),
                                _at(ds.revenue, selection))


@pytest.mark.parametrize("selection", SELECTIONS)
def test_group_share_selects_first_with_the_same_result(annual_result, selection):
    ds = annual_result
    divided_first = (ds.group_revenue / ds.group_demand).where(ds.group_demand > 0, 0.0)
    for extra in ({}, {"group": str(ds.group.values[0])}):
        chosen = {**selection, **extra}
        _same(cloudsim.group_share(ds, **chosen), _at(divided_first, chosen))
        if extra:
            _same(cloudsim.share(ds, **chosen), _at(divided_first, chosen))
