"""Planners' questions as one-liners, each with its Monte Carlo error."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from . import intervals, weighted


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate: the value, its standard error, a confidence interval and the
    number of paths it rests on."""
    value: float
    standard_error: float
    low: float
    high: float
    paths: int
    level: float = 0.95
    # Set for weighted or resampled (conditioned) results only: the effective sample size the
    # standard error rests on (Kish's, from the weights; or the one the run recorded).
    effective_sample_size: float | None = None
    # How low and high were found: "t" (mean ± Student's t times the standard error), or for a
    # probability "wilson" or "clopper-pearson" (cloudsim.intervals).
    method: str = "t"

    def __str__(self) -> str:
        if self.method in intervals.METHODS:
            # A probability: the interval says what 0 hits in n paths means, where ± would not.
            name = {"wilson": "Wilson", "clopper-pearson": "Clopper–Pearson"}[self.method]
            effective = "" if self.effective_sample_size is None else \
                f", effective n = {self.effective_sample_size:.4g}"
            return (f"P = {_short(self.value)} ({self.level:.0%} CI {_short(self.low)}–"
                    f"{_short(self.high)}, {name}, n = {self.paths}{effective})")
        effective = "" if self.effective_sample_size is None else \
            f", effective sample size {self.effective_sample_size:.4g}"
        return (f"{self.value:.4g} ± {self.standard_error:.2g} (standard error; "
                f"{self.level:.0%} interval {self.low:.4g} to {self.high:.4g}; {self.paths} paths"
                f"{effective})")


def _short(x: float) -> str:
    """Three decimals, or two significant digits below 0.01 (0.00036, not 0.000)."""
    return f"{x:.3f}" if x == 0 or abs(x) >= 0.01 or not np.isfinite(x) else f"{x:.2g}"


def _estimate(values: np.ndarray, level: float, weights=None, inflation=None) -> Estimate:
    """Mean, standard error and t interval; with `weights`, the weighted mean and the Kish-ESS
    standard error (cloudsim.weighted), with ESS − 1 degrees of freedom; with `inflation`
    (√(paths / ESS) of a resampled result), the unweighted standard error times it."""
    values = np.asarray(values, dtype=float)
    n = values.size
    if weights is not None:
        value = weighted.mean(values, weights)
        ess = weighted.effective_sample_size(weights)
        se = weighted.standard_error(values, weights) if ess > 1 else float("inf")
        half = float(stats.t.ppf(0.5 + level / 2, ess - 1)) * se if ess > 1 else float("inf")
        return Estimate(value, se, value - half, value + half, n, level, ess)
    value = float(values.mean())
    se = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("inf")
    if inflation is None:
        half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se if n > 1 else float("inf")
        return Estimate(value, se, value - half, value + half, n, level)
    ess = n / float(inflation) ** 2
    se = se * float(inflation)
    half = float(stats.t.ppf(0.5 + level / 2, ess - 1)) * se if ess > 1 else float("inf")
    return Estimate(value, se, value - half, value + half, n, level, ess)


def mean(da: xr.DataArray, level: float = 0.95):
    """The mean over paths with its standard error and confidence interval: an Estimate when
    `da` has only the path dimension, else a DataFrame with one row per combination of the
    other dimensions (e.g. per scenario).

    On a weighted result (`da` carries the `weight` coordinate cloudsim.load attaches) the mean
    is weighted and its standard error rests on Kish's effective sample size; on a resampled
    conditioned result (an `effective_sample_size` coordinate) the standard error is inflated by
    √(paths / ESS). Either way the Estimate (or a DataFrame column) gives that
    `effective_sample_size`; results without either are exactly as before."""
    weights = weighted.weights_of(da)
    inflation = weighted.inflation_of(da)
    if set(da.dims) == {"path"}:
        return _estimate(da.values, level, None if weights is None else weights.values,
                         None if inflation is None else float(inflation))
    others = [d for d in da.dims if d != "path"]
    stacked = da.transpose(*others, "path")
    index = pd.MultiIndex.from_product([stacked[d].values for d in others], names=others) \
        if len(others) > 1 else pd.Index(stacked[others[0]].values, name=others[0])
    flat = stacked.values.reshape(-1, stacked.sizes["path"])
    flat_weights = [None] * len(flat) if weights is None else \
        weights.transpose(*others, "path").values.reshape(-1, stacked.sizes["path"])
    factors = [None] * len(flat) if inflation is None else \
        inflation.transpose(*others).values.reshape(-1)
    rows = [_estimate(row, level, w, f) for row, w, f in zip(flat, flat_weights, factors)]
    frame = pd.DataFrame([vars(e) for e in rows], index=index).drop(columns="method")
    if weights is None and inflation is None:
        frame = frame.drop(columns="effective_sample_size")
    return frame


