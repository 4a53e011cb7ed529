"""Planners' questions as one-liners, each with its Monte Carlo error."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats


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

    def __str__(self) -> str:
        return (f"{self.value:.4g} ± {self.standard_error:.2g} (standard error; "
                f"{self.level:.0%} interval {self.low:.4g} to {self.high:.4g}; {self.paths} paths)")


def _estimate(values: np.ndarray, level: float) -> Estimate:
    values = np.asarray(values, dtype=float)
    n = values.size
    value = float(values.mean())
    se = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("inf")
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se if n > 1 else float("inf")
    return Estimate(value, se, value - half, value + half, n, level)


def mean(da: xr.DataArray, level: float = 0.95):
    """The mean over paths with its standard error and confidence interval: an Estimate when
    `da` has only the path dimension, else a DataFrame with one row per combination of the
    other dimensions (e.g. per scenario)."""
    if set(da.dims) == {"path"}:
        return _estimate(da.values, level)
    others = [d for d in da.dims if d != "path"]
    stacked = da.transpose(*others, "path")
    index = pd.MultiIndex.from_product([stacked[d].values for d in others], names=others) \
        if len(others) > 1 else pd.Index(stacked[others[0]].values, name=others[0])
    flat = stacked.values.reshape(-1, stacked.sizes["path"])
    rows = [_estimate(row, level) for row in flat]
    return pd.DataFrame([vars(e) for e in rows], index=index)


def probability(condition: xr.DataArray, level: float = 0.95):
    """P(condition) over paths, e.g. probability(share(ds, "IaaS", "Volcano Engine", "2025")
    >= 0.10): the fraction of paths where it holds, with its standard error √(p(1−p)/(n−1)) and
    confidence interval; per scenario when the condition has a scenario dimension."""
    return mean(condition.astype(float), level)


def quantile_bands(da: xr.DataArray, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> xr.DataArray:
    """Quantiles over paths (a `quantile` dimension replaces `path`)."""
    return da.quantile(list(quantiles), dim="path")


def paired_difference(da: xr.DataArray, scenario: str, reference: str,
                      level: float = 0.95) -> Estimate | pd.DataFrame:
    """The mean difference between two scenarios of a batch, path by path (common random
    numbers: each path's difference is due to the scenarios alone), with its standard error and
    confidence interval; for a boolean outcome, of the two probabilities. A scenario against
    itself gives exactly 0 ± 0."""
    values = da.astype(float)  # a boolean outcome compares probabilities
    difference = values.sel(scenario=scenario) - values.sel(scenario=reference)
    return mean(difference, level)


def sensitivity(ds: xr.Dataset, outcome: xr.DataArray, scenario: str | None = None) -> pd.DataFrame:
    """How an outcome (over paths) depends on the uncertain inputs drawn for each path: the
    Spearman rank correlation and the standardised regression coefficient (SRC: the slope of the
    standardised outcome on all standardised inputs together), one row per input that varies,
    sorted by |SRC|. `frame.attrs["r_squared"]` tells how much of the outcome's variance the
    linear model explains (SRCs mean little when it is low)."""
    if "scenario" in outcome.dims:
        scenario = scenario if scenario is not None else str(outcome.scenario.values[0])
        outcome = outcome.sel(scenario=scenario)
    parameters = ds.parameters.sel(scenario=scenario) if "scenario" in ds.parameters.dims \
        else ds.parameters
    table = parameters.to_pandas()
    table = table.loc[:, table.notna().all() & (table.std() > 0)]
    y = np.asarray(outcome.values, dtype=float)
    x = table.to_numpy()
    rank = [stats.spearmanr(x[:, j], y)[0] for j in range(x.shape[1])]
    xs = (x - x.mean(axis=0)) / x.std(axis=0)
    ys = (y - y.mean()) / y.std() if y.std() > 0 else y * 0.0
    design = np.column_stack([np.ones(len(ys)), xs])
    coefficients, *_ = np.linalg.lstsq(design, ys, rcond=None)
    fitted = design @ coefficients
    r_squared = 1.0 - float(((ys - fitted) ** 2).sum() / max(((ys - ys.mean()) ** 2).sum(), 1e-300))
    frame = pd.DataFrame({"rank_correlation": rank, "src": coefficients[1:]},
                         index=pd.Index(table.columns, name="parameter"))
    frame = frame.reindex(frame["src"].abs().sort_values(ascending=False).index)
    frame.attrs["r_squared"] = r_squared
    frame.attrs["scenario"] = scenario
    return frame


def convergence(outcome: xr.DataArray, points: int = 25) -> pd.DataFrame:
    """How the estimate of the mean (or of a probability, for a boolean outcome) and its
    standard error evolve as paths are added, at `points` path counts spaced evenly on a log
    scale: shows whether more paths would change the answer."""
    values = np.asarray(outcome.astype(float).values, dtype=float).ravel()
    n_total = values.size
    counts = np.unique(np.geomspace(min(10, n_total), n_total, points).astype(int))
    cumulative = np.cumsum(values)
    squares = np.cumsum(values ** 2)
    rows = []
    for n in counts:
        m = cumulative[n - 1] / n
        variance = max(squares[n - 1] / n - m * m, 0.0) * n / (n - 1) if n > 1 else np.inf
        rows.append({"paths": int(n), "estimate": m, "standard_error": np.sqrt(variance / n)})
    return pd.DataFrame(rows)