def probability(condition: xr.DataArray, level: float = 0.95, method: str = "wilson"):
    """P(condition) over paths, e.g. probability(share(ds, "IaaS", "Volcano Engine", "2025")
    >= 0.10): the fraction p of paths where it holds, its standard error √(p(1−p)/(n−1)) and a
    Wilson score interval (method="clopper-pearson" for the conservative exact one;
    cloudsim.intervals), which unlike p ± 1.96 SE says what 0 hits in n paths means (for 0 of
    10,240 paths: P < 0.00038 at 95%); per scenario when the condition has a scenario dimension
    (a DataFrame with a `method` column).

    On a weighted result p is the weighted fraction and the interval uses Kish's effective
    sample size in place of n (cloudsim.weighted.proportion_interval: an approximation, after
    Korn and Graubard 1998); on a resampled conditioned result, the recorded effective sample
    size."""
    if method not in intervals.METHODS:
        raise ValueError(f"unknown interval method {method!r}: expected one of "
                         f"{', '.join(intervals.METHODS)}")
    values = condition.astype(float)
    seen = np.unique(values.values)
    if not np.isin(seen, (0.0, 1.0)).all():
        odd = seen[~np.isin(seen, (0.0, 1.0))][0]
        raise ValueError(f"probability() takes a condition (true or false per path, e.g. "
                         f"share >= 0.10), but a value is {odd:.4g}; for a mean use "
                         f"cloudsim.mean")
    estimates = mean(values, level)
    if isinstance(estimates, Estimate):
        return _with_interval(estimates, method)
    rows = [_with_interval(Estimate(**{k: (None if k == "effective_sample_size" and pd.isna(v)
                                           else v) for k, v in row.items()}), method)
            for row in estimates.to_dict("records")]
    frame = pd.DataFrame([vars(e) for e in rows], index=estimates.index)
    return frame[[*estimates.columns, "method"]]


def _with_interval(e: Estimate, method: str) -> Estimate:
    n = e.paths if e.effective_sample_size is None else e.effective_sample_size
    if not (np.isfinite(n) and n > 0) or not np.isfinite(e.value):
        return dataclasses.replace(e, low=0.0, high=1.0, method=method)
    low, high = intervals.interval(min(max(e.value, 0.0), 1.0), float(n), e.level, method)
    return dataclasses.replace(e, low=low, high=high, method=method)


def quantile_bands(da: xr.DataArray, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> xr.DataArray:
    """Quantiles over paths (a `quantile` dimension replaces `path`): weighted quantiles
    (cloudsim.weighted.quantile) on a weighted result, else numpy's linear ones."""
    return weighted.quantiles(da, quantiles)


def paired_difference(da: xr.DataArray, scenario: str, reference: str,
                      level: float = 0.95) -> Estimate | pd.DataFrame:
    """The mean difference between two scenarios of a batch, path by path (common random
    numbers: each path's difference is due to the scenarios alone), with its standard error and
    confidence interval; for a boolean outcome, of the two probabilities. A scenario against
    itself gives exactly 0 ± 0.

    On a weighted result whose two scenarios carry the same weights (paths conditioned on a
    shared history), the weighted mean of the differences with those weights; if their weights
    differ, the difference of the weighted means, Σ w_A x_A − Σ w_B x_B, with the delta-method
    standard error √(n/(n−1) Σ_i (w_A,i (x_A,i − m_A) − w_B,i (x_B,i − m_B))²) that keeps the
    pairing (normalised weights)."""
    values = da.astype(float)  # a boolean outcome compares probabilities
    a, b = values.sel(scenario=scenario), values.sel(scenario=reference)
    if weighted.WEIGHT in values.coords:
        wa, wb = a.coords[weighted.WEIGHT], b.coords[weighted.WEIGHT]
        if not np.array_equal(wa.values, wb.values):
            return _unequally_weighted_difference(a, b, level)
        difference = (a.reset_coords(weighted.WEIGHT, drop=True)
                      - b.reset_coords(weighted.WEIGHT, drop=True))
        return mean(difference.assign_coords({weighted.WEIGHT: wa.reset_coords(drop=True)}),
                    level)
    if weighted.ESS in values.coords:
        # The larger inflation of the two: the pair rests on the paths of both.
        ess = min(float(a.coords[weighted.ESS]), float(b.coords[weighted.ESS]))
        difference = (a.reset_coords(weighted.ESS, drop=True)
                      - b.reset_coords(weighted.ESS, drop=True))
        return mean(difference.assign_coords({weighted.ESS: ess}), level)
    difference = a - b
    return mean(difference, level)


def _unequally_weighted_difference(a: xr.DataArray, b: xr.DataArray, level: float):
    others = [d for d in a.dims if d != "path"]
    if others:
        stacked_a = a.transpose(*others, "path")
        stacked_b = b.transpose(*others, "path")
        rows = []
        for key in np.ndindex(*[a.sizes[d] for d in others]):
            pick = dict(zip(others, key))
            rows.append(vars(_unequally_weighted_difference(stacked_a.isel(pick),
                                                            stacked_b.isel(pick), level)))
        index = pd.MultiIndex.from_product([a[d].values for d in others], names=others) \
            if len(others) > 1 else pd.Index(a[others[0]].values, name=others[0])
        return pd.DataFrame(rows, index=index)
    wa = weighted.normalised(weighted.weights_of(a).values)
    wb = weighted.normalised(weighted.weights_of(b).values)
    xa, xb = a.values.astype(float), b.values.astype(float)
    ma, mb = float(np.sum(wa * xa)), float(np.sum(wb * xb))
    n = xa.size
    influence = wa * (xa - ma) - wb * (xb - mb)
    se = float(np.sqrt(n / (n - 1) * np.sum(influence ** 2))) if n > 1 else float("inf")
    ess = min(weighted.effective_sample_size(wa), weighted.effective_sample_size(wb))
    half = float(stats.t.ppf(0.5 + level / 2, ess - 1)) * se if ess > 1 else float("inf")
    value = ma - mb
    return Estimate(value, se, value - half, value + half, n, level, ess)


def sensitivity(ds: xr.Dataset, outcome: xr.DataArray, scenario: str | None = None) -> pd.DataFrame:
    """How an outcome (over paths) depends on the uncertain inputs drawn for each path: the
    Spearman rank correlation and the standardised regression coefficient (SRC: the slope of the
    standardised outcome on all standardised inputs together), one row per input that varies,
    sorted by |SRC|. `frame.attrs["r_squared"]` tells how much of the outcome's variance the
    linear model explains (SRCs mean little when it is low).

    On a weighted result both are weighted: the weighted Spearman correlation
    (cloudsim.weighted.rank_correlation) and weighted least squares on inputs and outcome
    standardised with weighted means and standard deviations."""
    if "scenario" in outcome.dims:
        scenario = scenario if scenario is not None else str(outcome.scenario.values[0])
        outcome = outcome.sel(scenario=scenario)
    parameters = ds.parameters.sel(scenario=scenario) if "scenario" in ds.parameters.dims \
        else ds.parameters
    table = parameters.to_pandas()
    table = table.loc[:, table.notna().all() & (table.std() > 0)]
    y = np.asarray(outcome.values, dtype=float)
    x = table.to_numpy()
    w = weighted.weights_of(outcome)
    if w is None:
        rank = [stats.spearmanr(x[:, j], y)[0] for j in range(x.shape[1])]
        xs = (x - x.mean(axis=0)) / x.std(axis=0)
        ys = (y - y.mean()) / y.std() if y.std() > 0 else y * 0.0
        design = np.column_stack([np.ones(len(ys)), xs])
        coefficients, *_ = np.linalg.lstsq(design, ys, rcond=None)
        fitted = design @ coefficients
        r_squared = 1.0 - float(((ys - fitted) ** 2).sum()
                                / max(((ys - ys.mean()) ** 2).sum(), 1e-300))
    else:
        w = weighted.normalised(w.values)
        rank = [weighted.rank_correlation(x[:, j], y, w) for j in range(x.shape[1])]
        mx = w @ x
        sx = np.sqrt(w @ (x - mx) ** 2)
        xs = (x - mx) / np.where(sx > 0, sx, 1.0)
        my = float(w @ y)
        sy = float(np.sqrt(w @ (y - my) ** 2))
        ys = (y - my) / sy if sy > 0 else y * 0.0
        design = np.column_stack([np.ones(len(ys)), xs])
        root = np.sqrt(w)
        coefficients, *_ = np.linalg.lstsq(design * root[:, None], ys * root, rcond=None)
        fitted = design @ coefficients
        r_squared = 1.0 - float((w * (ys - fitted) ** 2).sum()
                                / max((w * (ys - w @ ys) ** 2).sum(), 1e-300))
    frame = pd.DataFrame({"rank_correlation": rank, "src": coefficients[1:]},
                         index=pd.Index(table.columns, name="parameter"))
    frame = frame.reindex(frame["src"].abs().sort_values(ascending=False).index)
    frame.attrs["r_squared"] = r_squared
    frame.attrs["scenario"] = scenario
    return frame


def convergence(outcome: xr.DataArray, points: int = 25) -> pd.DataFrame:
    """How the estimate of the mean (or of a probability, for a boolean outcome) and its
    standard error evolve as paths are added, at `points` path counts spaced evenly on a log
    scale: shows whether more paths would change the answer. On a weighted result, the weighted
    estimate over the first paths and its Kish-ESS standard error; on a resampled conditioned
    result, standard errors inflated by √(paths / ESS)."""
    values = np.asarray(outcome.astype(float).values, dtype=float).ravel()
    n_total = values.size
    counts = np.unique(np.geomspace(min(10, n_total), n_total, points).astype(int))
    w = weighted.weights_of(outcome)
    if w is not None:
        w = np.asarray(w.values, dtype=float).ravel()
        rows = []
        for n in counts:
            head = w[:n]
            if head.sum() > 0:
                rows.append({"paths": int(n), "estimate": weighted.mean(values[:n], head),
                             "standard_error": weighted.standard_error(values[:n], head)
                             if weighted.effective_sample_size(head) > 1 else np.inf})
            else:
                rows.append({"paths": int(n), "estimate": np.nan, "standard_error": np.inf})
        return pd.DataFrame(rows)
    inflation = weighted.inflation_of(outcome)
    factor = 1.0 if inflation is None else float(inflation)
    cumulative = np.cumsum(values)
    squares = np.cumsum(values ** 2)
    rows = []
    for n in counts:
        m = cumulative[n - 1] / n
        variance = max(squares[n - 1] / n - m * m, 0.0) * n / (n - 1) if n > 1 else np.inf
        rows.append({"paths": int(n), "estimate": m,
                     "standard_error": np.sqrt(variance / n) * factor})
    return pd.DataFrame(rows)
